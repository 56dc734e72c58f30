from collections import Counter

import pytest
from allennlp.common import Params
from allennlp.common.checks import ConfigurationError
from allennlp.common.testing import AllenNlpTestCase
from allennlp.data import DatasetReader

from locate_label_allennlp.dataset_readers.conll2003 import Conll2003NestedDatasetReader
from tests.conftest import FIXTURES, real_data_file

FIXTURE = FIXTURES / "conll2003" / "mini.conll"


def _gold(instance):
    spans = [(span.span_start, span.span_end) for span in instance["gold_spans"].field_list]
    labels = [label.label for label in instance["gold_labels"].field_list]
    return list(zip(spans, labels))


class TestConll2003NestedDatasetReader(AllenNlpTestCase):
    def test_registered_with_its_parameters(self):
        reader = DatasetReader.from_params(
            Params(
                {
                    "type": "conll2003_nested",
                    "tag_scheme": "IOB2",
                    "use_document_context": False,
                    "label_namespace": "entity_labels",
                }
            )
        )
        assert isinstance(reader, Conll2003NestedDatasetReader)
        instances = list(reader.read(str(FIXTURE)))
        assert len(instances) == 5
        assert all(i["metadata"]["ltokens"] == i["metadata"]["rtokens"] == [] for i in instances)
        assert instances[0]["gold_labels"].field_list[0]._label_namespace == "entity_labels"

    def test_reads_entities_pos_and_context(self):
        instances = list(Conll2003NestedDatasetReader().read(str(FIXTURE)))
        assert len(instances) == 5
        first, second, third, fourth, _ = instances
        tokens = first["tokens"].tokens
        assert [token.text for token in tokens] == "Lena Vogt visited Oslo .".split()
        assert [token.tag_ for token in tokens] == "NNP NNP VBD NNP .".split()
        assert _gold(first) == [((0, 1), "PER"), ((3, 3), "LOC")]
        assert _gold(second) == [((1, 1), "LOC"), ((2, 2), "LOC")]
        assert first["metadata"]["ltokens"] == []
        assert first["metadata"]["rtokens"] == second["metadata"]["tokens"]
        assert third["metadata"]["rtokens"] == []
        assert fourth["metadata"]["ltokens"] == []
        assert fourth["metadata"]["entities"] == [(0, 1, "LOC")]

    def test_reads_a_list_of_files_as_one_dataset_without_crossing_files(self):
        instances = list(Conll2003NestedDatasetReader().read([str(FIXTURE), str(FIXTURE)]))
        assert len(instances) == 10
        assert [i["metadata"]["tokens"] for i in instances[5:]] == [
            i["metadata"]["tokens"] for i in instances[:5]
        ]
        # The last sentence of the first file and the first of the second are not each other's context.
        assert instances[4]["metadata"]["rtokens"] == []
        assert instances[5]["metadata"]["ltokens"] == []

    def test_unknown_tag_scheme(self):
        with pytest.raises(ConfigurationError, match="unknown tag scheme 'IOBES'"):
            Conll2003NestedDatasetReader(tag_scheme="IOBES")

    def test_file_errors_name_the_line(self):
        path = self.TEST_DIR / "bad.conll"
        path.write_text("A DT B-NP O\nB NNP B-NP X-FOO\n")
        with pytest.raises(ConfigurationError, match=f"^{path}:2: unknown tag 'X-FOO'"):
            list(Conll2003NestedDatasetReader().read(str(path)))

    def test_real_files(self):
        reader = Conll2003NestedDatasetReader()
        counts = {}
        for name in ("eng.train", "eng.testa", "eng.testb"):
            instances = list(reader.read(str(real_data_file(f"conll03/{name}"))))
            counts[name] = len(instances)
            if name == "eng.train":
                labels = Counter(e[2] for i in instances for e in i["metadata"]["entities"])
                assert labels == {"LOC": 7140, "MISC": 3438, "ORG": 6321, "PER": 6600}
        assert counts == {"eng.train": 14041, "eng.testa": 3250, "eng.testb": 3453}
