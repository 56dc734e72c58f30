"""
Selecting the decoder's settings on a development file: u (decay), k (IoU threshold) and delta
(score threshold) of Algorithm 1 are decoding choices, not weights, so they are searched together
on dev (never on test) after training, over one pass of the model (see `decoder_comparison`).
"""

import copy
import inspect
import itertools
from typing import Dict, Hashable, List, Mapping, Sequence

from allennlp.data import Instance
from allennlp.data.data_loaders import SimpleDataLoader
from allennlp.nn import util as nn_util

from locate_label_allennlp.evaluation.decoder_comparison import metrics_by_decoder
from locate_label_allennlp.models.locate_and_label import LocateAndLabel
from locate_label_allennlp.modules.span_decoders.span_decoder import SpanDecoder

DecoderGrid = Mapping[str, Sequence[float]]
"""Values to try for each setting of a decoder, by its constructor argument name."""

DEFAULT_GRID: DecoderGrid = {
    "decay": (0.5, 0.6, 0.7, 0.8, 0.9),
    "iou_threshold": (0.4, 0.5, 0.6, 0.7, 0.8),
    "score_threshold": (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8),
}


def tunable_settings(decoder: SpanDecoder) -> List[str]:
    """The numeric settings that ``decoder`` takes in its config (``decay`` is not one of hard NMS's)."""
    parameters = inspect.signature(type(decoder).__init__).parameters
    return [name for name in DEFAULT_GRID if name in parameters]


def decoder_settings(decoder: SpanDecoder) -> Dict[str, float]:
    return {name: getattr(decoder, name) for name in tunable_settings(decoder)}


def tune_decoder(
    model: LocateAndLabel,
    instances: List[Instance],
    grid: DecoderGrid = DEFAULT_GRID,
    batch_size: int = 32,
    cuda_device: int = -1,
) -> List[Dict]:
    """
    Dev precision, recall and F1 (in [0, 1]) of ``model`` for every combination of ``grid``'s values
    of the settings its decoder takes (the others keep the model's value), in grid order. Each row
    holds the settings and "precision", "recall", "f1". The instances need gold entities.
    """
    searched = {name: list(grid[name]) for name in tunable_settings(model.decoder) if name in grid}
    combinations = [dict(zip(searched, values)) for values in itertools.product(*searched.values())]
    decoders: Dict[Hashable, SpanDecoder] = {}
    for index, settings in enumerate(combinations):
        decoders[index] = copy.deepcopy(model.decoder)
        for name, value in settings.items():
            setattr(decoders[index], name, value)
    loader = SimpleDataLoader(instances, batch_size, vocab=model.vocab)
    batches = (nn_util.move_to_device(batch, cuda_device) for batch in loader)
    metrics = metrics_by_decoder(model, batches, decoders)
    return [
        {
            **decoder_settings(decoders[index]),
            **{key: metrics[index][key] for key in ("precision", "recall", "f1")},
        }
        for index in range(len(combinations))
    ]


def best_row(rows: List[Dict]) -> Dict:
    """The highest F1; on a tie the higher score threshold (fewer, surer entities), then grid order."""
    return max(rows, key=lambda row: (row["f1"], row.get("score_threshold", 0.0)))


def overrides_for(row: Dict) -> Dict[str, float]:
    """The ``-o`` overrides that give a model the decoder settings of ``row``."""
    return {f"model.decoder.{name}": row[name] for name in DEFAULT_GRID if name in row}
