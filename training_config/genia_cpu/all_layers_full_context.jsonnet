// genia_cpu, cached, with a trainable scalar mix of all six MiniLM layers and the whole previous and
// next sentence as the transformer's context (instead of 16 tokens each side); 6 epochs. The cache holds
// every layer's vectors, in float16 to halve its memory.
(import '../genia_cpu.libsonnet').experiment(
  all_layers=true,
  cache_dtype='float16',
  max_context_tokens=null,
  num_epochs=6,
)
