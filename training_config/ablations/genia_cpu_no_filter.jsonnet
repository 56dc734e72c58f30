// Table 3 ablation "no_filter" of genia_cpu/no_pos_tags.jsonnet (same variables as that file).
(import '../ablations.libsonnet').no_filter(import '../genia_cpu/no_pos_tags.jsonnet')
