from locate_label_allennlp.data.genia import (
    GeniaSentence,
    PreparedGenia,
    SplitCounts,
    parse_genia_xml,
    prepare_genia,
    read_genia_source,
    split_genia,
)
from locate_label_allennlp.data.pos_tags import PosTagger

__all__ = [
    "GeniaSentence",
    "PosTagger",
    "PreparedGenia",
    "SplitCounts",
    "parse_genia_xml",
    "prepare_genia",
    "read_genia_source",
    "split_genia",
]
