// genia_cpu/no_pos_tags.jsonnet cut to a 30-minute budget on 2 CPU cores: 5 epochs (the first computes
// and caches the transformer's vectors, about 12 minutes; each later one about 3.5), so the learning
// rate's warm-up and decay fit the budget.
(import '../genia_cpu.libsonnet').experiment(
  all_layers=true, cache_dtype='float16', num_epochs=5, max_context_tokens=null
)
