"""
The web service under load, measured and published.

    python benchmarks/service_load.py --archive $RUN_DIR/model.tar.gz --inputs $GENIA_DIR/test.jsonl \\
        [--sentences 500] [--requests 2000] [--concurrency 16] [--note "cores shared with ..."]
    python benchmarks/service_load.py --render-only    # BENCHMARKS.md's section again from the results

Starts ``nested-ner-serve ARCHIVE`` in its own process on a free port of 127.0.0.1, runs the bounded load
test of `locate_label_allennlp.service.load_test` (every input once, one request at a time, then
--requests single-sentence requests from --concurrency clients at once, each answer compared with its
sentence's one-at-a-time answer), stops the service, and writes the figures with the command, machine
and date to --output (benchmarks/service_results.json; paths as ``$RUN_DIR/...``, ``$INPUTS_DIR/...`` or
relative to the repository) and to a section of --markdown (BENCHMARKS.md) between its markers, leaving
the rest of the page as it is (`report.write_page` keeps the section when it renders the page).
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import httpx

from locate_label_allennlp.benchmarking.environment import environment
from locate_label_allennlp.benchmarking.paths import REPO_ROOT, PathNames
from locate_label_allennlp.benchmarking.report import KEPT_SECTION
from locate_label_allennlp.service.limits import ServiceLimits
from locate_label_allennlp.service.load_test import run_load_test

NAME = "service-load-test"
BEGIN, END = f"<!-- {NAME}:begin -->", f"<!-- {NAME}:end -->"


def read_inputs(path: Path, count: int) -> List[Dict]:
    """The first ``count`` sentences of a nested_ner JSON-lines file (their tokens) or a text file (lines)."""
    inputs: List[Dict] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if len(inputs) == count:
                break
            if line.strip():
                inputs.append(
                    {"tokens": json.loads(line)["tokens"]}
                    if line.lstrip().startswith("{")
                    else {"sentence": line.strip()}
                )
    return inputs


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_service(
    archive: Path, port: int, limits: ServiceLimits, log: Path, timeout_s: float
) -> subprocess.Popen:
    """``nested-ner-serve`` in its own process, once it answers /health."""
    command = [sys.executable, "-m", "locate_label_allennlp", "nested-ner-serve", str(archive), "--port", str(port),
               "--max-batch-size", str(limits.max_batch_size), "--max-wait-ms", str(limits.max_wait_ms)]  # fmt: skip
    with log.open("w") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout_s
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"the service exited ({server.returncode}); see {log}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/health", trust_env=False).raise_for_status()
            return server
        except httpx.TransportError:
            if time.monotonic() > deadline:
                stop_service(server)
                raise TimeoutError(f"the service did not answer within {timeout_s} s; see {log}") from None
            time.sleep(0.5)


def stop_service(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def command_line() -> str:
    """This run's command line, without the --note (the page shows it on its own)."""
    arguments = sys.argv[1:]
    if "--note" in arguments:
        del arguments[arguments.index("--note") : arguments.index("--note") + 2]
    return " ".join(["python", "benchmarks/service_load.py", *arguments])


def measure(args: argparse.Namespace) -> Dict:
    inputs = read_inputs(args.inputs, args.sentences)
    limits = ServiceLimits(max_batch_size=args.max_batch_size, max_wait_ms=args.max_wait_ms)
    port = free_port()
    log = Path(tempfile.gettempdir()) / f"nested-ner-serve-{port}.log"
    server = start_service(args.archive, port, limits, log, args.start_timeout)
    load_before = os.getloadavg()[0]
    try:
        started = time.monotonic()
        result = run_load_test(f"http://127.0.0.1:{port}", inputs, args.requests, args.concurrency)
        seconds = time.monotonic() - started
    finally:
        stop_service(server)
    load_average = [round(load_before, 1), round(os.getloadavg()[0], 1)]
    folders = {
        "RUN_DIR": args.archive.parent,
        "INPUTS_DIR": args.inputs.parent,
        "OUTPUT_DIR": args.output.parent,
    }
    # Folders in the checkout are shown relative to it.
    names = PathNames(
        {name: path for name, path in folders.items() if REPO_ROOT not in path.resolve().parents}
    )
    return names.results({
        "environment": environment(command_line()),
        "note": args.note,
        "model": str(args.archive.absolute()),
        "inputs": {"file": str(args.inputs.absolute()), "sentences": len(inputs),
                   "tokens": sum(len(item.get("tokens", [])) for item in inputs)},
        "service": {"max_batch_size": limits.max_batch_size, "max_wait_ms": limits.max_wait_ms},
        "one_at_a_time": result.one_at_a_time.to_json(),
        "concurrent": result.concurrent.to_json(),
        "seconds": round(seconds, 1),
        "load_average": load_average,
    })  # fmt: skip


