"""The spaCy component `locate_label_ner` on the fixture model."""

import json
import os
import subprocess
import sys

import pytest
import spacy
from allennlp.predictors import Predictor

from tests.conftest import REPO_ROOT

TEXT = (
    "IL-2 gene expression and NF-kappa B activation require CD28 responsive element. "
    "Activation of human T cells induces IL-2 receptor alpha.\n\n"
    "Jurkat T cells were treated with phorbol ester."
)


@pytest.fixture(scope="module")
def nlp(trained_archive):
    nlp = spacy.blank("en")
    nlp.add_pipe("locate_label_ner", config={"model": str(trained_archive)})
    return nlp


def spans_of(doc, key="nested_entities"):
    return [(span.start, span.end, span.label_) for span in doc.spans[key]]


def test_nested_entities_go_into_a_span_group_with_scores(nlp):
    doc = nlp(TEXT)
    group = doc.spans["nested_entities"]
    assert len(group) > 0 and len(group.attrs["scores"]) == len(group)
    assert all(0.0 <= score <= 1.0 for score in group.attrs["scores"])
    nested = [
        (outer, inner)
        for outer in group
        for inner in group
        if outer is not inner
        and outer.start <= inner.start
        and inner.end <= outer.end
        and (outer.start, outer.end) != (inner.start, inner.end)
    ]
    assert nested, f"no nested entities in {[(s.text, s.label_) for s in group]}"
    # No entity crosses a sentence boundary; sentences came from the sentencizer the component runs.
    assert doc.has_annotation("SENT_START")
    for span in group:
        assert span.sent.start <= span.start and span.end <= span.sent.end
    assert list(doc.ents) == []  # set_ents is off by default


def test_the_spans_are_the_predictors_entities_on_spacys_tokens(nlp, trained_archive):
    text = "Activation of human T cells induces IL-2 receptor alpha ."
    doc = nlp(text)
    predictor = Predictor.from_path(str(trained_archive), "nested_ner")
    expected = predictor.predict_json({"tokens": [token.text for token in doc]})
    assert spans_of(doc) == [(e["start"], e["end"], e["type"]) for e in expected["entities"]]
    assert doc.spans["nested_entities"].attrs["scores"].tolist() == pytest.approx(
        [e["score"] for e in expected["entities"]], abs=1e-5
    )


def test_white_space_tokens_are_left_out_and_spans_map_back_to_spacys_tokens(nlp):
    plain, spaced = (
        nlp("human T cells induces IL-2 receptor alpha ."),
        nlp("human  T cells induces \tIL-2 receptor alpha ."),
    )
    assert any(token.is_space for token in spaced)
    # A span runs from its first to its last model token: white space tokens between them are inside it.
    assert [(" ".join(s.text.split()), s.label_) for s in spaced.spans["nested_entities"]] == [
        (s.text, s.label_) for s in plain.spans["nested_entities"]
    ]


def test_nlp_pipe_in_batches_gives_what_single_calls_give_and_handles_empty_docs(nlp):
    texts = ["", "   \n ", TEXT, "IL-2 gene expression .", "Activation of human T cells ."] * 3
    piped = list(nlp.pipe(texts, batch_size=4))
    assert [spans_of(doc) for doc in piped] == [spans_of(nlp(text)) for text in texts]
    assert len(piped[0].spans["nested_entities"]) == 0
    assert piped[1].spans["nested_entities"].attrs["scores"].tolist() == []


def test_sentence_boundaries_of_the_pipeline_are_used(trained_archive):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer", config={"punct_chars": ["induces"]})  # a boundary after "induces"
    nlp.add_pipe("locate_label_ner", config={"model": str(trained_archive)})
    doc = nlp("Activation of human T cells induces IL-2 receptor alpha .")
    assert [sent.text for sent in doc.sents] == [
        "Activation of human T cells induces",
        "IL-2 receptor alpha .",
    ]
    for span in doc.spans["nested_entities"]:
        assert span.sent.start <= span.start and span.end <= span.sent.end


def test_config_spans_key_and_outermost_entities_as_doc_ents(trained_archive):
    nlp = spacy.blank("en")
    nlp.add_pipe(
        "locate_label_ner", config={"model": str(trained_archive), "spans_key": "genia", "set_ents": True}
    )
    doc = nlp(TEXT)
    assert "nested_entities" not in doc.spans and len(doc.spans["genia"]) > len(doc.ents) > 0
    for entity in doc.ents:  # each is one of the spans, and none is inside another
        assert (entity.start, entity.end, entity.label_) in spans_of(doc, "genia")
    ents = list(doc.ents)
    assert all(left.end <= right.start for left, right in zip(ents, ents[1:]))


def test_a_missing_model_is_a_clear_error():
    with pytest.raises(ValueError, match='needs the trained model: nlp.add_pipe\\("locate_label_ner"'):
        spacy.blank("en").add_pipe("locate_label_ner")


def test_found_through_the_entry_point_without_importing_the_package(trained_archive):
    """A fresh interpreter: spaCy finds the factory through the installed package's entry point."""
    script = (
        "import json, sys, spacy\n"
        "assert 'locate_label_allennlp' not in sys.modules\n"
        "nlp = spacy.blank('en')\n"
        f"nlp.add_pipe('locate_label_ner', config={{'model': {str(trained_archive)!r}}})\n"
        "doc = nlp('Activation of human T cells induces IL-2 receptor alpha .')\n"
        "print(json.dumps([[s.text, s.label_] for s in doc.spans['nested_entities']]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=dict(os.environ),
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    spans = json.loads(result.stdout.strip().splitlines()[-1])
    assert spans and all(label for _, label in spans)
