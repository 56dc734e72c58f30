"""
Resuming and showing progress.

`ProgressManifest` is a small JSON file beside the output (``OUTPUT.progress.json`` for a JSON-lines
output file, ``OUTPUT/.progress.json`` for an output folder), rewritten atomically (a temporary file, then
a rename) after every unit whose output is on disk. It holds how many units are done (units are written
in order, so "done" is always the first N), the writer's committed state (the sizes of the files it
appends to) and what the run was started with. A stopped run started again with the same input and
settings truncates the appended files back to the committed sizes, which drops the part of a unit that the
stop interrupted, and goes on with the next unit: nothing is done twice, nothing is written twice.
"""

import json
import os
import time
from typing import Any, Dict, Optional

from allennlp.common.checks import ConfigurationError
from tqdm import tqdm

MANIFEST_VERSION = 1


class ProgressManifest:
    def __init__(self, path: str, fingerprint: Dict[str, Any]) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self.units_done = 0
        self.sentences_done = 0
        self.writer_state: Optional[Dict[str, Any]] = None
        self.complete = False

    @classmethod
    def load_or_start(cls, path: str, fingerprint: Dict[str, Any], overwrite: bool) -> "ProgressManifest":
        """The progress of an earlier run with the same fingerprint, or a fresh start."""
        manifest = cls(path, fingerprint)
        if overwrite or not os.path.exists(path):
            return manifest
        with open(path, encoding="utf-8") as handle:
            stored = json.load(handle)
        if stored.get("version") != MANIFEST_VERSION or stored.get("fingerprint") != fingerprint:
            raise ConfigurationError(
                f"{path} records a run with other settings ({stored.get('fingerprint')}); to start again "
                "with these, use --overwrite, or choose another output"
            )
        manifest.units_done = stored["units_done"]
        manifest.sentences_done = stored["sentences_done"]
        manifest.writer_state = stored["writer_state"]
        manifest.complete = stored["complete"]
        return manifest

    def commit(
        self, units_done: int, sentences_done: int, writer_state: Dict[str, Any], complete: bool = False
    ) -> None:
        self.units_done, self.sentences_done = units_done, sentences_done
        self.writer_state, self.complete = writer_state, complete
        record = {
            "version": MANIFEST_VERSION,
            "fingerprint": self.fingerprint,
            "units_done": units_done,
            "sentences_done": sentences_done,
            "writer_state": writer_state,
            "complete": complete,
        }
        partial = self.path + ".partial"
        with open(partial, "w", encoding="utf-8") as handle:
            json.dump(record, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, self.path)


class ProgressBar:
    """A tqdm bar over sentences (line files) or documents, with the sentences per second of this run."""

    def __init__(self, total: int, done: int, unit: str, enabled: bool) -> None:
        self.started = time.perf_counter()
        self.sentences = 0
        self.unit = unit
        # disable=None: shown on a terminal only, so logs and pipes get no carriage-return clutter.
        self.bar = tqdm(
            total=total, initial=done, unit=unit, disable=None if enabled else True, dynamic_ncols=True
        )

    def update(self, units: int, sentences: int) -> None:
        self.sentences += sentences
        self.bar.update(sentences if self.unit == "sentence" else units)
        if self.unit != "sentence":
            self.bar.set_postfix_str(f"{self.sentences_per_second:.1f} sentences/s", refresh=False)

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    @property
    def sentences_per_second(self) -> float:
        return self.sentences / self.seconds if self.seconds > 0 else 0.0

    def close(self) -> None:
        self.bar.close()
