"""
What a corpus annotation run reads, cut into *units*: the pieces that workers annotate and that a stopped
run resumes after.

Three input kinds:

* ``jsonl``: a file of sentences, one per line, as ``allennlp predict --predictor nested_ner`` reads it (a
  line starting with ``{`` is JSON, any other line raw text, an empty line an empty sentence);
* ``text``: a plain-text file, one sentence per line, every line raw text;
* ``documents``: a folder of ``.txt`` documents (in sub-folders too), each split into sentences with their
  character offsets.

A unit of a line file is ``chunk_size`` consecutive lines, located by byte offsets, so that a worker reads
its lines itself and no unit's text passes through the process that plans them; a unit of a folder is one
document. Planning reads the file once without keeping its lines: memory grows with the number of units
(a few dozen bytes each), not with the number of sentences.
"""

import enum
import io
import os
from dataclasses import asdict, dataclass
from typing import Dict, List, Sequence, Union

from allennlp.common.checks import ConfigurationError

from locate_label_allennlp.data.brat import list_documents


class InputKind(enum.StrEnum):
    JSONL = "jsonl"
    TEXT = "text"
    DOCUMENTS = "documents"

    @property
    def is_line_file(self) -> bool:
        return self is not InputKind.DOCUMENTS


@dataclass(frozen=True)
class LineUnit:
    """Lines ``first_line`` (1-based) to ``first_line + num_lines - 1`` of ``path``, its bytes
    ``[start, end)``."""

    index: int
    path: str
    start: int
    end: int
    first_line: int
    num_lines: int


@dataclass(frozen=True)
class DocumentUnit:
    """One ``.txt`` document; ``name`` is its path relative to the input folder, without ``.txt``."""

    index: int
    path: str
    name: str


Unit = Union[LineUnit, DocumentUnit]


def unit_to_dict(unit: Unit) -> Dict:
    return {"type": type(unit).__name__, **asdict(unit)}


def unit_from_dict(value: Dict) -> Unit:
    value = dict(value)
    unit_type = {"LineUnit": LineUnit, "DocumentUnit": DocumentUnit}[value.pop("type")]
    return unit_type(**value)


def detect_kind(input_path: str) -> InputKind:
    """A folder holds documents, a ``.jsonl``/``.json`` file sentences as JSON lines, any other file text."""
    if os.path.isdir(input_path):
        return InputKind.DOCUMENTS
    if not os.path.isfile(input_path):
        raise ConfigurationError(f"input {input_path} is neither a file nor a folder")
    return InputKind.JSONL if input_path.endswith((".jsonl", ".json")) else InputKind.TEXT


def plan_units(input_path: str, kind: InputKind, chunk_size: int) -> Sequence[Unit]:
    if kind is InputKind.DOCUMENTS:
        return plan_documents(input_path)
    if os.path.isdir(input_path):
        raise ConfigurationError(f"input {input_path} is a folder, but the input kind {kind.value} is a file")
    return plan_line_chunks(input_path, chunk_size)


def plan_line_chunks(path: str, chunk_size: int) -> List[LineUnit]:
    """Units of ``chunk_size`` lines (the last may be shorter); an empty file has none."""
    if chunk_size < 1:
        raise ConfigurationError(f"chunk size must be at least 1, got {chunk_size}")
    path = os.path.abspath(path)
    units: List[LineUnit] = []
    start = position = 0
    lines_in_chunk = 0
    first_line = 1
    with open(path, "rb") as handle:
        for raw in handle:
            position += len(raw)
            lines_in_chunk += 1
            if lines_in_chunk == chunk_size:
                units.append(LineUnit(len(units), path, start, position, first_line, lines_in_chunk))
                start, first_line, lines_in_chunk = position, first_line + lines_in_chunk, 0
    if lines_in_chunk:
        units.append(LineUnit(len(units), path, start, position, first_line, lines_in_chunk))
    return units


def plan_documents(folder: str) -> List[DocumentUnit]:
    """Every ``.txt`` under ``folder``, sorted by relative path (the order of the output and of resuming)."""
    root = os.path.abspath(folder)
    units = []
    for index, path in enumerate(list_documents(root)):
        name = os.path.splitext(os.path.relpath(path, root))[0].replace(os.sep, "/")
        units.append(DocumentUnit(index, path, name))
    if not units:
        raise ConfigurationError(f"input folder {folder} has no .txt documents")
    return units


def read_unit_lines(unit: LineUnit) -> List[bytes]:
    """The raw lines of a line unit (with their line ends)."""
    with open(unit.path, "rb") as handle:
        handle.seek(unit.start)
        # Split as file iteration does (at "\n" only), as `plan_line_chunks` counted.
        lines = list(io.BytesIO(handle.read(unit.end - unit.start)))
    if len(lines) != unit.num_lines:
        raise ConfigurationError(
            f"{unit.path} changed while it was annotated: lines {unit.first_line}-"
            f"{unit.first_line + unit.num_lines - 1} are no longer where they were"
        )
    return lines
