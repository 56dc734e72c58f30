import torch
from allennlp.common import Registrable
from allennlp.modules import FeedForward
from allennlp.nn import Activation

from locate_label_allennlp.modules.boundary_span_extractor import MaxPoolingWithBoundariesSpanExtractor


class SpanHead(torch.nn.Module, Registrable):
    """
    What the three span heads of Locate and Label share: a span representation (max-pool plus boundary
    tokens), a GELU MLP and a linear output layer, scoring every span of a batch in one pass
    (``FFN(GELU)`` of Eq. 2, 5 and 9). Subclasses choose the boundaries and the output size.
    """

    boundaries: str = "inner"

    def __init__(self, input_dim: int, output_dim: int, hidden_dim: int, dropout: float = 0.0) -> None:
        super().__init__()
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
        """Returns `(batch_size, num_spans, output_dim)`."""
        representation = self.span_extractor(sequence, spans, sequence_mask, span_mask)
        return self.output_layer(self.feedforward(representation))
