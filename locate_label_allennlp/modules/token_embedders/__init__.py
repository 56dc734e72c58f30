from locate_label_allennlp.modules.token_embedders.cached_transformer_mismatched import (
    CachedTransformerMismatchedEmbedder,
)
from locate_label_allennlp.modules.token_embedders.numpy_word_vectors import NumpyWordVectorsEmbedding

__all__ = ["CachedTransformerMismatchedEmbedder", "NumpyWordVectorsEmbedding"]
