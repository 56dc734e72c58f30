"""Locate and Label (Shen et al., ACL 2021): a two-stage nested NER identifier as an AllenNLP plugin."""

from locate_label_allennlp import (
    commands,
    compat,  # applies the plugin's adjustments to allennlp (see compat/__init__.py)
    dataset_readers,
    metrics,
    models,
    modules,
    predictors,
    training,
)

__all__ = ["commands", "compat", "dataset_readers", "metrics", "models", "modules", "predictors", "training"]
