"""
The span mathematics of Locate and Label (Shen et al., ACL 2021), as small pure functions over tensors.

Conventions used everywhere in this module:

* A span is a pair ``(start, end)`` of token indices with an **inclusive** end, as AllenNLP's
  ``SpanField`` and span extractors use. (The JSON data format has an exclusive end; the dataset reader
  converts.) Its length is ``end - start + 1``.
* Batched tensors carry a leading batch dimension and a boolean mask saying which rows are real;
  padded spans are ``(-1, -1)`` as AllenNLP pads ``SpanField``s.
* Nothing here loops in Python over spans or batch items, except ``soft_nms``, whose loop runs once per
  *kept* entity (Algorithm 1 is sequential by nature) and processes the whole batch at each step.
"""

from typing import NamedTuple, Optional, Sequence

import torch


def span_lengths(spans: torch.Tensor) -> torch.Tensor:
    """Lengths ``end - start + 1`` of spans with inclusive ends; works on real-valued spans too."""
    return spans[..., 1] - spans[..., 0] + 1


def enumerate_seed_spans(
    sequence_lengths: torch.Tensor, window_sizes: Sequence[int]
) -> "tuple[torch.Tensor, torch.Tensor]":
    """
    Section 2.1: the seed spans of a sentence are all spans whose length is one of ``window_sizes``.

    # Parameters
    sequence_lengths : `torch.Tensor`, shape `(batch_size,)`
    window_sizes : the allowed span lengths, e.g. ``[1, 2, 3, 4, 5, 6, 7, 9, 11, 13, 15]``.

    # Returns
    spans : `torch.Tensor`, shape `(batch_size, num_seeds, 2)`, inclusive ends. The same grid for
        every sentence: ordered by length (in the order of ``window_sizes``), then by start.
    mask : `torch.Tensor`, shape `(batch_size, num_seeds)`, true where the span lies inside the
        sentence. Spans never cross a sentence's end.
    """
    if len(window_sizes) == 0 or min(window_sizes) < 1:
        raise ValueError(f"window sizes must be positive integers, got {list(window_sizes)}")
    device = sequence_lengths.device
    max_length = int(sequence_lengths.max()) if sequence_lengths.numel() > 0 else 0
    widths = torch.tensor(sorted(set(window_sizes), key=list(window_sizes).index), device=device)
    starts = torch.arange(max_length, device=device)
    # (num_widths, max_length) grids of starts and ends; drop spans that end past every sentence.
    grid_starts = starts.unsqueeze(0).expand(len(widths), -1)
    grid_ends = grid_starts + widths.unsqueeze(1) - 1
    inside_batch = grid_ends < max_length
    spans = torch.stack([grid_starts[inside_batch], grid_ends[inside_batch]], dim=-1)
    spans = spans.unsqueeze(0).expand(sequence_lengths.size(0), -1, -1)
    mask = spans[..., 1] < sequence_lengths.unsqueeze(1)
    return spans, mask


def span_iou(spans_a: torch.Tensor, spans_b: torch.Tensor) -> torch.Tensor:
    """
    Intersection over union of 1-D token spans (inclusive ends), every ``a`` against every ``b``
    (the IoU of Eq. 11 and Algorithm 1).

    # Parameters
    spans_a : shape `(..., num_a, 2)`
    spans_b : shape `(..., num_b, 2)`

    # Returns
    `torch.Tensor`, shape `(..., num_a, num_b)`, in [0, 1]. Real-valued spans are accepted.
    """
    a = spans_a.unsqueeze(-2).float()
    b = spans_b.unsqueeze(-3).float()
    intersection = (torch.minimum(a[..., 1], b[..., 1]) - torch.maximum(a[..., 0], b[..., 0]) + 1).clamp(
        min=0
    )
    union = span_lengths(a).clamp(min=0) + span_lengths(b).clamp(min=0) - intersection
    return intersection / union.clamp(min=1e-6)


class SpanTargets(NamedTuple):
    """What ``assign_targets`` pairs each span with."""

    labels: torch.Tensor
    """`(batch, num_spans)`: 0 for NONE, else 1 + the matched gold entity's type index."""
    iou: torch.Tensor
    """`(batch, num_spans)`: IoU with the best-matching gold entity (0 when there is none)."""
    offsets: torch.Tensor
    """`(batch, num_spans, 2)`: gold start - span start, gold end - span end (Eq. 6-7 targets)."""
    positive: torch.Tensor
    """`(batch, num_spans)`: IoU >= threshold (and the span and its match are real)."""
    matched_spans: torch.Tensor
    """`(batch, num_spans, 2)`: the best-matching gold span."""


