// genia_cpu.jsonnet with MiniLM's top two layers fine-tuned (learning rate 5e-5) and the rest of it
// frozen. A trained transformer is never cached, so every epoch runs it and back-propagates through
// its top layers: several times the cost of a cached epoch, hence 4 epochs for about the same budget.
local regexes = {
  frozen: 'matched_embedder\\.transformer_model\\.(embeddings|encoder\\.layer\\.[0-3])\\.',
  tuned: 'matched_embedder\\.transformer_model\\.(encoder\\.layer\\.[45]|pooler)\\.',
};

(import '../genia_cpu.libsonnet').experiment(
  all_layers=true, frozen_cache=false, train_transformer=true, num_epochs=4, max_context_tokens=null
)
+ {
  trainer+: {
    optimizer+: {
      parameter_groups: [
        [[regexes.frozen], { requires_grad: false }],
        [[regexes.tuned], { lr: 5e-5 }],
      ],
    },
  },
}
