"""
Conversion of the GENIA term corpus 3.02 into this project's `nested_ner` JSON-lines format, with the
standard nested-NER split used by Biaffine NER and Locate-and-Label. (One module past the usual size on
purpose: reading, splitting, verifying and writing the corpus are one conversion under one set of rules.)

The rules (those of the standard split, checked against its published counts) are:

* sentences are the `<sentence>` elements of each `<article>`'s `<title>`, then of its `<abstract>`,
  in corpus order (18546 in the official corpus);
* tokens are the text split on whitespace and, in addition, at the start and the end of *every*
  `<cons>` element, including those that do not become entities (so `<cons>CD28</cons>-mediated`
  gives the tokens `CD28` and `-mediated`);
* an entity is a `<cons>` whose `sem` starts with `G#DNA` (type `DNA`), `G#RNA` (`RNA`) or
  `G#protein` (`protein`), or is exactly `G#cell_line` or `G#cell_type`; other cons (other types, no
  `sem`, coordinated values such as `(AND G#protein_molecule G#protein_molecule)`) are not entities;
* an entity's span is its text without surrounding whitespace, and a span holds at most one entity:
  when several `<cons>` with the same span carry different types, the first type in
  `ENTITY_TYPES` wins (protein first, as the rules require; the order of the other types decides
  one span of the official corpus, `c-jun` in MEDLINE:96264685 in the training split, DNA over RNA);
* train = sentences `[0:15023]`, dev = `[15023:16692]`, test = `[16692:]`.

Each output line is one sentence,
`{"tokens": [...], "entities": [{"start": s, "end": e, "type": t}], "ltokens": [...],
"rtokens": [...], "doc_id": "<MEDLINE id>", "sent_id": <index in the split>}`, with `end`
exclusive, entities sorted by `(start, end, type)`, and `ltokens`/`rtokens` the previous/next
sentence of the same article *within the split* (`[]` when there is none). `train_dev` is the
concatenation of train and dev treated as one split, so its context also crosses the train/dev
boundary (which falls inside an article). With a POS tagger (a spaCy pipeline, see `data.pos_tags`),
each line also gets `"pos": [...]`, one predicted tag per token: the corpus has no POS annotation of its
own.

The annotations are licensed under CC BY 3.0 by the GENIA Project, so the output directory also
receives the corpus' `LICENSE` and a `README` carrying the attribution.
"""

import hashlib
import io
import json
import logging
import os
import posixpath
import re
import shutil
import tarfile
import uuid
import xml.etree.ElementTree as ElementTree
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple, Union

from allennlp.common.checks import ConfigurationError

from locate_label_allennlp.data.pos_tags import PosTagger

logger = logging.getLogger(__name__)

GENIA_TGZ_SHA256 = "85b2aede313308c33783ba508d054d0af0ff9c7e48490f0db5168a9f88d74d1c"
"""sha256 of the official release, `GENIAcorpus3.02.tgz`."""

GENIA_XML_SHA256 = "c6d6966ea48522e48aa4b268323934897d9336fab3942fb48134ac174d989c5e"
"""sha256 of the `GENIAcorpus3.02.xml` inside the official release (for extracted input)."""

GENIA_XML_NAME = "GENIAcorpus3.02.xml"
GENIA_LICENCE_NAME = "LICENSE"

ENTITY_TYPES = ("protein", "DNA", "cell_type", "cell_line", "RNA")
"""The five entity types, in the order used for display and as the precedence when one span carries
several of them."""

OFFICIAL_TRAIN_END = 15023
OFFICIAL_DEV_END = 16692

OFFICIAL_COUNTS = {
    "train": (15023, 46142),
    "dev": (1669, 4367),
    "test": (1854, 5506),
    "train_dev": (16692, 50509),
}
"""(sentences, entities) of each split of the official corpus with the official boundaries."""

OFFICIAL_TEST_TYPE_COUNTS = {"protein": 3084, "DNA": 1262, "cell_type": 606, "cell_line": 445, "RNA": 109}

_WHITESPACE = re.compile(r"(\s+)")
_GZIP_MAGIC = b"\x1f\x8b"

Entity = Tuple[int, int, str]
"""`(start, end, type)` with `end` exclusive."""