def assign_targets(
    spans: torch.Tensor,
    span_mask: torch.Tensor,
    gold_spans: torch.Tensor,
    gold_labels: torch.Tensor,
    gold_mask: torch.Tensor,
    iou_threshold: float,
) -> SpanTargets:
    """
    Section 2.2 and Eq. 11: pair every span with the gold entity of highest IoU. A span whose IoU is at
    least ``iou_threshold`` (alpha1 for seeds, alpha2 for adjusted proposals) is positive, with that
    entity's type and boundary offsets; every other span is NONE. Ties go to the first gold entity.

    # Parameters
    spans : `(batch, num_spans, 2)`; span_mask : `(batch, num_spans)`
    gold_spans : `(batch, num_gold, 2)`; gold_labels : `(batch, num_gold)` type indices from 0;
    gold_mask : `(batch, num_gold)`
    """
    iou = span_iou(spans, gold_spans)
    iou = iou.masked_fill(~gold_mask.unsqueeze(1), -1.0)
    if gold_spans.size(1) == 0:
        best_iou = torch.zeros(spans.shape[:2], device=spans.device)
        best_index = torch.zeros(spans.shape[:2], dtype=torch.long, device=spans.device)
    else:
        best_iou, best_index = iou.max(dim=-1)
        best_iou = best_iou.clamp(min=0.0)
    best_iou = best_iou * span_mask
    if gold_spans.size(1) == 0:
        matched = torch.zeros_like(spans)
        matched_labels = torch.zeros_like(best_index)
    else:
        matched = gold_spans.gather(1, best_index.unsqueeze(-1).expand(-1, -1, 2))
        matched_labels = gold_labels.gather(1, best_index)
    positive = (best_iou >= iou_threshold) & span_mask & (best_iou > 0)
    labels = torch.where(positive, matched_labels + 1, torch.zeros_like(matched_labels))
    offsets = (matched - spans).float() * positive.unsqueeze(-1)
    return SpanTargets(labels, best_iou, offsets, positive, matched)


def sample_negatives(
    positive: torch.Tensor,
    span_mask: torch.Tensor,
    negative_ratio: Optional[float],
    generator: Optional[torch.Generator] = None,
) -> torch.Tensor:
    """
    Training-time sampling of section 2.2: keep every positive span and, per sentence, at most
    ``negative_ratio * max(num_positives, 1)`` negatives chosen uniformly at random (so sentences
    without entities still teach the model what is not an entity). ``None`` keeps every span.

    # Returns
    `torch.Tensor`, `(batch, num_spans)`: the spans that take part in the losses.
    """
    if negative_ratio is None:
        return span_mask
    negative = span_mask & ~positive
    num_positive = (positive & span_mask).sum(dim=1, keepdim=True)
    budget = (num_positive.clamp(min=1).float() * negative_ratio).floor()
    # A random rank among each sentence's negatives: positives and padding sort last.
    noise = torch.rand(negative.shape, device=positive.device, generator=generator)
    noise = noise.masked_fill(~negative, 2.0)
    rank = noise.argsort(dim=1).argsort(dim=1)
    kept_negative = negative & (rank < budget)
    return (positive & span_mask) | kept_negative


def soft_example_weights(iou: torch.Tensor, iou_threshold: float, eta: float) -> torch.Tensor:
    """
    Eq. 11: soft examples. A positive (IoU >= threshold) weighs IoU^eta, a negative (1 - IoU)^eta, so
    spans that nearly match an entity count less as negatives and more as positives. eta = 0 turns it
    off (every weight is 1).
    """
    if eta == 0:
        return torch.ones_like(iou)
    return torch.where(iou >= iou_threshold, iou.pow(eta), (1.0 - iou).pow(eta))


def adjust_boundaries(
    spans: torch.Tensor, offsets: torch.Tensor, sequence_lengths: torch.Tensor
) -> torch.Tensor:
    """
    Eq. 6-7: shift each boundary by its rounded regression offset, clamped to the sentence. If the
    shifted boundaries cross, they are swapped, so the result is always a well-formed span.

    # Parameters
    spans : `(batch, num_spans, 2)` long; offsets : `(batch, num_spans, 2)` real
    sequence_lengths : `(batch,)`

    # Returns
    `torch.Tensor`, `(batch, num_spans, 2)` with ``0 <= start <= end < length``.
    """
    shifted = spans + torch.round(offsets).long()
    last = (sequence_lengths - 1).clamp(min=0).view(-1, 1, 1)
    shifted = torch.minimum(shifted.clamp(min=0), last)
    start = torch.minimum(shifted[..., 0], shifted[..., 1])
    end = torch.maximum(shifted[..., 0], shifted[..., 1])
    return torch.stack([start, end], dim=-1)


