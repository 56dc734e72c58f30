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
    # exact -> 0; (2, 3) inside (1, 4) -> 1 - 2/4; (7, 8) disjoint -> 1.
    assert span_overlap_loss(spans, offsets, gold).tolist() == pytest.approx([0.0, 0.5, 1.0])


@settings(max_examples=60, deadline=None)
@given(
    start=st.integers(0, 10),
    length=st.integers(1, 8),
    gold_start=st.integers(0, 10),
    gold_length=st.integers(1, 8),
    left=st.floats(-5, 5),
    right=st.floats(-5, 5),
)
def test_span_overlap_loss_is_in_unit_interval_with_gradient(start, length, gold_start, gold_length, left, right):
    spans = torch.tensor([[start, start + length - 1]])
    gold = torch.tensor([[gold_start, gold_start + gold_length - 1]])
    offsets = torch.tensor([[left, right]], requires_grad=True)
    loss = span_overlap_loss(spans, offsets, gold)
    assert 0.0 <= loss.item() <= 1.0 + 1e-6
    loss.sum().backward()
    assert torch.isfinite(offsets.grad).all()


def test_boundary_regression_loss_adds_overlap_term():
    spans = torch.tensor([[2, 3]])
    gold = torch.tensor([[1, 4]])
    target = (gold - spans).float()
    offsets = torch.zeros(1, 2)
    smooth_l1 = F.smooth_l1_loss(offsets, target, reduction="none").sum(-1)
    assert torch.allclose(boundary_regression_loss(spans, offsets, target, gold, False), smooth_l1)
    assert torch.allclose(
        boundary_regression_loss(spans, offsets, target, gold, True), smooth_l1 + 0.5
    )
    assert boundary_regression_loss(spans, target, target, gold, True).item() == 0.0


def test_weighted_mean_ignores_masked_and_handles_empty():
    losses = torch.tensor([1.0, 2.0, 100.0])
    weights = torch.tensor([1.0, 0.5, 1.0])
    mask = torch.tensor([True, True, False])
    assert weighted_mean(losses, weights, mask).item() == pytest.approx(1.0)
    assert weighted_mean(losses, weights, torch.zeros(3, dtype=torch.bool)).item() == 0.0
