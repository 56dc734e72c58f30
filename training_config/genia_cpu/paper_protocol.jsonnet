// genia_cpu.jsonnet under the paper's protocol: trained on train+dev (train_dev.jsonl of `allennlp
// prepare-genia`) with no validation, the last epoch kept. What the dev-selected genia_cpu.jsonnet run
// chose on dev is fixed in advance: 20 epochs (its best dev epoch was the 20th of 20) and the decoder
// chosen on dev afterwards (benchmarks/genia_cpu_paper_head_size_decoder_tuning.json: u 0.8, k 0.3,
// delta 0.75). With all-MiniLM-L6-v2 it was the model BENCHMARKS.md measured until
// genia_cpu/mpnet_paper_protocol.jsonnet's.
local genia_cpu = import '../genia_cpu.libsonnet';
local ll = import '../locate_and_label.libsonnet';

genia_cpu.experiment(
  genia_cpu.study_base + genia_cpu.pos_tags + genia_cpu.paper_head_size
  + genia_cpu.paper_protocol(20, ll.soft_nms(0.8, 0.3, 0.75))
)
