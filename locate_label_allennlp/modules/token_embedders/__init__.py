from locate_label_allennlp.modules.token_embedders.numpy_word_vectors import NumpyWordVectorsEmbedding
from locate_label_allennlp.modules.token_embedders.cached_transformer_mismatched import (
    CachedTransformerMismatchedEmbedder,
)

__all__ = ["CachedTransformerMismatchedEmbedder", "NumpyWordVectorsEmbedding"]
