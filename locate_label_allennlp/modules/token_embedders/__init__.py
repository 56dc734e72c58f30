from locate_label_allennlp.modules.token_embedders.numpy_word_vectors import NumpyWordVectorsEmbedding

__all__ = ["NumpyWordVectorsEmbedding"]
