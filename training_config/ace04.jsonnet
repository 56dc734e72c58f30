// ACE 2004 (nested), the paper's setting: GloVe 100d + character BiLSTM + POS + BERT-large-cased with
// context + BiLSTM. Windows (lengths 1-16), learning rate and batch size as in the authors' released
// configuration. The data are LDC-licensed: DATA_DIR holds train.json/dev.json/test.json in the
// usual preprocessed form (a JSON array of {"tokens", "pos", "entities", "ltokens", "rtokens"}).
//
//   DATA_DIR=... WORD_VECTORS=/path/glove.6B.100d.txt TRANSFORMER=/path/bert-large-cased \
//     allennlp train training_config/ace04.jsonnet -s out/ace04 --include-package locate_label_allennlp
local ll = import 'locate_and_label.libsonnet';
local data = ll.env('DATA_DIR');

ll.experiment(
  train_data_path=data + '/train.json',
  validation_data_path=data + '/dev.json',
  test_data_path=data + '/test.json',
  word_vectors=ll.env('WORD_VECTORS'),
  transformer=ll.env('TRANSFORMER'),
  window_sizes=std.range(1, 16),
  lr=3e-5,
  transformer_lr=3e-5,
  batch_size=8,
)
