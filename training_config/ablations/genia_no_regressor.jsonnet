// Table 3 ablation "no_regressor" of genia.jsonnet (same variables as that file).
(import '../ablations.libsonnet').no_regressor(import '../genia.jsonnet')
