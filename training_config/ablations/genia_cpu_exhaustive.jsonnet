// Table 3 ablation "exhaustive" of genia_cpu/no_pos_tags.jsonnet (same variables as that file).
(import '../ablations.libsonnet').exhaustive(import '../genia_cpu/no_pos_tags.jsonnet')
