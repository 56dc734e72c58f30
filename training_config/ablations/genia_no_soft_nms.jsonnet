// Table 3 ablation "no_soft_nms" of genia.jsonnet (same variables as that file).
(import '../ablations.libsonnet').no_soft_nms(import '../genia.jsonnet')
