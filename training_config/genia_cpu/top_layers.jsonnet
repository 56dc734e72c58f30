// genia_cpu.jsonnet with MiniLM's top two layers fine-tuned (learning rate 5e-5) and the rest of it
// frozen. A trained transformer is never cached, so every epoch runs it and back-propagates through
// its top layers: several times the cost of a cached epoch, hence 4 epochs for about the same budget.
local genia_cpu = import '../genia_cpu.libsonnet';

genia_cpu.experiment(
  all_layers=true, frozen_cache=false, train_transformer=true, num_epochs=4, max_context_tokens=null
)
+ genia_cpu.top_layers_tuned(5e-5)
