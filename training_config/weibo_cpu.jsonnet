// Weibo NER (flat, Chinese) on a 2-core CPU. No pretrained encoder: no PyPI package found ships
// Chinese character vectors or a Chinese transformer with its weights inside (those looked at fetch
// them at run time), and all-MiniLM-L6-v2 is an English uncased model whose vocabulary has 244 CJK
// characters: 57% of the training set's characters become [UNK]. So: character embeddings (100)
// learned from scratch + each character's position in its word in the POS slot (50) + BiLSTM (400);
// span heads of 150, windows 1-8 (99.3% of the training entities; the regressor reaches longer ones).
//
// Protocol: dev-selected (the paper's for Weibo): keep the epoch of best F1 on the dev file, choose
// the decoder on dev with `allennlp nested-ner-tune-decoder`, evaluate test once at the end.
//
//   DATA_DIR=$WEIBO_DIR allennlp train training_config/weibo_cpu.jsonnet -s out/weibo_cpu \
//     --include-package locate_label_allennlp
local ll = import 'locate_and_label.libsonnet';
local data = ll.env('DATA_DIR');
local reader = { type: 'weibo_ner', keep_mention_kind: true, position_as_pos: true };

ll.experiment(
  train_data_path=data + '/weiboNER_2nd_conll.train',
  validation_data_path=data + '/weiboNER_2nd_conll.dev',
  test_data_path=data + '/weiboNER_2nd_conll.test',
  reader=reader,
  word_vectors=null,
  char_dim=null,
  lstm_hidden=400,
  window_sizes=std.range(1, 8),
  lr=2e-3,
  batch_size=16,
  num_epochs=40,
)
