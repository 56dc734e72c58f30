// GENIA, the dev-selected protocol: the settings of genia.jsonnet (same variables), trained on
// train.jsonl only; every epoch is validated on dev.jsonl and the epoch of best dev F1 is kept. The
// decoder starts at Table 6's values; choose it on dev afterwards with `allennlp nested-ner-tune-decoder`.
// Test is evaluated once, at the end, and never used to choose anything.
local ll = import 'locate_and_label.libsonnet';
local data = ll.env('DATA_DIR');

ll.dev_selected(import 'genia.jsonnet', data + '/train.jsonl', data + '/dev.jsonl')
