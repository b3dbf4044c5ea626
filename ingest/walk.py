"""Finding the files to ingest under the paths a user gives."""

from __future__ import annotations

import fnmatch
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Our own data folder, version control and OS litter are never documents.
SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", ".venv", "node_modules", "evidence-data"}
SKIP_FILES = {".DS_Store", "Thumbs.db", "desktop.ini"}
# A folder may list what is not evidence (notes, scripts) in this file, one glob a line,
# relative to that folder; "name/" matches a folder.
IGNORE_FILE = ".evidenceignore"


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
        ignores: list[tuple[Path, str]] = []
        for dirpath, dirnames, filenames in os.walk(given):
            here = Path(dirpath)
            ignores.extend((here, pat) for pat in _read_ignore(here / IGNORE_FILE))
            dirnames[:] = sorted(
                d
                for d in dirnames
                if d not in SKIP_DIRS
                and not d.startswith(".")
                and (here / d).resolve() not in skip
                and not _ignored(here / d, ignores, is_dir=True)
            )
            for name in sorted(filenames):
                if name in SKIP_FILES or name.startswith((".", "~$")):
                    continue
                if _ignored(here / name, ignores, is_dir=False):
                    continue
                file = here / name
                if file.is_symlink() or not file.is_file():
                    continue
                yield _found(file, given)


def _read_ignore(path: Path) -> list[str]:
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def _ignored(path: Path, ignores: list[tuple[Path, str]], is_dir: bool) -> bool:
    for base, pattern in ignores:
        try:
            rel = path.relative_to(base).as_posix()
        except ValueError:
            continue
        if pattern.endswith("/"):
            if is_dir and fnmatch.fnmatch(rel, pattern.rstrip("/")):
                return True
        elif fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(path.name, pattern):
            return True
    return False


def _found(path: Path, root: Path) -> FoundFile:
    st = path.stat()
    return FoundFile(path, root, path.relative_to(root).as_posix(), st.st_size, st.st_mtime)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
