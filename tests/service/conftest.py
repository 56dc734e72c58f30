import json
import threading
import time
from contextlib import contextmanager
from typing import Iterator, List

import pytest
import uvicorn
from fastapi import FastAPI

from locate_label_allennlp.service.app import ServedModel, load_served_model
from tests.conftest import FIXTURES, TRAIN


@pytest.fixture(scope="session")
def served_model(trained_archive) -> ServedModel:
    return load_served_model(str(trained_archive))


@pytest.fixture(scope="session")
def sentences() -> List[dict]:
    """Distinct inputs of the fixture data: the demo sentences and the training sentences' tokens."""
    inputs = [json.loads(line) for line in (FIXTURES / "demo_sentences.jsonl").read_text().splitlines()]
    inputs += [
        {"tokens": json.loads(line)["tokens"]} for line in TRAIN.read_text().splitlines() if line.strip()
    ]
    return inputs


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """``app`` served by uvicorn on a free port of 127.0.0.1, in a thread; yields its base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the service did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=60)
