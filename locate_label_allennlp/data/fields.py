"""Fields for gold entities that unusual data cannot crash."""

import logging
from typing import Set, Tuple

from allennlp.data import Vocabulary
from allennlp.data.fields import LabelField

from locate_label_allennlp.compat import oov_token

logger = logging.getLogger(__name__)


class TolerantLabelField(LabelField):
    """
    A `LabelField` whose label may be missing from the vocabulary, as an entity type of a test set that
    never appeared in training. AllenNLP's `LabelField` raises a `KeyError` for it (entity types live
    in a non-padded namespace, without an OOV token); this one is indexed as ``-1``, the padding value
    of a `ListField[LabelField]`, with one warning per namespace and type. The model gives such an
    entity no training target and the metric, which reads the gold entities' type strings from the
    metadata, counts it as missed (a false negative).

    A label that is in the vocabulary is indexed exactly as by `LabelField`; so is everything when the
    namespace has an OOV token (then an unknown label never raises).
    """

    __slots__: list = []

    _warned: Set[Tuple[str, str]] = set()

    def index(self, vocab: Vocabulary) -> None:
        if self._skip_indexing:
            return
        namespace = self._label_namespace
        if self.label in vocab.get_token_to_index_vocabulary(namespace) or (
            oov_token(vocab) in vocab.get_token_to_index_vocabulary(namespace)
        ):
            super().index(vocab)
            return
        if (namespace, str(self.label)) not in self._warned:
            self._warned.add((namespace, str(self.label)))
            logger.warning(
                "Entity type %r is not in the vocabulary's %r namespace (it never appeared in the "
                "training data): its entities get no training target and count as missed (false "
                "negatives) in the metric.",
                self.label,
                namespace,
            )
        self._label_id = -1