@dataclass(frozen=True)
class GeniaSentence:
    """One `<sentence>` of the corpus, tokenised, with its entities sorted by (start, end, type)."""

    article_index: int
    """Position of the sentence's article in the corpus. Context is looked up by this index rather than
    by `doc_id` because MEDLINE ids are not unique: MEDLINE:97218353 names two different articles."""
    doc_id: str
    tokens: List[str]
    entities: List[Entity]
    pos: Optional[List[str]] = None
    """One predicted tag per token, when a POS tagger was given (the corpus has none)."""


@dataclass(frozen=True)
class GeniaSource:
    """The corpus XML as read from an archive, an XML file or a directory."""

    path: Path
    """What was given: the archive, the XML file or the directory."""
    xml_name: str
    """Where the XML came from, for messages (e.g. `corpus.tgz:GENIA_term_3.02/GENIAcorpus3.02.xml`)."""
    xml: bytes
    sha256: str
    """sha256 of the archive, or of the XML file when no archive was given."""
    official: bool
    """Whether the archive or the XML is byte-identical to the official release."""
    licence: Optional[str]
    """The corpus' LICENSE text, when one was found in the archive, beside the XML or beside the archive."""


@dataclass(frozen=True)
class SplitCounts:
    sentences: int
    entities: int
    types: Dict[str, int]


@dataclass(frozen=True)
class PreparedGenia:
    """What `prepare_genia` did."""

    output_dir: Path
    source: GeniaSource
    counts: Dict[str, SplitCounts]
    counts_verified: bool
    """Whether the counts were checked against the official ones (done for the official boundaries)."""


def genia_entity_type(sem: Optional[str]) -> Optional[str]:
    """
    Maps a `<cons>`' `sem` attribute to one of `ENTITY_TYPES`, or `None` when the cons is not an
    entity (another type, no `sem`, or a coordinated value such as `(AND G#DNA_molecule G#DNA_molecule)`).
    """
    if sem is None:
        return None
    for prefix, entity_type in (("G#DNA", "DNA"), ("G#RNA", "RNA"), ("G#protein", "protein")):
        if sem.startswith(prefix):
            return entity_type
    if sem in ("G#cell_line", "G#cell_type"):
        return sem[len("G#") :]
    return None


class _TokenBuilder:
    """Splits text on whitespace into tokens; `boundary()` also ends the token being built."""

    def __init__(self) -> None:
        self.tokens: List[str] = []
        self._partial = ""

    def add_text(self, text: Optional[str]) -> None:
        if not text:
            return
        # With a capturing group, odd pieces are the whitespace runs between the words.
        for index, piece in enumerate(_WHITESPACE.split(text)):
            if index % 2:
                self.boundary()
            else:
                self._partial += piece

    def boundary(self) -> int:
        """Ends the current token, if any, and returns the number of tokens so far."""
        if self._partial:
            self.tokens.append(self._partial)
            self._partial = ""
        return len(self.tokens)


def tokenize_genia_sentence(
    sentence: ElementTree.Element,
) -> Tuple[List[str], List[Tuple[int, int, Optional[str]]]]:
    """
    Tokenises a `<sentence>` element: whitespace separates tokens, and so does the start and the end of
    every `<cons>`. Returns the tokens and, for every `<cons>` (inner ones first), its token span
    `(start, end)` (end exclusive; empty for a cons holding only whitespace) and its `sem` attribute.
    """
    builder = _TokenBuilder()
    cons_spans: List[Tuple[int, int, Optional[str]]] = []

    def visit(element: ElementTree.Element) -> None:
        builder.add_text(element.text)
        for child in element:
            if child.tag != "cons":
                raise ConfigurationError(
                    f"unexpected <{child.tag}> element in a <sentence>: "
                    "GENIA sentences hold only text and <cons> elements"
                )
            start = builder.boundary()
            visit(child)
            cons_spans.append((start, builder.boundary(), child.get("sem")))
            builder.add_text(child.tail)

    visit(sentence)
    builder.boundary()
    return builder.tokens, cons_spans


