// genia_cpu with its frozen MiniLM cached (computed once, evaluation mode), same 5 epochs: the cache's
// speed-up alone.
(import '../genia_cpu.libsonnet').experiment()
