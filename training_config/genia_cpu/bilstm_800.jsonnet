// genia_cpu/no_pos_tags.jsonnet with a BiLSTM of 800 units (both directions) instead of 400 (the paper's is 1024),
// for the same 20 epochs: with the vectors cached and the span heads scoring only real spans, 20 epochs
// took 76 minutes on 2 cores (the first ~3.3, later ones ~3.8 each). A study row (BENCHMARKS.md):
// higher dev F1 at Table 6's decoder than no_pos_tags's run, lower with the decoder chosen on dev, so not
// chosen.
// Its transformer inputs are genia_cpu's, so a disk cache filled by a genia_cpu run serves it too.
local genia_cpu = import '../genia_cpu.libsonnet';

genia_cpu.experiment(genia_cpu.study_base + { lstm_hidden: 800 })