def select_entities(cons_spans: Sequence[Tuple[int, int, Optional[str]]]) -> List[Entity]:
    """
    Turns the `(start, end, sem)` of a sentence's `<cons>` elements into its entities: one per
    non-empty span that carries at least one of `ENTITY_TYPES`, the first of them in `ENTITY_TYPES`
    winning when there are several. Sorted by `(start, end, type)`.
    """
    types_by_span: Dict[Tuple[int, int], Set[str]] = defaultdict(set)
    for start, end, sem in cons_spans:
        entity_type = genia_entity_type(sem)
        if entity_type is not None and start < end:
            types_by_span[(start, end)].add(entity_type)
    entities = [
        (start, end, min(types, key=ENTITY_TYPES.index)) for (start, end), types in types_by_span.items()
    ]
    return sorted(entities)


def parse_genia_xml(xml: bytes, source: str = "<GENIA XML>") -> List[GeniaSentence]:
    """
    Parses the GENIA corpus XML into its sentences, in corpus order (title sentences, then abstract
    sentences, article by article). `source` names the XML in error messages.
    """
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as error:
        raise ConfigurationError(f"{source} is not a GENIA XML file: XML parse error: {error}") from error
    articles = root.findall("article")
    if root.tag != "set" or not articles:
        raise ConfigurationError(
            f"{source} is not a GENIA XML file: expected a <set> of <article> elements, "
            f"found <{root.tag}> with {len(articles)} <article> children"
        )
    sentences = []
    for article_index, article in enumerate(articles):
        bibliomisc = article.findtext("articleinfo/bibliomisc", default="").strip()
        if not bibliomisc.startswith("MEDLINE:"):
            raise ConfigurationError(
                f"{source}: article #{article_index} has no articleinfo/bibliomisc MEDLINE:<id> "
                f"(found {bibliomisc!r})"
            )
        doc_id = bibliomisc[len("MEDLINE:") :]
        for sentence_index, sentence in enumerate(
            article.findall("title/sentence") + article.findall("abstract/sentence")
        ):
            try:
                tokens, cons_spans = tokenize_genia_sentence(sentence)
            except ConfigurationError as error:
                raise ConfigurationError(
                    f"{source}: article MEDLINE:{doc_id}, sentence #{sentence_index}: {error}"
                ) from error
            sentences.append(GeniaSentence(article_index, doc_id, tokens, select_entities(cons_spans)))
    return sentences


def build_split(sentences: Sequence[GeniaSentence]) -> List[Dict[str, Any]]:
    """
    Turns consecutive corpus sentences into `nested_ner` records: `sent_id` is the index in
    `sentences`, and `ltokens`/`rtokens` are the previous/next sentence of the same article among
    `sentences` (`[]` at an article's edge or at the edge of `sentences`).
    """

    def context(index: int, article_index: int) -> List[str]:
        if 0 <= index < len(sentences) and sentences[index].article_index == article_index:
            return sentences[index].tokens
        return []

    return [
        {
            "tokens": sentence.tokens,
            "entities": [
                {"start": start, "end": end, "type": entity_type}
                for start, end, entity_type in sentence.entities
            ],
            "ltokens": context(index - 1, sentence.article_index),
            "rtokens": context(index + 1, sentence.article_index),
            "doc_id": sentence.doc_id,
            "sent_id": index,
            **({} if sentence.pos is None else {"pos": sentence.pos}),
        }
        for index, sentence in enumerate(sentences)
    ]


def split_genia(
    sentences: Sequence[GeniaSentence],
    train_end: int = OFFICIAL_TRAIN_END,
    dev_end: int = OFFICIAL_DEV_END,
) -> Dict[str, List[Dict[str, Any]]]:
    """
    Splits the corpus sentences into train `[0:train_end]`, dev `[train_end:dev_end]`,
    test `[dev_end:]` and train_dev `[0:dev_end]`, each built with `build_split` (so train_dev's
    context crosses the train/dev boundary, and the others' does not cross their own edges).
    """
    if not 0 <= train_end <= dev_end <= len(sentences):
        raise ConfigurationError(
            f"invalid GENIA split boundaries train_end={train_end}, dev_end={dev_end} for "
            f"{len(sentences)} sentences: they need 0 <= train_end <= dev_end <= {len(sentences)}"
        )
    return {
        "train": build_split(sentences[:train_end]),
        "dev": build_split(sentences[train_end:dev_end]),
        "test": build_split(sentences[dev_end:]),
        "train_dev": build_split(sentences[:dev_end]),
    }


