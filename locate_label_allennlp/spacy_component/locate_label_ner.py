"""
The spaCy 3 pipeline component ``locate_label_ner``: a trained Locate and Label model in a spaCy pipeline.

The package registers the factory through its ``spacy_factories`` entry point, so after ``pip install``::

    nlp = spacy.blank("en")          # or any pipeline
    nlp.add_pipe("locate_label_ner", config={"model": "path/to/model.tar.gz"})
    doc = nlp("IL-2 gene expression requires NF-kappa B .")
    for span, score in zip(doc.spans["nested_entities"], doc.spans["nested_entities"].attrs["scores"]):
        print(span.text, span.label_, score)

Every predicted entity, nested ones included, goes into the span group ``doc.spans[spans_key]`` (label =
entity type, scores in ``attrs["scores"]`` as spaCy's ``spancat`` stores them), sorted by start and then
longest first. With ``set_ents`` the outermost non-overlapping entities also become ``doc.ents`` (the
longest first, as `spacy.util.filter_spans` picks them; existing ``doc.ents`` are replaced).

The model reads spaCy's own tokens, sentence by sentence, white-space tokens left out; each sentence has
its neighbours as context (``ltokens``/``rtokens``). Sentences come from the pipeline (a parser,
``senter`` or ``sentencizer`` before this component); a document without sentence boundaries gets those
of spaCy's rule-based sentencizer, which the component runs itself. ``nlp.pipe(texts, batch_size=...)``
sends the sentences of a batch of documents through the model together, ``batch_size`` (the config's)
sentences at a time.
"""

from typing import Iterable, Iterator, List, Optional

import numpy
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans, minibatch

DEFAULT_SPANS_KEY = "nested_entities"


@Language.factory(
    "locate_label_ner",
    default_config={
        "model": None,
        "spans_key": DEFAULT_SPANS_KEY,
        "set_ents": False,
        "batch_size": 32,
        "cuda_device": -1,
        "overrides": "",
    },
)
def make_locate_label_ner(
    nlp: Language,
    name: str,
    model: Optional[str],
    spans_key: str,
    set_ents: bool,
    batch_size: int,
    cuda_device: int,
    overrides: str,
) -> "LocateLabelNer":
    if not model:
        raise ValueError(
            f"the {name!r} component needs the trained model: "
            'nlp.add_pipe("locate_label_ner", config={"model": "path/to/model.tar.gz"})'
        )
    return LocateLabelNer(name, model, spans_key, set_ents, batch_size, cuda_device, overrides)


class LocateLabelNer:
    """Writes a Locate and Label model's nested entities into ``doc.spans[spans_key]`` (see the module)."""

    def __init__(
        self,
        name: str,
        model: str,
        spans_key: str = DEFAULT_SPANS_KEY,
        set_ents: bool = False,
        batch_size: int = 32,
        cuda_device: int = -1,
        overrides: str = "",
    ) -> None:
        import locate_label_allennlp  # noqa: F401  (registers the model, reader and predictor)
        from locate_label_allennlp.predictors.documents import load_predictor

        if batch_size < 1:
            raise ValueError(f"{name}: batch_size must be at least 1, got {batch_size}")
        self.name = name
        self.spans_key = spans_key
        self.set_ents = set_ents
        self.batch_size = batch_size
        self.predictor = load_predictor(model, cuda_device, overrides or "")
        self._sentencizer = Sentencizer()

    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            self._annotate(batch)
            yield from batch

    def _annotate(self, docs: List[Doc]) -> None:
        from locate_label_allennlp.predictors.documents import with_neighbour_context

        sentences_per_doc = [self._sentences(doc) for doc in docs]
        inputs = []
        for sentences in sentences_per_doc:
            inputs.extend(with_neighbour_context([[token.text for token in words] for words in sentences]))
        predictions = iter(self.predictor.predict_batch_json(inputs, batch_size=self.batch_size))
        for doc, sentences in zip(docs, sentences_per_doc):
            spans, scores = [], []
            for words, prediction in zip(sentences, predictions):
                for entity in prediction["entities"]:
                    start, end = words[entity["start"]].i, words[entity["end"] - 1].i + 1
                    spans.append(Span(doc, start, end, label=entity["type"]))
                    scores.append(entity["score"])
            doc.spans[self.spans_key] = spans
            doc.spans[self.spans_key].attrs["scores"] = numpy.array(scores, dtype="float32")
            if self.set_ents:
                doc.ents = filter_spans(spans)

    def _sentences(self, doc: Doc) -> List[List[Token]]:
        """The doc's sentences as lists of their tokens that are not white space (empty ones left out)."""
        if not len(doc):
            return []
        if not doc.has_annotation("SENT_START"):
            self._sentencizer(doc)
        sentences = ([token for token in sentence if not token.is_space] for sentence in doc.sents)
        return [words for words in sentences if words]
