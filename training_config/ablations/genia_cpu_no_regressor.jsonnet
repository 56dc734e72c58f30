// Table 3 ablation "no_regressor" of genia_cpu/no_pos_tags.jsonnet (same variables as that file).
(import '../ablations.libsonnet').no_regressor(import '../genia_cpu/no_pos_tags.jsonnet')
