"""`allennlp nested-ner-annotate` killed in the middle of a run, then started again."""

import json
import os
import signal
import subprocess
import sys
import time

from locate_label_allennlp.annotation.corpus import annotate_corpus
from tests.conftest import REPO_ROOT

LINES = 3000


def test_a_killed_run_continues_where_it_stopped(trained_archive, tmp_path):
    source = tmp_path / "sentences.jsonl"
    # Each line carries its number as its last token, so the output shows order, gaps and duplicates.
    source.write_text(
        "".join(
            json.dumps({"tokens": ["IL-2", "gene", "expression", f"s{n}"]}) + "\n"
            for n in range(1, LINES + 1)
        )
    )
    output = tmp_path / "out.jsonl"
    manifest = tmp_path / "out.jsonl.progress.json"
    command = [
        sys.executable,
        "-m",
        "allennlp",
        "nested-ner-annotate",
        str(trained_archive),
        str(source),
        "-o",
        str(output),
        "--chunk-size",
        "20",
        "--silent",
    ]
    process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and process.poll() is None:
            if manifest.exists() and json.loads(manifest.read_text())["units_done"] >= 3:
                break
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait()
    progress = json.loads(manifest.read_text())
    assert not progress["complete"], "the run finished before it could be killed"
    done = progress["units_done"]
    # Whatever the kill cut off in the middle of a unit is past the committed size, and is dropped.
    with open(output, "a", encoding="utf-8") as handle:
        handle.write('{"tokens": ["half a li')
    assert os.path.getsize(output) > progress["writer_state"]["bytes"]["output"]

    summary = annotate_corpus(
        str(trained_archive), str(source), str(output), chunk_size=20, progress_bar=False
    )
    assert summary.resumed_after == done and summary.units_annotated == LINES // 20 - done
    records = [json.loads(line) for line in output.read_text().splitlines()]
    assert [record["tokens"][-1] for record in records] == [f"s{n}" for n in range(1, LINES + 1)]
