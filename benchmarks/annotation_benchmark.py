#!/usr/bin/env python
"""
Throughput and memory of corpus annotation (`allennlp nested-ner-annotate`), measured and published.

    python benchmarks/annotation_benchmark.py [--archive RUN/model.tar.gz] [--source GENIA/test.jsonl] \\
        --output-dir out/annotation-benchmark --markdown BENCHMARKS.md

Without --archive it trains the fixture experiment and measures that tiny model (then the figures say
how fast the machinery around the model is, not how fast a real model annotates). The input is
--source's sentences (their tokens only), repeated until it has the wanted number of lines.

Method. Each run is the real command in a fresh process, timed from start to exit (so it includes
starting Python, loading allennlp and the model); the command's own summary gives the sentences per
second from the moment it starts planning (workers' start-up and model loading included, the imports
of the command itself not). Memory is sampled every 0.2 s as the resident set size (RSS) of the
command and of all its descendant processes (worker processes, Ray's processes), summed; the command's
own peak is its VmHWM. Runs:

* throughput: --throughput-sentences lines with 1 process (torch's default threads, and 1 thread),
  2 worker processes (1 thread each) and Ray (a local Ray started by the command, 2 actors of 1 CPU);
* memory: one process on --memory-sentences lines (at least 200,000) against the throughput run's
  smaller input: a streaming run's peak does not grow with the input.

Writes OUTPUT_DIR/annotation_results.json and, with --markdown, the "Corpus annotation" section of that
page (between its markers; the rest of the page is left as it is).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Dict, List, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchmark import FIXTURES, REPO_ROOT, environment, train_fixture_experiment  # noqa: E402

BEGIN, END = "<!-- annotation-benchmark:begin -->", "<!-- annotation-benchmark:end -->"
SUMMARY = re.compile(r"annotated (\d+) sentences .* in ([\d.]+) s \(([\d.]+) sentences/s\)")


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--archive", type=Path, help="default: train the fixture experiment")
    parser.add_argument("--source", type=Path, default=FIXTURES / "data" / "train.jsonl")
    parser.add_argument("--output-dir", type=Path, default=REPO_ROOT / "out" / "annotation-benchmark")
    parser.add_argument("--throughput-sentences", type=int, default=20_000)
    parser.add_argument("--memory-sentences", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk-size", type=int, default=1000)
    parser.add_argument("--skip-ray", action="store_true", help="when Ray is not installed")
    parser.add_argument("--markdown", type=Path, help="update this page's corpus annotation section")
    parser.add_argument("--note", default="", help="a remark printed with the figures (e.g. shared cores)")
    return parser.parse_args(argv)


def write_input(source: Path, path: Path, lines: int) -> None:
    """``lines`` lines of ``{"tokens": [...]}``, cycling through the source's sentences."""
    sentences = [
        json.dumps({"tokens": json.loads(line)["tokens"]})
        for line in source.read_text().splitlines()
        if line.strip()
    ]
    with path.open("w") as handle:
        for index in range(lines):
            handle.write(sentences[index % len(sentences)] + "\n")


