// KBP 2017 (nested), the paper's setting (see ace04.jsonnet for the variables). No POS tags, as in
// the authors' released configuration, with its windows, learning rate, batch size and 30 epochs.
local ll = import 'locate_and_label.libsonnet';
local data = ll.env('DATA_DIR');

ll.experiment(
  train_data_path=data + '/train.json',
  validation_data_path=data + '/dev.json',
  test_data_path=data + '/test.json',
  word_vectors=ll.env('WORD_VECTORS'),
  transformer=ll.env('TRANSFORMER'),
  pos_dim=null,
  window_sizes=[1, 2, 3, 4, 5, 7, 9, 11, 13, 15],
  lr=5e-5,
  transformer_lr=5e-5,
  batch_size=4,
  num_epochs=30,
)
