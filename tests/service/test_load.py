"""
The service on a real socket (uvicorn, 127.0.0.1): concurrent requests are batched and their answers are
the one-at-a-time predictions; the small load test finishes with no error, no lost and no mismatched
answer.
"""

import asyncio

import httpx
import pytest

from locate_label_allennlp.service.app import create_app
from locate_label_allennlp.service.limits import ServiceLimits
from locate_label_allennlp.service.load_test import check_loopback, records_match, run_load_test
from tests.service.conftest import serving


async def post_all_at_once(base_url, inputs):
    async with httpx.AsyncClient(timeout=120, trust_env=False) as client:
        responses = await asyncio.gather(*(client.post(f"{base_url}/predict", json=item) for item in inputs))
        health = (await client.get(f"{base_url}/health")).json()
    return responses, health


def test_concurrent_requests_are_batched_and_answered_as_one_at_a_time(served_model, sentences):
    # A long wait, so that the requests (sent at once) surely meet in batches on a busy machine.
    app = create_app(served_model, ServiceLimits(max_batch_size=8, max_wait_ms=300))
    with serving(app) as base_url:
        responses, health = asyncio.run(post_all_at_once(base_url, sentences))
    assert [response.status_code for response in responses] == [200] * len(sentences)
    assert health["batches"]["inputs"] == len(sentences)
    assert 1 < health["batches"]["largest"] <= 8 and health["batches"]["run"] < len(sentences)
    for response, item in zip(responses, sentences):
        alone = served_model.predictor.predict_json(item)
        answer = response.json()
        assert records_match(answer, alone)
        # Identical but for the scores' last float32 bits (see load_test.SCORE_TOLERANCE).
        assert {**answer, "entities": [{**e, "score": None} for e in answer["entities"]]} == {
            **alone,
            "entities": [{**e, "score": None} for e in alone["entities"]],
        }


def test_small_load_test_loses_nothing(served_model, sentences):
    with serving(create_app(served_model, ServiceLimits())) as base_url:
        result = run_load_test(base_url, sentences, total_requests=120, concurrency=8)
    reference, load = result.one_at_a_time, result.concurrent
    assert (reference.requests, reference.errors, reference.lost) == (len(sentences), 0, 0)
    assert (load.requests, load.answered, load.errors, load.lost, load.mismatched) == (120, 120, 0, 0, 0), (
        load.examples
    )
    assert (
        load.requests_per_second > 0
        and 0 < load.latency_ms["p50"] <= load.latency_ms["p95"] <= load.latency_ms["p99"]
    )
    assert "120 requests from 8 concurrent clients" in load.summary()


def test_a_load_test_counts_errors_and_lost_requests(served_model, sentences):
    inputs = [*sentences[:2], {"sentence": "x" * 100}]  # the last one is over the text limit: a 413
    with serving(create_app(served_model, ServiceLimits(max_text_bytes=80))) as base_url:
        result = run_load_test(base_url, inputs, total_requests=9, concurrency=3)
    assert (result.concurrent.errors, result.concurrent.lost) == (3, 0)
    assert any(example.startswith("status 413") for example in result.concurrent.examples)
    with pytest.raises(ValueError, match="1..100000 requests"):
        run_load_test("http://127.0.0.1:9", inputs, total_requests=0, concurrency=1)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000", "http://127.5.0.1", "http://[::1]:8000", "http://localhost:80"]
)
def test_the_load_test_targets_this_machine(url):
    check_loopback(url)


@pytest.mark.parametrize(
    "url", ["http://10.0.0.1:8000", "http://example.org", "http://192.168.1.2", "https://8.8.8.8"]
)
def test_the_load_test_refuses_other_hosts(url):
    with pytest.raises(ValueError, match="only targets this machine"):
        check_loopback(url)
