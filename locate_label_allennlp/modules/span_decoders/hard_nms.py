from locate_label_allennlp.modules.span_decoders.soft_nms import SoftNmsDecoder
from locate_label_allennlp.modules.span_decoders.span_decoder import SpanDecoder


@SpanDecoder.register("hard_nms")
class HardNmsDecoder(SoftNmsDecoder):
    """
    Classic NMS over spans: a span whose IoU with a better selected span is >= iou_threshold is
    dropped, i.e. Algorithm 1 with decay 0. The baseline Soft-NMS improves on for nested entities.

    # Parameters
    iou_threshold : `float`; score_threshold : `float`; same_type_only : `bool`, as in `soft_nms`.
    """

    def __init__(
        self, iou_threshold: float = 0.5, score_threshold: float = 0.5, same_type_only: bool = False
    ) -> None:
        super().__init__(0.0, iou_threshold, score_threshold, same_type_only)
