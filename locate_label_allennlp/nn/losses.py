"""
The losses of Locate and Label (section 2.5), as pure functions returning one loss per span, so that the
model can weight them by soft-example weights (Eq. 11) and average over the sampled spans.
"""
import torch
import torch.nn.functional as F

from locate_label_allennlp.nn.span_utils import span_lengths


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


def span_overlap_loss(
    spans: torch.Tensor, offsets: torch.Tensor, gold_spans: torch.Tensor
) -> torch.Tensor:
    """
    Eq. 13-15: ``1 - IoU`` between the regressed span ``(start + offset_l, end + offset_r)``, taken as
    real numbers so the loss has a gradient, and its gold span. Both spans have inclusive ends; a
    regressed span whose end falls before its start has length 0 (and so IoU 0).

    spans, gold_spans : `(..., 2)`; offsets : `(..., 2)` real. Returns `(...)`.
    """
    predicted = spans.float() + offsets
    gold = gold_spans.float()
    intersection = (
        torch.minimum(predicted[..., 1], gold[..., 1])
        - torch.maximum(predicted[..., 0], gold[..., 0])
        + 1
    ).clamp(min=0)
    union = span_lengths(predicted).clamp(min=0) + span_lengths(gold) - intersection
    return 1.0 - intersection / union.clamp(min=1e-6)


def boundary_regression_loss(
    spans: torch.Tensor,
    offsets: torch.Tensor,
    target_offsets: torch.Tensor,
    gold_spans: torch.Tensor,
    use_overlap_loss: bool = True,
) -> torch.Tensor:
    """
    The regressor's loss of section 2.5: smooth-L1 between predicted and target offsets, summed over the
    two boundaries, plus the span overlap loss (Eq. 13-15) when ``use_overlap_loss``. Returns `(...)`.
    """
    loss = F.smooth_l1_loss(offsets, target_offsets, reduction="none").sum(-1)
    if use_overlap_loss:
        loss = loss + span_overlap_loss(spans, offsets, gold_spans)
    return loss


def weighted_mean(losses: torch.Tensor, weights: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Sum of ``weights * losses`` over the masked elements, divided by their number (0 when none)."""
    mask = mask.float()
    return (losses * weights * mask).sum() / mask.sum().clamp(min=1.0)
