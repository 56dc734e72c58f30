// Table 3 ablation "no_filter" of genia.jsonnet (same variables as that file).
(import '../ablations.libsonnet').no_filter(import '../genia.jsonnet')
