from collections import Counter

import pytest
from allennlp.common import Params
from allennlp.common.checks import ConfigurationError
from allennlp.common.testing import AllenNlpTestCase
from allennlp.data import DatasetReader

from locate_label_allennlp.dataset_readers.weibo import WeiboNerDatasetReader
from tests.conftest import FIXTURES, real_data_file

FIXTURE = FIXTURES / "weibo" / "mini.conll"


class TestWeiboNerDatasetReader(AllenNlpTestCase):
    def test_reads_characters_and_mention_kinds(self):
        reader = DatasetReader.from_params(Params({"type": "weibo_ner"}))
        assert isinstance(reader, WeiboNerDatasetReader)
        instances = list(reader.read(str(FIXTURE)))
        assert len(instances) == 4
        first = instances[0]
        assert [token.text for token in first["tokens"].tokens] == list("张伟去北京了。")
        assert all(token.tag_ is None for token in first["tokens"].tokens)
        assert first["metadata"]["entities"] == [(0, 2, "PER.NAM"), (3, 5, "GPE.NAM")]
        assert [span.span_end for span in first["gold_spans"].field_list] == [1, 4]
        assert first["metadata"]["ltokens"] == first["metadata"]["rtokens"] == []
        assert instances[3]["gold_spans"].field_list[0].span_start == -1

    def test_without_mention_kind(self):
        reader = DatasetReader.from_params(Params({"type": "weibo_ner", "keep_mention_kind": False}))
        instances = list(reader.read(str(FIXTURE)))
        assert [label.label for label in instances[1]["gold_labels"].field_list] == ["PER", "PER"]

    def test_position_as_pos(self):
        instances = list(WeiboNerDatasetReader(position_as_pos=True).read(str(FIXTURE)))
        assert [token.tag_ for token in instances[0]["tokens"].tokens] == list("0100100")

    def test_file_errors_name_the_line(self):
        path = self.TEST_DIR / "bad.conll"
        path.write_text("他0\tO\n们1\n")
        with pytest.raises(ConfigurationError, match=f"^{path}:2: expected 2 columns"):
            list(WeiboNerDatasetReader().read(str(path)))

    def test_real_files(self):
        reader = WeiboNerDatasetReader()
        counts = {}
        for split in ("train", "dev", "test"):
            instances = list(reader.read(str(real_data_file(f"weibo/weiboNER_2nd_conll.{split}"))))
            counts[split] = len(instances)
            if split == "train":
                labels = Counter(e[2] for i in instances for e in i["metadata"]["entities"])
                assert labels == {
                    "PER.NOM": 772,
                    "PER.NAM": 578,
                    "GPE.NAM": 205,
                    "ORG.NAM": 183,
                    "LOC.NAM": 56,
                    "LOC.NOM": 51,
                    "ORG.NOM": 42,
                    "GPE.NOM": 8,
                }
        assert counts == {"train": 1350, "dev": 270, "test": 270}
