from locate_label_allennlp.modules.vector_caches.disk import DiskVectorCache
from locate_label_allennlp.modules.vector_caches.memory import MemoryVectorCache
from locate_label_allennlp.modules.vector_caches.vector_cache import VectorCache

__all__ = ["DiskVectorCache", "MemoryVectorCache", "VectorCache"]
