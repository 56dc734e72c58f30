"""
Inference and training speed: the two-stage model against its encoder alone and against exhaustive
span classification (the same weights without filter and regressor), and timed optimizer steps.
"""

import copy
from pathlib import Path
from typing import Dict, List

import torch
from allennlp.common import Params
from allennlp.models import Model
from allennlp.models.archival import Archive
from allennlp.models.model import remove_weights_related_keys_from_params
from allennlp.nn.util import get_text_field_mask
from allennlp.training.optimizers import Optimizer

from locate_label_allennlp.benchmarking.data import locate_and_label, prepare
from locate_label_allennlp.benchmarking.runs import decode_statistics, predict, time_in_turns, timing
from locate_label_allennlp.models.locate_and_label import LocateAndLabel
from locate_label_allennlp.modules.token_embedders import switch_off_vector_caches


def exhaustive_from(archive: Archive) -> Model:
    """The archive's model without filter and regressor (every seed classified), sharing its weights."""
    params = archive.config.duplicate()["model"]
    params["span_proposal_filter"] = None
    params["boundary_regressor"] = None
    remove_weights_related_keys_from_params(params)  # e.g. word vectors: the weights come from the archive
    model = Model.from_params(vocab=archive.model.vocab, params=params)
    missing, _ = model.load_state_dict(archive.model.state_dict(), strict=False)
    if missing:
        raise RuntimeError(f"the exhaustive model has weights the archive lacks: {missing}")
    # Built from the config, it has the config's vector cache: timings would read it after the warm-up.
    switch_off_vector_caches(model)
    return model.eval()


def encode_only(model: LocateAndLabel, batches: List[Dict]) -> None:
    """The encoder alone: the model's embedders and encoder, as its forward runs them, no span heads."""
    for batch in batches:
        if get_text_field_mask(batch["tokens"]).size(1) == 0:  # only empty sentences: forward skips it too
            continue
        model.encode(batch["tokens"], batch.get("context_tokens"), batch.get("context_offset"))


def inference(archive: Archive, batches: List[Dict], sentences: int, repetitions: int) -> Dict:
    """Forward passes over all batches, from tensors and without gold entities, taking turns."""
    model = locate_and_label(archive)
    exhaustive = exhaustive_from(archive)
    with torch.no_grad():
        seconds = time_in_turns(
            {
                "two_stage": lambda: predict(model, batches),
                "encoder_only": lambda: encode_only(model, batches),
                "exhaustive": lambda: predict(exhaustive, batches),
            },
            repetitions,
        )
        exhaustive_decoding = decode_statistics(exhaustive, batches, with_gold=False)
    results = {name: timing(runs, sentences) for name, runs in seconds.items()}
    results["exhaustive"]["decoding"] = exhaustive_decoding
    two_stage = results["two_stage"]["median_seconds"]
    return {
        **results,
        "ratio_to_encoder": two_stage / results["encoder_only"]["median_seconds"],
        "speedup_vs_exhaustive": results["exhaustive"]["median_seconds"] / two_stage,
    }


def training_speed(archive: Archive, train_file: Path, steps: int, batch_size: int, repetitions: int) -> Dict:
    """Optimizer steps (forward, backward, clipping, update) on a copy of the model, in train mode, with the
    archive's optimizer and gradient clipping, on the first ``steps * batch_size`` sentences."""
    model = copy.deepcopy(archive.model).train()
    prepared = prepare(archive, train_file, batch_size, limit=steps * batch_size)
    trainer = archive.config.get("trainer", Params({})).duplicate()
    optimizer = Optimizer.from_params(
        model_parameters=[[n, p] for n, p in model.named_parameters() if p.requires_grad],
        params=trainer.pop("optimizer", Params({})),
    )
    grad_norm = trainer.get("grad_norm", None)

    def train_steps() -> None:
        for batch in prepared.batches:
            optimizer.zero_grad()
            model(**batch)["loss"].backward()
            if grad_norm:
                torch.nn.utils.clip_grad_norm_(model.parameters(), grad_norm)
            optimizer.step()

    seconds = time_in_turns({"training": train_steps}, repetitions)["training"]
    sentences = len(prepared.instances)
    return {"steps": len(prepared.batches), "sentences": sentences, **timing(seconds, sentences)}
