// The ablations of the paper's Table 3, as overrides of a full experiment. Each file under
// training_config/ablations/ applies one of them to genia.jsonnet or genia_cpu/no_pos_tags.jsonnet.
{
  no_filter(config):: config + { model+: { span_proposal_filter: null } },
  no_regressor(config):: config + { model+: { boundary_regressor: null } },
  // Neither filter nor regressor: plain exhaustive span classification.
  exhaustive(config):: config + { model+: { span_proposal_filter: null, boundary_regressor: null } },
  no_soft_nms(config):: config + {
    model+: { decoder: { type: 'none', score_threshold: config.model.decoder.score_threshold } },
  },
  no_soft_examples(config):: config + { model+: { soft_example_eta: 0 } },
}
