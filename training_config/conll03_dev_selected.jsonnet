// CoNLL-2003 English, the dev-selected protocol: the settings of conll03.jsonnet (same variables),
// trained on eng.train only; every epoch is validated on eng.testa (dev) and the epoch of best dev
// F1 is kept; choose the decoder on dev afterwards with `allennlp nested-ner-tune-decoder`. The test
// set (eng.testb) is evaluated once, at the end, and never used to choose anything.
local ll = import 'locate_and_label.libsonnet';
local data = ll.env('DATA_DIR');

ll.dev_selected(import 'conll03.jsonnet', data + '/eng.train', data + '/eng.testa')
