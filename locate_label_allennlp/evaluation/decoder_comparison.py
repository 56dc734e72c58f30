"""One pass of the model over a file, decoded by many decoders."""

from typing import Dict, Hashable, Iterable, List, Mapping

import torch

from locate_label_allennlp.metrics import NestedSpanF1
from locate_label_allennlp.models.locate_and_label import LocateAndLabel
from locate_label_allennlp.modules.span_decoders.span_decoder import SpanDecoder


def metrics_by_decoder(
    model: LocateAndLabel, batches: Iterable[Dict], decoders: Mapping[Hashable, SpanDecoder]
) -> Dict[Hashable, Dict[str, float]]:
    """
    The model's metric (as `get_metrics` reports it) with each of ``decoders`` in place of its own,
    from a single pass of the model over ``batches`` (tensor dicts whose metadata carry the gold
    entities). The decoder is cheap next to the rest of the model, so the proposals of every batch
    are scored once (`LocateAndLabel.propose`) and only the decoders run once each (`decode`).
    """
    recorded = []  # per batch: the proposals and the gold entities
    model.eval()
    with torch.no_grad():
        for batch in batches:
            metadata = batch.get("metadata")
            if metadata is None or any(m.get("entities") is None for m in metadata):
                raise ValueError("comparing decoders needs gold entities in every sentence of the input")
            recorded.append((model.propose(**batch), [m["entities"] for m in metadata]))

    results = {}
    for name, decoder in decoders.items():
        metric = NestedSpanF1()
        for proposals, gold in recorded:
            output = model.decode(proposals, decoder)
            metric(_entity_triples(model, output), gold, output["num_proposals"].tolist())
        results[name] = metric.get_metric()
    return results


def _entity_triples(model: LocateAndLabel, output: Dict[str, torch.Tensor]) -> List[List[tuple]]:
    return [[entity[:3] for entity in sentence] for sentence in model.decoded_entities(output)]
