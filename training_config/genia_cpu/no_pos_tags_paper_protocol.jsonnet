// genia_cpu/no_pos_tags.jsonnet under the paper's protocol: trained on train+dev (train_dev.jsonl of
// `allennlp prepare-genia`) with no validation, the last epoch kept. What the dev-selected
// no_pos_tags.jsonnet run chose on dev is fixed in advance: 15 epochs (its best dev epoch was the 15th
// of 20) and the decoder chosen on dev afterwards (benchmarks/genia_cpu_decoder_tuning.json: u 0.8,
// k 0.4, delta 0.75).
local genia_cpu = import '../genia_cpu.libsonnet';
local ll = import '../locate_and_label.libsonnet';

genia_cpu.experiment(
  genia_cpu.study_base + genia_cpu.paper_protocol(15, ll.soft_nms(0.8, 0.4, 0.75))
)
