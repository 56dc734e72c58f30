// genia_cpu/span_heads_150.jsonnet under the paper's protocol: trained on train+dev (train_dev.jsonl of
// `allennlp prepare-genia`) with no validation, the last epoch kept. What the dev-selected
// span_heads_150.jsonnet run chose on dev is fixed in advance: 20 epochs (its best dev epoch was the
// 20th of 20) and the decoder chosen on dev afterwards (benchmarks/genia_cpu_pos_tags_decoder_tuning.json:
// u 0.9, k 0.2, delta 0.75). It was the model BENCHMARKS.md measured before span heads of the paper's size.
local genia_cpu = import '../genia_cpu.libsonnet';
local ll = import '../locate_and_label.libsonnet';

genia_cpu.experiment(
  genia_cpu.study_base + genia_cpu.pos_tags + genia_cpu.paper_protocol(20, ll.soft_nms(0.9, 0.2, 0.75))
)
