"""
Flat NER corpora in CoNLL column layouts, read as `NestedNerSentence` objects (every entity a span
with an exclusive end, so flat corpora feed the same model as nested ones):

* CoNLL-2003 (``eng.train`` / ``eng.testa`` / ``eng.testb``): ``word POS chunk NER`` separated by
  spaces, one token per line, blank lines between sentences and ``-DOCSTART-`` lines between
  documents. The POS column is kept; the neighbouring sentences of the same document become
  ``ltokens`` / ``rtokens``. Only documents that ``-DOCSTART-`` lines mark count: a sentence before the
  first such line (every sentence of a file without them) gets no context, since where its document
  ends is unknown and a neighbour could belong to another article.
* Weibo NER (``weiboNER_2nd_conll.*``): one character per line, immediately followed by its position
  in its word, a tab and a BIO tag such as ``B-PER.NAM`` or ``I-GPE.NOM``. Weibo posts are
  independent, so there is no context.

Tag decoding (`tags_to_entities`) is shared by both. Every error a user can cause raises a
`ConfigurationError` naming ``path:line``.

Converting a corpus to the ``nested_ner`` JSON lines read by the plain ``nested_ner`` reader::

    allennlp convert-conll conll2003 eng.train train.jsonl
    allennlp convert-conll weibo weiboNER_2nd_conll.train train.jsonl
"""

import json
import logging
import re
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from allennlp.common.checks import ConfigurationError

from locate_label_allennlp.data.nested_ner_json import Entity, NestedNerSentence, decode_utf8

logger = logging.getLogger(__name__)

TAG_SCHEMES = ("IOB1", "IOB2", "BIO")
"""``BIO`` is another name for ``IOB2``."""

DOCSTART = "-DOCSTART-"

MENTION_KINDS = (".NAM", ".NOM")
"""The Weibo suffixes telling a named mention (``PER.NAM``) from a nominal one (``PER.NOM``)."""

_WEIBO_CHARACTER = re.compile(r"(.+?)([0-9]+)")
"""A Weibo token column: the character (rarely two code points, e.g. a mangled emoji) and its
position in the word, which has two digits inside long Latin words."""

# One line of a column file: its ``path:line`` and its columns.
_Line = Tuple[str, List[str]]


