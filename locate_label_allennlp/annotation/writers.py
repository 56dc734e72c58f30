"""
Writes the results of `annotation.annotator` in unit order, and knows how to come back to the state after
the last committed unit, for resuming.

Layout of ``OUTPUT``:

* a line file with ``--format jsonl``: ``OUTPUT`` is a JSON-lines file, line N the result of input line N;
* a line file with ``--format brat``: ``OUTPUT/<input name>.txt`` holds line N's sentence on line N, and
  ``OUTPUT/<input name>.ann`` the entities (an input line that cannot be predicted is an empty line of the
  ``.txt`` and a record in ``OUTPUT/errors.jsonl``);
* documents: ``OUTPUT/<name>.jsonl`` (one line per sentence) or ``OUTPUT/<name>.txt`` (a copy of the input)
  and ``OUTPUT/<name>.ann`` per document, in the same sub-folders as the input; a document that cannot be
  annotated (undecodable bytes, an empty file) gets no output file but a warning and a record
  ``{"document", "error"}`` in ``OUTPUT/errors.jsonl``.

Files that grow over the run are only appended to; `commit` flushes them to disk and returns their sizes,
which the progress manifest stores, and `restore` truncates them back to those sizes, which drops the
output of a unit that a stop interrupted. A document's files are written under a temporary name and
renamed when complete, so a document's output is either whole or absent.
"""

import json
import logging
import os
import shutil
from typing import Any, Dict, List, Optional, TextIO

from locate_label_allennlp.data.brat import format_ann, read_text

logger = logging.getLogger(__name__)

ERRORS_FILE = "errors.jsonl"


class AppendOnlyFile:
    def __init__(self, path: str) -> None:
        self.path = path
        self._handle: Optional[TextIO] = None

    def append(self, text: str) -> None:
        if self._handle is None:
            os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
            # Kept open across appends (a unit at a time); `close` closes it.
            self._handle = open(self.path, "a", encoding="utf-8", newline="")  # noqa: SIM115
        self._handle.write(text)

    def commit(self) -> int:
        """Flushes to disk; the size in bytes."""
        if self._handle is not None:
            self._handle.flush()
            os.fsync(self._handle.fileno())
        return os.path.getsize(self.path) if os.path.exists(self.path) else 0

    def truncate(self, size: int) -> None:
        self.close()
        if os.path.exists(self.path):
            with open(self.path, "r+b") as handle:
                handle.truncate(size)
        elif size:
            raise FileNotFoundError(f"{self.path} was removed since the run that is resumed wrote it")

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def _write_atomically(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    partial = path + ".partial"
    with open(partial, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    os.replace(partial, path)


class OutputWriter:
    """Appends files listed in ``files``; subclasses add counters to the committed state."""

    def __init__(self, files: Dict[str, AppendOnlyFile]) -> None:
        self.files = files
        self.errors = 0

    def write(self, result: Dict[str, Any]) -> None:
        raise NotImplementedError

    def commit(self) -> Dict[str, Any]:
        return {"bytes": {name: file.commit() for name, file in self.files.items()}, "errors": self.errors}

    def empty_state(self) -> Dict[str, Any]:
        """The state before anything was written (`restore` to it empties the appended files)."""
        return {"bytes": {}, "errors": 0}

    def restore(self, state: Dict[str, Any]) -> None:
        for name, file in self.files.items():
            file.truncate(state["bytes"].get(name, 0))
        self.errors = state["errors"]

    def close(self) -> None:
        for file in self.files.values():
            file.close()

    def _record_error(self, record: Dict[str, Any]) -> None:
        self.errors += 1
        self.files["errors"].append(json.dumps(record, ensure_ascii=False) + "\n")


class SentencesJsonlWriter(OutputWriter):
    def __init__(self, output_file: str) -> None:
        super().__init__({"output": AppendOnlyFile(output_file)})

    def write(self, result: Dict[str, Any]) -> None:
        for record in result["records"]:
            self.errors += "error" in record
        self.files["output"].append("".join(json.dumps(record) + "\n" for record in result["records"]))


class SentencesBratWriter(OutputWriter):
    """One ``.txt``/``.ann`` pair for the whole line file; entity ids and offsets run on across units."""

    def __init__(self, output_dir: str, name: str) -> None:
        base = os.path.join(output_dir, name)
        super().__init__(
            {
                "txt": AppendOnlyFile(base + ".txt"),
                "ann": AppendOnlyFile(base + ".ann"),
                "errors": AppendOnlyFile(os.path.join(output_dir, ERRORS_FILE)),
            }
        )
        self.characters = 0
        self.next_id = 1

    def write(self, result: Dict[str, Any]) -> None:
        lines: List[str] = []
        ann: List[str] = []
        for record in result["records"]:
            text = record.get("text", "")
            if "error" in record:
                self._record_error({"line": record["line"], "error": record["error"]})
            entities = record.get("entities", ())
            ann.append(format_ann(text, entities, first_id=self.next_id, offset=self.characters))
            self.next_id += len(entities)
            lines.append(text + "\n")
            self.characters += len(text) + 1
        self.files["txt"].append("".join(lines))
        self.files["ann"].append("".join(ann))

    def commit(self) -> Dict[str, Any]:
        return {**super().commit(), "characters": self.characters, "next_id": self.next_id}

    def empty_state(self) -> Dict[str, Any]:
        return {**super().empty_state(), "characters": 0, "next_id": 1}

    def restore(self, state: Dict[str, Any]) -> None:
        super().restore(state)
        self.characters, self.next_id = state["characters"], state["next_id"]


class DocumentsWriter(OutputWriter):
    def __init__(self, output_dir: str, output_format: str) -> None:
        super().__init__({"errors": AppendOnlyFile(os.path.join(output_dir, ERRORS_FILE))})
        self.output_dir = output_dir
        self.output_format = output_format

    def write(self, result: Dict[str, Any]) -> None:
        base = os.path.join(self.output_dir, *result["name"].split("/"))
        if "error" in result:
            logger.warning(
                "%s: %s; not annotated (recorded in %s)", result["path"], result["error"], ERRORS_FILE
            )
            self._record_error({"document": result["name"] + ".txt", "error": result["error"]})
        elif self.output_format == "jsonl":
            _write_atomically(
                base + ".jsonl", "".join(json.dumps(record) + "\n" for record in result["records"])
            )
        else:
            entities = [
                (entity["char_start"], entity["char_end"], entity["type"], entity["score"])
                for record in result["records"]
                for entity in record["entities"]
            ]
            # The .ann is made first, so a .txt in the output always has its .ann.
            _write_atomically(base + ".ann", format_ann(read_text(result["path"]), entities))
            shutil.copyfile(result["path"], base + ".txt.partial")
            os.replace(base + ".txt.partial", base + ".txt")
