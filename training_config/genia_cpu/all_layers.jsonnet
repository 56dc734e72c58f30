// genia_cpu, cached, with a trainable scalar mix of all six MiniLM layers instead of the last one, and
// 8 epochs instead of 5 (the cache makes the later epochs cheap). The cache holds every layer's
// vectors, in float16 to halve its memory.
(import '../genia_cpu.libsonnet').experiment({ all_layers: true, cache_dtype: 'float16', num_epochs: 8 })
