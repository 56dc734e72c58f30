from typing import Optional

import torch
import torch.nn.functional as F

from locate_label_allennlp.modules.span_head import SpanHead


@SpanHead.register("entity_classifier")
class EntityClassifier(SpanHead):
    """
    Stage 2 of Locate and Label, the entity classifier (Eq. 8-10): a distribution over NONE (index 0)
    and the entity types (index 1 + type index) for each adjusted span, from the max-pool of the span
    and its inner boundary tokens. Trained with soft-example-weighted cross-entropy (Eq. 16).

    # Parameters
    input_dim : `int`, the encoder's output size (given by the model).
    num_types : `int`, the number of entity types (given by the model from the vocabulary).
    hidden_dim : `int`, the MLP's hidden size (default: ``input_dim``, the ``d`` of Eq. 5).
    dropout : `float`, dropout after the hidden layer.
    """

    boundaries = "inner"

    def __init__(
        self, input_dim: int, num_types: int, hidden_dim: Optional[int] = None, dropout: float = 0.0
    ) -> None:
        super().__init__(input_dim, num_types + 1, hidden_dim, dropout)

    def loss(self, logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """Per-span cross-entropy (Eq. 16 before weighting), `(batch_size, num_spans)`."""
        return F.cross_entropy(logits.transpose(1, 2), labels, reduction="none")
