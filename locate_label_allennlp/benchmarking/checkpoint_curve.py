"""
The test F1 of every epoch of a training run, for the learning curve: each checkpoint that the run kept
(``model_state_e<N>_b0.th``, the model after N epochs; train with
``-o '{"trainer.checkpointer.keep_most_recent_by_count": null}'`` to keep them all) evaluated on one file.
This reads the test set once per epoch, so it is for drawing the curve only: model selection uses dev.

The figures are stored in ``<run>/checkpoint_curve-<file name>.json`` next to the checkpoints, so a
second call reads them instead of evaluating again.
"""

import json
import re
from pathlib import Path
from typing import Dict, List, Tuple

from allennlp.common import Params
from allennlp.data import DatasetReader
from allennlp.models import Model

from locate_label_allennlp.benchmarking.accuracy import accuracy
from locate_label_allennlp.benchmarking.data import as_locate_and_label, length_sorted_chunks, tensorise
from locate_label_allennlp.metrics.nested_span_f1 import FIGURES
from locate_label_allennlp.modules.token_embedders import share_vector_cache

CHECKPOINT = re.compile(r"model_state_e(\d+)_b0\.th$")


def epoch_checkpoints(run_dir: Path) -> List[Tuple[int, Path]]:
    """``(epoch, weights)`` of every end-of-epoch checkpoint, epochs counted from 0 as in
    ``metrics_epoch_<epoch>.json``."""
    found = [
        (int(match.group(1)) - 1, path)
        for path in run_dir.iterdir()
        if (match := CHECKPOINT.search(path.name)) is not None
    ]
    return sorted(found)


def checkpoint_curve(run_dir: Path, data_file: Path, batch_size: int = 32) -> List[Dict]:
    """Per kept checkpoint: ``epoch`` and the strict ``precision``, ``recall``, ``f1`` (percent) on
    ``data_file``, decoded with the run's own decoder settings."""
    stored = run_dir / f"checkpoint_curve-{data_file.name}.json"
    checkpoints = epoch_checkpoints(run_dir)
    if not checkpoints:
        raise FileNotFoundError(f"{run_dir} holds no end-of-epoch checkpoint (model_state_e<N>_b0.th)")
    rows: Dict[int, Dict] = {}
    if stored.exists():
        rows = {row["epoch"]: row for row in json.loads(stored.read_text())}
    missing = [(epoch, weights) for epoch, weights in checkpoints if epoch not in rows]
    if missing:
        config = Params.from_file(str(run_dir / "config.json"))
        reader_params = config.get("validation_dataset_reader", config["dataset_reader"])
        reader = DatasetReader.from_params(Params(reader_params.as_dict()))
        instances = list(reader.read(str(data_file)))
        chunks = length_sorted_chunks(instances, batch_size)
        batches, cache = None, None
        for epoch, weights in missing:
            model = Model.load(config.duplicate(), str(run_dir), weights_file=str(weights))
            # A frozen transformer's vectors are the same in every checkpoint: computed once.
            cache = share_vector_cache(model, cache)
            # Tensorised once: every checkpoint shares the run's vocabulary.
            batches = batches or [tensorise(chunk, model) for chunk in chunks]
            model.eval()
            overall = accuracy(as_locate_and_label(model), batches, instances)["overall"]
            rows[epoch] = {"epoch": epoch, **{figure: overall[figure] for figure in FIGURES}}
        stored.write_text(json.dumps([rows[epoch] for epoch in sorted(rows)], indent=2) + "\n")
    return [rows[epoch] for epoch in sorted(rows)]
