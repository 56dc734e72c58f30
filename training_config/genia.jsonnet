// GENIA (nested), the paper's setting: BioWordVec + character BiLSTM + BioBERT-large with one
// neighbouring sentence on each side + BiLSTM. Learning rate, batch size and windows (lengths 1-11)
// as in the authors' released GENIA configuration.
//
//   allennlp prepare-genia GENIAcorpus3.02.tgz data/genia
//   DATA_DIR=data/genia WORD_VECTORS=/path/PubMed-shuffle-win-30.txt TRANSFORMER=/path/biobert-large-cased \
//     allennlp train training_config/genia.jsonnet -s out/genia --include-package locate_label_allennlp
//
// DATA_DIR: the output of `allennlp prepare-genia`; model selection on dev, figures on test.
// WORD_VECTORS: 200-dimensional word vectors in text format (BioWordVec); TRANSFORMER: a local
// Hugging Face model directory. GENIA has no POS tags.
local ll = import 'locate_and_label.libsonnet';
local data = ll.env('DATA_DIR');

ll.experiment(
  train_data_path=data + '/train.jsonl',
  validation_data_path=data + '/dev.jsonl',
  test_data_path=data + '/test.jsonl',
  word_vectors=ll.env('WORD_VECTORS'),
  word_dim=200,
  pos_dim=null,
  transformer=ll.env('TRANSFORMER'),
  window_sizes=[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
  lr=5e-6,
  transformer_lr=5e-6,
  batch_size=6,
)
