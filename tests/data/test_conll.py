import logging
import subprocess
import sys
from collections import Counter

import pytest
from allennlp.common.checks import ConfigurationError
from allennlp.common.testing import AllenNlpTestCase

from locate_label_allennlp.data.conll import (
    InvalidTagError,
    read_conll2003,
    read_weibo,
    tags_to_entities,
)
from locate_label_allennlp.data.nested_ner_json import Entity
from locate_label_allennlp.dataset_readers.nested_ner import NestedNerDatasetReader
from tests.conftest import FIXTURES, real_data_file

CONLL2003_FIXTURE = FIXTURES / "conll2003" / "mini.conll"
WEIBO_FIXTURE = FIXTURES / "weibo" / "mini.conll"


def convert(argv):
    """`allennlp convert-conll ARGV`."""
    from allennlp.commands import main as allennlp_main

    import locate_label_allennlp  # noqa: F401  (registers the subcommand)

    old_argv = sys.argv
    sys.argv = ["allennlp", "convert-conll", *argv]
    try:
        allennlp_main()
    finally:
        sys.argv = old_argv


def _spans(entities):
    return [(e.start, e.end, e.type) for e in entities]


class TestTagsToEntities:
    def test_iob1_starts_entities_with_i(self):
        tags = ["I-PER", "I-PER", "O", "I-LOC"]
        assert _spans(tags_to_entities(tags, "IOB1")) == [(0, 2, "PER"), (3, 4, "LOC")]

    def test_iob1_b_separates_adjacent_entities_of_one_type(self):
        tags = ["O", "I-LOC", "B-LOC", "I-LOC", "O"]
        assert _spans(tags_to_entities(tags, "IOB1")) == [(1, 2, "LOC"), (2, 4, "LOC")]

    def test_iob1_i_of_another_type_starts_an_entity(self):
        ill_formed = []
        entities = tags_to_entities(["I-LOC", "I-ORG", "I-ORG"], "IOB1", ill_formed)
        assert _spans(entities) == [(0, 1, "LOC"), (1, 3, "ORG")]
        assert ill_formed == []

    def test_iob2_adjacent_entities_of_one_type(self):
        tags = ["B-PER", "I-PER", "B-PER", "O", "B-ORG"]
        assert _spans(tags_to_entities(tags, "IOB2")) == [
            (0, 2, "PER"),
            (2, 3, "PER"),
            (4, 5, "ORG"),
        ]

    def test_iob2_reports_an_i_that_starts_an_entity(self):
        ill_formed = []
        tags = ["I-PER", "O", "B-PER.NAM", "I-PER.NOM", "I-PER.NOM"]
        entities = tags_to_entities(tags, "IOB2", ill_formed)
        assert _spans(entities) == [(0, 1, "PER"), (2, 3, "PER.NAM"), (3, 5, "PER.NOM")]
        assert ill_formed == [0, 3]

    def test_bio_is_iob2(self):
        tags = ["O", "I-X", "B-X", "I-X"]
        bio_ill_formed, iob2_ill_formed = [], []
        assert tags_to_entities(tags, "BIO", bio_ill_formed) == tags_to_entities(
            tags, "IOB2", iob2_ill_formed
        )
        assert bio_ill_formed == iob2_ill_formed == [1]

    def test_no_entities(self):
        assert tags_to_entities([], "IOB1") == []
        assert tags_to_entities(["O", "O"], "IOB2") == []

    @pytest.mark.parametrize("tag", ["X-FOO", "S-PER", "B-", "o", ""])
    def test_unknown_tag_shapes_are_errors(self, tag):
        with pytest.raises(InvalidTagError, match="unknown tag") as error:
            tags_to_entities(["O", tag], "IOB1")
        assert error.value.index == 1

    def test_unknown_scheme_is_an_error(self):
        with pytest.raises(ConfigurationError, match="IOBES"):
            tags_to_entities(["O"], "IOBES")


