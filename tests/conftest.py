import os
import pathlib

import pytest

REPO_ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = REPO_ROOT / "fixtures"
EXPERIMENT = FIXTURES / "experiment.jsonnet"
TRAIN = FIXTURES / "data" / "train.jsonl"
DEV = FIXTURES / "data" / "dev.jsonl"

# The fixture experiment names its data through this external variable.
os.environ.setdefault("FIXTURES_DIR", str(FIXTURES))


@pytest.fixture(scope="session")
def trained_archive(tmp_path_factory) -> pathlib.Path:
    """The fixture experiment trained once per test session (about 10 s on two cores)."""
    from allennlp.commands.train import train_model_from_file

    import locate_label_allennlp  # noqa: F401

    serialization_dir = tmp_path_factory.mktemp("fixture_model")
    train_model_from_file(str(EXPERIMENT), str(serialization_dir), force=True)
    return serialization_dir / "model.tar.gz"
