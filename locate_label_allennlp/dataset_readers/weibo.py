from typing import Iterable

from allennlp.data import DatasetReader, Instance

from locate_label_allennlp.data.conll import read_weibo
from locate_label_allennlp.dataset_readers.nested_ner import NestedNerDatasetReader


@DatasetReader.register("weibo_ner")
class WeiboNerDatasetReader(NestedNerDatasetReader):
    """
    Reads Weibo NER files (a character and its position in the word per line, a tab, a BIO tag such
    as ``B-PER.NAM``) into the instances of `NestedNerDatasetReader`, one character per token and
    without context. See `locate_label_allennlp.data.conll.read_weibo`.

    Registered as a `DatasetReader` with name "weibo_ner".

    # Parameters
    keep_mention_kind : `bool`, optional (default = `True`)
        Keeps the ``.NAM`` / ``.NOM`` suffix in the labels (``PER.NAM``, 8 types); when `False`,
        the labels are ``PER``, ``ORG``, ``GPE`` and ``LOC``.
    position_as_pos : `bool`, optional (default = `False`)
        Puts each character's position in its word in ``Token.tag_``, so that a ``pos_tag`` token
        indexer can embed the word segmentation.
    **kwargs
        The parameters of `NestedNerDatasetReader` (``token_indexers``, ``label_namespace``, ...).
    """

    def __init__(self, keep_mention_kind: bool = True, position_as_pos: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self._keep_mention_kind = keep_mention_kind
        self._position_as_pos = position_as_pos

    def _read(self, file_path: str) -> Iterable[Instance]:
        sentences = read_weibo(file_path, self._keep_mention_kind, self._position_as_pos)
        for sentence in self.with_pos_tags(self.shard_iterable(sentences)):
            yield self.sentence_to_instance(sentence)
