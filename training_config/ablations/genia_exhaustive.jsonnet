// Table 3 ablation "exhaustive" of genia.jsonnet (same variables as that file).
(import '../ablations.libsonnet').exhaustive(import '../genia.jsonnet')
