from typing import Dict, Iterable, List, Optional, Sequence, Union

import torch
from allennlp.data import DatasetReader, Instance, Token, TokenIndexer, Tokenizer
from allennlp.data.fields import (
    Field,
    LabelField,
    ListField,
    MetadataField,
    SpanField,
    TensorField,
    TextField,
)
from allennlp.data.token_indexers import SingleIdTokenIndexer
from allennlp.data.tokenizers import WhitespaceTokenizer

from locate_label_allennlp.data.fields import TolerantLabelField
from locate_label_allennlp.data.nested_ner_json import (
    Entity,
    NestedNerSentence,
    parse_entities,
    read_sentences,
)
from locate_label_allennlp.data.pos_tags import PosTagger


def _indexable(text: str) -> str:
    """
    The token text given to the indexers: a carriage return becomes a newline, because AllenNLP's
    vocabulary files store "\n" (as @@NEWLINE@@) but read a token ending in "\r" back without it, which
    would give it, or its "\r"-less twin, another token's embedding once the model is loaded. The
    metadata (and so the output) keeps the original text.
    """
    return text.replace("\r", "\n") if "\r" in text else text


@DatasetReader.register("nested_ner")
class NestedNerDatasetReader(DatasetReader):
    """
    Reads sentences in the ``nested_ner`` JSON format (see ``locate_label_allennlp.data.nested_ner_json``: JSON lines or a JSON
    array; ``end`` exclusive) for the Locate and Label model. Nested entities, and entities sharing a
    span with different types, are all kept.

    Each instance has:

    * ``tokens``: a `TextField`; every token carries its POS tag (the data's ``pos``, else the
      ``pos_tagger``'s, if any) in ``Token.tag_`` and ``Token.pos_``, so a ``pos_tag`` token indexer
      turns it into a POS embedding.
    * ``gold_spans`` / ``gold_labels``: `ListField[SpanField]` (inclusive ends) and
      `ListField[LabelField]` of the gold entities, when the sentence is annotated. A sentence without
      entities gets one padding span ``(-1, -1)``, which the model masks out.
    * ``metadata``: tokens, context tokens and the gold entities as ``(start, end, type)`` with
      exclusive ends, for the metric and the predictor.
    * with ``context_token_indexers``: ``context_tokens``, a `TextField` of the previous sentence, the
      sentence and the next sentence (``ltokens + tokens + rtokens``), and ``context_offset``, where the
      sentence starts in it, so that a transformer can encode the sentence with its neighbours (the
      model's ``context_field_embedder``).

    # Parameters
    token_indexers : `Dict[str, TokenIndexer]`, optional (default = `{"tokens": SingleIdTokenIndexer()}`)
    tokenizer : `Tokenizer`, optional (default = `WhitespaceTokenizer()`)
        Splits raw text given as ``{"sentence": "..."}`` to the predictor.
    label_namespace : `str`, optional (default = `"labels"`)
    context_token_indexers : `Dict[str, TokenIndexer]`, optional (default = `None`)
        Indexers of the ``context_tokens`` field; without them there is no such field.
    max_context_tokens : `int`, optional (default = `None`)
        Keep at most this many context tokens on each side (those nearest the sentence). The sentence
        itself is never cut: a transformer indexer with ``max_length`` folds long inputs into windows.
    pos_tagger : `str`, optional (default = `None`)
        A spaCy pipeline (package name or directory, see `PosTagger`) that tags every sentence given
        without ``pos``: a model trained on predicted tags then gets the same kind of tags for the
        tokens or text it is asked to predict, instead of none. Tags given with a sentence are kept.
    """

    def __init__(
        self,
        token_indexers: Optional[Dict[str, TokenIndexer]] = None,
        tokenizer: Optional[Tokenizer] = None,
        label_namespace: str = "labels",
        context_token_indexers: Optional[Dict[str, TokenIndexer]] = None,
        max_context_tokens: Optional[int] = None,
        pos_tagger: Optional[str] = None,
        **kwargs,
    ) -> None:
        super().__init__(manual_distributed_sharding=True, manual_multiprocess_sharding=True, **kwargs)
        self._token_indexers = token_indexers or {"tokens": SingleIdTokenIndexer()}
        self._tokenizer = tokenizer or WhitespaceTokenizer()
        self._label_namespace = label_namespace
        self._context_token_indexers = context_token_indexers
        self._max_context_tokens = max_context_tokens
        self._pos_tagger = None if pos_tagger is None else PosTagger(pos_tagger)

    def _read(self, file_path: str) -> Iterable[Instance]:
        sentences: Iterable[NestedNerSentence] = (
            sentence for _, sentence in self.shard_iterable(read_sentences(file_path))
        )
        for sentence in self.with_pos_tags(sentences):
            yield self.sentence_to_instance(sentence)

    def with_pos_tags(self, sentences: Iterable[NestedNerSentence]) -> Iterable[NestedNerSentence]:
        """
        The sentences, in order, those without ``pos`` tagged by the ``pos_tagger`` (unchanged without
        one): in batches, which is several times faster than the one-sentence tagging that
        `text_to_instance` falls back on, so callers with many sentences tag them here first.
        """
        return sentences if self._pos_tagger is None else self._pos_tagger.fill(sentences)

    def tokenize(self, text: str) -> List[str]:
        return [str(token.text) for token in self._tokenizer.tokenize(text)]

    def sentence_to_instance(self, sentence: NestedNerSentence) -> Instance:
        return self.text_to_instance(
            sentence.tokens, sentence.entities, sentence.pos, sentence.ltokens, sentence.rtokens
        )

    def text_to_instance(  # the sentence's parts as arguments, as allennlp readers do
        self,
        tokens: List[str],
        entities: Optional[Sequence[Union[Entity, Dict]]] = None,
        pos: Optional[List[str]] = None,
        ltokens: Optional[List[str]] = None,
        rtokens: Optional[List[str]] = None,
    ) -> Instance:
        """
        ``entities`` are `Entity` objects or dicts ``{"start", "end", "type"}`` with exclusive ends;
        ``None`` means unannotated.
        """
        parsed: Optional[List[Entity]] = None
        if entities is not None:
            if all(isinstance(entity, Entity) for entity in entities):
                parsed = [entity for entity in entities if isinstance(entity, Entity)]
            else:
                parsed = parse_entities(list(entities), len(tokens), "text_to_instance")
        if pos is None and self._pos_tagger is not None:
            pos = self._pos_tagger.tag([tokens])[0]
        tags: Sequence[Optional[str]] = pos if pos is not None else [None] * len(tokens)
        # A missing tag is None, as allennlp's own readers leave it (Token's annotation says str).
        text_field = TextField(
            [Token(_indexable(text), tag_=tag, pos_=tag) for text, tag in zip(tokens, tags)]  # type: ignore[arg-type]  # None: no tag
        )
        fields: Dict[str, Field] = {"tokens": text_field}
        if parsed is not None:
            labels: List[LabelField]
            if parsed:
                spans = [SpanField(e.start, e.end - 1, text_field) for e in parsed]
                # An entity type missing from the vocabulary (unseen in training) is indexed as -1.
                labels = [TolerantLabelField(e.type, self._label_namespace) for e in parsed]
            else:
                spans = [SpanField(-1, -1, text_field)]
                labels = [LabelField(-1, self._label_namespace, skip_indexing=True)]
            fields["gold_spans"] = ListField(spans)
            fields["gold_labels"] = ListField(labels)
        if self._context_token_indexers is not None:
            left, right = list(ltokens or []), list(rtokens or [])
            if self._max_context_tokens is not None:
                left = left[len(left) - self._max_context_tokens :] if self._max_context_tokens else []
                right = right[: self._max_context_tokens]
            fields["context_tokens"] = TextField([Token(_indexable(t)) for t in left + list(tokens) + right])
            fields["context_offset"] = TensorField(torch.tensor(len(left)), dtype=torch.long)
        fields["metadata"] = MetadataField(
            {
                "tokens": list(tokens),
                "ltokens": list(ltokens or []),
                "rtokens": list(rtokens or []),
                "entities": None if parsed is None else [(e.start, e.end, e.type) for e in parsed],
            }
        )
        return Instance(fields)

    def apply_token_indexers(self, instance: Instance) -> None:
        instance["tokens"].token_indexers = self._token_indexers  # type: ignore[attr-defined]  # a TextField
        if "context_tokens" in instance.fields:
            instance["context_tokens"].token_indexers = self._context_token_indexers  # type: ignore[attr-defined]  # a TextField


def padded_length(instance: Instance) -> int:
    """
    The length a batch holding ``instance`` is padded to where padding costs most: its context (the
    transformer's input, often three sentences) when it has one, else its sentence. Batching sentences
    of similar padded length saves the padding's work.
    """
    return len(instance.fields.get("context_tokens", instance["tokens"]))
