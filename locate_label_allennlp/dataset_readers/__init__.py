from locate_label_allennlp.dataset_readers.brat import BratDatasetReader
from locate_label_allennlp.dataset_readers.conll2003 import Conll2003NestedDatasetReader
from locate_label_allennlp.dataset_readers.nested_ner import NestedNerDatasetReader
from locate_label_allennlp.dataset_readers.weibo import WeiboNerDatasetReader

__all__ = [
    "BratDatasetReader",
    "Conll2003NestedDatasetReader",
    "NestedNerDatasetReader",
    "WeiboNerDatasetReader",
]
