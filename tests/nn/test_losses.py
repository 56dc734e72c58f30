import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from locate_label_allennlp.nn.losses import (
    boundary_regression_loss,
    focal_loss,
    span_overlap_loss,
    weighted_mean,
)
from locate_label_allennlp.nn.span_utils import span_iou


def test_focal_loss_with_gamma_zero_is_binary_cross_entropy():
    logits = torch.tensor([2.0, -1.0, 0.3])
    targets = torch.tensor([True, False, False])
    expected = F.binary_cross_entropy_with_logits(logits, targets.float(), reduction="none")
    assert torch.allclose(focal_loss(logits, targets, 0.0), expected)


def test_focal_loss_down_weights_easy_examples():
    logits = torch.tensor([4.0, 0.1])  # an easy and a hard positive
    targets = torch.tensor([True, True])
    bce = focal_loss(logits, targets, 0.0)
    focal = focal_loss(logits, targets, 2.0)
    p = torch.sigmoid(logits)
    assert torch.allclose(focal, (1 - p) ** 2 * bce)
    assert focal[0] / bce[0] < focal[1] / bce[1]


def test_span_overlap_loss_hand_examples():
    spans = torch.tensor([[2, 3], [2, 3], [2, 3]])
    gold = torch.tensor([[1, 4], [1, 4], [1, 4]])
    offsets = torch.tensor([[-1.0, 1.0], [0.0, 0.0], [5.0, 5.0]])
    # exact -> 0; (2, 3) inside (1, 4) -> 1 - 2/4; (7, 8) disjoint from (1, 4): overlap 4 - 7 + 1 = -2
    # over the hull 8 - 1 + 1 = 8 -> 1 + 2/8 (Eq. 15 is not clamped at 0).
    assert span_overlap_loss(spans, offsets, gold).tolist() == pytest.approx([0.0, 0.5, 1.25])


@settings(max_examples=60, deadline=None)
@given(
    start=st.integers(0, 10),
    length=st.integers(1, 8),
    gold_start=st.integers(0, 10),
    gold_length=st.integers(1, 8),
    left=st.floats(-5, 5),
    right=st.floats(-5, 5),
)
def test_span_overlap_loss_is_eq_15(start, length, gold_start, gold_length, left, right):
    spans = torch.tensor([[start, start + length - 1]])
    gold = torch.tensor([[gold_start, gold_start + gold_length - 1]])
    offsets = torch.tensor([[left, right]], requires_grad=True)
    loss = span_overlap_loss(spans, offsets, gold)
    predicted = spans.float() + offsets.detach()
    ends, starts = (predicted[0, 1].item(), gold[0, 1].item()), (predicted[0, 0].item(), gold[0, 0].item())
    expected = 1 - (min(ends) - max(starts) + 1) / (max(ends) - min(starts) + 1)
    assert loss.item() == pytest.approx(expected, abs=1e-5)
    assert loss.item() >= -1e-6
    if predicted[0, 1] >= predicted[0, 0] - 1 and min(ends) - max(starts) + 1 >= 0:
        # Well-formed and overlapping: the hull is the union, so Eq. 15 is 1 - IoU.
        assert loss.item() == pytest.approx(1 - span_iou(predicted, gold.float()).item(), abs=1e-5)
    loss.sum().backward()
    assert torch.isfinite(offsets.grad).all()


def test_boundary_regression_loss_adds_overlap_term():
    spans = torch.tensor([[2, 3]])
    gold = torch.tensor([[1, 4]])
    target = (gold - spans).float()
    offsets = torch.zeros(1, 2)
    smooth_l1 = F.smooth_l1_loss(offsets, target, reduction="none").sum(-1)
    assert torch.allclose(boundary_regression_loss(spans, offsets, target, gold, False), smooth_l1)
    assert torch.allclose(boundary_regression_loss(spans, offsets, target, gold, True), smooth_l1 + 0.5)
    assert boundary_regression_loss(spans, target, target, gold, True).item() == 0.0


def test_weighted_mean_ignores_masked_and_handles_empty():
    losses = torch.tensor([1.0, 2.0, 100.0])
    weights = torch.tensor([1.0, 0.5, 1.0])
    mask = torch.tensor([True, True, False])
    assert weighted_mean(losses, weights, mask).item() == pytest.approx(1.0)
    assert weighted_mean(losses, weights, torch.zeros(3, dtype=torch.bool)).item() == 0.0
