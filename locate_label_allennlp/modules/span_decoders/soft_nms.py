from locate_label_allennlp.modules.span_decoders.span_decoder import SpanDecoder
from locate_label_allennlp.nn.span_utils import soft_nms


@SpanDecoder.register("soft_nms")
class SoftNmsDecoder(SpanDecoder):
    """
    Algorithm 1 of Locate and Label: Soft-NMS over spans. Nested entities overlap, so instead of
    deleting every span that overlaps a better one (hard NMS), their scores are decayed (Eq. 18).

    The defaults (u 0.7, k 0.5, delta 0.5) are this project's, not the paper's: Table 6 gives u, k and
    delta per dataset (ACE04 0.9/0.6/0.55, ACE05 0.8/0.7/0.5, KBP17 0.9/0.6/0.5, GENIA 0.9/0.7/0.45),
    which each dataset's config sets.

    # Parameters
    decay : `float`, u: the factor applied to a span whose IoU with a selected span is >= iou_threshold.
    iou_threshold : `float`, k.
    score_threshold : `float`, delta: spans scoring below it are dropped.
    same_type_only : `bool`, only spans of the same type decay each other (default: all do).
    """

    def __init__(
        self,
        decay: float = 0.7,
        iou_threshold: float = 0.5,
        score_threshold: float = 0.5,
        same_type_only: bool = False,
    ) -> None:
        self.decay = decay
        self.iou_threshold = iou_threshold
        self.score_threshold = score_threshold
        self.same_type_only = same_type_only

    def select(self, spans, labels, scores, mask):
        return soft_nms(
            spans,
            scores,
            mask,
            decay=self.decay,
            iou_threshold=self.iou_threshold,
            score_threshold=self.score_threshold,
            labels=labels if self.same_type_only else None,
        )
