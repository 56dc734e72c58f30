from typing import Optional

import torch

from locate_label_allennlp.modules.span_head import SpanHead
from locate_label_allennlp.nn.losses import focal_loss


@SpanHead.register("span_proposal_filter")
class SpanProposalFilter(SpanHead):
    """
    Stage 1 of Locate and Label, the span proposal filter (Eq. 1-3): the probability that a seed span
    overlaps an entity, from the max-pool of the span and its inner boundary tokens. Trained with focal
    loss (Eq. 12); at inference, seeds below ``keep_threshold`` are not passed on to stage 2.

    # Parameters
    input_dim : `int`, the encoder's output size (given by the model).
    hidden_dim : `int`, the MLP's hidden size (default: ``input_dim``, the ``d`` of Eq. 5).
    dropout : `float`, dropout after the hidden layer.
    focal_gamma : `float`, gamma of Eq. 12 (0 is binary cross-entropy).
    keep_threshold : `float`, the probability a seed needs to become a proposal at inference.
    """

    boundaries = "inner"

    def __init__(
        self,
        input_dim: int,
        hidden_dim: Optional[int] = None,
        dropout: float = 0.0,
        focal_gamma: float = 2.0,
        keep_threshold: float = 0.5,
    ) -> None:
        super().__init__(input_dim, 1, hidden_dim, dropout)
        self.focal_gamma = focal_gamma
        self.keep_threshold = keep_threshold

    def forward(self, sequence, sequence_mask, spans, span_mask) -> torch.Tensor:
        """Returns the logits of Eq. 3, `(batch_size, num_spans)`."""
        return super().forward(sequence, sequence_mask, spans, span_mask).squeeze(-1)

    def loss(self, logits: torch.Tensor, positive: torch.Tensor) -> torch.Tensor:
        """Per-span focal loss (Eq. 12)."""
        return focal_loss(logits, positive, self.focal_gamma)
