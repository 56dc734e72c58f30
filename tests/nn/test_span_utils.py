import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from locate_label_allennlp.nn.span_utils import (
    adjust_boundaries,
    assign_targets,
    compact_masked,
    enumerate_seed_spans,
    gather_spans,
    pack_spans,
    sample_negatives,
    soft_example_weights,
    soft_nms,
    span_iou,
    span_max_pool,
    unpack_spans,
)

SETTINGS = settings(max_examples=60, deadline=None)


def span_strategy(max_length=30):
    return st.tuples(st.integers(0, max_length - 1), st.integers(0, max_length - 1)).map(
        lambda pair: (min(pair), max(pair))
    )


def brute_force_iou(a, b):
    intersection = max(0, min(a[1], b[1]) - max(a[0], b[0]) + 1)
    union = (a[1] - a[0] + 1) + (b[1] - b[0] + 1) - intersection
    return intersection / union


# ---------------------------------------------------------------- enumeration


def test_enumerate_seed_spans_hand_example():
    spans, mask = enumerate_seed_spans(torch.tensor([3, 1]), [1, 2])
    real = [tuple(span) for span, keep in zip(spans[0].tolist(), mask[0].tolist()) if keep]
    assert real == [(0, 0), (1, 1), (2, 2), (0, 1), (1, 2)]
    real = [tuple(span) for span, keep in zip(spans[1].tolist(), mask[1].tolist()) if keep]
    assert real == [(0, 0)]


def test_enumerate_seed_spans_rejects_bad_windows():
    with pytest.raises(ValueError):
        enumerate_seed_spans(torch.tensor([3]), [])
    with pytest.raises(ValueError):
        enumerate_seed_spans(torch.tensor([3]), [0, 1])


@SETTINGS
@given(
    lengths=st.lists(st.integers(0, 25), min_size=1, max_size=4),
    windows=st.lists(st.integers(1, 16), min_size=1, max_size=6, unique=True),
)
def test_enumerate_seed_spans_is_exactly_the_windowed_spans(lengths, windows):
    spans, mask = enumerate_seed_spans(torch.tensor(lengths), windows)
    for row, length in enumerate(lengths):
        real = [tuple(s) for s, keep in zip(spans[row].tolist(), mask[row].tolist()) if keep]
        expected = {(start, start + w - 1) for w in windows for start in range(length - w + 1)}
        assert len(real) == len(set(real)) == len(expected)
        assert set(real) == expected
        # never crosses the sentence end
        assert all(0 <= start <= end < length for start, end in real)


# ---------------------------------------------------------------- IoU


def test_span_iou_hand_examples():
    a = torch.tensor([[0, 3], [5, 5]])
    b = torch.tensor([[0, 1], [2, 6], [5, 5]])
    expected = torch.tensor([[2 / 4, 2 / 7, 0.0], [0.0, 1 / 5, 1.0]])
    assert torch.allclose(span_iou(a, b), expected)


@SETTINGS
@given(st.lists(span_strategy(), min_size=1, max_size=8), st.lists(span_strategy(), min_size=1, max_size=8))
def test_span_iou_matches_brute_force_and_is_symmetric(a, b):
    iou = span_iou(torch.tensor(a), torch.tensor(b))
    for i, span_a in enumerate(a):
        for j, span_b in enumerate(b):
            assert iou[i, j].item() == pytest.approx(brute_force_iou(span_a, span_b))
    assert torch.allclose(iou, span_iou(torch.tensor(b), torch.tensor(a)).T)
    assert torch.allclose(span_iou(torch.tensor(a), torch.tensor(a)).diagonal(), torch.ones(len(a)))


# ---------------------------------------------------------------- targets


