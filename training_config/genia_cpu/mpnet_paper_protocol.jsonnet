// genia_cpu.jsonnet with all-mpnet-base-v2 as its frozen transformer (TRANSFORMER: the directory that
// `allennlp prepare-transformer all-mpnet-base-v2 DIR` builds: 12 layers, hidden 768, all 13 hidden
// states scalar-mixed) under the paper's protocol: trained on train+dev with no validation, the last
// epoch kept. What the dev-selected genia_cpu.jsonnet run with this transformer chose on dev is fixed in
// advance: 19 epochs (its best dev epoch was the 19th of 20) and the decoder chosen on dev afterwards
// (benchmarks/genia_cpu_mpnet_decoder_tuning.json: u 0.8, k 0.5, delta 0.75). This is the model
// BENCHMARKS.md measures.
local genia_cpu = import '../genia_cpu.libsonnet';
local ll = import '../locate_and_label.libsonnet';

genia_cpu.experiment(
  genia_cpu.study_base + genia_cpu.pos_tags + genia_cpu.paper_head_size
  + genia_cpu.paper_protocol(19, ll.soft_nms(0.8, 0.5, 0.75))
)
