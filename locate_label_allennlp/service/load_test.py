"""
A bounded load test of a running service, on this machine only (a loopback address; anything else is
refused): first every input once, one request at a time (the reference answers, and the unbatched
throughput), then ``total_requests`` single-input requests from ``concurrency`` clients at once. Each
answer is compared with its input's reference answer, so an answer given to the wrong request, or
changed by batching, counts as a mismatch. It stops by itself after the fixed number of requests.

Batching changes the model's float32 sums in the last bits (a sentence's scores differ by ~1e-7 between
a batch of one and a batch of several), so scores are compared to `SCORE_TOLERANCE`; tokens, entity
spans, types, texts and depths, and brackets must be identical.
"""

import asyncio
import ipaddress
import math
import time
from dataclasses import asdict, dataclass, field
from typing import Dict, List, Optional, Sequence
from urllib.parse import urlsplit

import httpx
from allennlp.common.util import JsonDict

SCORE_TOLERANCE = 1e-5
MAX_REQUESTS = 100_000
MAX_CONCURRENCY = 1_000


def check_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(f"the load test only targets this machine (127.0.0.1, ::1, localhost), not {host!r}")


def records_match(answer: JsonDict, reference: JsonDict, score_tolerance: float = SCORE_TOLERANCE) -> bool:
    """Whether ``answer`` is ``reference`` up to float32 noise in the scores (see the module's notes)."""
    if set(answer) != set(reference) or any(
        answer[key] != reference[key] for key in answer if key != "entities"
    ):
        return False

    def key(entity: JsonDict) -> tuple:
        return entity["start"], entity["end"], entity["type"]

    answered, expected = sorted(answer["entities"], key=key), sorted(reference["entities"], key=key)
    return len(answered) == len(expected) and all(
        {k: v for k, v in a.items() if k != "score"} == {k: v for k, v in e.items() if k != "score"}
        and abs(a["score"] - e["score"]) <= score_tolerance
        for a, e in zip(answered, expected)
    )


@dataclass
class LoadTestReport:
    requests: int
    concurrency: int
    seconds: float
    requests_per_second: float
    latency_ms: Dict[str, float]
    """p50, p95, p99 and max over the answered requests."""
    answered: int
    errors: int
    """Answers with a status other than 200."""
    lost: int
    """Requests without an answer (connection error, timeout)."""
    mismatched: int
    """200 answers that are not their input's reference answer."""
    examples: List[str] = field(default_factory=list)
    """What went wrong, for the first few errors, lost requests and mismatches."""

    def to_json(self) -> JsonDict:
        return asdict(self)

    def summary(self) -> str:
        latency = ", ".join(f"{name} {value:.1f} ms" for name, value in self.latency_ms.items())
        return (
            f"{self.requests} requests from {self.concurrency} concurrent clients in {self.seconds:.1f} s: "
            f"{self.requests_per_second:.1f} requests/s; latency {latency}; {self.errors} errors, "
            f"{self.lost} lost, {self.mismatched} mismatched answers"
        )


@dataclass
class LoadTestResult:
    one_at_a_time: LoadTestReport
    """Every input once, one request at a time: the reference answers."""
    concurrent: LoadTestReport


class _Tally:
    def __init__(self) -> None:
        self.latencies: List[float] = []
        self.errors = self.lost = self.mismatched = 0
        self.examples: List[str] = []

    def note(self, what: str) -> None:
        if len(self.examples) < 5:
            self.examples.append(what)

    def report(self, requests: int, concurrency: int, seconds: float) -> LoadTestReport:
        ordered = sorted(self.latencies)

        def percentile(p: float) -> float:
            return 1000 * ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else math.nan

        latency = {
            "p50": percentile(50),
            "p95": percentile(95),
            "p99": percentile(99),
            "max": percentile(100),
        }
        return LoadTestReport(requests, concurrency, seconds, requests / seconds, latency, len(ordered),
                              self.errors, self.lost, self.mismatched, self.examples)  # fmt: skip


async def _request(client: httpx.AsyncClient, url: str, item: JsonDict, tally: _Tally) -> Optional[JsonDict]:
    """One request; its answer when it is a 200, else ``None`` (counted as an error or a lost request)."""
    started = time.perf_counter()
    try:
        response = await client.post(url, json=item)
    except httpx.HTTPError as error:
        tally.lost += 1
        tally.note(f"no answer: {type(error).__name__}: {error}")
        return None
    tally.latencies.append(time.perf_counter() - started)
    if response.status_code != 200:
        tally.errors += 1
        tally.note(f"status {response.status_code}: {response.text[:300]}")
        return None
    return response.json()


async def _one_at_a_time(client: httpx.AsyncClient, url: str, inputs: Sequence[JsonDict]) -> tuple:
    tally, started = _Tally(), time.perf_counter()
    answers = [await _request(client, url, item, tally) for item in inputs]
    return answers, tally.report(len(inputs), 1, time.perf_counter() - started)


async def _concurrently(
    client: httpx.AsyncClient, url: str, inputs: Sequence[JsonDict], references: Sequence[Optional[JsonDict]],
    total_requests: int, concurrency: int,
) -> LoadTestReport:  # fmt: skip
    tally, next_request = _Tally(), iter(range(total_requests))

    async def client_loop() -> None:
        for number in next_request:  # the clients share one counter: the total is fixed
            index = number % len(inputs)
            answer, reference = await _request(client, url, inputs[index], tally), references[index]
            if answer is not None and (reference is None or not records_match(answer, reference)):
                tally.mismatched += 1
                tally.note(f"request {number} (input {index}): answer differs from the one-at-a-time answer")

    started = time.perf_counter()
    await asyncio.gather(*(client_loop() for _ in range(concurrency)))
    return tally.report(total_requests, concurrency, time.perf_counter() - started)


async def load_test_async(
    base_url: str, inputs: Sequence[JsonDict], total_requests: int, concurrency: int, timeout_s: float = 120.0
) -> LoadTestResult:
    check_loopback(base_url)
    if not inputs or not 1 <= total_requests <= MAX_REQUESTS or not 1 <= concurrency <= MAX_CONCURRENCY:
        raise ValueError(
            f"need inputs, 1..{MAX_REQUESTS} requests and 1..{MAX_CONCURRENCY} clients; got {len(inputs)} "
            f"inputs, {total_requests} requests, {concurrency} clients"
        )
    url = base_url.rstrip("/") + "/predict"
    connections = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=timeout_s, limits=connections, trust_env=False) as client:
        references, reference_report = await _one_at_a_time(client, url, inputs)
        report = await _concurrently(client, url, inputs, references, total_requests, concurrency)
    return LoadTestResult(reference_report, report)


def run_load_test(
    base_url: str, inputs: Sequence[JsonDict], total_requests: int, concurrency: int, timeout_s: float = 120.0
) -> LoadTestResult:
    """The load test against the service at ``base_url`` (e.g. ``http://127.0.0.1:8000``)."""
    return asyncio.run(load_test_async(base_url, inputs, total_requests, concurrency, timeout_s))