def render_section(results: Dict) -> str:
    environment_, single, load = results["environment"], results["one_at_a_time"], results["concurrent"]

    def row(label: str, report: Dict) -> str:
        latency = report["latency_ms"]
        return (f"| {label} | {report['requests']} | {report['concurrency']} | {report['requests_per_second']:.1f} | "
                f"{latency['p50']:.0f} | {latency['p95']:.0f} | {latency['p99']:.0f} | {report['errors']} | "
                f"{report['lost']} | {report['mismatched']} |")  # fmt: skip

    lines = [
        BEGIN, "## Web service under load (`nested-ner-serve`)", "",
        "Generated by `benchmarks/service_load.py` into `benchmarks/service_results.json`; do not edit by hand.", "",
        f"- date: {environment_['date']}",
        f"- machine: {environment_['cpu_model']}, {environment_['logical_cpus']} logical CPUs, no GPU; service and "
        f"load generator on the same machine (127.0.0.1), torch {environment_['torch']}",
        f"- code: commit `{environment_['git_commit']}`" + (" (with uncommitted changes)" if environment_["git_dirty"] else ""),
        f"- model: `{results['model']}`; inputs: the first {results['inputs']['sentences']} sentences of "
        f"`{results['inputs']['file']}` ({results['inputs']['tokens']} tokens), one sentence per request",
        f"- service: batches of up to {results['service']['max_batch_size']} sentences, waiting up to "
        f"{results['service']['max_wait_ms']:g} ms for a batch to fill",
        f"- 1-minute load average at the start and the end: {results['load_average'][0]}, "
        f"{results['load_average'][1]} (other work on the machine shows here)",
    ]  # fmt: skip
    if results.get("note"):
        lines.append(f"- note: {results['note']}")
    lines += [
        "", "```", environment_["command"], "```", "",
        "| pass | requests | concurrent clients | requests/s | p50 ms | p95 ms | p99 ms | errors | lost | mismatched |",
        "| :--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        row("one at a time (reference answers)", single), row("concurrent (batched)", load), "",
        "*mismatched*: answers that differ from the same sentence's one-at-a-time answer (tokens, entities, "
        "brackets identical; scores within 1e-5, the float32 noise of batching); *lost*: requests without an answer.",
        END,
    ]  # fmt: skip
    return "\n".join(lines) + "\n"


def write_section(markdown: Path, section: str) -> None:
    """Puts ``section`` in place of the page's section of the same markers, or at the end of the page."""
    page = markdown.read_text(encoding="utf-8") if markdown.exists() else ""
    ours = [match for match in KEPT_SECTION.finditer(page) if match.group(1) == NAME]
    if ours:
        page = page[: ours[0].start()] + section + page[ours[0].end() :]
    else:
        page = page.rstrip("\n") + ("\n\n" if page else "") + section
    markdown.write_text(page, encoding="utf-8")


def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="The web service under load (127.0.0.1 only).")
    parser.add_argument("--archive", type=Path, help="the model archive to serve")
    parser.add_argument(
        "--inputs", type=Path, help="nested_ner JSON lines (their tokens are sent) or text lines"
    )
    parser.add_argument(
        "--sentences", type=int, default=500, help="how many sentences of --inputs (default 500)"
    )
    parser.add_argument("--requests", type=int, default=2000, help="concurrent pass: requests (default 2000)")
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent pass: clients (default 16)")
    parser.add_argument("--max-batch-size", type=int, default=ServiceLimits.max_batch_size)
    parser.add_argument("--max-wait-ms", type=float, default=ServiceLimits.max_wait_ms)
    parser.add_argument(
        "--start-timeout", type=float, default=600.0, help="seconds for the service to come up"
    )
    parser.add_argument(
        "--note", default="", help="a remark for the page, e.g. whether the cores were shared"
    )
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "benchmarks" / "service_results.json")
    parser.add_argument("--markdown", type=Path, default=REPO_ROOT / "BENCHMARKS.md")
    parser.add_argument("--render-only", action="store_true", help="only render --output into --markdown")
    args = parser.parse_args(argv)
    if not args.render_only and (args.archive is None or args.inputs is None):
        parser.error("--archive and --inputs are needed (or --render-only)")
    return args


def main(argv: Optional[Sequence[str]] = None) -> None:
    args = parse_args(argv)
    if args.render_only:
        results = json.loads(args.output.read_text())
    else:
        results = measure(args)
        args.output.write_text(json.dumps(results, indent=2) + "\n")
        print(f"one at a time: {results['one_at_a_time']['requests_per_second']:.1f} requests/s")
        print("concurrent:", json.dumps(results["concurrent"]))
    write_section(args.markdown, render_section(results))
    print(f"wrote {args.output} and the service section of {args.markdown}")
    failed = (
        results["concurrent"]["errors"] + results["concurrent"]["lost"] + results["concurrent"]["mismatched"]
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
