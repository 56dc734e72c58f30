"""What a benchmark ran on: the machine, the libraries, the code (git), and progress on the console."""

import contextlib
import datetime
import json
import os
import platform
import resource
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, Iterator, Optional

import torch
from allennlp.version import VERSION as ALLENNLP_VERSION

from locate_label_allennlp.benchmarking.paths import REPO_ROOT, PathNames


def environment(command: str) -> Dict:
    """The date, the command, the machine, the library versions and the commit of the checkout."""
    cpu_model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    status = _git("status", "--porcelain")
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": command,
        "cpu_model": cpu_model,
        "logical_cpus": os.cpu_count(),
        "torch_num_threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "allennlp": ALLENNLP_VERSION,
        "python": platform.python_version(),
        "git_commit": _git("rev-parse", "HEAD"),
        "git_dirty": None if status is None else bool(status),  # uncommitted changes in the checkout
    }


def machine(env: Dict) -> str:
    """The machine in one line, as the headline figures cite it."""
    return f"{env['cpu_model']}, {env['logical_cpus']} logical CPUs, torch {env['torch_num_threads']} threads"


def write_measurement(results: Dict, output: Path) -> Dict:
    """
    ``results`` with this process's command line, date and machine added and its paths under
    $GENIA_DIR, $RUN_DIR, $RUNS_DIR (where set) or the repository named so (no folder of this machine),
    written to ``output`` as JSON; returns what was written.
    """
    env = environment(shlex.join([os.path.basename(sys.executable), *sys.argv]))
    stamped = {
        **results,
        "command": env["command"],
        "date": env["date"],
        "machine": machine(env),
        "torch_threads": env["torch_num_threads"],
    }
    stamped = PathNames.from_environment().results(stamped)
    output.write_text(json.dumps(stamped, indent=2) + "\n")
    return stamped


def _git(*args: str) -> Optional[str]:
    try:
        completed = subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return completed.stdout.strip()


@contextlib.contextmanager
def phase(description: str) -> Iterator[None]:
    """Prints what runs and, when it is done, how long it took."""
    print(f"{description} ...", end=" ", flush=True)
    started = time.perf_counter()
    yield
    print(f"{time.perf_counter() - started:.1f} s", flush=True)


def peak_rss_mib() -> float:
    """The process's resident-memory high-water mark so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
