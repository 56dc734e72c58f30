import json

import pytest

from locate_label_allennlp.data.predictions_file import PredictionsFileError, read_predictions
from locate_label_allennlp.visualization.html_view import compare, render_page, write_page
from tests.visualization.checks import (
    check_entities_are_nested_boxes,
    check_gold_comparison,
    check_text_is_escaped,
)
from tests.visualization.dom import parse
from tests.visualization.pages import RECORDS, entity


@pytest.fixture(scope="module")
def page():
    return render_page(RECORDS, title="<Test & page>")


def test_entities_are_nested_boxes_with_depths(page):
    check_entities_are_nested_boxes(parse(page), RECORDS)


def test_gold_comparison_marks_missed_spurious_boundary_and_type_errors(page):
    check_gold_comparison(parse(page))
    # 3 of 6 predictions correct, 3 of 4 gold entities found: the metric's strict figures.
    assert (
        "3 correct, 1 missed, 1 spurious, 1 boundary errors, 1 type errors (strict P 50.0, R 75.0, F1 60.0)"
        in page
    )


def test_all_text_is_escaped_and_the_page_is_self_contained(page):
    check_text_is_escaped(parse(page))
    assert "http:" not in page and "https:" not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "<title>&lt;Test &amp; page&gt;</title>" in page


def test_compare_definitions():
    gold = [entity(0, 2, "A"), entity(3, 5, "B")]
    predicted = [
        entity(0, 2, "A"),
        entity(0, 3, "A"),
        entity(3, 5, "C"),
        entity(6, 7, "A"),
        entity(2, 4, "B"),
    ]
    assert compare(predicted, gold) == (
        ["correct", "boundary", "type", "spurious", "boundary"],
        ["found", "missed"],
    )
    # a boundary error wins over a type error on the same prediction
    assert compare([entity(0, 2, "A")], [entity(0, 2, "B"), entity(0, 3, "A")])[0] == ["boundary"]
    assert compare([], [entity(0, 1, "A")]) == ([], ["missed"])


def test_predictions_without_gold_have_no_status_and_no_gold_row():
    document = parse(
        render_page([{"tokens": ["a", "b"], "entities": [entity(0, 2, "X", 0.5), entity(0, 1, "Y", 0.4)]}])
    )
    assert not document.find_all("div", cls="row", data_row="gold")
    boxes = document.find_all("span", cls="entity")
    assert [b.attrs.get("data-status") for b in boxes] == [None, None]
    assert [b.attrs["data-depth"] for b in boxes] == ["0", "1"]


def test_read_and_write_predictions_files(tmp_path):
    path = tmp_path / "predictions.jsonl"
    path.write_text("\n".join(json.dumps(record) for record in RECORDS) + "\n\n")
    assert read_predictions(str(path)) == RECORDS
    output = tmp_path / "page.html"
    assert write_page(str(path), str(output), max_sentences=2) == 2
    document = parse(output.read_text())
    assert len(document.find_all("section", cls="sentence")) == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"tokens": ["a"], "entities": [entity(0, 3, "X")]}) + "\n")
    with pytest.raises(PredictionsFileError, match=r"bad.jsonl:1: 'entities\[0\]'"):
        read_predictions(str(bad))
    bad.write_text("{nope\n")
    with pytest.raises(PredictionsFileError, match="bad.jsonl:1: invalid JSON"):
        read_predictions(str(bad))
