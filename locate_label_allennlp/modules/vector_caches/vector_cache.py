from typing import Any, Dict, Optional

import torch
from allennlp.common import Registrable
from allennlp.common.checks import ConfigurationError

STORAGE_DTYPES = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}


class VectorCache(Registrable):
    """
    A store of the word vectors that a frozen encoder computed for each input, so that they are
    computed once (see `CachedTransformerMismatchedEmbedder`). Vectors are filed under two keys:

    * ``encoder_key``, the encoder's identity (a fingerprint of its weights and settings): vectors of
      another encoder are never returned, and a store holds one encoder's vectors at a time
      (storing under a new encoder key discards the others: they are invalid);
    * ``input_key``, a digest of the exact input (word-piece ids, word offsets, positions).

    # Parameters
    dtype : `str`, optional (default = `"float32"`)
        The precision the vectors are stored in (`"float32"`, `"float16"` or `"bfloat16"`); they are
        always returned as float32. Lower precision halves the memory, but then the cached vectors
        are no longer bit-identical to freshly computed ones.

    A copy of a model (`copy.deepcopy`) shares its store: entries are keyed by the encoder's
    identity, so sharing is safe, and copying gigabytes of vectors would not be. Pickling keeps the
    settings and drops the vectors.
    """

    default_implementation = "memory"

    def __init__(self, dtype: str = "float32") -> None:
        if dtype not in STORAGE_DTYPES:
            raise ConfigurationError(
                f"vector cache dtype must be one of {sorted(STORAGE_DTYPES)}, got {dtype!r}"
            )
        self.dtype = dtype

    def get(self, encoder_key: str, input_key: bytes) -> Optional[torch.Tensor]:
        """The float32 vectors stored for this input and encoder, or `None`."""
        raise NotImplementedError

    def put(self, encoder_key: str, input_key: bytes, vectors: torch.Tensor) -> torch.Tensor:
        """Stores ``vectors`` and returns them as `get` will (float32, at the storage precision)."""
        raise NotImplementedError

    def __len__(self) -> int:
        """The number of inputs stored for the current encoder."""
        raise NotImplementedError

    def nbytes(self) -> int:
        """The bytes the stored vectors take."""
        raise NotImplementedError

    def stored(self, vectors: torch.Tensor) -> torch.Tensor:
        """``vectors`` detached, in their own memory, at the storage precision."""
        return vectors.detach().to(device="cpu", dtype=STORAGE_DTYPES[self.dtype], copy=True).contiguous()

    def __deepcopy__(self, memo: Dict[int, Any]) -> "VectorCache":
        return self
