"""
Model cards for trained Locate and Label models: ``model_card.json`` next to a ``model.tar.gz``, in the
model-card format of allennlp-models (`allennlp.common.model_card.ModelCard`: the paper, usage, data
and results as text) plus a ``locate_and_label`` section with the facts a program needs: the label
set, seed window sizes, embedder and encoder, data paths, thresholds and dev/test scores.

The card is built from what `allennlp train` leaves in the serialization directory (config.json,
vocabulary/, metrics.json) or, given a model.tar.gz, what the archive holds (config.json,
vocabulary/) and a metrics.json beside it. Dev/test scores come from metrics.json
(``best_validation_*``, ``test_*``) unless `allennlp evaluate --output-file` results are given.
`allennlp nested-ner-card` is the command for it.
"""

import datetime
import io
import json
import os
import shutil
import tarfile
import tempfile
from typing import Any, Dict, List, Optional, Tuple

from locate_label_allennlp.metrics.nested_span_f1 import FIGURES, OVERALL, group_key

CARD_NAME = "model_card.json"
ARCHIVE_NAME = "model.tar.gz"
SECTION = "locate_and_label"
"""The card's own section; everything else is `ModelCard` fields."""

PAPER = {
    "title": "Locate and Label: A Two-stage Identifier for Nested Named Entity Recognition "
    "(Shen et al., ACL 2021)",
    "url": "https://aclanthology.org/2021.acl-long.216",
    "citation": "@inproceedings{shen-etal-2021-locate,\n  title = {Locate and Label: A Two-stage Identifier "
    "for Nested Named Entity Recognition},\n  author = {Shen, Yongliang and Ma, Xinyin and Tan, Zeqi and "
    "Zhang, Shuai and Wang, Wen and Lu, Weiming},\n  booktitle = {Proceedings of ACL-IJCNLP 2021},\n"
    "  year = {2021},\n  pages = {2782--2794}\n}",
}


class ModelCardError(ValueError):
    """A model or metrics file that cannot make a card; the message names it."""


def _read_json(path: str) -> Dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            value = json.load(handle)
    except (OSError, json.JSONDecodeError) as error:
        raise ModelCardError(f"cannot read {path}: {error}") from error
    if not isinstance(value, dict):
        raise ModelCardError(f"{path}: expected a JSON object")
    return value


def locate_model(model: str) -> Tuple[str, Optional[str]]:
    """``(directory of the card, archive path or None)``."""
    if os.path.isdir(model):
        archive = os.path.join(model, ARCHIVE_NAME)
        return model, archive if os.path.isfile(archive) else None
    if os.path.isfile(model) and tarfile.is_tarfile(model):
        return os.path.dirname(os.path.abspath(model)), model
    raise ModelCardError(f"{model} is neither a serialization directory nor a model archive")


def _model_files(model: str, workdir: str) -> Tuple[Dict[str, Any], str]:
    """The training config and the vocabulary directory, from a serialization dir or an archive."""
    if os.path.isdir(model) and os.path.isfile(os.path.join(model, "config.json")):
        vocabulary = os.path.join(model, "vocabulary")
        if not os.path.isdir(vocabulary):
            raise ModelCardError(f"{model} has no vocabulary/ directory")
        return _read_json(os.path.join(model, "config.json")), vocabulary
    _, archive = locate_model(model)
    if archive is None:
        raise ModelCardError(f"{model} has neither config.json nor {ARCHIVE_NAME}")
    os.makedirs(os.path.join(workdir, "vocabulary"))
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            name = member.name[2:] if member.name.startswith("./") else member.name
            directory, _, base = name.rpartition("/")
            # Only config.json and the flat vocabulary/ files, copied by their base name.
            if member.isfile() and (name == "config.json" or (directory == "vocabulary" and base)):
                with open(os.path.join(workdir, name), "wb") as target:
                    shutil.copyfileobj(tar.extractfile(member), target)  # type: ignore[arg-type]  # a file member: never None
    if not os.path.isfile(os.path.join(workdir, "config.json")):
        raise ModelCardError(f"{archive} has no config.json")
    return _read_json(os.path.join(workdir, "config.json")), os.path.join(workdir, "vocabulary")


