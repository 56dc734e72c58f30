from locate_label_allennlp.training.callbacks import FillVectorCacheCallback

__all__ = ["FillVectorCacheCallback"]
