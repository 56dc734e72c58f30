import torch

from locate_label_allennlp.modules.span_decoders.span_decoder import SpanDecoder


@SpanDecoder.register("none")
class NoSuppressionDecoder(SpanDecoder):
    """
    No suppression (the "w/o Soft-NMS" ablation): every distinct typed span whose score reaches
    ``score_threshold`` is an entity.
    """

    def __init__(self, score_threshold: float = 0.5) -> None:
        self.score_threshold = score_threshold

    def select(self, spans, labels, scores, mask):
        keep = mask & (scores >= self.score_threshold)
        return keep, torch.where(keep, scores, torch.zeros_like(scores))
