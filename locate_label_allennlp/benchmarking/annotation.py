"""
Throughput and memory of corpus annotation (`allennlp nested-ner-annotate`), measured and published:

    python benchmarks/annotation_benchmark.py [--archive RUN/model.tar.gz] [--source GENIA/test.jsonl] \\
        --output-dir out/annotation-benchmark --markdown BENCHMARKS.md

Without --archive it trains the fixture experiment and measures that tiny model (then the figures say how
fast the machinery around the model is, not how fast a real model annotates). The input is --source's
sentences (their tokens only), repeated until it has the wanted number of lines.

Method. Each run is the real command in a fresh process, timed from start to exit (starting Python,
loading allennlp and the model included); the command's own summary gives the sentences per second from
the moment it starts planning (workers' start-up and model loading included, the command's own imports
not). Memory is sampled every 0.2 s as the resident set size (RSS) of the command and of all its
descendant processes (worker processes, Ray's processes), summed; the command's own peak is its VmHWM.
The 1-minute load average at the start and end of each run shows other work on the machine. Runs:

* throughput: --throughput-sentences lines with 1 process (torch's default threads, and 1 thread), 2
  worker processes (1 thread each) and Ray (a local Ray started by the command, 2 actors of 1 CPU);
* memory: 1 process on --memory-sentences lines (at least 200,000): a streaming run's peak does not grow
  with the input, so it matches the throughput run's on ten times fewer lines.

Writes the results (paths as ``$RUN_DIR/...``, ``$SOURCE_DIR/...``, ``$OUTPUT_DIR/...`` or relative to the
repository) to --results-file and, with --markdown, the page's "Corpus annotation" section between its
markers, leaving the rest of the page as it is (`report.main` keeps the section when it renders the page).
"""

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from locate_label_allennlp.benchmarking.data import train_fixture_experiment
from locate_label_allennlp.benchmarking.environment import environment
from locate_label_allennlp.benchmarking.paths import FIXTURES, REPO_ROOT, PathNames

