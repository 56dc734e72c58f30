from typing import Optional

import torch

from locate_label_allennlp.modules.span_head import SpanHead
from locate_label_allennlp.nn.losses import boundary_regression_loss


@SpanHead.register("boundary_regressor")
class BoundaryRegressor(SpanHead):
    """
    Stage 1 of Locate and Label, the boundary regressor (Eq. 4-5): left and right offsets that move a
    seed span towards the entity it overlaps, from the max-pool of the span and its *outer* boundary
    tokens. The offsets are unbounded real numbers, so either boundary can move left or right (grow or
    shrink the span). Trained with smooth-L1 plus the span overlap loss (Eq. 13-15).

    # Parameters
    input_dim : `int`, the encoder's output size (given by the model).
    hidden_dim : `int`, the MLP's hidden size (default: ``input_dim``, the ``d`` of Eq. 5).
    dropout : `float`, dropout after the hidden layer.
    use_overlap_loss : `bool`, add the span overlap loss to smooth-L1.
    """

    boundaries = "outer"

    def __init__(
        self,
        input_dim: int,
        hidden_dim: Optional[int] = None,
        dropout: float = 0.0,
        use_overlap_loss: bool = True,
    ) -> None:
        super().__init__(input_dim, 2, hidden_dim, dropout)
        self.use_overlap_loss = use_overlap_loss

    def loss(
        self,
        spans: torch.Tensor,
        offsets: torch.Tensor,
        target_offsets: torch.Tensor,
        gold_spans: torch.Tensor,
    ) -> torch.Tensor:
        """Per-span regression loss, `(batch_size, num_spans)`."""
        return boundary_regression_loss(spans, offsets, target_offsets, gold_spans, self.use_overlap_loss)
