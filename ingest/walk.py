"""Finding the files to ingest under the paths a user gives."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Our own data folder, version control and OS litter are never documents.
SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", ".venv", "node_modules", "evidence-data"}
SKIP_FILES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class FoundFile:
    path: Path  # absolute
    root: Path  # the folder the user named (a file's own folder when a file was named)
    relpath: str
    size: int
    mtime: float


def walk(paths: list[Path], skip: set[Path] | None = None) -> Iterator[FoundFile]:
    """Every regular file under ``paths`` in a stable order. Links are not followed out of the
    tree, and folders in ``skip`` (the data folder) are left out."""
    skip = {p.resolve() for p in (skip or set())}
    for given in paths:
        given = Path(given).expanduser()
        if not given.exists():
            raise FileNotFoundError(given)
        given = given.resolve()
        if given.is_file():
            yield _found(given, given.parent)
            continue
        for dirpath, dirnames, filenames in os.walk(given):
            here = Path(dirpath)
            dirnames[:] = sorted(
                d
                for d in dirnames
                if d not in SKIP_DIRS and not d.startswith(".") and (here / d).resolve() not in skip
            )
            for name in sorted(filenames):
                if name in SKIP_FILES or name.startswith((".", "~$")):
                    continue
                file = here / name
                if file.is_symlink() or not file.is_file():
                    continue
                yield _found(file, given)


def _found(path: Path, root: Path) -> FoundFile:
    st = path.stat()
    return FoundFile(path, root, path.relative_to(root).as_posix(), st.st_size, st.st_mtime)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
