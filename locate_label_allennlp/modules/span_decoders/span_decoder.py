from typing import Tuple

import torch
from allennlp.common import Registrable


def deduplicate_spans(
    spans: torch.Tensor, labels: torch.Tensor, scores: torch.Tensor, mask: torch.Tensor
) -> torch.Tensor:
    """
    Several seeds are often adjusted onto the same span; keep one (the highest-scoring, the first on a
    tie) of each identical ``(start, end, label)`` in each sentence. Returns the new mask.
    """
    same = (
        (spans.unsqueeze(2) == spans.unsqueeze(1)).all(-1)
        & (labels.unsqueeze(2) == labels.unsqueeze(1))
        & mask.unsqueeze(1)
    )
    index = torch.arange(spans.size(1), device=spans.device)
    better = (scores.unsqueeze(1) > scores.unsqueeze(2)) | (
        (scores.unsqueeze(1) == scores.unsqueeze(2)) & (index.view(1, 1, -1) < index.view(1, -1, 1))
    )
    # better[b, i, j]: candidate j beats candidate i.
    return mask & ~(same & better).any(-1)


class SpanDecoder(Registrable):
    """
    Turns scored, typed spans into the final entities of each sentence (section 2.4). Every decoder
    first keeps one of each identical ``(start, end, type)``, then applies its own selection.

    `__call__` takes `spans (batch, num, 2)`, `labels (batch, num)`, `scores (batch, num)` and
    `mask (batch, num)`, and returns `keep (batch, num)` and the final `scores (batch, num)`.
    """

    default_implementation = "soft_nms"

    def __call__(
        self,
        spans: torch.Tensor,
        labels: torch.Tensor,
        scores: torch.Tensor,
        mask: torch.Tensor,
    ) -> Tuple[torch.Tensor, torch.Tensor]:
        mask = deduplicate_spans(spans, labels, scores, mask)
        return self.select(spans, labels, scores, mask)

    def select(
        self,
        spans: torch.Tensor,
        labels: torch.Tensor,
        scores: torch.Tensor,
        mask: torch.Tensor,
    ) -> Tuple[torch.Tensor, torch.Tensor]:
        raise NotImplementedError