def test_assign_targets_hand_example():
    # Gold: (1, 3) type 0 and (2, 2) type 1 (nested). Seeds: exact, shifted, inside, unrelated, padding.
    seeds = torch.tensor([[[1, 3], [1, 2], [2, 2], [5, 6], [0, 0]]])
    seed_mask = torch.tensor([[True, True, True, True, False]])
    gold_spans = torch.tensor([[[1, 3], [2, 2]]])
    gold_labels = torch.tensor([[0, 1]])
    gold_mask = torch.tensor([[True, True]])
    targets = assign_targets(seeds, seed_mask, gold_spans, gold_labels, gold_mask, 0.6)
    assert targets.labels.tolist() == [[1, 1, 2, 0, 0]]
    assert targets.positive.tolist() == [[True, True, True, False, False]]
    assert targets.iou[0, :4].tolist() == pytest.approx([1.0, 2 / 3, 1.0, 0.0])
    # (1, 2) must grow by one token on the right to become (1, 3).
    assert targets.offsets[0].tolist() == [[0, 0], [0, 1], [0, 0], [0, 0], [0, 0]]


def test_assign_targets_without_gold_is_all_none():
    seeds, seed_mask = enumerate_seed_spans(torch.tensor([4]), [1, 2])
    empty = torch.zeros(1, 0, 2, dtype=torch.long)
    targets = assign_targets(
        seeds, seed_mask, empty, torch.zeros(1, 0, dtype=torch.long), torch.zeros(1, 0, dtype=torch.bool), 0.7
    )
    assert not targets.positive.any() and (targets.labels == 0).all()


@SETTINGS
@given(
    length=st.integers(1, 20),
    gold=st.lists(st.tuples(span_strategy(20), st.integers(0, 3)), min_size=0, max_size=5),
    threshold=st.floats(0.1, 1.0),
)
def test_assign_targets_matches_brute_force(length, gold, threshold):
    gold = [((min(s, length - 1), min(e, length - 1)), t) for (s, e), t in gold]
    seeds, seed_mask = enumerate_seed_spans(torch.tensor([length]), [1, 2, 3, 5])
    gold_spans = torch.tensor([[s for s, _ in gold] or [[-1, -1]]])
    gold_labels = torch.tensor([[t for _, t in gold] or [-1]]).clamp(min=0)
    gold_mask = gold_spans[..., 0] >= 0
    targets = assign_targets(seeds, seed_mask, gold_spans, gold_labels, gold_mask, threshold)
    for k, (seed, real) in enumerate(zip(seeds[0].tolist(), seed_mask[0].tolist())):
        if not real:
            assert not targets.positive[0, k]
            continue
        ious = [brute_force_iou(seed, g) for g, _ in gold]
        best = max(ious, default=0.0)
        assert targets.iou[0, k].item() == pytest.approx(best, abs=1e-6)
        # IoUs are float32 tensors compared with the threshold as float32 (as torch compares a tensor
        # with a Python float): an exact fraction like 1/10 equals a threshold of 0.1 + 2e-17 there.
        reaches = bool(torch.tensor(best, dtype=torch.float32) >= threshold)
        assert bool(targets.positive[0, k]) == (reaches and best > 0)
        if targets.positive[0, k]:
            (gold_start, gold_end), gold_type = gold[ious.index(best)]
            assert targets.labels[0, k].item() == gold_type + 1
            assert (seeds[0, k] + targets.offsets[0, k].long()).tolist() == [gold_start, gold_end]
        else:
            assert targets.labels[0, k].item() == 0


# ---------------------------------------------------------------- sampling and weights


@SETTINGS
@given(
    positives=st.lists(st.booleans(), min_size=1, max_size=40),
    ratio=st.sampled_from([0.0, 1.0, 2.5, 5.0]),
    seed=st.integers(0, 1000),
)
def test_sample_negatives_keeps_positives_and_ratio(positives, ratio, seed):
    positive = torch.tensor([positives])
    mask = torch.ones_like(positive)
    generator = torch.Generator().manual_seed(seed)
    kept = sample_negatives(positive, mask, ratio, generator)
    assert (kept | ~positive).all()  # every positive kept
    num_positive = int(positive.sum())
    budget = int(max(num_positive, 1) * ratio)
    num_negative_kept = int((kept & ~positive).sum())
    assert num_negative_kept == min(budget, len(positives) - num_positive)


