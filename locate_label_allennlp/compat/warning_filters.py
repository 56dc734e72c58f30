"""
Written for allennlp 2.10.1 with torch 2.13. Reason: allennlp's trainer calls
``torch.cuda.amp.autocast(enabled)`` on every batch, which torch 2.x deprecates with a FutureWarning
that says nothing about the user's run (AMP is off on a CPU, and the call still works).
"""

import warnings

AUTOCAST_MESSAGE = r"`torch\.cuda\.amp\.autocast\(args\.\.\.\)` is deprecated"


def install() -> None:
    """Idempotent (`warnings.filterwarnings` drops an identical earlier filter)."""
    warnings.filterwarnings("ignore", message=AUTOCAST_MESSAGE, category=FutureWarning)
