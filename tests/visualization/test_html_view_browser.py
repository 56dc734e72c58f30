"""
The HTML view in a real browser: headless Chromium renders the page and dumps its DOM (and takes a
screenshot with scripts/screenshot_view.sh). Skipped, with a warning naming the fix, where Chromium is
not installed; CI (.ci/run) installs it.
"""

import json
import os
import shutil
import struct
import subprocess
import sys
import warnings

import pytest
from allennlp.predictors import Predictor

from locate_label_allennlp.visualization.html_view import render_page
from tests.conftest import DEV, FIXTURES, REPO_ROOT
from tests.visualization.checks import (
    check_entities_are_nested_boxes,
    check_gold_comparison,
    check_text_is_escaped,
)
from tests.visualization.dom import parse
from tests.visualization.pages import RECORDS

CHROMIUM = os.environ.get("CHROMIUM") or next(
    (path for path in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if path), None
)
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="module")
def chromium():
    if CHROMIUM is None or shutil.which(CHROMIUM) is None:
        reason = "chromium is not installed (apt-get install -y --no-install-recommends chromium); browser test skipped"
        warnings.warn(reason, stacklevel=2)
        pytest.skip(reason)
    return CHROMIUM


def dump_dom(chromium, page_path, tmp_path):
    completed = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page_path.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "<body" in completed.stdout
    return parse(completed.stdout)


def test_browser_renders_nested_entity_boxes(chromium, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(render_page(RECORDS), encoding="utf-8")
    document = dump_dom(chromium, page, tmp_path)
    check_entities_are_nested_boxes(document, RECORDS)
    check_gold_comparison(document)
    check_text_is_escaped(document)


def test_browser_renders_the_fixture_models_predictions_and_a_screenshot(chromium, trained_archive, tmp_path):
    predictor = Predictor.from_path(str(trained_archive), "nested_ner")
    inputs = [json.loads(line) for line in (FIXTURES / "demo_sentences.jsonl").read_text().splitlines()]
    inputs += [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]  # with gold
    records = predictor.predict_batch_json(inputs)
    predictions = tmp_path / "predictions.jsonl"
    predictions.write_text("".join(json.dumps(record) + "\n" for record in records))
    page = tmp_path / "view.html"
    completed = subprocess.run(
        [sys.executable, "-m", "locate_label_allennlp", "nested-ner-view", str(predictions), "-o", str(page)],
        capture_output=True, text=True, cwd=REPO_ROOT,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-2000:]
    document = dump_dom(chromium, page, tmp_path)
    check_entities_are_nested_boxes(document, records)
    assert len(document.find_all("span", cls="entity")) == sum(
        len(r["entities"]) + len(r.get("gold_entities") or []) for r in records
    )

    png = tmp_path / "view.png"
    shot = subprocess.run(
        [str(REPO_ROOT / "scripts" / "screenshot_view.sh"), str(page), str(png), "1000", "700"],
        capture_output=True, text=True, timeout=120, env={**os.environ, "CHROMIUM": chromium},
    )  # fmt: skip
    assert shot.returncode == 0, shot.stderr[-2000:]
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (1000, 700)