def test_sample_negatives_none_keeps_everything_real():
    mask = torch.tensor([[True, True, False]])
    assert sample_negatives(torch.zeros_like(mask), mask, None).tolist() == mask.tolist()


def test_soft_example_weights():
    iou = torch.tensor([1.0, 0.8, 0.5, 0.0])
    assert soft_example_weights(iou, 0.7, 1.0).tolist() == pytest.approx([1.0, 0.8, 0.5, 1.0])
    assert soft_example_weights(iou, 0.7, 2.0).tolist() == pytest.approx([1.0, 0.64, 0.25, 1.0])
    assert soft_example_weights(iou, 0.7, 0.0).tolist() == [1.0, 1.0, 1.0, 1.0]


# ---------------------------------------------------------------- boundary adjustment


def test_adjust_boundaries_rounds_and_clamps():
    spans = torch.tensor([[[2, 3], [0, 1], [4, 4], [2, 2]]])
    offsets = torch.tensor([[[-0.6, 1.4], [-3.0, 0.2], [0.0, 9.0], [1.2, -1.2]]])
    adjusted = adjust_boundaries(spans, offsets, torch.tensor([6]))
    # (1, 4) grows both ways; (0, 1) is clamped at 0; (4, 5) is clamped at the end; (3, 1) is swapped.
    assert adjusted.tolist() == [[[1, 4], [0, 1], [4, 5], [1, 3]]]


@SETTINGS
@given(
    length=st.integers(1, 30),
    spans=st.lists(span_strategy(30), min_size=1, max_size=10),
    offsets=st.lists(st.tuples(st.floats(-50, 50), st.floats(-50, 50)), min_size=10, max_size=10),
)
def test_adjusted_spans_stay_inside_the_sentence(length, spans, offsets):
    spans = torch.tensor([[(min(s, length - 1), min(e, length - 1)) for s, e in spans]])
    offsets = torch.tensor([offsets[: spans.size(1)]])
    adjusted = adjust_boundaries(spans, offsets, torch.tensor([length]))
    assert (adjusted[..., 0] >= 0).all()
    assert (adjusted[..., 0] <= adjusted[..., 1]).all()
    assert (adjusted[..., 1] < length).all()


# ---------------------------------------------------------------- Soft-NMS


def test_soft_nms_hand_worked_example_keeps_nested_spans():
    # [[United Nations]ORG secretary general]PER: (0, 3) 0.9 and (0, 1) 0.8 are nested (IoU 0.5);
    # (0, 2) 0.6 overlaps (0, 3) with IoU 0.75.
    spans = torch.tensor([[[0, 3], [0, 1], [0, 2]]])
    scores = torch.tensor([[0.9, 0.8, 0.6]])
    mask = torch.tensor([[True, True, True]])
    keep, final = soft_nms(spans, scores, mask, decay=0.7, iou_threshold=0.5, score_threshold=0.4)
    # Step 1 picks (0, 3): (0, 1) -> 0.56, (0, 2) -> 0.42. Step 2 picks (0, 1) at 0.56: its IoU with
    # (0, 2) is 2/3, so (0, 2) -> 0.294 < 0.4 and is dropped.
    assert keep.tolist() == [[True, True, False]]
    assert final[0, :2].tolist() == pytest.approx([0.9, 0.56])
    # Hard NMS (decay 0) loses the nested entity.
    keep, _ = soft_nms(spans, scores, mask, decay=0.0, iou_threshold=0.5, score_threshold=0.4)
    assert keep.tolist() == [[True, False, False]]


def test_soft_nms_same_label_only_and_batches():
    spans = torch.tensor([[[0, 1], [0, 1]], [[3, 4], [7, 7]]])
    scores = torch.tensor([[0.9, 0.8], [0.3, 0.7]])
    labels = torch.tensor([[1, 2], [1, 1]])
    mask = torch.tensor([[True, True], [True, True]])
    keep, _ = soft_nms(spans, scores, mask, 0.0, 0.5, 0.5, labels=labels)
    assert keep.tolist() == [[True, True], [False, True]]


