from locate_label_allennlp.data.genia import (
    GeniaSentence,
    PreparedGenia,
    SplitCounts,
    parse_genia_xml,
    prepare_genia,
    read_genia_source,
    split_genia,
)

__all__ = [
    "GeniaSentence",
    "PreparedGenia",
    "SplitCounts",
    "parse_genia_xml",
    "prepare_genia",
    "read_genia_source",
    "split_genia",
]
