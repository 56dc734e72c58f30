// genia_cpu.jsonnet without its POS embedding: the configuration the study chose on dev before POS tags
// were tried (it was genia_cpu.jsonnet until then), and the base of the study's other variants and of
// Table 3's 20-epoch ablations (BENCHMARKS.md). GloVe 6B 50d + character BiLSTM + a frozen
// all-MiniLM-L6-v2 that sees the whole previous and next sentence, all six layers scalar-mixed, +
// BiLSTM (400). The transformer's vectors are computed in the first epoch and cached (float16) for the
// other 19, so 20 epochs took 74 minutes on 2 cores (first epoch 13, later ones about 3).
local genia_cpu = import '../genia_cpu.libsonnet';

genia_cpu.experiment(genia_cpu.study_base)