def soft_nms(
    spans: torch.Tensor,
    scores: torch.Tensor,
    mask: torch.Tensor,
    decay: float,
    iou_threshold: float,
    score_threshold: float,
    labels: Optional[torch.Tensor] = None,
) -> "tuple[torch.Tensor, torch.Tensor]":
    """
    Algorithm 1 (Soft-NMS for spans). Repeatedly take the highest-scoring remaining span; every other
    remaining span whose IoU with it is at least ``iou_threshold`` has its score multiplied by
    ``decay``; spans whose score falls below ``score_threshold`` are dropped. ``decay = 0`` is hard NMS.
    When ``labels`` is given, only spans of the same label suppress each other.

    The loop runs once per kept span, over the whole batch at once; all pairwise work is one tensor
    operation per step.

    # Parameters
    spans : `(batch, num, 2)`; scores : `(batch, num)`; mask : `(batch, num)`

    # Returns
    keep : `torch.Tensor` `(batch, num)`, the selected spans.
    final_scores : `(batch, num)`, each selected span's score when it was selected (never more
        than its input score).
    """
    overlap = span_iou(spans, spans) >= iou_threshold
    if labels is not None:
        overlap = overlap & (labels.unsqueeze(-1) == labels.unsqueeze(-2))
    decay_matrix = torch.where(overlap, torch.full_like(overlap, decay, dtype=scores.dtype), 1.0)
    remaining = mask & (scores >= score_threshold)
    current = scores.clone()
    keep = torch.zeros_like(mask)
    batch_index = torch.arange(scores.size(0), device=scores.device)
    while bool(remaining.any()):
        best = current.masked_fill(~remaining, float("-inf")).argmax(dim=1)
        active = remaining[batch_index, best]
        keep[batch_index, best] |= active
        remaining[batch_index, best] = False
        # Decay the rows whose best span was real; other rows get factor 1.
        factors = decay_matrix[batch_index, best]
        factors = torch.where(active.unsqueeze(1) & remaining, factors, torch.ones_like(factors))
        # Selected spans are no longer remaining, so they keep the score they were selected with.
        current = current * factors
        remaining = remaining & (current >= score_threshold)
    return keep, torch.where(keep, current, torch.zeros_like(current))


def compact_masked(mask: torch.Tensor) -> "tuple[torch.Tensor, torch.Tensor]":
    """
    Indices that gather the true elements of each row of ``mask`` to the front, in their original
    order, padded to the longest row (at least 1, so gathered tensors are never empty).

    # Returns
    indices : `(batch, k)` long; kept : `(batch, k)` bool, false on padding.
    """
    k = max(int(mask.sum(dim=1).max()) if mask.numel() > 0 else 0, 1)
    indices = (~mask).to(torch.uint8).argsort(dim=1, stable=True)[:, :k]
    return indices, mask.gather(1, indices)


def pack_spans(
    spans: torch.Tensor, span_mask: torch.Tensor
) -> "tuple[torch.Tensor, torch.Tensor, torch.Tensor]":
    """
    The real spans of a padded batch, packed: ``spans`` `(batch, num, 2)`, ``span_mask`` `(batch, num)`.

    # Returns
    rows, columns : `(real,)` each real span's place in the batch; packed : `(real, 2)` the spans.
    """
    rows, columns = span_mask.nonzero(as_tuple=True)
    return rows, columns, spans[rows, columns]


def unpack_spans(
    packed: torch.Tensor, rows: torch.Tensor, columns: torch.Tensor, span_mask: torch.Tensor
) -> torch.Tensor:
    """The inverse of `pack_spans` for values computed per packed span: `(batch, num, ...)`, zeros on padding."""
    unpacked = packed.new_zeros(*span_mask.shape, *packed.shape[1:])
    unpacked[rows, columns] = packed
    return unpacked


def gather_spans(values: torch.Tensor, indices: torch.Tensor) -> torch.Tensor:
    """``values[b, indices[b, j], ...]`` for `values` of shape `(batch, num, ...)`."""
    expanded = indices.view(*indices.shape, *([1] * (values.dim() - 2)))
    return values.gather(1, expanded.expand(*indices.shape, *values.shape[2:]))


def span_max_pool(sequence: torch.Tensor, rows: torch.Tensor, spans: torch.Tensor) -> torch.Tensor:
    """
    The max-pooling of Eq. 1, 4 and 8: each span's element-wise maximum over its token vectors.

    The spans come packed (only real ones, each with the sentence it belongs to), so that no work goes
    to padding: in training, a batch's sampled seeds are mostly padding when laid out per sentence.

    With a sparse table: level k holds, at each position, the maximum of the 2**k tokens from there,
    so a span of width w (2**k <= w < 2**(k+1)) is the maximum of two level-k windows, one at each of
    its ends (they overlap). That is a few operations on `(batch, length, dim)` tensors and two
    gathers per span, whatever the widths, instead of one gather per token of the widest span.

    # Parameters
    sequence : `(batch, length, dim)`; rows : `(num,)` each span's sentence (batch index);
    spans : `(num, 2)` inclusive, inside their sentences

    # Returns
    `(num, dim)`
    """
    length, dim = sequence.shape[1:]
    if spans.size(0) == 0:
        return sequence.new_zeros(0, dim)
    starts = spans[:, 0]
    widths = span_lengths(spans)
    levels = [sequence]
    while 2 ** len(levels) <= int(widths.max()):
        step = 2 ** (len(levels) - 1)
        # Past the end, a window is cut short; no span inside the sequence reads such a window.
        ahead = (torch.arange(length, device=sequence.device) + step).clamp(max=length - 1)
        levels.append(torch.maximum(levels[-1], levels[-1].index_select(1, ahead)))
    table = torch.cat(levels, dim=1)  # (batch, num_levels * length, dim)
    level = sum((widths >= 2**k).long() for k in range(1, len(levels)))
    offset = level * length
    window = torch.ones_like(widths) << level
    left = table[rows, offset + starts]
    right = table[rows, offset + starts + widths - window]
    return torch.maximum(left, right)
