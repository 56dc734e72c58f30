"""
Loading an archive without its vector caches. A model trained with a cached frozen transformer keeps
its cache in its config; a process that predicts new text (the service, a benchmark) would otherwise
fill that cache with every new sentence, without bound, and a benchmark would time cache reads.
"""

from pathlib import Path
from typing import Any, Dict, Union

from allennlp.common import Params
from allennlp.models import archival

CACHED_EMBEDDER = "cached_transformer_mismatched"


def uncached_overrides(archive_path: Union[str, Path]) -> Dict[str, Any]:
    """Overrides that switch off the vector cache of every cached transformer embedder of the archive."""
    config = _config(Path(archive_path)).as_dict(quiet=True)
    overrides: Dict[str, Any] = {}
    for field in ("text_field_embedder", "context_field_embedder"):
        embedders = (config["model"].get(field) or {}).get("token_embedders", {})
        for name, embedder in embedders.items():
            if embedder.get("type") == CACHED_EMBEDDER:
                overrides[f"model.{field}.token_embedders.{name}.cache"] = None
    return overrides


def _config(archive_path: Path) -> Params:
    if archive_path.is_dir():  # a serialization directory, as load_archive also takes
        return Params.from_file(str(archive_path / archival.CONFIG_NAME))
    # Looked up on the module when called: the plugin's safe extraction replaces it (compat).
    with archival.extracted_archive(str(archive_path)) as directory:
        return Params.from_file(str(Path(directory) / archival.CONFIG_NAME))
