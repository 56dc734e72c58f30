from locate_label_allennlp.training.callbacks.fill_vector_cache import FillVectorCacheCallback

__all__ = ["FillVectorCacheCallback"]