def _labels(vocabulary_dir: str, namespace: str) -> List[str]:
    from allennlp.data import Vocabulary

    vocabulary = Vocabulary.from_files(vocabulary_dir)
    labels = vocabulary.get_index_to_token_vocabulary(namespace)
    return [labels[index] for index in sorted(labels)]


def _component(config: Optional[Dict[str, Any]]) -> Optional[str]:
    """``lstm(bidirectional, hidden_size=32)``-like summary of a registered component's config."""
    if not config:
        return None
    details = []
    for key in ("model_name", "pretrained_file", "embedding_dim", "hidden_size", "num_layers"):
        if key in config:
            details.append(f"{key}={config[key]}")
    if config.get("bidirectional"):
        details.insert(0, "bidirectional")
    return f"{config.get('type', '?')}({', '.join(details)})" if details else str(config.get("type", "?"))


def _pretrained_models(config: Any) -> List[str]:
    """Every ``model_name`` (Hugging Face transformer) anywhere in the config."""
    found: List[str] = []
    if isinstance(config, dict):
        for key, value in config.items():
            if key == "model_name" and isinstance(value, str):
                found.append(value)
            else:
                found.extend(_pretrained_models(value))
    elif isinstance(config, list):
        for value in config:
            found.extend(_pretrained_models(value))
    return sorted(set(found))


def _scores(metrics: Dict[str, Any], prefix: str) -> Optional[Dict[str, float]]:
    if prefix + group_key(OVERALL, "f1") not in metrics:
        return None
    keys = {name: prefix + group_key(OVERALL, name) for name in FIGURES}
    return {name: metrics[key] for name, key in keys.items() if key in metrics}


def _evaluation(path: Optional[str], training_metrics: Dict[str, Any], prefixes: Tuple[str, ...]):
    """``(scores, source)`` from an evaluate JSON when given, else from the training metrics."""
    if path is not None:
        scores = _scores(_read_json(path), "")
        if scores is None:
            raise ModelCardError(
                f"{path}: no 'f1' (expected the output of `allennlp evaluate --output-file`)"
            )
        return scores, os.path.basename(path)
    for prefix in prefixes:
        scores = _scores(training_metrics, prefix)
        if scores is not None:
            return scores, f"metrics.json {prefix}*"
    return None, None


def build_model_card(
    model: str,
    dev_metrics: Optional[str] = None,
    test_metrics: Optional[str] = None,
    card_id: Optional[str] = None,
) -> Dict[str, Any]:
    """The card (a JSON-able dict) of a serialization directory or a model archive."""
    card_dir, archive = locate_model(model)
    config, labels = _trained_config_and_labels(model)
    metrics_path = os.path.join(card_dir, "metrics.json")
    training_metrics = _read_json(metrics_path) if os.path.isfile(metrics_path) else {}
    dev, dev_source = _evaluation(dev_metrics, training_metrics, ("best_validation_", "validation_"))
    test, test_source = _evaluation(test_metrics, training_metrics, ("test_",))
    section = {
        **_architecture(config),
        "labels": labels,
        "train_data_path": config.get("train_data_path"),
        "validation_data_path": config.get("validation_data_path"),
        "test_data_path": config.get("test_data_path"),
        "dev": dev,
        "dev_source": dev_source,
        "test": test,
        "test_source": test_source,
        "best_epoch": training_metrics.get("best_epoch"),
        "training_duration": training_metrics.get("training_duration"),
        "archive": os.path.basename(archive) if archive else None,
        "predictor": "nested_ner",
    }
    name = os.path.basename(os.path.normpath(card_dir)) or "model"
    return {
        **_model_card_fields(section, config, card_id or f"nested-ner-locate-and-label-{name}"),
        SECTION: section,
    }


