"""
Raw text to sentences of tokens that keep their character offsets, for documents (BRAT folders, folders
of ``.txt`` files) whose entities or predictions are located by character.

Tokens come from any AllenNLP `Tokenizer` (spaCy's rule-based ``blank:en`` by default) whose tokens are
pieces of the text: offsets are taken from ``Token.idx``/``Token.idx_end`` where the tokenizer sets them,
or found by searching the text left to right. Whitespace is never part of a token. Sentences end where
spaCy's rule-based `Sentencizer` ends them (after ``.``, ``!``, ``?`` and the like) and, with
``split_on_newlines``, at every line break.
"""

from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

import spacy
from allennlp.data import Token, Tokenizer
from allennlp.data.tokenizers import SpacyTokenizer
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

DEFAULT_LANGUAGE = "blank:en"


@dataclass(frozen=True)
class TokenSpan:
    text: str
    start: int
    end: int
    """Character offsets in the document; ``end`` is exclusive."""


@dataclass(frozen=True)
class SentenceSpan:
    tokens: List[TokenSpan]

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end

    @property
    def words(self) -> List[str]:
        return [token.text for token in self.tokens]


def align_tokens(text: str, tokens: Sequence[Token]) -> List[TokenSpan]:
    """
    The character span of every token in ``text``, which the tokens must cover in order. Raises
    ``ValueError`` naming the first token that is not found where expected (a tokenizer that changes
    the text, e.g. by lower-casing it, cannot be used where offsets matter).
    """
    spans = []
    position = 0
    for token in tokens:
        token_text = token.text
        if not token_text or token_text.isspace():
            continue
        if token.idx is not None and text[token.idx : token.idx + len(token_text)] == token_text:
            start = token.idx
        else:
            start = text.find(token_text, position)
            if start < 0 or text[position:start].strip():
                raise ValueError(
                    f"token {token_text!r} is not in the text at or after character {position}: "
                    "the tokenizer "
                    "must return pieces of the text"
                )
        spans.append(TokenSpan(token_text, start, start + len(token_text)))
        position = start + len(token_text)
    return spans


def _crosses(spans: Sequence[Tuple[int, int]], left: TokenSpan, right: TokenSpan) -> bool:
    """Whether a span covers both ``left`` and the next token ``right`` (so no sentence ends between)."""
    return any(start < left.end and end > right.start for start, end in spans)


class SentenceSegmenter:
    """
    Splits a document into `SentenceSpan`s.

    # Parameters
    tokenizer : `Tokenizer`, optional (default = spaCy's rule-based ``blank:en``)
    split_on_newlines : `bool`, optional (default = `True`)
        Every line break also ends a sentence (BRAT texts and abstracts usually hold one sentence or one
        paragraph per line). Turn it off for hard-wrapped text.
    """

    def __init__(self, tokenizer: Optional[Tokenizer] = None, split_on_newlines: bool = True) -> None:
        self.tokenizer = tokenizer or SpacyTokenizer(language=DEFAULT_LANGUAGE)
        self.split_on_newlines = split_on_newlines
        # English lexical attributes (is_punct), which the sentencizer reads for closing brackets and quotes.
        self._vocab = spacy.blank("en").vocab
        self._sentencizer = Sentencizer()

    def tokens(self, text: str) -> List[TokenSpan]:
        return align_tokens(text, self.tokenizer.tokenize(text))

    def sentences(self, text: str, keep_together: Sequence[Tuple[int, int]] = ()) -> List[SentenceSpan]:
        """
        The sentences of ``text``; no sentence ends inside one of the ``keep_together`` character spans
        (e.g. gold entities, so that every entity lies in one sentence). A text without tokens has no
        sentences.
        """
        tokens = self.tokens(text)
        if not tokens:
            return []
        starts = self._sentence_starts(tokens)
        sentences, current = [], [tokens[0]]
        for index in range(1, len(tokens)):
            left, right = tokens[index - 1], tokens[index]
            boundary = starts[index] or (
                self.split_on_newlines and _has_line_break(text, left.end, right.start)
            )
            if boundary and not _crosses(keep_together, left, right):
                sentences.append(SentenceSpan(current))
                current = []
            current.append(right)
        sentences.append(SentenceSpan(current))
        return sentences

    def _sentence_starts(self, tokens: Sequence[TokenSpan]) -> List[bool]:
        """spaCy's rule-based sentence starts for the tokens (the first is always a start)."""
        doc = Doc(self._vocab, words=[token.text for token in tokens])
        self._sentencizer(doc)
        return [index == 0 or bool(token.is_sent_start) for index, token in enumerate(doc)]


def _has_line_break(text: str, start: int, end: int) -> bool:
    gap = text[start:end]
    return "\n" in gap or "\r" in gap
