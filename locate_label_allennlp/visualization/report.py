"""
Evaluation reports for nested NER: a text table (overall, per entity type, per exact entity length
1..19 and >=20 like Table 2 of the paper, and per length bucket) and a PNG plot of F1 by entity
length. The input is either

* the metrics JSON of ``allennlp evaluate --output-file`` (or a training ``metrics.json``, whose
  ``test_`` / ``best_validation_`` / ``validation_`` figures are used, in that order of preference),
  which has precision, recall and F1 but no counts; or
* a predictions JSON-lines file with gold entities (``allennlp predict --use-dataset-reader`` on
  annotated data, or inputs that carried ``"entities"``), scored here with `NestedSpanF1`, the
  model's own metric, which also gives the counts (gold, predicted, correct) of every row.

    allennlp nested-ner-report dev_predictions.jsonl -o report.txt --plot f1_by_length.png
"""

import json
from dataclasses import dataclass, field
from typing import List, Mapping, Optional, Sequence, Tuple

from locate_label_allennlp.data.predictions_file import PredictionsFileError, check_prediction
from locate_label_allennlp.metrics.nested_span_f1 import (
    EXACT_LENGTH_NAMES,
    FIGURES,
    LENGTH_BUCKETS,
    OVERALL,
    NestedSpanF1,
    bucket_group,
    exact_length_group,
    group_key,
    split_key,
    type_group,
)

METRICS_PREFIXES = ("", "test_", "best_validation_", "validation_")


class ReportInputError(ValueError):
    pass


@dataclass
class Row:
    name: str
    precision: Optional[float] = None
    recall: Optional[float] = None
    f1: Optional[float] = None
    gold: Optional[int] = None
    predicted: Optional[int] = None
    correct: Optional[int] = None


@dataclass
class Report:
    source: str
    description: str
    overall: Row
    types: List[Row]
    lengths: List[Row]
    """One row per exact length: ``1`` .. ``19`` and ``>=20``."""
    buckets: List[Row]
    has_counts: bool
    notes: List[str] = field(default_factory=list)


Figures = Tuple[Optional[float], Optional[float], Optional[float]]
"""Precision, recall and F1, each `None` when not reported."""


def _figures(metrics: Mapping[str, float], group: str, prefix: str = "") -> Figures:
    """A group's P, R and F1 in a metrics dictionary whose keys carry ``prefix`` (e.g. "test_")."""
    precision, recall, f1 = (metrics.get(prefix + group_key(group, name)) for name in FIGURES)
    return precision, recall, f1


def report_from_metrics(metrics: Mapping[str, float], source: str, prefix: Optional[str] = None) -> Report:
    """A report from a metrics dictionary (``allennlp evaluate`` or training ``metrics.json``)."""
    if prefix is None:
        prefix = next((p for p in METRICS_PREFIXES if f"{p}f1" in metrics), None)
        if prefix is None:
            raise ReportInputError(
                f"{source}: no 'f1' (nor test_f1, best_validation_f1, validation_f1): not the metrics of a "
                "nested NER model"
            )
    elif f"{prefix}f1" not in metrics:
        raise ReportInputError(f"{source}: no '{prefix}f1' in the metrics")
    type_prefix = type_group("")
    groups = {split_key(key[len(prefix) :]) for key in metrics if key.startswith(prefix)}
    types = sorted(
        group[len(type_prefix) :] for group, _ in filter(None, groups) if group.startswith(type_prefix)
    )
    report = Report(
        source=source,
        description=f"metrics JSON, {prefix}* figures" if prefix else "metrics JSON",
        overall=Row("overall", *_figures(metrics, OVERALL, prefix)),
        types=[Row(name, *_figures(metrics, type_group(name), prefix)) for name in types],
        lengths=[
            Row(name, *_figures(metrics, exact_length_group(name), prefix)) for name in EXACT_LENGTH_NAMES
        ],
        buckets=[Row(name, *_figures(metrics, bucket_group(name), prefix)) for name, _, _ in LENGTH_BUCKETS],
        has_counts=False,
    )
    report.notes.append(
        "A metrics JSON has no counts; run the report on predictions with gold entities for them."
    )
    return report


