"""Checks of a rendered page's DOM shared by the Python-parsed and the browser tests."""

from tests.visualization.dom import entity_depth_in_dom
from tests.visualization.pages import (
    EXPECTED_GOLD_STATUS,
    EXPECTED_PREDICTED_STATUS,
    HOSTILE_TOKENS,
)


def key(node):
    return int(node.attrs["data-start"]), int(node.attrs["data-end"]), node.attrs["data-type"]


def check_entities_are_nested_boxes(document, records):
    sentences = document.find_all("section", cls="sentence")
    assert len(sentences) == len(records)
    nested_pairs = 0
    for section, record in zip(sentences, records):
        if "error" in record:
            assert "error" in section.classes
            continue
        for kind, field in (("predicted", "entities"), ("gold", "gold_entities")):
            rows = section.find_all("div", cls="row", data_row=kind)
            if field not in record:
                assert not rows
                continue
            (row,) = rows
            boxes = row.find_all("span", cls="entity")
            assert sorted(key(box) for box in boxes) == sorted(
                (e["start"], e["end"], e["type"]) for e in record[field]
            )
            tokens = record["tokens"]
            for box in boxes:
                # A box holds exactly its entity's tokens, and its depth is the boxes around it.
                indices = [int(t.attrs["data-index"]) for t in box.find_all("span", cls="token")]
                assert indices == list(range(int(box.attrs["data-start"]), int(box.attrs["data-end"])))
                assert box.text() == " ".join(tokens[indices[0] : indices[-1] + 1])
                assert int(box.attrs["data-depth"]) == entity_depth_in_dom(box)
                nested_pairs += len(box.find_all("span", cls="entity"))
                assert box.attrs["data-type"] in box.attrs["title"]
                if "score" in next(e for e in record[field] if (e["start"], e["end"], e["type"]) == key(box)):
                    assert "score" in box.attrs["title"]
            # Every layer shows the whole sentence once.
            for layer in row.find_all("div", cls="layer"):
                assert [int(t.attrs["data-index"]) for t in layer.find_all("span", cls="token")] == list(
                    range(len(tokens))
                )
    assert nested_pairs > 0, "some entity box must contain another"


def check_gold_comparison(document):
    compared = document.find_all("section", cls="sentence")[0]
    predicted = compared.find_all("div", cls="row", data_row="predicted")[0]
    gold = compared.find_all("div", cls="row", data_row="gold")[0]
    assert {
        key(b): b.attrs["data-status"] for b in predicted.find_all("span", cls="entity")
    } == EXPECTED_PREDICTED_STATUS
    assert {
        key(b): b.attrs["data-status"] for b in gold.find_all("span", cls="entity")
    } == EXPECTED_GOLD_STATUS
    # The boundary error crosses PER [1, 7): it is drawn on the second layer.
    (second,) = predicted.find_all("div", cls="layer", data_layer="1")
    assert [key(b) for b in second.find_all("span", cls="entity")] == [(5, 8, "PER")]
    assert compared.attrs["data-has-errors"] == "true"


def check_text_is_escaped(document):
    hostile = document.find_all("section", cls="sentence")[1]
    tokens = hostile.find_all("span", cls="token")
    assert [t.text() for t in tokens] == [" ".join(t.split()) for t in HOSTILE_TOKENS]
    for tag in ("img", "b", "i", "u"):
        assert not document.find_all(tag), f"<{tag}> from the data became an element"
    assert len(document.find_all("script")) == 1  # the page's own
    types = {b.attrs["data-type"] for b in hostile.find_all("span", cls="entity")}
    assert types == {'"><b>bold</b>', "T<i>", "</span><u>"}
    error = document.find_all("div", cls="error-message")[0]
    assert error.text() == "line 3: <b>not bold</b> field 'tokens[1]' must be a string"
    for node in document.iter():
        assert "src" not in node.attrs and "href" not in node.attrs