def count_split(records: Sequence[Dict[str, Any]]) -> SplitCounts:
    """Sentences, entities and entities per type (every type of `ENTITY_TYPES`, zeros included)."""
    types = Counter(entity["type"] for record in records for entity in record["entities"])
    return SplitCounts(
        sentences=len(records),
        entities=sum(types.values()),
        types={entity_type: types[entity_type] for entity_type in ENTITY_TYPES},
    )


def official_count_mismatches(counts: Dict[str, SplitCounts]) -> List[str]:
    """Describes every way `counts` differ from the official split's; empty when they match."""
    mismatches = []
    for split, (sentences, entities) in OFFICIAL_COUNTS.items():
        found = (counts[split].sentences, counts[split].entities)
        if found != (sentences, entities):
            mismatches.append(
                f"{split}: {found[0]} sentences / {found[1]} entities, expected {sentences} / {entities}"
            )
    for entity_type, expected in OFFICIAL_TEST_TYPE_COUNTS.items():
        found_count = counts["test"].types[entity_type]
        if found_count != expected:
            mismatches.append(f"test {entity_type}: {found_count} entities, expected {expected}")
    return mismatches


def format_counts(counts: Dict[str, SplitCounts]) -> str:
    """A table of the sentences, entities and entities per type of each split."""
    header = ["split", "sentences", "entities", *ENTITY_TYPES]
    rows = [
        [
            split,
            str(split_counts.sentences),
            str(split_counts.entities),
            *(str(split_counts.types[entity_type]) for entity_type in ENTITY_TYPES),
        ]
        for split, split_counts in counts.items()
    ]
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) if column == 0 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths))
        )
        for row in [header, *rows]
    )


def read_genia_source(path: Union[str, os.PathLike]) -> GeniaSource:
    """
    Reads the corpus XML (and its LICENSE, when there is one) from the official `.tgz` (or any tar
    archive holding a `GENIAcorpus3.02.xml`), from the XML file itself, or from a directory holding it
    directly or in `GENIA_term_3.02/` (the archive's layout). The LICENSE is looked for in the
    archive, next to the XML, and next to the archive.

    Raises `ConfigurationError` naming the path for a missing file, an unreadable (truncated or
    corrupt) archive, or an archive or directory without the XML.
    """
    path = Path(path)
    if path.is_dir():
        candidates = [path / GENIA_XML_NAME, path / "GENIA_term_3.02" / GENIA_XML_NAME]
        xml_path = next((candidate for candidate in candidates if candidate.is_file()), None)
        if xml_path is None:
            raise ConfigurationError(
                f"directory {path} holds no {GENIA_XML_NAME} (looked for "
                f"{', '.join(str(candidate) for candidate in candidates)})"
            )
        return _read_xml_file(path, xml_path)
    if not path.is_file():
        raise ConfigurationError(f"GENIA corpus {path} does not exist or is not a file")
    if _looks_like_archive(path):
        return _read_archive(path)
    return _read_xml_file(path, path)


def _looks_like_archive(path: Path) -> bool:
    with path.open("rb") as file:
        if file.read(len(_GZIP_MAGIC)) == _GZIP_MAGIC:
            return True
    return tarfile.is_tarfile(path)


def _read_xml_file(path: Path, xml_path: Path) -> GeniaSource:
    xml = xml_path.read_bytes()
    sha256 = hashlib.sha256(xml).hexdigest()
    licence_path = xml_path.parent / GENIA_LICENCE_NAME
    return GeniaSource(
        path=path,
        xml_name=str(xml_path),
        xml=xml,
        sha256=sha256,
        official=sha256 == GENIA_XML_SHA256,
        licence=licence_path.read_text(encoding="utf-8") if licence_path.is_file() else None,
    )


