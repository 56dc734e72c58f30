from itertools import chain
from typing import Iterable, List, Union

from allennlp.data import DatasetReader, Instance

from locate_label_allennlp.data.conll import check_tag_scheme, read_conll2003
from locate_label_allennlp.dataset_readers.nested_ner import NestedNerDatasetReader


@DatasetReader.register("conll2003_nested")
class Conll2003NestedDatasetReader(NestedNerDatasetReader):
    """
    Reads CoNLL-2003 NER files (``word POS chunk NER``, ``-DOCSTART-`` lines between documents)
    into the instances of `NestedNerDatasetReader`: the POS column reaches ``Token.tag_`` and, with
    ``use_document_context``, the neighbouring sentences of the same document become the context.
    Only documents that ``-DOCSTART-`` lines mark give context: without them a file does not say
    where an article ends, so its sentences get none. See
    `locate_label_allennlp.data.conll.read_conll2003`.

    The path may be a list of files, read one after the other as one dataset (e.g. ``["eng.train",
    "eng.testa"]``, the train+dev training set of the paper's Appendix B); no document spans two files.

    Registered as a `DatasetReader` with name "conll2003_nested".

    # Parameters
    tag_scheme : `str`, optional (default = `"IOB1"`)
        The scheme of the NER column: `"IOB1"` (the original release) or `"IOB2"` (`"BIO"`).
    use_document_context : `bool`, optional (default = `True`)
        Sets the left / right context to the previous / next sentence of the same document.
    **kwargs
        The parameters of `NestedNerDatasetReader` (``token_indexers``, ``label_namespace``, ...).
    """

    def __init__(self, tag_scheme: str = "IOB1", use_document_context: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        self._tag_scheme = check_tag_scheme(tag_scheme)
        self._use_document_context = use_document_context

    def _read(self, file_path: Union[str, List[str]]) -> Iterable[Instance]:
        paths = [file_path] if isinstance(file_path, str) else list(file_path)
        sentences = chain.from_iterable(
            read_conll2003(str(path), self._tag_scheme, self._use_document_context) for path in paths
        )
        for sentence in self.with_pos_tags(self.shard_iterable(sentences)):
            yield self.sentence_to_instance(sentence)
