// genia_cpu.jsonnet with a BiLSTM of 800 units (both directions) instead of 400 (the paper's is 1024).
// Its transformer inputs are genia_cpu's, so a disk cache filled by a genia_cpu run serves it too.
(import '../genia_cpu.libsonnet').experiment(
  all_layers=true, cache_dtype='float16', num_epochs=20, max_context_tokens=null, lstm_hidden=800
)