BEGIN, END = "<!-- annotation-benchmark:begin -->", "<!-- annotation-benchmark:end -->"
SUMMARY = re.compile(r"annotated (\d+) sentences .* in ([\d.]+) s \(([\d.]+) sentences/s\)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--archive", type=Path, help="default: train the fixture experiment")
    parser.add_argument("--source", type=Path, default=FIXTURES / "data" / "train.jsonl")
    parser.add_argument("--output-dir", type=Path, default=REPO_ROOT / "out" / "annotation-benchmark")
    parser.add_argument("--results-file", type=Path, help="default: OUTPUT_DIR/annotation_results.json")
    parser.add_argument("--throughput-sentences", type=int, default=20_000)
    parser.add_argument("--memory-sentences", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk-size", type=int, default=1000)
    parser.add_argument("--skip-ray", action="store_true", help="when Ray is not installed")
    parser.add_argument("--markdown", type=Path, help="update this page's corpus annotation section")
    parser.add_argument("--note", default="", help="a remark shown with the figures (e.g. shared cores)")
    parser.add_argument("--from-results", type=Path, help="render these results again; measure nothing")
    return parser


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
                continue  # the process ended meanwhile
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
    """Runs ``command``; its wall time, summary figures, peak memory (MiB) and the load around it."""
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
    sentences = int(match.group(1))
    return {
        "command": shlex.join(command),
        "sentences": sentences,
        "wall_seconds": round(seconds, 1),
        "sentences_per_second_wall": round(sentences / seconds, 1),
        "annotation_seconds": float(match.group(2)),
        "sentences_per_second": float(match.group(3)),
        "peak_rss_mib_command": round(peaks["command"] / 1024, 1),
        "peak_rss_mib_all_processes": round(peaks["tree"] / 1024, 1),
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
    }


def measure(args: argparse.Namespace, archive: Path) -> Dict[str, Dict]:
    small, large = args.output_dir / "throughput_input.jsonl", args.output_dir / "memory_input.jsonl"
    write_input(args.source, small, args.throughput_sentences)
    write_input(args.source, large, args.memory_sentences)
    base = [sys.executable, "-m", "allennlp", "nested-ner-annotate", str(archive)]
    common = ["--chunk-size", str(args.chunk_size), "--silent", "--overwrite"]
    out = args.output_dir
    workers = str(args.workers)
    runs = {
        "1 process, torch's default threads": [str(small), "-o", str(out / "one.jsonl")],
        "1 process, 1 thread": [str(small), "-o", str(out / "one_thread.jsonl"), "--threads", "1"],
        f"{workers} worker processes": [str(small), "-o", str(out / "workers.jsonl"), "--workers", workers],
    }
    if not args.skip_ray:
        runs[f"Ray, {workers} actors"] = [
            str(small), "-o", str(out / "ray.jsonl"), "--workers", workers, "--ray-address", "local",
        ]  # fmt: skip
    runs["1 process, 1 thread, memory input"] = [str(large), "-o", str(out / "large.jsonl"), "--threads", "1"]
    results = {}
    for name, run_args in runs.items():
        print(f"{name} ...", flush=True)
        results[name] = run_measured(base + run_args + common)
        print(f"  {results[name]}", flush=True)
    return results


def render(results: Dict) -> str:
    env, runs = results["environment"], results["runs"]
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
            f"| {run['peak_rss_mib_all_processes']} | {run['load_average'][0]}, {run['load_average'][1]} |"
        )
    lines += [
        "",
        "Wall time runs from the command's start to its exit; sentences/s (annotation) from the moment it "
        "plans the units, so it includes starting the workers (each spawned process or Ray actor imports "
        "allennlp and loads the model; Ray itself starts first). With a model as small as the fixture's, "
        "that start-up is a large part of a 20,000-sentence run, and torch's own threads fight over busy "
        "cores (compare the two 1-process rows). Peak RSS: the command alone (its VmHWM) and the sum over "
        "it and its descendant processes (sampled every 0.2 s); a streaming run's peak stays the same on "
        "ten times more sentences.",
    ]
    lines += ["", "Commands (the input files are written by the script):", "", "```", env["command"]]
    lines += [run["command"] for run in runs.values()]
    lines += ["```", END]
    return "\n".join(lines) + "\n"


def update_page(page: Path, section: str) -> None:
    """Replaces the page's section between the markers, or adds it at the end."""
    text = page.read_text() if page.exists() else ""
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + section + text[text.index(END) + len(END) + 1 :]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    page.write_text(text)


def main(argv: Optional[Sequence[str]] = None) -> None:
    args = build_parser().parse_args(argv)
    results_file = args.results_file or args.output_dir / "annotation_results.json"
    if args.from_results:
        results = json.loads(args.from_results.read_text())
    else:
        args.output_dir.mkdir(parents=True, exist_ok=True)
        archive = args.archive or train_fixture_experiment(args.output_dir) / "model.tar.gz"
        folders = {"OUTPUT_DIR": args.output_dir, "RUN_DIR": archive.parent, "SOURCE_DIR": args.source.parent}
        # Folders in the checkout are shown relative to it.
        names = PathNames(
            {name: path for name, path in folders.items() if REPO_ROOT not in path.resolve().parents}
        )
        fixture_model = "the fixture experiment (fixtures/experiment.jsonnet)"
        results = names.results(
            {
                "environment": environment(shlex.join(["python", *sys.argv])),
                "model": str(archive) if args.archive else fixture_model,
                "source": str(args.source.absolute()),
                "chunk_size": args.chunk_size,
                "note": args.note,
                "runs": measure(args, archive),
            }
        )
        results_file.parent.mkdir(parents=True, exist_ok=True)
        results_file.write_text(json.dumps(results, indent=2) + "\n")
        print(f"wrote {results_file}")
    if args.markdown:
        update_page(args.markdown, render(results))
        print(f"wrote {args.markdown}")
