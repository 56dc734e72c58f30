from typing import Optional

import torch
from allennlp.common import Registrable
from allennlp.modules import FeedForward
from allennlp.nn import Activation

from locate_label_allennlp.modules.boundary_span_extractor import MaxPoolingWithBoundariesSpanExtractor
from locate_label_allennlp.nn.span_utils import pack_spans, unpack_spans


class SpanHead(torch.nn.Module, Registrable):
    """
    What the three span heads of Locate and Label share: a span representation (max-pool plus boundary
    tokens; ``3 d`` for a ``d``-dimensional encoder, Eq. 2, 4 and 9), a GELU MLP and a linear output
    layer, scoring every span of a batch in one pass (the two-layer MLP of Eq. 3 and 10, the
    ``W2 GELU(W1 h + b1) + b2`` of Eq. 5). Subclasses choose the boundaries and the output size.

    ``hidden_dim`` `None` is ``d``, the encoder's output size: Eq. 5 gives ``W1`` in ``R^{3d x d}``; the
    paper gives no size for the filter's and the classifier's MLPs, which take ``d`` as well.
    """

    boundaries: str = "inner"

    def __init__(
        self, input_dim: int, output_dim: int, hidden_dim: Optional[int] = None, dropout: float = 0.0
    ) -> None:
        super().__init__()
        hidden_dim = input_dim if hidden_dim is None else hidden_dim
        self.span_extractor = MaxPoolingWithBoundariesSpanExtractor(input_dim, self.boundaries)
        self.feedforward = FeedForward(
            self.span_extractor.get_output_dim(),
            num_layers=1,
            hidden_dims=hidden_dim,
            activations=Activation.by_name("gelu")(),
            dropout=dropout,
        )
        self.output_layer = torch.nn.Linear(hidden_dim, output_dim)

    def forward(
        self,
        sequence: torch.Tensor,
        sequence_mask: torch.Tensor,
        spans: torch.Tensor,
        span_mask: torch.Tensor,
    ) -> torch.Tensor:
        """Returns `(batch_size, num_spans, output_dim)`, zeros for masked spans."""
        # Only the real spans are represented and scored, packed: in training, each sentence's sampled
        # seeds are padded to those of the sentence with the most, and most rows are padding.
        rows, columns, packed = pack_spans(spans, span_mask)
        representation = self.span_extractor.represent(sequence, sequence_mask, rows, packed)
        return unpack_spans(self.output_layer(self.feedforward(representation)), rows, columns, span_mask)
