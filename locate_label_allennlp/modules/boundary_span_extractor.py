from typing import Optional

import torch
from allennlp.common.checks import ConfigurationError
from allennlp.modules.span_extractors import SpanExtractor

from locate_label_allennlp.nn.span_utils import pack_spans, span_max_pool, unpack_spans


@SpanExtractor.register("max_pooling_with_boundaries")
class MaxPoolingWithBoundariesSpanExtractor(SpanExtractor):
    """
    The span representation of Locate and Label: the max-pool of the span's token vectors concatenated
    with two boundary token vectors (Eq. 1 and 8 use the *inner* boundaries, the span's first and last
    tokens; Eq. 4 uses the *outer* boundaries, the tokens just before and after the span, so the
    regressor sees where the span could grow). An outer boundary outside the sentence is a learned
    padding vector.

    Registered as a `SpanExtractor` with name "max_pooling_with_boundaries".

    # Parameters
    input_dim : `int`
    boundaries : `str`, "inner" or "outer".

    # Returns
    `(batch_size, num_spans, 3 * input_dim)`; masked spans are zeros. `represent` does the same for
    packed spans (the span heads use it, so that no work goes to padding).
    """

    def __init__(self, input_dim: int, boundaries: str = "inner") -> None:
        super().__init__()
        if boundaries not in ("inner", "outer"):
            raise ConfigurationError(f"boundaries must be 'inner' or 'outer', got {boundaries!r}")
        self._input_dim = input_dim
        self._boundaries = boundaries
        self._outside_sentence = torch.nn.Parameter(torch.zeros(input_dim)) if boundaries == "outer" else None

    def get_input_dim(self) -> int:
        return self._input_dim

    def get_output_dim(self) -> int:
        return 3 * self._input_dim

    def forward(
        self,
        sequence_tensor: torch.Tensor,
        span_indices: torch.Tensor,
        sequence_mask: Optional[torch.Tensor] = None,
        span_indices_mask: Optional[torch.Tensor] = None,
    ) -> torch.Tensor:
        if span_indices_mask is None:
            span_indices_mask = span_indices[..., 0] >= 0
        rows, columns, packed = pack_spans(span_indices, span_indices_mask)
        representations = self.represent(sequence_tensor, sequence_mask, rows, packed)
        return unpack_spans(representations, rows, columns, span_indices_mask)

    def represent(
        self,
        sequence: torch.Tensor,
        sequence_mask: Optional[torch.Tensor],
        rows: torch.Tensor,
        spans: torch.Tensor,
    ) -> torch.Tensor:
        """
        `forward` for packed spans: ``spans`` `(num, 2)` (inclusive, inside their sentences), ``rows``
        `(num,)` the sentence of each. Returns `(num, 3 * input_dim)`. (AllenNLP's
        MaxPoolingSpanExtractor is not used: it loops over the batch in Python.)
        """
        pooled = span_max_pool(sequence, rows, spans)
        if self._boundaries == "inner":
            boundary_sequence = sequence
            left, right = spans[:, 0], spans[:, 1]
        else:
            # Frame the sentence with the padding vector: positions past each sentence's end become
            # the padding vector too, so index end + 1 always lands on a real neighbour or on it.
            assert self._outside_sentence is not None  # created for outer boundaries
            padding = self._outside_sentence.expand(sequence.size(0), 1, -1)
            if sequence_mask is not None:
                sequence = torch.where(sequence_mask.unsqueeze(-1), sequence, padding)
            boundary_sequence = torch.cat([padding, sequence, padding], dim=1)
            left, right = spans[:, 0], spans[:, 1] + 2
        return torch.cat([pooled, boundary_sequence[rows, left], boundary_sequence[rows, right]], dim=-1)
