"""
Written for allennlp 2.10.1. Reason: `Vocabulary` has no public accessor for its OOV token, which
`TolerantLabelField` needs to tell whether a namespace maps unknown labels to it.
"""

from allennlp.data import Vocabulary


def oov_token(vocab: Vocabulary) -> str:
    """The token that ``vocab``'s padded namespaces map unknown tokens to."""
    return vocab._oov_token