class InvalidTagError(ValueError):
    """A tag that is neither ``O`` nor ``B-TYPE`` / ``I-TYPE``, at position ``index``."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index


def check_tag_scheme(scheme: str) -> str:
    """Returns ``scheme`` if it is one of `TAG_SCHEMES`, else raises a `ConfigurationError`."""
    if scheme not in TAG_SCHEMES:
        raise ConfigurationError(f"unknown tag scheme {scheme!r}; expected one of {TAG_SCHEMES}")
    return scheme


def _split_tag(tag: str, index: int) -> Tuple[str, Optional[str]]:
    if tag == "O":
        return "O", None
    if tag[:2] in ("B-", "I-") and len(tag) > 2:
        return tag[0], tag[2:]
    raise InvalidTagError(index, f"unknown tag {tag!r}: expected O, B-TYPE or I-TYPE")


def tags_to_entities(
    tags: Sequence[str], scheme: str = "IOB1", ill_formed: Optional[List[int]] = None
) -> List[Entity]:
    """
    Decodes IOB1 or IOB2 (BIO) tags into entities with exclusive ends, in order.

    Both schemes decode alike: ``B-X`` always starts an entity, ``I-X`` continues an open ``X``
    entity and otherwise starts one, ``O`` closes. They differ in what is well-formed. In IOB1 an
    entity starts with ``I-X``, ``B-X`` only separating two adjacent ``X`` entities; in IOB2 every
    entity starts with ``B-X``, so an ``I-X`` after ``O`` or after another type is an annotation
    slip. It is read as the start of an entity (as ``conlleval`` does) and, when ``ill_formed`` is
    given, its index is appended to that list so that the caller can report it.

    # Parameters
    tags : `Sequence[str]`
        ``O``, ``B-TYPE`` or ``I-TYPE``; the type may contain anything (``PER.NAM``).
    scheme : `str`, optional (default = `"IOB1"`)
        One of `TAG_SCHEMES`.
    ill_formed : `List[int]`, optional
        Receives the indices of the ``I-`` tags that break IOB2.

    # Raises
    `InvalidTagError` for a tag of another shape (``X-FOO``, IOBES ``S-PER``, ``""``), and
    `ConfigurationError` for an unknown scheme.
    """
    check_tag_scheme(scheme)
    entities = []
    start, open_type = 0, None
    for index, tag in enumerate(tags):
        prefix, entity_type = _split_tag(tag, index)
        if prefix == "I" and entity_type == open_type:
            continue
        if open_type is not None:
            entities.append(Entity(start, index, open_type))
        start, open_type = index, entity_type
        if prefix == "I" and scheme != "IOB1" and ill_formed is not None:
            ill_formed.append(index)
    if open_type is not None:
        entities.append(Entity(start, len(tags), open_type))
    return entities


def _decode(lines: List[_Line], tags: List[str], scheme: str) -> List[Entity]:
    """`tags_to_entities` for the tags of ``lines``; errors and warnings name ``path:line``."""
    ill_formed: List[int] = []
    try:
        entities = tags_to_entities(tags, scheme, ill_formed)
    except InvalidTagError as error:
        raise ConfigurationError(f"{lines[error.index][0]}: {error}") from error
    for index in ill_formed:
        logger.warning(
            "%s: %s does not continue an entity of its type, which %s requires; read as its start",
            lines[index][0],
            tags[index],
            scheme,
        )
    return entities


def _read_blocks(path: str, num_columns: int, separator: Optional[str], layout: str) -> Iterator[List[_Line]]:
    """
    Yields the runs of non-blank lines of a column file, each line as ``(path:line, columns)``
    with exactly ``num_columns`` columns split at ``separator`` (any whitespace when ``None``);
    ``layout`` names the columns in the error for a line with another count.
    """
    try:
        handle = open(path, "rb")  # noqa: SIM115  (opened apart from `with` to name a missing file)
    except OSError as error:
        raise ConfigurationError(f"cannot read dataset file {path}: {error.strerror}") from error
    block: List[_Line] = []
    with handle:
        for line_number, raw in enumerate(handle, start=1):
            line = decode_utf8(raw, path, line_number)  # bytes that are not UTF-8: an error naming the line
            if not line.strip():
                if block:
                    yield block
                block = []
                continue
            where = f"{path}:{line_number}"
            text = line.rstrip("\r\n")
            columns = text.split(separator)
            if len(columns) != num_columns:
                raise ConfigurationError(
                    f"{where}: expected {num_columns} columns ({layout}), got {len(columns)}: {text!r}"
                )
            block.append((where, columns))
    if block:
        yield block


def _add_context(sentences: Iterable[Optional[NestedNerSentence]]) -> Iterator[NestedNerSentence]:
    """Sets ``ltokens`` / ``rtokens`` to the neighbouring sentences; ``None`` ends a document."""
    pending: Optional[NestedNerSentence] = None
    for sentence in sentences:
        if pending is not None and sentence is not None:
            pending.rtokens = list(sentence.tokens)
            sentence.ltokens = list(pending.tokens)
        if pending is not None:
            yield pending
        pending = sentence
    if pending is not None:
        yield pending


def _context_within_marked_documents(
    sentences: Iterable[Optional[NestedNerSentence]], path: str
) -> Iterator[Optional[NestedNerSentence]]:
    """
    Ends a document (yields ``None``) after every sentence that precedes the file's first
    ``-DOCSTART-`` line, so that `_add_context` gives those sentences no context; warns when the file
    marks no document at all.
    """
    marked = False
    any_sentence = False
    for sentence in sentences:
        marked = marked or sentence is None
        any_sentence = any_sentence or sentence is not None
        yield sentence
        if not marked:
            yield None
    if any_sentence and not marked:
        logger.warning(
            "%s has no %s lines, so its document boundaries are unknown: no sentence gets its "
            "neighbours as context",
            path,
            DOCSTART,
        )


def _conll2003_sentences(path: str, tag_scheme: str) -> Iterator[Optional[NestedNerSentence]]:
    """The sentences of a CoNLL-2003 file, with ``None`` for each ``-DOCSTART-`` line."""
    for lines in _read_blocks(path, 4, None, "word POS chunk NER"):
        if any(columns[0] == DOCSTART for _, columns in lines):
            if len(lines) > 1:
                raise ConfigurationError(
                    f"{lines[0][0]}: a {DOCSTART} line must be separated from sentences by blank lines"
                )
            yield None
            continue
        tokens, pos, _, tags = (list(column) for column in zip(*(columns for _, columns in lines)))
        yield NestedNerSentence(tokens, _decode(lines, tags, tag_scheme), pos)


def read_conll2003(
    path: str, tag_scheme: str = "IOB1", use_document_context: bool = True
) -> Iterator[NestedNerSentence]:
    """
    Reads a CoNLL-2003 NER file (``word POS chunk NER``).

    # Parameters
    path : `str`
    tag_scheme : `str`, optional (default = `"IOB1"`)
        The scheme of the NER column, one of `TAG_SCHEMES`. The original release is IOB1; files
        converted to IOB2 decode to the same entities under either setting.
    use_document_context : `bool`, optional (default = `True`)
        Sets ``ltokens`` / ``rtokens`` to the previous / next sentence of the same document (``[]``
        at the edges of a document). Documents are what ``-DOCSTART-`` lines mark: sentences before
        the first one (all sentences of a file without them, with a warning) get no context, because
        the file does not say where their documents end.
    """
    check_tag_scheme(tag_scheme)
    sentences = _conll2003_sentences(path, tag_scheme)
    if use_document_context:
        yield from _add_context(_context_within_marked_documents(sentences, path))
    else:
        yield from (sentence for sentence in sentences if sentence is not None)


def _drop_mention_kind(entity_type: str) -> str:
    for suffix in MENTION_KINDS:
        if entity_type.endswith(suffix):
            return entity_type[: -len(suffix)]
    return entity_type


def read_weibo(
    path: str, keep_mention_kind: bool = True, position_as_pos: bool = False
) -> Iterator[NestedNerSentence]:
    """
    Reads a Weibo NER file: one character per line, followed by its position in the word, a tab
    and a BIO (IOB2) tag. The annotation has a few ``I-`` tags that start an entity; they are read
    as such and logged as warnings.

    # Parameters
    path : `str`
    keep_mention_kind : `bool`, optional (default = `True`)
        Keeps types whole (``PER.NAM``, ``PER.NOM``); when `False`, the ``.NAM`` / ``.NOM`` suffix
        is dropped (``PER``). Tags are decoded before the suffix is dropped, so the spans do not
        depend on this setting: a name directly followed by a nominal mention stays two entities.
    position_as_pos : `bool`, optional (default = `False`)
        Keeps each character's position in its word (``"0"``, ``"1"``, ...) as ``pos``, i.e. the
        word segmentation, which then reaches ``Token.tag_``; by default ``pos`` is `None`.
    """
    for lines in _read_blocks(path, 2, "\t", "character+position<TAB>tag"):
        tokens, positions, tags = [], [], []
        for where, (token_column, tag) in lines:
            match = _WEIBO_CHARACTER.fullmatch(token_column)
            if match is None:
                raise ConfigurationError(
                    f"{where}: expected a character followed by its position in the word, "
                    f"got {token_column!r}"
                )
            tokens.append(match.group(1))
            positions.append(match.group(2))
            tags.append(tag)
        entities = _decode(lines, tags, "IOB2")
        if not keep_mention_kind:
            entities = [Entity(e.start, e.end, _drop_mention_kind(e.type)) for e in entities]
        yield NestedNerSentence(tokens, entities, positions if position_as_pos else None)


def sentence_to_json(sentence: NestedNerSentence) -> Dict[str, Any]:
    """The ``nested_ner`` JSON object of a sentence (see ``nested_ner_json``)."""
    result: Dict[str, Any] = {"tokens": sentence.tokens}
    if sentence.entities is not None:
        result["entities"] = [
            {"start": entity.start, "end": entity.end, "type": entity.type} for entity in sentence.entities
        ]
    if sentence.pos is not None:
        result["pos"] = sentence.pos
    result["ltokens"] = sentence.ltokens
    result["rtokens"] = sentence.rtokens
    return result


def write_jsonl(sentences: Iterable[NestedNerSentence], path: str) -> int:
    """Writes ``sentences`` as ``nested_ner`` JSON lines (UTF-8, unescaped); returns how many."""
    count = 0
    with open(path, "w", encoding="utf-8") as output:
        for sentence in sentences:
            output.write(json.dumps(sentence_to_json(sentence), ensure_ascii=False) + "\n")
            count += 1
    return count
