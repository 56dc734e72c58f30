// genia_cpu.jsonnet as it was before the study (its first row, BENCHMARKS.md): the stock transformer
// embedder recomputed every epoch (no cache), last layer only, 16 context tokens on each side, 5
// epochs, Soft-NMS u 0.7, k 0.45, delta 0.5 during training.
local ll = import '../locate_and_label.libsonnet';

(import '../genia_cpu.libsonnet').experiment({ frozen_cache: false, decoder: ll.soft_nms(0.7, 0.45, 0.5) })
