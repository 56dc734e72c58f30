"""The service's configurable limits (``allennlp nested-ner-serve --max-...``)."""

from dataclasses import asdict, dataclass
from typing import Dict

JSON_OVERHEAD_PER_TEXT_BYTE = 6
"""What JSON may need per byte of text: quotes and commas around short tokens, or a ``\\u0001`` escape."""
JSON_OVERHEAD_PER_INPUT = 1024
"""Bytes of keys, brackets and small fields (``pos``, ``entities``) allowed per input beyond its text."""


@dataclass(frozen=True)
class ServiceLimits:
    max_batch_size: int = 32
    """The most inputs the model runs at once (inputs of concurrent requests are batched together)."""
    max_wait_ms: float = 5.0
    """How long a batch that is not full waits for more inputs before the model runs it."""
    max_inputs: int = 64
    """The most inputs in one request (a JSON list)."""
    max_text_bytes: int = 10_000
    """The most UTF-8 bytes of text in one input (its sentence, or its tokens and context tokens)."""

    def __post_init__(self) -> None:
        for name in ("max_batch_size", "max_inputs", "max_text_bytes"):
            if not isinstance(getattr(self, name), int) or getattr(self, name) < 1:
                raise ValueError(
                    f"--{name.replace('_', '-')} must be a positive integer, got {getattr(self, name)!r}"
                )
        if not self.max_wait_ms >= 0:
            raise ValueError(f"--max-wait-ms must be zero or more, got {self.max_wait_ms!r}")

    @property
    def max_body_bytes(self) -> int:
        """The largest request body read at all: ``max_inputs`` inputs of ``max_text_bytes`` each, as JSON."""
        return self.max_inputs * (JSON_OVERHEAD_PER_TEXT_BYTE * self.max_text_bytes + JSON_OVERHEAD_PER_INPUT)

    def to_json(self) -> Dict[str, float]:
        return {**asdict(self), "max_body_bytes": self.max_body_bytes}
