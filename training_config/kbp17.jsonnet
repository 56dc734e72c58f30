// KBP 2017 (nested), the paper's setting (section 3.3, Table 6; see ace04.jsonnet for the variables
// and the protocol): windows [1-7, 9, 11, 13, 15], lr 5e-5 for every parameter, batch size 4, 35
// epochs (section 3.3: "For all datasets, we train our model for 35 epochs"), POS embeddings (the
// paper uses them in every setting and the data carries "pos"), Soft-NMS u 0.9, k 0.6, delta 0.5,
// span heads of size d.
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
  decoder=ll.soft_nms(0.9, 0.6, 0.5),
  lr=5e-5,
  transformer_lr=5e-5,
  batch_size=4,
)
