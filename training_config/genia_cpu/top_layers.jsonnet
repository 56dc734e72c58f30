// genia_cpu/no_pos_tags.jsonnet with MiniLM's top two layers fine-tuned (learning rate 5e-5) and the rest of it
// frozen. A trained transformer is never cached, so every epoch runs it over the whole context and
// back-propagates through its top layers: about 38 minutes an epoch on 2 cores (its first 216 of 470
// batches took 17 minutes, beside short test runs at the lowest priority), a dozen cached epochs;
// hence 3 epochs, about the two hours. Not yet trained to the end (benchmarks/notes.md).
local genia_cpu = import '../genia_cpu.libsonnet';

genia_cpu.experiment(
  genia_cpu.study_base + { frozen_cache: false, train_transformer: true, num_epochs: 3 }
)
+ genia_cpu.top_layers_tuned(5e-5)
