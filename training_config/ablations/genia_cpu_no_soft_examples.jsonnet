// Table 3 ablation "no_soft_examples" of genia_cpu/no_pos_tags.jsonnet (same variables as that file).
(import '../ablations.libsonnet').no_soft_examples(import '../genia_cpu/no_pos_tags.jsonnet')
