"""Shared fixtures: the demo corpus ingested once per session, temporary data folders, and the
real public documents in ../shared/realdocs (tests using them skip when it is absent)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
REALDOCS = ROOT.parent / "shared" / "realdocs"


def realdoc(relpath: str) -> Path:
    """A file from ../shared/realdocs, or skip the test when that folder is absent."""
    path = REALDOCS / relpath
    if not path.exists():
        pytest.skip(f"real documents not available: {path}")
    return path


@pytest.fixture
def realdocs() -> Path:
    if not REALDOCS.exists():
        pytest.skip(f"real documents not available: {REALDOCS}")
    return REALDOCS


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "data"


def ingest_paths(paths, data_dir: Path, **overrides):
    from index.build import ingest, options_from_settings

    overrides.setdefault("workers", 2)
    return ingest([Path(p) for p in paths], data_dir, options_from_settings(**overrides))


@pytest.fixture(scope="session")
def corpus_data(tmp_path_factory) -> Path:
    """The demo corpus ingested once; tests must not modify it."""
    data = tmp_path_factory.mktemp("corpus-data")
    report = ingest_paths([CORPUS], data)
    assert not report.failures, report.failures
    return data


@pytest.fixture(scope="session")
def gold() -> list[dict]:
    with open(CORPUS / "gold.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A private copy of the demo corpus that a test may change."""
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest, ignore=shutil.ignore_patterns("_generator", "*.py", "*.md"))
    return dest
