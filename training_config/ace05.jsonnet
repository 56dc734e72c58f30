// ACE 2005 (nested), the paper's setting (see ace04.jsonnet for the variables). Windows, learning
// rate, warm-up and batch size as in the authors' released configuration.
local ll = import 'locate_and_label.libsonnet';
local data = ll.env('DATA_DIR');

ll.experiment(
  train_data_path=data + '/train.json',
  validation_data_path=data + '/dev.json',
  test_data_path=data + '/test.json',
  word_vectors=ll.env('WORD_VECTORS'),
  transformer=ll.env('TRANSFORMER'),
  window_sizes=[1, 2, 3, 4, 5, 7, 9, 11, 13, 15],
  lr=3e-5,
  transformer_lr=3e-5,
  warmup_fraction=0.05,
  batch_size=8,
)