def _trained_config_and_labels(model: str) -> Tuple[Dict[str, Any], List[str]]:
    """The training config and the entity types of a Locate and Label serialization dir or archive."""
    workdir = tempfile.mkdtemp(prefix="nested_ner_card_")
    try:
        config, vocabulary_dir = _model_files(model, workdir)
        model_config = config.get("model") or {}
        if model_config.get("type") != "locate_and_label":
            raise ModelCardError(
                f"{model}: the model is {model_config.get('type')!r}, not 'locate_and_label'"
            )
        return config, _labels(vocabulary_dir, model_config.get("label_namespace", "labels"))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _architecture(config: Dict[str, Any]) -> Dict[str, Any]:
    """The card section's facts about the model's parts, from its training config."""
    from locate_label_allennlp.models.locate_and_label import DEFAULT_WINDOW_SIZES

    model_config = config.get("model") or {}
    embedder = (model_config.get("text_field_embedder") or {}).get("token_embedders") or {}
    reader = config.get("dataset_reader") or {}
    return {
        "label_namespace": model_config.get("label_namespace", "labels"),
        "window_sizes": list(model_config.get("window_sizes") or DEFAULT_WINDOW_SIZES),
        "encoder": _component(model_config.get("encoder"))
        or "none (the embeddings go straight to the span heads)",
        "token_embedders": {name: _component(value) for name, value in sorted(embedder.items())},
        "pretrained_transformers": _pretrained_models(model_config.get("text_field_embedder")),
        "tokenizer": _component(reader.get("tokenizer")) or "whitespace",
        "span_proposal_filter": model_config.get("span_proposal_filter", "default"),
        "boundary_regressor": model_config.get("boundary_regressor", "default"),
        "decoder": model_config.get("decoder") or {"type": "soft_nms"},
    }


def _f1_text(scores: Optional[Dict[str, float]], source: Optional[str]) -> str:
    if scores is None:
        return "not measured"
    return (
        f"F1 {100 * scores['f1']:.2f} (P {100 * scores.get('precision', float('nan')):.2f}, "
        f"R {100 * scores.get('recall', float('nan')):.2f}; from {source})"
    )


def _model_card_fields(section: Dict[str, Any], config: Dict[str, Any], card_id: str) -> Dict[str, Any]:
    """The fields of allennlp's `ModelCard`, as text, from the card's own section."""
    import inspect

    from locate_label_allennlp.models.locate_and_label import LocateAndLabel

    labels, transformers = section["labels"], section["pretrained_transformers"]
    encoder_name = " + ".join(transformers) or ", ".join(f"{v}" for v in section["token_embedders"].values())
    architecture = f"{encoder_name} -> {section['encoder']}"
    keep_threshold = (config.get("model", {}).get("span_proposal_filter") or {}).get("keep_threshold")
    dev_text, test_text = (
        _f1_text(section["dev"], section["dev_source"]),
        _f1_text(section["test"], section["test_source"]),
    )
    return {
        "id": card_id,
        "registered_model_name": "locate_and_label",
        "registered_predictor_name": "nested_ner",
        "display_name": "Locate and Label (nested NER)",
        "task_id": "nested-ner",
        "model_details": {
            "description": inspect.cleandoc(LocateAndLabel.__doc__ or "").split("# Parameters")[0].strip(),
            "short_description": f"Locate and Label nested NER ({architecture}) for {len(labels)} entity "
            f"types: {', '.join(labels)}.",
            "date": datetime.date.today().isoformat(),
            "model_type": architecture,
            "paper": PAPER,
        },
        "intended_use": {
            "primary_uses": f"Nested named-entity recognition of {', '.join(labels)} in text like the "
            f"training data ({config.get('train_data_path')}). Raw text is split by the {section['tokenizer']} "
            "tokenizer; pre-tokenised input gives the best match to the training data.",
        },
        "metrics": {
            "model_performance_measures": "Strict span precision, recall and F1 (start, end and type must "
            "all match; nested entities are judged one by one).",
            "decision_thresholds": f"span proposal filter keep_threshold={keep_threshold}; decoder "
            f"{json.dumps(section['decoder'], sort_keys=True)}",
        },
        "training_data": {"dataset": {"name": str(config.get("train_data_path"))}},
        "evaluation_data": {
            "dataset": {"name": str(config.get("test_data_path") or config.get("validation_data_path"))}
        },
        "quantitative_analyses": {"unitary_results": f"dev: {dev_text}; test: {test_text}"},
        "model_usage": {
            "install_instructions": "Install allennlp 2.10.1 and the locate_label_allennlp plugin (see its "
            "README), then Predictor.from_path(ARCHIVE, 'nested_ner').",
        },
    }


