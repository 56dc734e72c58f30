// genia_cpu/all_layers with the whole previous and next sentence as the transformer's context
// (instead of at most 16 tokens on each side).
(import '../genia_cpu.libsonnet').experiment({
  all_layers: true, cache_dtype: 'float16', num_epochs: 8, max_context_tokens: null,
})
