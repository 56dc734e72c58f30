import os
import struct
from typing import Any, Dict, Optional

import torch

from locate_label_allennlp.modules.vector_caches.vector_cache import STORAGE_DTYPES, VectorCache

# LMDB reserves address space, not disk: the file grows with what is stored.
MAP_SIZE = 1 << 40

# LMDB opens a database once per process: caches on the same directory share it.
_DATABASES: Dict[str, Any] = {}


@VectorCache.register("disk")
class DiskVectorCache(VectorCache):
    """
    Keeps the vectors on disk, in an LMDB database per encoder under ``directory``
    (``directory/<encoder key>-<dtype>``), so that they outlive the process: a second training run, or an
    evaluation, of a model with the same frozen encoder reuses them. Another encoder (other weights or
    settings) gets its own database; delete ``directory`` to reclaim the space.

    # Parameters
    directory : `str`
        Where the databases go (created if missing).
    dtype : `str`, optional (default = `"float32"`)
        See `VectorCache`.
    """

    def __init__(self, directory: str, dtype: str = "float32") -> None:
        super().__init__(dtype)
        self.directory = directory
        self._encoder_key: Optional[str] = None
        self._database: Any = None

    def get(self, encoder_key: str, input_key: bytes) -> Optional[torch.Tensor]:
        database = self._open(encoder_key, create=False)
        if database is None:
            return None
        with database.begin() as transaction:
            value = transaction.get(input_key)
        return None if value is None else self._decode(value).float()

    def put(self, encoder_key: str, input_key: bytes, vectors: torch.Tensor) -> torch.Tensor:
        stored = self.stored(vectors)
        with self._open(encoder_key, create=True).begin(write=True) as transaction:
            transaction.put(input_key, self._encode(stored))
        return stored.float()

    def __len__(self) -> int:
        return 0 if self._database is None else self._database.stat()["entries"]

    def nbytes(self) -> int:
        if self._database is None:
            return 0
        info, stat = self._database.info(), self._database.stat()
        return info["last_pgno"] * stat["psize"]

    def _open(self, encoder_key: str, create: bool) -> Any:
        if encoder_key != self._encoder_key:
            import lmdb

            # The storage precision is part of the name: the bytes mean nothing without it.
            path = os.path.abspath(os.path.join(self.directory, f"{encoder_key}-{self.dtype}"))
            if not create and not os.path.isdir(path):
                return None
            if path not in _DATABASES:
                os.makedirs(path, exist_ok=True)
                # No flush to disk per stored sentence: a cache need not survive a machine crash (a
                # killed process's writes are kept by the operating system all the same).
                _DATABASES[path] = lmdb.open(path, map_size=MAP_SIZE, sync=False)
            self._database, self._encoder_key = _DATABASES[path], encoder_key
        return self._database

    @staticmethod
    def _encode(vectors: torch.Tensor) -> bytes:
        header = struct.pack(f"<I{vectors.dim()}I", vectors.dim(), *vectors.shape)
        return header + vectors.reshape(-1).view(torch.uint8).numpy().tobytes()

    def _decode(self, value: bytes) -> torch.Tensor:
        (ndim,) = struct.unpack_from("<I", value)
        shape = struct.unpack_from(f"<{ndim}I", value, 4)
        data = torch.frombuffer(bytearray(value[4 + 4 * ndim :]), dtype=torch.uint8)
        return data.view(STORAGE_DTYPES[self.dtype]).reshape(shape)

    def __getstate__(self) -> Dict[str, Any]:
        return {**self.__dict__, "_encoder_key": None, "_database": None}
