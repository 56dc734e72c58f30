// genia_cpu/no_pos_tags.jsonnet cut to a 30-minute budget on 2 CPU cores: 5 epochs (the first computes
// and caches the transformer's vectors, about 12 minutes; each later one about 3.5), so the learning
// rate's warm-up and decay fit the budget.
local genia_cpu = import '../genia_cpu.libsonnet';

genia_cpu.experiment(genia_cpu.study_base + { num_epochs: 5 })
