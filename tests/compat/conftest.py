from pathlib import Path

import pytest


@pytest.fixture
def extraction_root(tmp_path, monkeypatch) -> Path:
    """Temporary folders are made two levels below ``tmp_path``, so ``../../`` lands inside tmp_path."""
    root = tmp_path / "outside" / "temp"
    root.mkdir(parents=True)
    monkeypatch.setattr("tempfile.tempdir", str(root))
    monkeypatch.setenv("TMPDIR", str(root))
    return root
