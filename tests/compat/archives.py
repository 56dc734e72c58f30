"""Crafted model archives for the archive tests: a config and one hostile member."""

import io
import tarfile
from pathlib import Path


def _file(name: str, data: bytes = b"written by a crafted archive\n") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info


def _link(name: str, target: str, kind: bytes) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info


def _device(name: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = tarfile.CHRTYPE
    info.devmajor, info.devminor = 1, 3  # /dev/null's numbers
    return info


# name -> (builds the hostile member from the escape target, the words the error must contain)
HOSTILE_MEMBERS: dict[str, tuple] = {
    "dot-dot path": (lambda outside: _file("../../escaped.txt"), "outside the archive's folder"),
    "absolute path": (lambda outside: _file(str(outside / "escaped.txt")), "absolute path"),
    "symlink outside": (lambda outside: _link("weights_link", "../../escaped.txt", tarfile.SYMTYPE), "link"),
    "hard link outside": (
        lambda outside: _link("weights_link", "../../escaped.txt", tarfile.LNKTYPE),
        "link",
    ),
    "device file": (lambda outside: _device("vocabulary/null"), "device file"),
}


def write_archive(path: Path, *members: tarfile.TarInfo) -> Path:
    """A gzip tar with a config.json first and then ``members`` (regular files get a short text)."""
    with tarfile.open(path, "w:gz") as archive:
        config = b'{"model": {"type": "locate_and_label"}}'
        archive.addfile(_file("config.json", config), io.BytesIO(config))
        for member in members:
            data = b"written by a crafted archive\n" if member.isfile() else b""
            archive.addfile(member, io.BytesIO(data) if member.isfile() else None)
    return path


def files_under(folder: Path) -> set:
    return set(folder.rglob("*")) | set(folder.rglob(".*"))
