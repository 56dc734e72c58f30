"""
The losses of Locate and Label (section 2.5), as pure functions returning one loss per span, so that the
model can weight them by soft-example weights (Eq. 11) and average over the sampled spans.
"""

import torch
import torch.nn.functional as F


def focal_loss(logits: torch.Tensor, targets: torch.Tensor, gamma: float) -> torch.Tensor:
    """
    Eq. 12: binary focal loss ``-(1 - p_t)^gamma * log(p_t)`` of the span proposal filter, where p_t is
    the probability given to the true class. gamma = 0 is binary cross-entropy.

    logits, targets : same shape; targets in {0, 1}. Returns the per-element loss.
    """
    targets = targets.float()
    log_p_true = -F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    if gamma == 0:
        return -log_p_true
    return -((1.0 - log_p_true.exp()).pow(gamma)) * log_p_true


def span_overlap_loss(spans: torch.Tensor, offsets: torch.Tensor, gold_spans: torch.Tensor) -> torch.Tensor:
    """
    Eq. 15: ``1 - (min(d) - max(e)) / (max(d) - min(e))`` with d the two ends and e the two starts of the
    regressed span ``(start + offset_l, end + offset_r)`` and its gold span, taken as real numbers so the
    loss has a gradient. With inclusive ends both differences get ``+ 1`` (token counts). The numerator
    is the overlap, negative for disjoint spans, and the denominator the hull of the two spans (their
    union when they overlap), so the loss is ``1 - IoU`` for overlapping spans and exceeds 1 for disjoint
    ones, still pulling them together. The denominator is at least the gold span's length, never 0.

    spans, gold_spans : `(..., 2)`; offsets : `(..., 2)` real. Returns `(...)`.
    """
    predicted = spans.float() + offsets
    gold = gold_spans.float()
    ends = torch.stack([predicted[..., 1], gold[..., 1]], dim=-1)
    starts = torch.stack([predicted[..., 0], gold[..., 0]], dim=-1)
    overlap = ends.min(dim=-1).values - starts.max(dim=-1).values + 1
    hull = ends.max(dim=-1).values - starts.min(dim=-1).values + 1
    return 1.0 - overlap / hull


def boundary_regression_loss(
    spans: torch.Tensor,
    offsets: torch.Tensor,
    target_offsets: torch.Tensor,
    gold_spans: torch.Tensor,
    use_overlap_loss: bool = True,
) -> torch.Tensor:
    """
    Eq. 13: the regressor's loss, smooth-L1 between predicted and target offsets summed over the two
    boundaries (Eq. 14), plus the span overlap loss (Eq. 15) when ``use_overlap_loss``. Returns `(...)`.
    """
    loss = F.smooth_l1_loss(offsets, target_offsets, reduction="none").sum(-1)
    if use_overlap_loss:
        loss = loss + span_overlap_loss(spans, offsets, gold_spans)
    return loss


def weighted_mean(losses: torch.Tensor, weights: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """
    Sum of ``weights * losses`` over the masked elements, divided by their number (0 when none). The
    paper's Eq. 12-16 write plain sums; dividing by the number of spans keeps the loss, and so the
    learning rate, independent of how many spans a batch has (as the authors' released code does).
    """
    mask = mask.float()
    return (losses * weights * mask).sum() / mask.sum().clamp(min=1.0)
