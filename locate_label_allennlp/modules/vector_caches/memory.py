from typing import Any, Dict, Optional

import torch

from locate_label_allennlp.modules.vector_caches.vector_cache import VectorCache


@VectorCache.register("memory")
class MemoryVectorCache(VectorCache):
    """
    Keeps the vectors in this process's memory, for the lifetime of the model (a training run, or an
    evaluation). Frozen MiniLM vectors of the GENIA training set take about 0.7 GB in float32 for its
    last layer, six times that for all six layers (see ``dtype``).
    """

    def __init__(self, dtype: str = "float32") -> None:
        super().__init__(dtype)
        self._encoder_key: Optional[str] = None
        self._vectors: Dict[bytes, torch.Tensor] = {}
        self._nbytes = 0

    def get(self, encoder_key: str, input_key: bytes) -> Optional[torch.Tensor]:
        if encoder_key != self._encoder_key:
            return None
        vectors = self._vectors.get(input_key)
        return None if vectors is None else vectors.float()

    def put(self, encoder_key: str, input_key: bytes, vectors: torch.Tensor) -> torch.Tensor:
        if encoder_key != self._encoder_key:
            self._encoder_key, self._vectors, self._nbytes = encoder_key, {}, 0
        stored = self.stored(vectors)
        previous = self._vectors.get(input_key)
        self._nbytes += stored.nbytes - (previous.nbytes if previous is not None else 0)
        self._vectors[input_key] = stored
        return stored.float()

    def __len__(self) -> int:
        return len(self._vectors)

    def nbytes(self) -> int:
        return self._nbytes

    def __getstate__(self) -> Dict[str, Any]:
        return {**self.__dict__, "_encoder_key": None, "_vectors": {}, "_nbytes": 0}
