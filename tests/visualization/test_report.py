import json
import struct

import pytest

from locate_label_allennlp.metrics import NestedSpanF1
from locate_label_allennlp.visualization.report import (
    ReportInputError,
    format_report,
    load_report,
    plot_f1_by_length,
    report_from_metrics,
    report_from_predictions,
)


def entity(start, end, label):
    return {"start": start, "end": end, "type": label}


RECORDS = [
    {  # 2 of 3 predicted correct; 2 of 4 gold found
        "tokens": ["t"] * 30,
        "entities": [entity(0, 4, "PER"), entity(0, 2, "ORG"), entity(5, 6, "LOC")],
        "gold_entities": [
            entity(0, 4, "PER"),
            entity(0, 2, "PER"),
            entity(5, 6, "LOC"),
            entity(0, 25, "ORG"),
        ],
    },
    {"error": "bad line", "line": 2},
    {"tokens": ["a"], "entities": [], "gold_entities": [entity(0, 1, "LOC")]},
]


def test_report_from_predictions_matches_the_metric_and_counts():
    report = report_from_predictions(RECORDS, "test.jsonl")
    metric = NestedSpanF1()
    for record in RECORDS:
        if "error" not in record:
            metric(
                [[(e["start"], e["end"], e["type"]) for e in record["entities"]]],
                [[(e["start"], e["end"], e["type"]) for e in record["gold_entities"]]],
            )
    figures = metric.get_metric()
    assert report.overall.f1 == pytest.approx(figures["f1"])
    assert (report.overall.gold, report.overall.predicted, report.overall.correct) == (5, 3, 2)
    types = {row.name: row for row in report.types}
    assert set(types) == {"LOC", "ORG", "PER"}
    assert (types["PER"].gold, types["PER"].predicted, types["PER"].correct) == (2, 1, 1)
    assert types["ORG"].f1 == 0.0 and types["ORG"].precision == figures["_type_ORG_precision"]
    lengths = {row.name: row for row in report.lengths}
    assert list(lengths) == [str(n) for n in range(1, 20)] + [">=20"]
    assert (lengths["1"].gold, lengths["1"].predicted, lengths["1"].correct) == (2, 1, 1)
    assert lengths["1"].f1 == pytest.approx(figures["_length=1_f1"])
    assert (lengths[">=20"].gold, lengths[">=20"].f1) == (1, 0.0)
    assert lengths["7"].f1 is None and lengths["7"].gold == 0
    assert report.notes == ["1 input line with prediction errors left out."]
    table = format_report(report)
    assert "By entity length in tokens" in table and ">=20" in table
    overall_line = next(line for line in table.splitlines() if line.startswith("overall"))
    assert overall_line.split() == ["overall", "66.67", "40.00", "50.00", "5", "3", "2"]


def test_report_from_metrics_json_of_evaluate_and_of_training():
    evaluate = {"precision": 0.5, "recall": 0.25, "f1": 1 / 3, "_type_PER_f1": 0.5, "_type_PER_precision": 1.0,
                "_type_B_I_f1": 0.1, "_length=3_f1": 0.75, "_length>=20_f1": 0.2, "_length_1-4_f1": 0.6,
                "loss": 1.0}  # fmt: skip
    report = report_from_metrics(evaluate, "m.json")
    assert report.overall.f1 == pytest.approx(1 / 3) and not report.has_counts
    assert {row.name for row in report.types} == {"PER", "B_I"}
    lengths = {row.name: row for row in report.lengths}
    assert lengths["3"].f1 == 0.75 and lengths[">=20"].f1 == 0.2 and lengths["4"].f1 is None
    assert report.buckets[0].f1 == 0.6
    table = format_report(report)
    assert "A metrics JSON has no counts" in table
    training = {f"best_validation_{k}": v for k, v in evaluate.items()}
    training.update({"test_f1": 0.9, "test__length=3_f1": 0.4, "training_f1": 0.0})
    assert report_from_metrics(training, "metrics.json").overall.f1 == 0.9  # test_ first
    by_prefix = report_from_metrics(training, "metrics.json", prefix="best_validation_")
    assert {row.name: row.f1 for row in by_prefix.lengths}["3"] == 0.75
    with pytest.raises(ReportInputError, match="no 'f1'"):
        report_from_metrics({"accuracy": 1.0}, "x.json")


def test_load_report_tells_the_inputs_apart_and_plots(tmp_path):
    predictions = tmp_path / "predictions.jsonl"
    predictions.write_text("".join(json.dumps(record) + "\n" for record in RECORDS))
    metrics = tmp_path / "metrics.json"
    metrics.write_text(
        json.dumps({"f1": 0.5, "precision": 0.5, "recall": 0.5, "_length=2_f1": 1.0}, indent=2)
    )
    assert load_report(str(predictions)).has_counts
    assert not load_report(str(metrics)).has_counts
    for source in (predictions, metrics):
        png = tmp_path / f"{source.stem}.png"
        plot_f1_by_length(load_report(str(source)), str(png))
        header = png.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", header[16:24])
        assert width > 600 and height > 300
    no_gold = tmp_path / "no_gold.jsonl"
    no_gold.write_text(json.dumps({"tokens": ["a"], "entities": []}) + "\n")
    with pytest.raises(ReportInputError, match="no 'gold_entities'"):
        load_report(str(no_gold))
    not_predictions = tmp_path / "other.jsonl"
    not_predictions.write_text('{"a": 1}\n{"b": 2}\n')
    with pytest.raises(ReportInputError, match="not a nested_ner prediction"):
        load_report(str(not_predictions))
