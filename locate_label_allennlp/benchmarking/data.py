"""The inputs of the measurements: the archive, its test sentences, batched and tensorised once."""

import itertools
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, Tuple

from allennlp.common.checks import ConfigurationError
from allennlp.data import Batch, Instance
from allennlp.data.fields import MetadataField
from allennlp.models import Model
from allennlp.models.archival import Archive, load_archive

from locate_label_allennlp.benchmarking.environment import phase
from locate_label_allennlp.benchmarking.paths import FIXTURES, REPO_ROOT
from locate_label_allennlp.dataset_readers.nested_ner import padded_length
from locate_label_allennlp.models.locate_and_label import LocateAndLabel
from locate_label_allennlp.modules.token_embedders import switch_off_vector_caches

INPUT_FIELDS = ("tokens", "context_tokens", "context_offset")  # what a forward pass needs to predict


class Prepared(NamedTuple):
    """A file's sentences, cut into length-sorted chunks, and each chunk as a tensor dict."""

    instances: List[Instance]
    chunks: List[List[Instance]]
    batches: List[Dict]


def load(archive_path: Path, overrides: str) -> Archive:
    """The archive with ``overrides`` (JSON) applied and its vector caches switched off, so that every
    measurement computes every sentence, as a first prediction of new text does."""
    archive = load_archive(str(archive_path), overrides=overrides or "")
    switch_off_vector_caches(archive.model)
    archive.model.eval()
    return archive


def locate_and_label(archive: Archive) -> LocateAndLabel:
    """The archive's model, which the benchmark measures through `LocateAndLabel`'s public methods."""
    return as_locate_and_label(archive.model)


def as_locate_and_label(model: Model) -> LocateAndLabel:
    if not isinstance(model, LocateAndLabel):
        raise ConfigurationError(
            f"the benchmark measures locate_and_label models, not {type(model).__name__}"
        )
    return model


def gold_entities(instances: List[Instance]) -> List[Tuple[int, int, str]]:
    """Every gold entity of the instances, as ``(start, end_exclusive, type)``."""
    entities: List[Tuple[int, int, str]] = []
    for instance in instances:
        metadata = instance["metadata"]
        if not isinstance(metadata, MetadataField):
            raise ConfigurationError("the benchmark reads gold entities from a nested_ner reader's metadata")
        entities.extend((start, end, label) for start, end, label in metadata.metadata["entities"] or [])
    return entities


def read_instances(archive: Archive, path: Path, limit: Optional[int] = None) -> List[Instance]:
    return list(itertools.islice(archive.validation_dataset_reader.read(str(path)), limit))


def length_sorted_chunks(instances: List[Instance], batch_size: int) -> List[List[Instance]]:
    """
    What the predictor does (`NestedNerPredictor` with a batch size): sentences sorted by the length
    their batch is padded to (their context's, with a transformer), cut into batches.
    """
    ordered = sorted(instances, key=padded_length)
    return [ordered[start : start + batch_size] for start in range(0, len(ordered), batch_size)]


def tensorise(instances: List[Instance], model: Model) -> Dict:
    batch = Batch(instances)
    batch.index_instances(model.vocab)
    return batch.as_tensor_dict()


def prepare(archive: Archive, path: Path, batch_size: int, limit: Optional[int] = None) -> Prepared:
    instances = read_instances(archive, path, limit)
    chunks = length_sorted_chunks(instances, batch_size)
    return Prepared(instances, chunks, [tensorise(chunk, archive.model) for chunk in chunks])


def inputs_only(batch: Dict) -> Dict:
    """The fields a forward pass needs to predict: no gold entities, so no loss and no metric."""
    return {name: batch[name] for name in INPUT_FIELDS if name in batch}


def train_fixture_experiment(directory: Path) -> Path:
    """Trains fixtures/experiment.jsonnet in a separate process; returns its serialization dir."""
    serialization_dir = directory / "fixture_model"
    log = directory / "train.log"
    with phase("training the fixture experiment"), log.open("w") as handle:
        completed = subprocess.run(
            [
                sys.executable, "-m", "allennlp", "train", str(FIXTURES / "experiment.jsonnet"),
                "-s", str(serialization_dir), "--include-package", "locate_label_allennlp",
            ],
            cwd=REPO_ROOT,
            stdout=handle, stderr=subprocess.STDOUT,
        )  # fmt: skip
    if completed.returncode != 0:
        tail = "\n".join(log.read_text().splitlines()[-30:])
        raise SystemExit(f"training the fixture experiment failed:\n{tail}")
    return serialization_dir
