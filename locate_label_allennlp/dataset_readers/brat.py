import logging
import os
from collections import Counter
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

from allennlp.data import DatasetReader, Instance, TokenIndexer, Tokenizer

from locate_label_allennlp.data.brat import BratDocument, SkippedAnnotation, list_documents, read_document
from locate_label_allennlp.data.nested_ner_json import Entity, NestedNerSentence
from locate_label_allennlp.data.sentences import SentenceSegmenter, SentenceSpan
from locate_label_allennlp.dataset_readers.nested_ner import NestedNerDatasetReader

logger = logging.getLogger(__name__)


@DatasetReader.register("brat")
class BratDatasetReader(NestedNerDatasetReader):
    """
    Reads a folder of BRAT standoff documents (``name.txt`` + ``name.ann``, in sub-folders too, sorted by
    path; a ``.txt`` without ``.ann`` has no entities), or a single ``.txt``, for training and evaluation.

    Text-bound annotations (``T`` lines) become entities; relations, events, attributes and notes are
    ignored. Each document is tokenized with ``tokenizer`` and split into sentences (`SentenceSegmenter`:
    spaCy's rule-based sentencizer, and line breaks with ``split_on_newlines``); a sentence never ends
    inside an entity. The previous and next sentences of the document are each sentence's
    ``ltokens``/``rtokens`` context.

    The rules of `locate_label_allennlp.data.brat` apply (edge white space trimmed; discontinuous entities
    kept when only white space separates their fragments, otherwise skipped; entities whose text does not
    match the ``.txt`` skipped), and one more: **an entity whose start or end falls inside a token is
    skipped** (it cannot be a span of tokens; bending it to the enclosing tokens would teach the model
    wrong boundaries). Each skipped annotation is logged as a warning naming the ``.ann`` file, the
    annotation id and the reason, and at the end of a read one warning gives how many were skipped, by
    reason (also in `skipped`, the annotations skipped by the latest read).

    # Parameters
    tokenizer : `Tokenizer`, optional (default = spaCy's rule-based ``blank:en``)
        Its tokens must be pieces of the text (offsets are kept). Also splits ``{"sentence": ...}`` for the
        ``nested_ner`` predictor.
    split_on_newlines : `bool`, optional (default = `True`)
        A line break ends a sentence.
    token_indexers, label_namespace, context_token_indexers, max_context_tokens
        As for the `nested_ner` reader.
    """

    def __init__(
        self,
        token_indexers: Optional[Dict[str, TokenIndexer]] = None,
        tokenizer: Optional[Tokenizer] = None,
        split_on_newlines: bool = True,
        label_namespace: str = "labels",
        context_token_indexers: Optional[Dict[str, TokenIndexer]] = None,
        max_context_tokens: Optional[int] = None,
        **kwargs,
    ) -> None:
        segmenter = SentenceSegmenter(tokenizer, split_on_newlines)
        super().__init__(
            token_indexers=token_indexers,
            tokenizer=segmenter.tokenizer,
            label_namespace=label_namespace,
            context_token_indexers=context_token_indexers,
            max_context_tokens=max_context_tokens,
            **kwargs,
        )
        self.segmenter = segmenter
        self.skipped: List[SkippedAnnotation] = []

    def _read(self, file_path: str) -> Iterable[Instance]:
        self.skipped = []
        kept = 0
        paths = [file_path] if file_path.endswith(".txt") else list_documents(file_path)
        for sentence in self.with_pos_tags(self.shard_iterable(self._sentences(paths))):
            kept += len(sentence.entities or ())
            yield self.sentence_to_instance(sentence)
        if self.skipped:
            reasons = Counter(skip.kind for skip in self.skipped)
            logger.warning(
                "%s: %d of %d entities skipped (%s)",
                file_path,
                len(self.skipped),
                len(self.skipped) + kept,
                "; ".join(f"{reason}: {count}" for reason, count in sorted(reasons.items())),
            )

    def _sentences(self, paths: List[str]) -> Iterator[NestedNerSentence]:
        for path in paths:
            document = read_document(path)
            for skip in document.skipped:
                self._skip(skip)
            sentences, entities = self.token_entities(document)
            words = [sentence.words for sentence in sentences]
            for index, sentence_entities in enumerate(entities):
                yield NestedNerSentence(
                    tokens=words[index],
                    entities=sentence_entities,
                    ltokens=words[index - 1] if index > 0 else [],
                    rtokens=words[index + 1] if index + 1 < len(words) else [],
                )

    def token_entities(self, document: BratDocument) -> Tuple[List[SentenceSpan], List[List[Entity]]]:
        """
        The document's sentences and, for each, its entities as token spans (exclusive ends). Entities
        whose edges fall inside a token are left out and recorded in `skipped` (with a warning).
        """
        spans = [(entity.start, entity.end) for entity in document.entities]
        sentences = self.segmenter.sentences(document.text, keep_together=spans)
        token_starts: Dict[int, Tuple[int, int]] = {}  # character -> (sentence, token)
        token_ends: Dict[int, Tuple[int, int]] = {}
        for sentence_index, sentence in enumerate(sentences):
            for token_index, token in enumerate(sentence.tokens):
                token_starts[token.start] = (sentence_index, token_index)
                token_ends[token.end] = (sentence_index, token_index + 1)
        by_sentence: List[List[Entity]] = [[] for _ in sentences]
        for entity in document.entities:
            start, end = token_starts.get(entity.start), token_ends.get(entity.end)
            if start is None or end is None:
                edge = "start" if start is None else "end"
                offset = entity.start if start is None else entity.end
                ann_path = os.path.splitext(document.text_path)[0] + ".ann"
                where = f"character {offset} of entity {entity.start} {entity.end}"
                detail = f"its {edge} ({where}) is not a token edge"
                self._skip(SkippedAnnotation(ann_path, entity.id, "inside a token", detail))
                continue
            by_sentence[start[0]].append(Entity(start[1], end[1], entity.type))
        return sentences, by_sentence

    def _skip(self, skip: SkippedAnnotation) -> None:
        logger.warning("%s", skip)
        self.skipped.append(skip)
