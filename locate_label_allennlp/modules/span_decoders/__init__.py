from locate_label_allennlp.modules.span_decoders.hard_nms import HardNmsDecoder
from locate_label_allennlp.modules.span_decoders.no_suppression import NoSuppressionDecoder
from locate_label_allennlp.modules.span_decoders.soft_nms import SoftNmsDecoder
from locate_label_allennlp.modules.span_decoders.span_decoder import SpanDecoder

__all__ = ["HardNmsDecoder", "NoSuppressionDecoder", "SoftNmsDecoder", "SpanDecoder"]