@SETTINGS
@given(
    spans=st.lists(span_strategy(20), min_size=1, max_size=12),
    scores=st.lists(st.floats(0.0, 1.0), min_size=12, max_size=12),
    masked=st.lists(st.booleans(), min_size=12, max_size=12),
    decay=st.floats(0.0, 1.0),
    iou_threshold=st.floats(0.05, 1.0),
    score_threshold=st.floats(0.0, 0.9),
)
def test_soft_nms_properties(spans, scores, masked, decay, iou_threshold, score_threshold):
    n = len(spans)
    spans_t = torch.tensor([spans])
    scores_t = torch.tensor([scores[:n]])
    mask = torch.tensor([masked[:n]])
    keep, final = soft_nms(spans_t, scores_t, mask, decay, iou_threshold, score_threshold)
    assert not (keep & ~mask).any()
    assert (final <= scores_t + 1e-7).all()  # never increases a score
    assert (final[keep] >= score_threshold).all()
    eligible = mask & (scores_t >= score_threshold)
    if eligible.any():
        # the best eligible span is always kept
        best = scores_t.masked_fill(~eligible, -1).argmax()
        assert keep[0, best]
    if decay == 1.0:
        assert keep.tolist() == eligible.tolist()


# ---------------------------------------------------------------- gathering


def test_compact_masked_and_gather_spans():
    mask = torch.tensor([[False, True, True, False], [False, False, False, False]])
    indices, kept = compact_masked(mask)
    assert indices[0].tolist() == [1, 2] and kept.tolist() == [[True, True], [False, False]]
    values = torch.arange(16).view(2, 4, 2)
    assert gather_spans(values, indices)[0].tolist() == [[2, 3], [4, 5]]
    empty_indices, empty_kept = compact_masked(torch.zeros(1, 3, dtype=torch.bool))
    assert empty_indices.shape == (1, 1) and not empty_kept.any()


@SETTINGS
@given(mask=st.lists(st.lists(st.booleans(), min_size=3, max_size=3), min_size=1, max_size=4))
def test_unpack_spans_inverts_pack_spans(mask):
    span_mask = torch.tensor(mask)
    spans = torch.arange(span_mask.numel() * 2).view(*span_mask.shape, 2)
    rows, columns, packed = pack_spans(spans, span_mask)
    assert packed.shape == (int(span_mask.sum()), 2)
    unpacked = unpack_spans(packed, rows, columns, span_mask)
    assert torch.equal(unpacked, torch.where(span_mask.unsqueeze(-1), spans, torch.zeros_like(spans)))


# ---------------------------------------------------------------- max-pooling


@SETTINGS
@given(
    lengths=st.lists(st.integers(1, 12), min_size=1, max_size=3),
    spans=st.lists(st.tuples(st.integers(0, 2), span_strategy(12)), min_size=1, max_size=8),
    seed=st.integers(0, 100),
)
def test_span_max_pool_matches_a_plain_maximum(lengths, spans, seed):
    # Packed spans of sentences of different lengths (padded to the longest), in any order.
    torch.manual_seed(seed)
    sequence = torch.randn(len(lengths), max(lengths), 3)
    rows = [row % len(lengths) for row, _ in spans]
    spans = [
        (min(start, lengths[row] - 1), min(end, lengths[row] - 1))
        for row, (_, (start, end)) in zip(rows, spans)
    ]
    pooled = span_max_pool(sequence, torch.tensor(rows), torch.tensor(spans))
    assert pooled.shape == (len(spans), 3)
    for k, (row, (start, end)) in enumerate(zip(rows, spans)):
        assert torch.allclose(pooled[k], sequence[row, start : end + 1].max(dim=0).values)


def test_span_max_pool_of_no_spans():
    empty = torch.zeros(0, dtype=torch.long)
    assert span_max_pool(torch.zeros(2, 0, 3), empty, empty.view(0, 2)).shape == (0, 3)