def _read_archive(path: Path) -> GeniaSource:
    archive_bytes = path.read_bytes()
    try:
        with tarfile.open(fileobj=io.BytesIO(archive_bytes), mode="r:*") as archive:
            members = {member.name: member for member in archive.getmembers() if member.isfile()}
            xml_names = [name for name in members if posixpath.basename(name) == GENIA_XML_NAME]
            if len(xml_names) != 1:
                raise ConfigurationError(
                    f"{path} is not the GENIA corpus archive: it should hold one {GENIA_XML_NAME}, "
                    f"found {len(xml_names)} among its files {sorted(members)[:10]}"
                )
            xml_name = xml_names[0]
            xml = _read_member(archive, members[xml_name])
            licence_name = posixpath.join(posixpath.dirname(xml_name), GENIA_LICENCE_NAME)
            licence = (
                _read_member(archive, members[licence_name]).decode("utf-8")
                if licence_name in members
                else None
            )
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise ConfigurationError(
            f"{path} is not a readable tar archive (truncated or corrupt download?): "
            f"{type(error).__name__}: {error}"
        ) from error
    licence_beside = path.parent / GENIA_LICENCE_NAME
    if licence is None and licence_beside.is_file():
        licence = licence_beside.read_text(encoding="utf-8")
    sha256 = hashlib.sha256(archive_bytes).hexdigest()
    return GeniaSource(
        path=path,
        xml_name=f"{path}:{xml_name}",
        xml=xml,
        sha256=sha256,
        official=sha256 == GENIA_TGZ_SHA256 or hashlib.sha256(xml).hexdigest() == GENIA_XML_SHA256,
        licence=licence,
    )


