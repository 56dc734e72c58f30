// ACE 2005 (nested), the paper's setting (section 3.3, Table 6; see ace04.jsonnet for the variables
// and the protocol): windows [1-7, 9, 11, 13, 15], lr 3e-5 for every parameter, batch size 8, 35
// epochs, Soft-NMS u 0.8, k 0.7, delta 0.5, span heads of size d. The warm-up fraction, which the
// paper does not give, is the authors' released ACE05 setting (5% of the steps).
local ll = import 'locate_and_label.libsonnet';
local data = ll.env('DATA_DIR');

ll.experiment(
  train_data_path=data + '/train.json',
  validation_data_path=data + '/dev.json',
  test_data_path=data + '/test.json',
  word_vectors=ll.env('WORD_VECTORS'),
  transformer=ll.env('TRANSFORMER'),
  window_sizes=[1, 2, 3, 4, 5, 6, 7, 9, 11, 13, 15],
  head_hidden=null,
  decoder=ll.soft_nms(0.8, 0.7, 0.5),
  lr=3e-5,
  transformer_lr=3e-5,
  warmup_fraction=0.05,
  batch_size=8,
)