class TestReadConll2003(AllenNlpTestCase):
    def test_reads_tokens_pos_and_entities(self):
        sentences = list(read_conll2003(str(CONLL2003_FIXTURE)))
        assert len(sentences) == 5
        first = sentences[0]
        assert first.tokens == ["Lena", "Vogt", "visited", "Oslo", "."]
        assert first.pos == ["NNP", "NNP", "VBD", "NNP", "."]
        assert first.entities == [Entity(0, 2, "PER"), Entity(3, 4, "LOC")]
        assert _spans(sentences[1].entities) == [(1, 2, "LOC"), (2, 3, "LOC")]
        assert sentences[3].entities == [Entity(0, 1, "LOC")]
        assert sentences[2].tokens[-1] == "."

    def test_context_is_the_neighbouring_sentences_of_the_document(self):
        sentences = list(read_conll2003(str(CONLL2003_FIXTURE)))
        tokens = [sentence.tokens for sentence in sentences]
        assert [s.ltokens for s in sentences] == [[], tokens[0], tokens[1], [], tokens[3]]
        assert [s.rtokens for s in sentences] == [tokens[1], tokens[2], [], tokens[4], []]

    def test_without_document_context(self):
        sentences = list(read_conll2003(str(CONLL2003_FIXTURE), use_document_context=False))
        assert len(sentences) == 5
        assert all(s.ltokens == [] and s.rtokens == [] for s in sentences)

    def test_without_docstart_no_sentence_gets_context(self, caplog):
        # Nothing says where one article ends and the next begins, so no neighbour is used.
        path = self.TEST_DIR / "plain.conll"
        path.write_text("A DT B-NP O\n\nB NNP B-NP I-PER\n\nC NNP B-NP I-PER\n")
        with caplog.at_level(logging.WARNING, logger="locate_label_allennlp.data.conll"):
            sentences = list(read_conll2003(str(path)))
        assert [s.tokens for s in sentences] == [["A"], ["B"], ["C"]]
        assert all(s.ltokens == [] and s.rtokens == [] for s in sentences)
        assert "no -DOCSTART- lines" in caplog.text

    def test_sentences_before_the_first_docstart_get_no_context(self):
        path = self.TEST_DIR / "late.conll"
        path.write_text(
            "A DT B-NP O\n\nB NNP B-NP O\n\n-DOCSTART- -X- -X- O\n\nC NNP B-NP O\n\nD NNP B-NP O\n"
        )
        sentences = list(read_conll2003(str(path)))
        assert [s.ltokens for s in sentences] == [[], [], [], ["C"]]
        assert [s.rtokens for s in sentences] == [[], [], ["D"], []]

    def _error(self, text: str) -> str:
        path = self.TEST_DIR / "bad.conll"
        path.write_text(text)
        with pytest.raises(ConfigurationError) as error:
            list(read_conll2003(str(path)))
        assert str(error.value).startswith(f"{path}:")
        return str(error.value)

    def test_wrong_number_of_columns_names_the_line(self):
        message = self._error("A DT B-NP O\n\nB NNP B-NP I-PER\nC NNP I-PER\n")
        assert message.endswith(":4: expected 4 columns (word POS chunk NER), got 3: 'C NNP I-PER'")

    def test_unknown_tag_names_the_line(self):
        message = self._error("A DT B-NP O\nB NNP B-NP X-FOO\n")
        assert ":2: unknown tag 'X-FOO'" in message

    def test_docstart_inside_a_sentence_is_an_error(self):
        message = self._error("A DT B-NP O\n-DOCSTART- -X- -X- O\n")
        assert "-DOCSTART- line must be separated" in message

    def test_missing_file(self):
        with pytest.raises(ConfigurationError, match="cannot read dataset file"):
            list(read_conll2003(str(self.TEST_DIR / "missing.conll")))


class TestReadWeibo(AllenNlpTestCase):
    def test_reads_characters_and_types(self):
        sentences = list(read_weibo(str(WEIBO_FIXTURE)))
        assert len(sentences) == 4
        assert sentences[0].tokens == list("张伟去北京了。")
        assert sentences[0].entities == [Entity(0, 2, "PER.NAM"), Entity(3, 5, "GPE.NAM")]
        assert _spans(sentences[1].entities) == [(0, 2, "PER.NOM"), (2, 4, "PER.NOM")]
        assert sentences[2].entities == [Entity(2, 6, "ORG.NAM")]
        assert all(s.pos is None and s.ltokens == [] and s.rtokens == [] for s in sentences)

    def test_digit_characters_and_two_digit_positions(self):
        sentence = list(read_weibo(str(WEIBO_FIXTURE), position_as_pos=True))[3]
        assert sentence.tokens == list("2024年wonderfully")
        assert sentence.pos == ["0", "1", "2", "3", "0"] + [str(i) for i in range(11)]
        assert sentence.entities == []

    def test_dropping_the_mention_kind_keeps_the_spans(self):
        kept = list(read_weibo(str(WEIBO_FIXTURE)))
        dropped = list(read_weibo(str(WEIBO_FIXTURE), keep_mention_kind=False))
        assert _spans(dropped[1].entities) == [(0, 2, "PER"), (2, 4, "PER")]
        for with_kind, without_kind in zip(kept, dropped):
            assert [(e.start, e.end, e.type.split(".")[0]) for e in with_kind.entities] == _spans(
                without_kind.entities
            )

    def test_ill_formed_i_is_read_and_logged(self, caplog):
        path = self.TEST_DIR / "weibo.conll"
        path.write_text("他0\tO\n们1\tI-PER.NOM\n")
        with caplog.at_level(logging.WARNING, logger="locate_label_allennlp.data.conll"):
            sentences = list(read_weibo(str(path)))
        assert sentences[0].entities == [Entity(1, 2, "PER.NOM")]
        assert [record.getMessage() for record in caplog.records] == [
            f"{path}:2: I-PER.NOM does not continue an entity of its type, which IOB2 requires; "
            "read as its start"
        ]

    def _error(self, text: str) -> str:
        path = self.TEST_DIR / "bad.conll"
        path.write_text(text)
        with pytest.raises(ConfigurationError) as error:
            list(read_weibo(str(path)))
        assert str(error.value).startswith(f"{path}:")
        return str(error.value)

    def test_wrong_number_of_columns_names_the_line(self):
        assert ":2: expected 2 columns" in self._error("他0\tO\n们1 O\n")

    def test_character_without_position_names_the_line(self):
        assert ":1: expected a character followed by its position" in self._error("他\tO\n")

    def test_missing_file_is_one_clear_line(self):
        with pytest.raises(SystemExit, match="convert-conll: .*missing.conll"):
            convert(["weibo", str(self.TEST_DIR / "missing.conll"), str(self.TEST_DIR / "out.jsonl")])

    def test_unknown_tag_names_the_line(self):
        assert ":3: unknown tag 'E-PER.NAM'" in self._error("\n他0\tB-PER.NAM\n们1\tE-PER.NAM\n")


