// Weibo NER (flat, Chinese, Appendix B) on a GPU with a large encoder: characters are the tokens, so
// the "word" embedding (100) is a character embedding learned from scratch and there is no character
// BiLSTM; each character's position in its word (the data's segmentation digit) fills the POS slot
// (50); a Chinese transformer (TRANSFORMER, e.g. a BERT for Chinese) + BiLSTM (1024); 35 epochs, span
// heads of size d. Weibo posts are independent, so there is no context.
//
// Protocol: dev-selected, which is the paper's here ("we evaluate our model using the same setting
// with Li et al. (2020a)": the standard train/dev/test files): the epoch of best dev F1 is kept and
// the decoder is chosen on dev afterwards. The paper gives no decoder, windows, learning rate or
// batch size for Weibo: the decoder is the shared default, windows cover lengths 1-12, and the heads
// and BiLSTM, initialised from scratch, learn at 1e-3 while the transformer is fine-tuned at 3e-5
// (parameter groups): at the transformer's rate the heads barely move in an epoch.
//
//   DATA_DIR=/path/weibo TRANSFORMER=/path/chinese-bert \
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
  char_dim=null,
  transformer=ll.env('TRANSFORMER'),
  use_context=false,
  window_sizes=std.range(1, 12),
  head_hidden=null,
  lr=1e-3,
  transformer_lr=3e-5,
  batch_size=8,
)
