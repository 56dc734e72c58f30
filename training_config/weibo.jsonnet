// Weibo NER (flat, Chinese, characters as tokens): character embeddings + a Chinese transformer +
// BiLSTM. Weibo has no documents, so no context; its position-in-word digits can serve as POS-like
// tags (reader option position_as_pos).
//
//   DATA_DIR=../shared/data/weibo TRANSFORMER=/path/bert-base-chinese \
//     allennlp train training_config/weibo.jsonnet -s out/weibo --include-package locate_label_allennlp
local ll = import 'locate_and_label.libsonnet';
local data = ll.env('DATA_DIR');
local reader = { type: 'weibo_ner', keep_mention_kind: true, position_as_pos: true };

ll.experiment(
  train_data_path=data + '/weiboNER_2nd_conll.train',
  validation_data_path=data + '/weiboNER_2nd_conll.dev',
  test_data_path=data + '/weiboNER_2nd_conll.test',
  reader=reader,
  word_vectors=null,
  char_dim=null,  // tokens are characters already
  pos_dim=25,
  transformer=ll.env('TRANSFORMER'),
  use_context=false,
  window_sizes=std.range(1, 12),
  lr=3e-5,
  transformer_lr=3e-5,
  batch_size=8,
)
