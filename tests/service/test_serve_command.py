"""`allennlp nested-ner-serve` as a user runs it: it serves, answers, and stops cleanly on SIGTERM."""

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import REPO_ROOT

ALLENNLP = Path(sys.executable).parent / "allennlp"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_command_serves_the_archive_and_stops_on_sigterm(trained_archive, tmp_path):
    port = free_port()
    command = [str(ALLENNLP), "nested-ner-serve", str(trained_archive), "--port", str(port), "--max-inputs", "2",
               "--max-text-bytes", "100"]  # fmt: skip
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        command, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT
    )  # (.allennlp_plugins)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 300
        while True:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            try:
                health = httpx.get(f"{base}/health", trust_env=False).json()
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the service did not come up"
                time.sleep(0.5)
        assert health["limits"]["max_inputs"] == 2 and health["limits"]["max_text_bytes"] == 100
        answer = httpx.post(f"{base}/predict", json={"sentence": "IL-2 gene expression"}, trust_env=False)
        assert answer.status_code == 200 and answer.json()["tokens"] == ["IL-2", "gene", "expression"]
        too_many = httpx.post(f"{base}/predict", json=[{"sentence": "a"}] * 3, trust_env=False)
        assert too_many.status_code == 413
    finally:
        server.send_signal(signal.SIGTERM)
        returncode = server.wait(timeout=60)
        log.close()
    output = (tmp_path / "serve.log").read_text()
    assert returncode == 0 and "Traceback" not in output, output[-3000:]
    assert "Finished server process" in output and "stopped" in output
