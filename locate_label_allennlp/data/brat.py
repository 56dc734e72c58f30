"""
BRAT standoff files: a document is ``name.txt`` (the text) and ``name.ann`` (its annotations).

Reading keeps the text-bound annotations (``T`` lines: ``T3<TAB>Protein 10 14<TAB>IL-2``); relations,
events, attributes, normalizations and notes are ignored. Offsets count characters (code points) of the
``.txt`` exactly as stored: it is read without newline translation. Rules for what cannot be an entity of
a nested NER model (each skipped annotation is reported with its file, id and reason):

* white space at the edges of an entity is trimmed (kept);
* a discontinuous entity (``start end;start end``) whose fragments are separated only by white space
  (BRAT splits an entity at each line break this way) is kept as one entity from the first fragment's
  start to the last fragment's end; any other discontinuous entity is skipped;
* an entity whose text (the ``.ann``'s third column) differs from the ``.txt`` at its offsets is skipped;
* an empty entity (nothing but white space) is skipped.

Whether an entity's edges fall on token boundaries is decided by the reader that tokenizes
(`dataset_readers.brat`). Writing produces ``.ann`` lines whose offsets slice the ``.txt`` exactly to the
entity's text; an entity that spans a line break is written as fragments split at it, as BRAT does, and
read back as one entity by the rule above.
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, List, Optional, Sequence, Tuple, Union

from allennlp.common.checks import ConfigurationError

from locate_label_allennlp.data.nested_ner_json import decode_utf8

_FRAGMENT = re.compile(r"^(\d+) (\d+)$")
_LINE_BREAK = re.compile(r"[\r\n]+")


@dataclass(frozen=True)
class BratEntity:
    id: str
    type: str
    start: int
    end: int
    """Character offsets in the ``.txt``; ``end`` is exclusive."""


@dataclass(frozen=True)
class SkippedAnnotation:
    path: str
    """The ``.ann`` file."""
    id: str
    kind: str
    """Why, in a few words: "discontinuous", "overlapping fragments", "text mismatch", "empty",
    "inside a token"."""
    detail: str

    def __str__(self) -> str:
        return f"{self.path}: {self.id} skipped ({self.kind}): {self.detail}"


@dataclass
class BratDocument:
    text_path: str
    text: str
    entities: List[BratEntity]
    skipped: List[SkippedAnnotation]


def read_text(path: str) -> str:
    """A ``.txt`` file exactly as stored (UTF-8, no newline translation), so BRAT offsets index it."""
    with open(path, "rb") as handle:
        return decode_utf8(handle.read(), path)


def list_documents(folder: str) -> List[str]:
    """The ``.txt`` files under ``folder`` (recursively), sorted by their path relative to it."""
    root = Path(folder)
    if not root.is_dir():
        raise ConfigurationError(f"{folder} is not a folder of .txt documents")
    return [str(path) for path in sorted(root.rglob("*.txt"), key=lambda path: path.relative_to(root).parts)]


def read_document(text_path: str) -> BratDocument:
    """The text of ``text_path`` and the entities of the ``.ann`` beside it (none if it has no ``.ann``)."""
    text = read_text(text_path)
    ann_path = os.path.splitext(text_path)[0] + ".ann"
    if not os.path.exists(ann_path):
        return BratDocument(text_path, text, [], [])
    with open(ann_path, "rb") as handle:
        ann_text = decode_utf8(handle.read(), ann_path)
    entities, skipped = parse_ann(ann_text, text, ann_path)
    return BratDocument(text_path, text, entities, skipped)


def parse_ann(ann_text: str, text: str, ann_path: str) -> Tuple[List[BratEntity], List[SkippedAnnotation]]:
    """The entities of an ``.ann`` file's ``T`` lines, and the annotations skipped by the module's rules."""
    entities, skipped = [], []
    # Only "\n" ends a line: an entity's text may hold other line separators (U+2028, form feed, ...).
    for line_number, line in enumerate(ann_text.split("\n"), start=1):
        if not line.startswith("T"):
            continue  # relations, events, attributes, normalizations, notes, comments
        where = f"{ann_path}:{line_number}"
        entity_or_reason = _parse_text_bound(line, text, where)
        if isinstance(entity_or_reason, BratEntity):
            entities.append(entity_or_reason)
        else:
            skipped.append(SkippedAnnotation(ann_path, line.split("\t", 1)[0], *entity_or_reason))
    return entities, skipped


def _parse_text_bound(line: str, text: str, where: str) -> Union[BratEntity, Tuple[str, str]]:
    """A `BratEntity`, or why the annotation is skipped: ``(kind, detail)``."""
    columns = line.rstrip("\r").split("\t", 2)
    if len(columns) < 2 or " " not in columns[1]:
        raise ConfigurationError(f"{where}: a text-bound annotation needs 'ID<TAB>TYPE START END<TAB>TEXT'")
    annotation_id, (entity_type, locations) = columns[0], columns[1].split(" ", 1)
    fragments = [_fragment(part, len(text), where) for part in locations.split(";")]
    fragments.sort()
    for left, right in zip(fragments, fragments[1:]):
        if left[1] > right[0]:
            return "overlapping fragments", f"fragments {locations}"
        if text[left[1] : right[0]].strip():
            return "discontinuous", f"fragments {locations} are separated by {text[left[1] : right[0]]!r}"
    start, end = fragments[0][0], fragments[-1][1]
    expected = " ".join(text[fragment_start:fragment_end] for fragment_start, fragment_end in fragments)
    if len(columns) > 2 and columns[2].split() != expected.split():
        return "text mismatch", f"its text {columns[2]!r} is not the .txt's {expected!r} at {locations}"
    stripped = text[start:end]
    start += len(stripped) - len(stripped.lstrip())
    end -= len(stripped) - len(stripped.rstrip())
    if end <= start:
        return "empty", f"nothing but white space at {locations}"
    return BratEntity(annotation_id, entity_type, start, end)


def _fragment(part: str, text_length: int, where: str) -> Tuple[int, int]:
    match = _FRAGMENT.match(part.strip())
    if match is None:
        raise ConfigurationError(f"{where}: offsets {part!r} must be 'START END' (integers)")
    start, end = int(match.group(1)), int(match.group(2))
    if end < start or end > text_length:
        raise ConfigurationError(
            f"{where}: offsets {start} {end} are not inside the .txt's {text_length} characters"
        )
    return start, end


def format_ann(
    text: str,
    entities: Iterable[Tuple[int, int, str, Optional[float]]],
    first_id: int = 1,
    offset: int = 0,
) -> str:
    """
    ``.ann`` lines for ``(start, end, type, score)`` character spans of ``text``: ``T`` lines numbered from
    ``first_id`` and, for a score that is not ``None``, an ``AnnotatorNotes`` line ``score=0.9312``. When
    ``text`` is a part of the ``.txt`` that starts at character ``offset``, the written offsets are
    shifted by it.
    """
    lines = []
    for number, (start, end, entity_type, score) in enumerate(entities, start=first_id):
        if not entity_type or any(character.isspace() for character in entity_type):
            raise ValueError(f"a BRAT entity type cannot be empty or contain white space: {entity_type!r}")
        if not 0 <= start < end <= len(text):
            raise ValueError(f"entity [{start}, {end}) is not inside the text's {len(text)} characters")
        fragments = _fragments_between_line_breaks(text, start, end)
        locations = ";".join(
            f"{offset + fragment_start} {offset + fragment_end}" for fragment_start, fragment_end in fragments
        )
        shown = " ".join(text[fragment_start:fragment_end] for fragment_start, fragment_end in fragments)
        lines.append(f"T{number}\t{entity_type} {locations}\t{shown}\n")
        if score is not None:
            lines.append(f"#{number}\tAnnotatorNotes T{number}\tscore={score:.4f}\n")
    return "".join(lines)


def _fragments_between_line_breaks(text: str, start: int, end: int) -> List[Tuple[int, int]]:
    fragments, position = [], start
    for match in _LINE_BREAK.finditer(text, start, end):
        if match.start() > position:
            fragments.append((position, match.start()))
        position = match.end()
    if position < end:
        fragments.append((position, end))
    return fragments


def write_document(
    directory: str, name: str, text: str, entities: Sequence[Tuple[int, int, str, Optional[float]]]
) -> Tuple[str, str]:
    """Writes ``name.txt`` (``text`` exactly) and ``name.ann`` into ``directory``; returns their paths."""
    base = os.path.join(directory, name)
    os.makedirs(os.path.dirname(base) or ".", exist_ok=True)
    with open(base + ".txt", "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    with open(base + ".ann", "w", encoding="utf-8", newline="") as handle:
        handle.write(format_ann(text, entities))
    return base + ".txt", base + ".ann"
