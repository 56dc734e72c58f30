"""The sparse-table max-pooling: batches of spans of any width, and the gradient of a plain maximum."""

import torch

from locate_label_allennlp.nn.span_utils import enumerate_seed_spans, pack_spans, span_max_pool


def _plain_max_pool(sequence, rows, spans):
    return torch.stack(
        [
            sequence[row, start : end + 1].max(dim=0).values
            for row, (start, end) in zip(rows.tolist(), spans.tolist(), strict=True)
        ]
    )


def test_seed_spans_of_a_batch_and_their_gradient():
    torch.manual_seed(0)
    lengths = torch.tensor([17, 5, 11])
    seeds, seed_mask = enumerate_seed_spans(lengths, [1, 2, 3, 4, 5, 7, 11, 16])
    rows, _, spans = pack_spans(seeds, seed_mask)
    sequence = torch.randn(3, 17, 4, requires_grad=True)
    pooled = span_max_pool(sequence, rows, spans)
    expected_sequence = sequence.detach().clone().requires_grad_(True)
    expected = _plain_max_pool(expected_sequence, rows, spans)
    assert torch.equal(pooled, expected)
    weights = torch.randn_like(pooled)
    (pooled * weights).sum().backward()
    (expected * weights).sum().backward()
    torch.testing.assert_close(sequence.grad, expected_sequence.grad)