def _read_member(archive: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    file = archive.extractfile(member)
    assert file is not None, "regular tar members always have a file object"
    return file.read()


def genia_readme(
    source: GeniaSource,
    train_end: int,
    dev_end: int,
    counts: Dict[str, SplitCounts],
    pos_tagger: Optional[str] = None,
) -> str:
    """The README written next to the converted splits: provenance, format, split, counts, licence."""
    pos_note = (
        ""
        if pos_tagger is None
        else f"\npos (one tag per token) was predicted by the spaCy pipeline {pos_tagger} over these tokens;\n"
        "it is no GENIA annotation (the term corpus has none).\n"
    )
    if source.licence is None:
        licence_note = (
            "No LICENSE was found in or beside the input, so none was copied here: add the GENIA\n"
            "licence text (it ships in GENIAcorpus3.02.tgz) before sharing these files."
        )
    else:
        licence_note = "LICENSE, copied from the input, holds the full licence text and attribution."
    release = "the official GENIA 3.02 release" if source.official else "NOT the official release"
    return f"""GENIA term corpus 3.02, converted to the nested_ner JSON-lines format
=====================================================================

Made by `allennlp prepare-genia` (locate_label_allennlp.data.genia) from {source.path.name}
(sha256 {source.sha256}: {release}).

Files: train.jsonl, dev.jsonl, test.jsonl and train_dev.jsonl, one sentence per line:
  {{"tokens": [...], "entities": [{{"start": s, "end": e, "type": t}}], "ltokens": [...],
   "rtokens": [...], "doc_id": "<MEDLINE id>", "sent_id": <index in the split>}}
end is exclusive; entity types are {", ".join(ENTITY_TYPES)}.
{pos_note}
Sentences are the <sentence> elements of each article's title, then its abstract, in corpus order.
Tokens are split on whitespace and at the start and end of every <cons>. An entity is a <cons>
whose sem starts with G#DNA, G#RNA or G#protein, or is G#cell_line or G#cell_type; one entity per
span, the first of {", ".join(ENTITY_TYPES)} winning when a span carries several types.
Split: train = sentences [0:{train_end}], dev = [{train_end}:{dev_end}], test = [{dev_end}:];
train_dev = train followed by dev. ltokens/rtokens are the previous/next sentence of the same
article within the file (so in train_dev the context also crosses the train/dev boundary).

{format_counts(counts)}

Licence
-------
The annotations are (c) GENIA Project and licensed under the Creative Commons Attribution 3.0
Unported License (http://creativecommons.org/licenses/by/3.0/); attribute them as
"Corpus annotations (c) GENIA Project". The texts are PubMed abstracts from the U.S. National
Library of Medicine. {licence_note}
"""


def write_genia_splits(
    splits: Dict[str, List[Dict[str, Any]]],
    output_dir: Union[str, os.PathLike],
    readme: str,
    licence: Optional[str],
) -> None:
    """
    Writes `<split>.jsonl` for every split, `README` and (when given) `LICENSE` into `output_dir`
    atomically: everything goes into a hidden directory beside it, which is renamed to `output_dir`
    at the end, so on any failure no output is left. `output_dir` must not exist or be empty.
    """
    output_dir = Path(output_dir)
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = output_dir.parent / f".{output_dir.name}.partial-{uuid.uuid4().hex}"
    staging.mkdir()
    try:
        for name, records in splits.items():
            with open(staging / f"{name}.jsonl", "w", encoding="utf-8") as file:
                for record in records:
                    file.write(json.dumps(record, ensure_ascii=False) + "\n")
        (staging / "README").write_text(readme, encoding="utf-8")
        if licence is not None:
            (staging / GENIA_LICENCE_NAME).write_text(licence, encoding="utf-8")
        # rename(2) replaces an empty directory and refuses a non-empty one.
        os.replace(staging, output_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def prepare_genia(
    input_path: Union[str, os.PathLike],
    output_dir: Union[str, os.PathLike],
    train_end: int = OFFICIAL_TRAIN_END,
    dev_end: int = OFFICIAL_DEV_END,
    pos_tagger: Optional[str] = None,
) -> PreparedGenia:
    """
    Converts the GENIA corpus at `input_path` (see `read_genia_source`) into `train.jsonl`,
    `dev.jsonl`, `test.jsonl` and `train_dev.jsonl` in `output_dir`, with a `README` and the corpus'
    `LICENSE`. Nothing is written unless everything succeeds. With `pos_tagger` (a spaCy pipeline's
    package name or directory, see `PosTagger`), every sentence gets its tokens' predicted POS tags.

    The input's sha256 is checked against the official release; a different one is reported as a
    warning. With the official split boundaries the counts are then checked against the official
    ones, and a mismatch raises `ConfigurationError` (the default boundaries only make sense for the
    official corpus: pass `train_end`/`dev_end` to split another one).
    """
    output_dir = Path(output_dir)
    if output_dir.exists() and (not output_dir.is_dir() or any(output_dir.iterdir())):
        raise ConfigurationError(
            f"output directory {output_dir} already exists and is not an empty directory"
        )
    source = read_genia_source(input_path)
    if source.official:
        logger.info("%s is the official GENIA 3.02 release (sha256 %s)", source.path, source.sha256)
    else:
        logger.warning(
            "%s is not the official GENIA 3.02 release: its sha256 is %s, the official "
            "GENIAcorpus3.02.tgz has %s (and the GENIAcorpus3.02.xml in it %s)",
            source.path,
            source.sha256,
            GENIA_TGZ_SHA256,
            GENIA_XML_SHA256,
        )
    sentences = parse_genia_xml(source.xml, source.xml_name)
    tagger_name = None
    if pos_tagger is not None:
        tagger = PosTagger(pos_tagger)
        tagger_name = tagger.name
        tags = tagger.tag([sentence.tokens for sentence in sentences])
        sentences = [replace(sentence, pos=pos) for sentence, pos in zip(sentences, tags, strict=True)]
    splits = split_genia(sentences, train_end, dev_end)
    counts = {name: count_split(records) for name, records in splits.items()}

    counts_verified = (train_end, dev_end) == (OFFICIAL_TRAIN_END, OFFICIAL_DEV_END)
    if counts_verified:
        mismatches = official_count_mismatches(counts)
        if mismatches and source.official:
            raise ConfigurationError(
                f"converting the official GENIA corpus {source.path} gave unexpected counts (a bug in "
                f"{__name__}): {'; '.join(mismatches)}"
            )
        if mismatches:
            raise ConfigurationError(
                f"{source.path} is not the official GENIA 3.02 corpus and the standard split of it does "
                f"not give the standard counts ({'; '.join(mismatches)}); to split another corpus, "
                f"give train_end and dev_end"
            )
        if not source.official:
            logger.info("%s gives the official counts despite its different sha256", source.path)
    if source.licence is None:
        logger.warning(
            "no %s found in or beside %s: the output carries no GENIA licence text",
            GENIA_LICENCE_NAME,
            source.path,
        )

    readme = genia_readme(source, train_end, dev_end, counts, tagger_name)
    write_genia_splits(splits, output_dir, readme, source.licence)
    return PreparedGenia(output_dir, source, counts, counts_verified)
