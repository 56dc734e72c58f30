from locate_label_allennlp.modules.token_embedders.cached_transformer_mismatched import (
    CachedTransformerMismatchedEmbedder,
    share_vector_cache,
    switch_off_vector_caches,
)
from locate_label_allennlp.modules.token_embedders.numpy_word_vectors import NumpyWordVectorsEmbedding

__all__ = [
    "CachedTransformerMismatchedEmbedder",
    "NumpyWordVectorsEmbedding",
    "share_vector_cache",
    "switch_off_vector_caches",
]
