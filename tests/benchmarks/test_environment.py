"""A measurement's JSON names the command, date and machine that produced it, and no folder of this machine."""

import json
import sys

from locate_label_allennlp.benchmarking.environment import write_measurement


def test_a_measurement_is_stamped_and_its_paths_named(monkeypatch, tmp_path):
    genia = tmp_path / "genia"
    monkeypatch.setenv("GENIA_DIR", str(genia))
    monkeypatch.setattr(sys, "argv", ["benchmarks/x.py", "--test-file", str(genia / "test.jsonl")])
    output = tmp_path / "measured.json"
    written = write_measurement({"figure": 1.5, "file": str(genia / "test.jsonl")}, output)
    assert json.loads(output.read_text()) == written
    assert list(written)[:2] == ["figure", "file"]  # the measurement first, then where it comes from
    assert written["file"] == "$GENIA_DIR/test.jsonl"
    assert written["command"].endswith("benchmarks/x.py --test-file $GENIA_DIR/test.jsonl")
    assert {"date", "machine", "torch_threads"} <= set(written)
    assert str(tmp_path) not in output.read_text()
