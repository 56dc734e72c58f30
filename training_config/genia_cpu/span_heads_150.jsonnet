// genia_cpu.jsonnet with span heads of 150 hidden units instead of the paper's d (400): the
// configuration the study chose on dev after POS tags and before the heads' size was tried (it was
// genia_cpu.jsonnet until then). GloVe 6B 50d + character BiLSTM + POS embedding (50, spaCy's small
// English tagger's tags) + a frozen all-MiniLM-L6-v2 that sees the whole previous and next sentence, all
// six layers scalar-mixed, + BiLSTM (400). The transformer's vectors are computed in the first epoch and
// cached (float16) for the other 19, so 20 epochs took 83 minutes on 2 cores (first epoch 12, later ones
// about 3.7).
local genia_cpu = import '../genia_cpu.libsonnet';

genia_cpu.experiment(genia_cpu.study_base + genia_cpu.pos_tags)
