"""
The service's page in headless Chromium: type a sentence, click the button, and find the nested entity
boxes that the page put in its DOM (the same checks as the nested-ner-view page's browser test).
"""

from locate_label_allennlp.service.app import create_app
from locate_label_allennlp.service.limits import ServiceLimits
from tests.service.conftest import serving
from tests.service.devtools import DevToolsPipe
from tests.visualization.checks import check_entities_are_nested_boxes
from tests.visualization.dom import parse
from tests.visualization.test_html_view_browser import FLAGS, chromium  # noqa: F401  (the fixture)

SENTENCE = "The United Nations secretary general arrived in London ."


def test_typing_a_sentence_and_submitting_draws_nested_boxes(chromium, served_model, tmp_path):  # noqa: F811
    record = served_model.predictor.predict_json({"sentence": SENTENCE})
    assert any(entity["depth"] > 0 for entity in record["entities"])  # the fixture model nests here
    with serving(create_app(served_model, ServiceLimits())) as base_url:
        browser = DevToolsPipe(chromium, FLAGS, tmp_path / "profile")
        try:
            browser.open(base_url + "/")
            browser.type_into("text", SENTENCE)
            assert browser.evaluate("document.getElementById('text').value") == SENTENCE
            browser.click("submit")
            browser.wait_for("document.getElementById('results').dataset.state === 'done'")
            document = parse(browser.evaluate("document.documentElement.outerHTML"))
            status = browser.evaluate("document.getElementById('status').textContent")
            browser.screenshot(tmp_path / "page.png")
        finally:
            browser.close()
    check_entities_are_nested_boxes(document, [record])
    boxes = document.find_all("span", cls="entity")
    assert sorted((b.attrs["data-type"], b.attrs["data-depth"]) for b in boxes) == sorted(
        (e["type"], str(e["depth"])) for e in record["entities"]
    )
    assert all("score" in box.attrs["title"] for box in boxes)  # the hover text
    legend = [label.attrs["data-type"] for label in document.find_all("label", cls="legend-type")]
    assert legend == sorted(served_model.labels)
    assert status.startswith(f"1 sentence, {len(record['entities'])} entities"), status
    assert (tmp_path / "page.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