def write_model_card(
    model: str,
    output_file: Optional[str] = None,
    dev_metrics: Optional[str] = None,
    test_metrics: Optional[str] = None,
    card_id: Optional[str] = None,
    embed: bool = False,
) -> Tuple[Dict[str, Any], str]:
    """Builds the card of ``model``, writes it (default: beside the archive) and, with ``embed``, also
    into the archive. Returns the card and where it was written."""
    card = build_model_card(model, dev_metrics, test_metrics, card_id)
    card_dir, archive = locate_model(model)
    output = output_file or os.path.join(card_dir, CARD_NAME)
    with open(output, "w", encoding="utf-8") as handle:
        json.dump(card, handle, indent=2)
        handle.write("\n")
    if embed:
        if archive is None:
            raise ModelCardError(f"--embed: no {ARCHIVE_NAME} in {model}")
        embed_in_archive(archive, card)
    return card, output


def embed_in_archive(archive: str, card: Dict[str, Any]) -> None:
    """Rewrites ``archive`` with ``model_card.json`` added (or replaced); allennlp ignores the extra file."""
    data = (json.dumps(card, indent=2) + "\n").encode("utf-8")
    directory = os.path.dirname(os.path.abspath(archive))
    handle, temporary = tempfile.mkstemp(prefix=".model_card_", suffix=".tar.gz", dir=directory)
    os.close(handle)
    try:
        with tarfile.open(archive, "r:gz") as source, tarfile.open(temporary, "w:gz") as target:
            for member in source.getmembers():
                if member.name.lstrip("./") == CARD_NAME:
                    continue
                target.addfile(member, source.extractfile(member) if member.isfile() else None)
            info = tarfile.TarInfo(CARD_NAME)
            info.size = len(data)
            info.mtime = int(datetime.datetime.now().timestamp())
            info.mode = 0o644
            target.addfile(info, io.BytesIO(data))
        os.replace(temporary, archive)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def load_model_card(path: str) -> Dict[str, Any]:
    """
    A card as a dict: ``path`` is a model_card.json, a serialization directory, or a model.tar.gz
    (the card inside it, else the one beside it). ``ModelCard.from_params(Params(card_without_section))``
    gives allennlp's object; ``card["locate_and_label"]`` the structured facts.
    """
    if os.path.isdir(path):
        path = os.path.join(path, CARD_NAME)
    elif tarfile.is_tarfile(path):
        with tarfile.open(path, "r:gz") as tar:
            names = {member.name.lstrip("./"): member for member in tar.getmembers()}
            if CARD_NAME in names:
                return json.load(tar.extractfile(names[CARD_NAME]))  # type: ignore[arg-type]  # a file member
        path = os.path.join(os.path.dirname(os.path.abspath(path)), CARD_NAME)
    return _read_json(path)


def as_allennlp_model_card(card: Dict[str, Any]):
    """The card as `allennlp.common.model_card.ModelCard` (without the ``locate_and_label`` section)."""
    from allennlp.common import Params
    from allennlp.common.model_card import ModelCard

    import locate_label_allennlp  # noqa: F401  (registers locate_and_label)

    return ModelCard.from_params(Params({key: value for key, value in card.items() if key != SECTION}))
