"""
Table 3's ablations: separately trained archives evaluated on the test file, and the trained model
itself with other decoders (a decoder only runs at inference, so those rows need no training).
"""

import copy
from pathlib import Path
from typing import Dict, Hashable, List, Tuple

from allennlp.common import Params
from allennlp.models.archival import Archive

from locate_label_allennlp.benchmarking.accuracy import overall_accuracy
from locate_label_allennlp.benchmarking.data import load, locate_and_label, prepare
from locate_label_allennlp.benchmarking.environment import phase
from locate_label_allennlp.benchmarking.training_run import percent, training_run
from locate_label_allennlp.evaluation import metrics_by_decoder
from locate_label_allennlp.metrics.nested_span_f1 import FIGURES
from locate_label_allennlp.modules.span_decoders.span_decoder import SpanDecoder


def trained_ablations(
    ablations: List[Tuple[str, Path]], test_file: Path, batch_size: int, overrides: str
) -> Dict[str, Dict]:
    """Every (name, archive) evaluated on the test file, with its training budget and run."""
    results = {}
    for name, path in ablations:
        with phase(f"ablation {name}"):
            results[name] = ablation_accuracy(path, test_file, batch_size, overrides)
    return results


def ablation_accuracy(path: Path, test_file: Path, batch_size: int, overrides: str) -> Dict:
    archive = load(path, overrides)
    prepared = prepare(archive, test_file, batch_size)
    scores = overall_accuracy(locate_and_label(archive), prepared.batches, prepared.instances)
    trainer = archive.config.get("trainer", Params({}))
    metrics_file = path.parent / "metrics.json"  # beside model.tar.gz in a serialization dir
    return {
        "archive": str(path.absolute()),
        **scores,
        # The training budget, from the archive's own config, so that equal budgets can be checked.
        "num_epochs": trainer.get("num_epochs", None),
        "batches_per_epoch": archive.config.get("data_loader", Params({})).get("batches_per_epoch", None),
        "training_run": training_run(metrics_file) if metrics_file.is_file() else None,
    }


def decoding_ablations(archive: Archive, batches: List[Dict]) -> Dict[str, Dict]:
    """
    Table 3's "w/o Soft-NMS" and hard NMS: the trained model itself with another decoder. The decoder
    only runs at inference (training never calls it), so a model trained with it would have the same
    weights. Decoders as in training_config/ablations.libsonnet.
    """
    trained = archive.config["model"].get("decoder", Params({})).as_dict()
    score_threshold = {"score_threshold": trained["score_threshold"]} if "score_threshold" in trained else {}
    variants = {
        "no_soft_nms": {"type": "none", **score_threshold},
        "hard_nms": {"type": "hard_nms", **{k: v for k, v in trained.items() if k not in ("type", "decay")}},
    }
    decoders: Dict[Hashable, SpanDecoder] = {
        name: SpanDecoder.from_params(Params(copy.deepcopy(config))) for name, config in variants.items()
    }
    metrics = metrics_by_decoder(locate_and_label(archive), batches, decoders)
    return {
        name: {
            "decoder": config,
            **{figure: percent(metrics[name][figure]) for figure in FIGURES},
            "proposals_per_entity": metrics[name]["proposals_per_entity"],
        }
        for name, config in variants.items()
    }