def _process_tree(root: int) -> List[int]:
    children: Dict[int, List[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    tree, stack = [], [root]
    while stack:
        pid = stack.pop()
        tree.append(pid)
        stack.extend(children.get(pid, ()))
    return tree


def _status_kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_measured(command: List[str]) -> Dict:
    """Runs ``command``; its wall time, summary figures and peak memory (MiB)."""
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    peaks = {"tree": 0, "command": 0}

    def sample() -> None:
        while process.poll() is None:
            peaks["tree"] = max(
                peaks["tree"], sum(_status_kib(pid, "VmRSS") for pid in _process_tree(process.pid))
            )
            peaks["command"] = max(peaks["command"], _status_kib(process.pid, "VmHWM"))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, _ = process.communicate()
    sampler.join()
    seconds = time.perf_counter() - started
    match = SUMMARY.search(stdout or "")
    if process.returncode != 0 or match is None:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {stdout}")
    return {
        "command": " ".join(command),
        "sentences": int(match.group(1)),
        "wall_seconds": round(seconds, 1),
        "sentences_per_second_wall": round(int(match.group(1)) / seconds, 1),
        "annotation_seconds": float(match.group(2)),
        "sentences_per_second": float(match.group(3)),
        "peak_rss_mib_command": round(peaks["command"] / 1024, 1),
        "peak_rss_mib_all_processes": round(peaks["tree"] / 1024, 1),
        # Other work on the machine: the 1-minute load average at the start and at the end.
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
    }


def measure(args: argparse.Namespace, archive: Path) -> Dict:
    small, large = args.output_dir / "throughput_input.jsonl", args.output_dir / "memory_input.jsonl"
    write_input(args.source, small, args.throughput_sentences)
    write_input(args.source, large, args.memory_sentences)
    base = [sys.executable, "-m", "allennlp", "nested-ner-annotate", str(archive)]
    common = ["--chunk-size", str(args.chunk_size), "--silent", "--overwrite"]
    runs = {
        "1 process, torch's default threads": [str(small), "-o", str(args.output_dir / "one.jsonl")],
        "1 process, 1 thread": [
            str(small),
            "-o",
            str(args.output_dir / "one_thread.jsonl"),
            "--threads",
            "1",
        ],
        f"{args.workers} worker processes": [
            str(small),
            "-o",
            str(args.output_dir / "workers.jsonl"),
            "--workers",
            str(args.workers),
        ],
    }
    if not args.skip_ray:
        runs[f"Ray, {args.workers} actors"] = [
            str(small),
            "-o",
            str(args.output_dir / "ray.jsonl"),
            "--workers",
            str(args.workers),
            "--ray-address",
            "local",
        ]
    runs["1 process, 1 thread, memory input"] = [
        str(large),
        "-o",
        str(args.output_dir / "large.jsonl"),
        "--threads",
        "1",
    ]
    results = {}
    for name, run_args in runs.items():
        print(f"{name} ...", flush=True)
        results[name] = run_measured(base + run_args + common)
        print(f"  {results[name]}", flush=True)
    return results


def portable(text: str, places: Dict[str, str]) -> str:
    """``text`` with this machine's paths replaced: the checkout's by relative ones, others by names."""
    for path, name in sorted(places.items(), key=lambda item: -len(item[0])):
        text = text.replace(path, name)
    return text


def render(results: Dict) -> str:
    env, runs = results["environment"], results["runs"]
    places = {str(REPO_ROOT) + "/": "", **results["places"]}
    lines = [
        BEGIN,
        "## Corpus annotation (`allennlp nested-ner-annotate`)",
        "",
        f"Generated by `benchmarks/annotation_benchmark.py` on {env['date']} (commit `{env['git_commit']}`): "
        f"{env['cpu_model']}, {env['logical_cpus']} logical CPUs, no GPU, torch {env['torch']}.",
        "",
        f"- model: {results['model']}",
        f"- input: `{results['source']}`'s sentences repeated; chunks of {results['chunk_size']} lines",
    ]
    if results.get("note"):
        lines.append(f"- {results['note']}")
    lines += [
        "",
        "| run | sentences | wall time (s) | sentences/s (wall) | sentences/s (annotation) "
        "| peak RSS, command (MiB) | peak RSS, all processes (MiB) | load average (start, end) |",
        "| :--- | ---: | ---: | ---: | ---: | ---: | ---: | :--- |",
    ]
    for name, run in runs.items():
        lines.append(
            f"| {name} | {run['sentences']} | {run['wall_seconds']} | {run['sentences_per_second_wall']} "
            f"| {run['sentences_per_second']} | {run['peak_rss_mib_command']} "
            f"| {run['peak_rss_mib_all_processes']} "
            f"| {run['load_average'][0]}, {run['load_average'][1]} |"
        )
    lines += ["", "Commands (the input files are written by the script):", "", "```"]
    lines += [
        portable(command, places) for command in (env["command"], *(run["command"] for run in runs.values()))
    ]
    lines += ["```", END]
    return "\n".join(lines) + "\n"


def update_page(page: Path, section: str) -> None:
    text = page.read_text() if page.exists() else ""
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + section + text[text.index(END) + len(END) + 1 :]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    page.write_text(text)


def main(argv: Optional[List[str]] = None) -> None:
    args = parse_args(argv)
    if args.memory_sentences < 200_000:
        print("note: the streaming claim is about inputs of at least 200,000 sentences", file=sys.stderr)
    args.output_dir.mkdir(parents=True, exist_ok=True)
    archive = args.archive or train_fixture_experiment(args.output_dir) / "model.tar.gz"
    command = " ".join(["python", *sys.argv])
    places = {str(Path(sys.executable).parent) + "/": "", str(args.output_dir.resolve()): "$OUTPUT_DIR"}
    for path, name in ((archive, "$RUN_DIR"), (args.source, "$SOURCE_DIR")):
        if REPO_ROOT not in path.resolve().parents:
            places[str(path.resolve().parent)] = name
    results = {
        "environment": environment(command),
        "model": portable(str(args.archive.resolve()), places)
        if args.archive
        else "the fixture experiment (fixtures/experiment.jsonnet)",
        "source": portable(str(args.source.resolve()), {str(REPO_ROOT) + "/": "", **places}),
        "chunk_size": args.chunk_size,
        "note": args.note,
        "places": places,  # paths of this machine, as the page shows them
        "runs": measure(args, archive),
    }
    (args.output_dir / "annotation_results.json").write_text(json.dumps(results, indent=2) + "\n")
    if args.markdown:
        update_page(args.markdown, render(results))
        print(f"wrote {args.markdown}")


if __name__ == "__main__":
    main()
