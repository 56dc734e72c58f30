// A second stage for a trained genia_cpu/no_pos_tags.jsonnet model: it starts from that run's best weights and
// vocabulary (FROZEN_RUN, its serialization directory) and fine-tunes MiniLM's top two layers at 5e-5
// with the span heads, BiLSTM and scalar mix at a lower rate than the first stage's peak, since they
// have already converged on the frozen vectors. The first stage pays for the transformer once (its
// cache); this one pays for it every epoch (about 29 minutes on 2 cores), hence one epoch. The two stages' training minutes add up.
//
//   FROZEN_RUN=out/genia_cpu_no_pos_tags DATA_DIR=data/genia allennlp train \
//     training_config/genia_cpu/top_layers_continued.jsonnet -s out/genia_cpu_top_layers \
//     --include-package locate_label_allennlp
local genia_cpu = import '../genia_cpu.libsonnet';
local frozen_run = std.extVar('FROZEN_RUN');

genia_cpu.experiment(
  genia_cpu.study_base + { frozen_cache: false, train_transformer: true, num_epochs: 1, lr: 3e-4 }
)
+ genia_cpu.top_layers_tuned(5e-5)
+ {
  vocabulary: { type: 'from_files', directory: frozen_run + '/vocabulary' },
  model+: {
    initializer: {
      regexes: [['.*', { type: 'pretrained', weights_file_path: frozen_run + '/best.th' }]],
    },
  },
}
