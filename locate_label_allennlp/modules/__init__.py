from locate_label_allennlp.modules.boundary_regressor import BoundaryRegressor
from locate_label_allennlp.modules.boundary_span_extractor import MaxPoolingWithBoundariesSpanExtractor
from locate_label_allennlp.modules.entity_classifier import EntityClassifier
from locate_label_allennlp.modules.span_decoders import (
    HardNmsDecoder,
    NoSuppressionDecoder,
    SoftNmsDecoder,
    SpanDecoder,
)
from locate_label_allennlp.modules.span_head import SpanHead
from locate_label_allennlp.modules.span_proposal_filter import SpanProposalFilter
from locate_label_allennlp.modules.token_embedders import NumpyWordVectorsEmbedding
from locate_label_allennlp.modules.vector_caches import DiskVectorCache, MemoryVectorCache, VectorCache

__all__ = [
    "BoundaryRegressor",
    "DiskVectorCache",
    "EntityClassifier",
    "HardNmsDecoder",
    "MaxPoolingWithBoundariesSpanExtractor",
    "MemoryVectorCache",
    "NoSuppressionDecoder",
    "NumpyWordVectorsEmbedding",
    "SoftNmsDecoder",
    "SpanDecoder",
    "SpanHead",
    "SpanProposalFilter",
    "VectorCache",
]