def report_from_predictions(records: Sequence[Mapping], source: str) -> Report:
    """A report from prediction records that carry ``gold_entities``, scored with `NestedSpanF1`."""
    metric = NestedSpanF1()
    scored = errors = 0
    for number, record in enumerate(records, start=1):
        if "error" in record:
            errors += 1
            continue
        if record.get("gold_entities") is None:
            raise ReportInputError(
                f"{source}: prediction {number} has no 'gold_entities'; predict annotated data with "
                '`allennlp predict --use-dataset-reader`, or give inputs with their "entities"'
            )
        metric(
            [[(e["start"], e["end"], e["type"]) for e in record["entities"]]],
            [[(e["start"], e["end"], e["type"]) for e in record["gold_entities"]]],
        )
        scored += 1
    if not scored:
        raise ReportInputError(f"{source}: no predictions to score")
    metrics = metric.get_metric()
    # The metric's own counts, so the table agrees exactly with the figures it reports.
    counts = metric.total_counts()

    def row(name: str, group: str) -> Row:
        tp, fp, fn = (counts[(group, outcome)] for outcome in ("tp", "fp", "fn"))
        figures = _figures(metrics, group) if tp + fp + fn else (None, None, None)
        return Row(name, *figures, gold=tp + fn, predicted=tp + fp, correct=tp)

    groups = {key[0] for key in counts if isinstance(key, tuple)}
    type_prefix = type_group("")
    types = sorted(group[len(type_prefix) :] for group in groups if group.startswith(type_prefix))
    report = Report(
        source=source,
        description=f"predictions with gold entities, {scored} sentence{'s' if scored != 1 else ''}",
        overall=row("overall", OVERALL),
        types=[row(name, type_group(name)) for name in types],
        lengths=[row(name, exact_length_group(name)) for name in EXACT_LENGTH_NAMES],
        buckets=[row(name, bucket_group(name)) for name, _, _ in LENGTH_BUCKETS],
        has_counts=True,
    )
    if errors:
        report.notes.append(
            f"{errors} input line{'s' if errors != 1 else ''} with prediction errors left out."
        )
    return report


def load_report(path: str, prefix: Optional[str] = None) -> Report:
    """Reads a metrics JSON object or a predictions JSON-lines file (told apart by content)."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, dict) and "tokens" not in whole and "error" not in whole:
        return report_from_metrics(whole, path, prefix)
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            check_prediction(record, f"{path}:{number}")
        except json.JSONDecodeError as error:
            raise ReportInputError(f"{path}:{number}: invalid JSON: {error.msg}") from error
        except PredictionsFileError as error:
            raise ReportInputError(str(error)) from error
        records.append(record)
    return report_from_predictions(records, path)


def _percent(value: Optional[float]) -> str:
    return "-" if value is None else f"{100 * value:.2f}"


def _count(value: Optional[int]) -> str:
    return "-" if value is None else str(value)


def format_report(report: Report) -> str:
    """The report as a plain-text table (P, R and F1 in percent)."""
    width = max([12] + [len(row.name) for row in report.types])
    header = f"{'':<{width}} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6} {'pred':>6} {'correct':>7}"

    def line(row: Row) -> str:
        return (
            f"{row.name:<{width}} {_percent(row.precision):>7} {_percent(row.recall):>7} {_percent(row.f1):>7} "
            f"{_count(row.gold):>6} {_count(row.predicted):>6} {_count(row.correct):>7}"
        )

    lines = [
        f"Nested NER evaluation of {report.source} ({report.description})",
        "Strict matching: a predicted entity is correct when its start, end and type equal a gold entity's.",
        "",
        header,
        line(report.overall),
        "",
        "By entity type",
        *[line(row) for row in report.types],
        "",
        "By entity length in tokens (as in Table 2 of the paper)",
        *[line(row) for row in report.lengths],
        "",
        "By length bucket",
        *[line(row) for row in report.buckets],
    ]
    if report.notes:
        lines += [""] + report.notes
    return "\n".join(lines) + "\n"


def plot_f1_by_length(report: Report, path: str) -> None:
    """A PNG bar chart of F1 by exact entity length (with gold counts when the report has them)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(9, 4.2), dpi=120)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    names = [row.name for row in report.lengths]
    positions = list(range(len(names)))
    values = [100 * row.f1 if row.f1 is not None else 0.0 for row in report.lengths]
    bars = axes.bar(positions, values, color="#1f77b4", width=0.7, label="F1 by length")
    for position, row, bar in zip(positions, report.lengths, bars):
        if row.f1 is None:  # no gold and no predicted entity of this length
            axes.text(position, 1, "–", ha="center", va="bottom", fontsize=8, color="#999")
            continue
        text = f"{100 * row.f1:.0f}" + (f"\nn={row.gold}" if report.has_counts else "")
        axes.text(position, bar.get_height() + 1.5, text, ha="center", va="bottom", fontsize=7, color="#333")
    if report.overall.f1 is not None:
        axes.axhline(100 * report.overall.f1, color="#d62728", linestyle="--", linewidth=1,
                     label=f"overall F1 {100 * report.overall.f1:.1f}")  # fmt: skip
    axes.set_xticks(positions)
    axes.set_xticklabels(names)
    axes.set_xlabel(
        "entity length (tokens); – = no entity of that length"
        + ("; n = gold entities" if report.has_counts else "")
    )
    axes.set_ylabel("F1 (%)")
    axes.set_ylim(0, 118)
    axes.set_yticks(range(0, 101, 20))
    axes.set_title(f"F1 by entity length: {report.source}", fontsize=10, loc="left")
    axes.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2, fontsize=8, frameon=False)
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, format="png")
