from typing import Optional

import torch
from allennlp.common.checks import ConfigurationError
from allennlp.modules.span_extractors import SpanExtractor
from allennlp.nn.util import batched_index_select

from locate_label_allennlp.nn.span_utils import span_max_pool


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
    `(batch_size, num_spans, 3 * input_dim)`; masked spans are zeros.
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
        # Padded spans are (-1, -1); any in-range index will do, their output is zeroed. (AllenNLP's
        # MaxPoolingSpanExtractor is not used: it loops over the batch in Python.)
        span_indices = span_indices * span_indices_mask.unsqueeze(-1)
        pooled = span_max_pool(sequence_tensor, span_indices, span_indices_mask)
        if self._boundaries == "inner":
            boundary_sequence = sequence_tensor
            left, right = span_indices[..., 0], span_indices[..., 1]
        else:
            # Frame the sentence with the padding vector: positions past each sentence's end become
            # the padding vector too, so index end + 1 always lands on a real neighbour or on it.
            assert self._outside_sentence is not None  # created for outer boundaries
            padding = self._outside_sentence.expand(sequence_tensor.size(0), 1, -1)
            if sequence_mask is not None:
                sequence_tensor = torch.where(sequence_mask.unsqueeze(-1), sequence_tensor, padding)
            boundary_sequence = torch.cat([padding, sequence_tensor, padding], dim=1)
            left, right = span_indices[..., 0], span_indices[..., 1] + 2
        boundaries = torch.cat(
            [batched_index_select(boundary_sequence, left), batched_index_select(boundary_sequence, right)],  # type: ignore[arg-type]  # allennlp annotates LongTensor, any integer tensor works
            dim=-1,
        )
        boundaries = boundaries * span_indices_mask.unsqueeze(-1)
        return torch.cat([pooled, boundaries], dim=-1)
