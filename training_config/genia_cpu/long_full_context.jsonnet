// genia_cpu/full_context trained for 20 epochs: all six MiniLM layers mixed, the whole previous and
// next sentence as context, the vectors computed in the first epoch and cached (float16) for the rest.
// Sized to finish within the 2-hour budget on 2 CPU cores.
(import '../genia_cpu.libsonnet').experiment(
  all_layers=true, cache_dtype='float16', num_epochs=20, max_context_tokens=null
)
