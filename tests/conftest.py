import os
import pathlib
from typing import List

import pytest

REPO_ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = REPO_ROOT / "fixtures"
EXPERIMENT = FIXTURES / "experiment.jsonnet"
TRAIN = FIXTURES / "data" / "train.jsonl"
DEV = FIXTURES / "data" / "dev.jsonl"

REAL_DATA = pathlib.Path(os.environ.get("LOCATE_LABEL_DATA", REPO_ROOT.parent / "shared" / "data"))
"""The real corpora (genia/, conll03/, weibo/) for the tests that check readers on them:
$LOCATE_LABEL_DATA, by default the data folder beside the checkout. Those tests skip without it."""

# The experiment configs name their data relative to the repository root, as a user runs them.
os.chdir(REPO_ROOT)


def real_data_file(relative: str) -> pathlib.Path:
    """A file of the real corpora, or a skipped test where they are not available."""
    path = REAL_DATA / relative
    if not path.exists():
        pytest.skip(
            f"{path} is not available (set LOCATE_LABEL_DATA to the folder holding genia/, conll03/, weibo/)"
        )
    return path


@pytest.fixture(scope="session")
def trained_archive(tmp_path_factory) -> pathlib.Path:
    """The fixture experiment trained once per test session (about 10 s on two cores)."""
    from allennlp.commands.train import train_model_from_file

    import locate_label_allennlp  # noqa: F401

    serialization_dir = tmp_path_factory.mktemp("fixture_model")
    train_model_from_file(str(EXPERIMENT), str(serialization_dir), force=True)
    return serialization_dir / "model.tar.gz"


@pytest.fixture
def pos_tagger_calls(monkeypatch) -> List[int]:
    """The number of sentences of each `PosTagger.tag` call during the test; the tagger still tags."""
    from locate_label_allennlp.data.pos_tags import PosTagger

    calls: List[int] = []
    original_tag = PosTagger.tag

    def tag(self, sentences):
        calls.append(len(sentences))
        return original_tag(self, sentences)

    monkeypatch.setattr(PosTagger, "tag", tag)
    return calls