class TestConverter(AllenNlpTestCase):
    def _round_trip(self, argv, read):
        output = self.TEST_DIR / "out.jsonl"
        convert(argv + [str(output)])
        expected = list(read())
        instances = list(NestedNerDatasetReader().read(str(output)))
        assert len(instances) == len(expected)
        for instance, sentence in zip(instances, expected):
            metadata = instance["metadata"].metadata
            assert metadata["tokens"] == sentence.tokens
            assert metadata["entities"] == _spans(sentence.entities)
            assert metadata["ltokens"] == sentence.ltokens
            assert metadata["rtokens"] == sentence.rtokens
            pos = [token.tag_ for token in instance["tokens"].tokens]
            assert pos == (sentence.pos or [None] * len(sentence.tokens))
        return output

    def test_conll2003(self):
        self._round_trip(
            ["conll2003", str(CONLL2003_FIXTURE)], lambda: read_conll2003(str(CONLL2003_FIXTURE))
        )

    def test_conll2003_options(self):
        self._round_trip(
            ["conll2003", "--tag-scheme", "IOB2", "--no-document-context", str(CONLL2003_FIXTURE)],
            lambda: read_conll2003(str(CONLL2003_FIXTURE), "IOB2", use_document_context=False),
        )

    def test_weibo_writes_characters_unescaped(self):
        output = self._round_trip(
            ["weibo", "--drop-mention-kind", "--position-as-pos", str(WEIBO_FIXTURE)],
            lambda: read_weibo(str(WEIBO_FIXTURE), keep_mention_kind=False, position_as_pos=True),
        )
        assert '"张", "伟"' in output.read_text(encoding="utf-8")

    def test_runs_from_any_directory(self):
        output = self.TEST_DIR / "weibo.jsonl"
        completed = subprocess.run(
            [
                sys.executable,
                "-m",
                "locate_label_allennlp",
                "convert-conll",
                "weibo",
                str(WEIBO_FIXTURE),
                str(output),
            ],
            capture_output=True,
            text=True,
            check=True,
            cwd=self.TEST_DIR,  # no .allennlp_plugins there
        )
        assert completed.stdout.strip() == f"wrote 4 sentences to {output}"
        assert "RuntimeWarning" not in completed.stderr
        assert len(output.read_text(encoding="utf-8").splitlines()) == 4


@pytest.mark.parametrize(
    "name, sentences, entities",
    [
        ("eng.train", 14041, {"LOC": 7140, "MISC": 3438, "ORG": 6321, "PER": 6600}),
        ("eng.testa", 3250, {"LOC": 1837, "MISC": 922, "ORG": 1341, "PER": 1842}),
        ("eng.testb", 3453, {"LOC": 1668, "MISC": 702, "ORG": 1661, "PER": 1617}),
    ],
)
def test_real_conll2003(name, sentences, entities):
    read = list(read_conll2003(str(real_data_file(f"conll03/{name}"))))
    assert len(read) == sentences
    assert Counter(e.type for s in read for e in s.entities) == entities


@pytest.mark.parametrize(
    "name, sentences, entities",
    [
        ("train", 1350, {"PER": 1350, "ORG": 225, "GPE": 213, "LOC": 107}),
        ("dev", 270, {"PER": 298, "ORG": 52, "GPE": 27, "LOC": 12}),
        ("test", 270, {"PER": 285, "ORG": 56, "GPE": 49, "LOC": 28}),
    ],
)
def test_real_weibo(name, sentences, entities):
    read = list(read_weibo(str(real_data_file(f"weibo/weiboNER_2nd_conll.{name}")), keep_mention_kind=False))
    assert len(read) == sentences
    assert Counter(e.type for s in read for e in s.entities) == entities
