// CoNLL-2003 English (flat NER, Appendix B) on a GPU with a large encoder, the paper's protocol:
// GloVe 100d + character BiLSTM (50) + POS (50, the files' POS column) + a transformer (e.g.
// BERT-large-cased, 1024) with the neighbouring sentences of the same document + BiLSTM (1024), 35
// epochs, span heads of size d.
//
// Protocol: the paper's. "Following Lin et al. (2019), we train our model on the concatenation of the
// train and dev set" (Appendix B): train on eng.train + eng.testa for a fixed 35 epochs, keep the
// last, decoder fixed in advance, test (eng.testb) evaluated once. conll03_dev_selected.jsonnet is the
// other protocol. The paper gives no decoder, windows, learning rate or batch size for CoNLL-2003:
// the decoder is the shared default (see locate_and_label.libsonnet), windows cover lengths 1-10, and
// the heads and BiLSTM, initialised from scratch, learn at 1e-3 while the transformer is fine-tuned
// at 3e-5 (parameter groups): at the transformer's rate the heads barely move in an epoch.
//
// Document context: only documents marked by -DOCSTART- lines (the original release has them); in
// files without them no sentence gets context (see the conll2003_nested reader).
//
//   DATA_DIR=/path/conll03 WORD_VECTORS=/path/glove.6B.100d.txt TRANSFORMER=/path/bert-large-cased \
//     allennlp train training_config/conll03.jsonnet -s out/conll03 --include-package locate_label_allennlp
local ll = import 'locate_and_label.libsonnet';
local data = ll.env('DATA_DIR');
local reader = { type: 'conll2003_nested', tag_scheme: 'IOB1', use_document_context: true };

ll.experiment(
  train_data_path=[data + '/eng.train', data + '/eng.testa'],
  test_data_path=data + '/eng.testb',
  reader=reader,
  word_vectors=ll.env('WORD_VECTORS'),
  transformer=ll.env('TRANSFORMER'),
  window_sizes=std.range(1, 10),
  head_hidden=null,
  lr=1e-3,
  transformer_lr=3e-5,
  batch_size=8,
)
