"""All of ../shared/realdocs ingested once, read in place, and checked file by file against its
MANIFEST.tsv: every readable file is searchable (scanned pages through OCR), every unreadable
one is listed by `evidence status --json` with the right kind of reason.

The words searched for are taken at run time from the extracted text, so nothing from those
records is written into this repository.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidence_cli import main as cli
from index.search import search
from index.store import Store
from ingest.walk import walk
from tests.conftest import REALDOCS, ingest_paths

pytestmark = pytest.mark.slow

MANIFEST = REALDOCS / "MANIFEST.tsv"
# What kind of failure each unreadable file must be reported as: reason prefixes per class.
REASONS = {
    "empty": ("empty",),
    "encrypted": ("encrypted: needs a password",),
    "unsupported": ("unsupported",),
    "not readable": ("not a readable", "nothing readable", "cannot read"),
}
_WORD = re.compile(r"[^\W\d_]{4,}")


def page_words(text: str) -> dict[str, str]:
    """Stem -> a word of the page with that stem, tokenised as the index tokenises (so a word
    inside ``name@example.org`` or ``file_name.pdf`` is not taken for a word of its own)."""
    from index.engine import analyzer

    out = {}
    for token in analyzer()(text, chars=True, mode="index"):
        word = text[token.startchar : token.endchar]
        if _WORD.fullmatch(word):
            out.setdefault(token.text, word.lower())
    return out


def manifest_rows() -> list[dict[str, str]]:
    if not MANIFEST.exists():
        return []
    with open(MANIFEST, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def expected_failure(row: dict[str, str]) -> str | None:
    """The failure class a file must get, from the manifest's type column; None if readable."""
    kind = row["type"].lower()
    if "0 bytes" in kind:
        return "empty"
    if "encrypted" in kind:
        return "encrypted"
    if kind.startswith(("djvu", "pst")):
        return "unsupported"
    if "corrupt" in kind:
        return "not readable"
    return None


def image_only(row: dict[str, str]) -> bool:
    return row["text_layer"] == "no" and "scan" in row["type"].lower()


ROWS = manifest_rows()


def _id(row: dict[str, str]) -> str:
    return row["file"]


@pytest.fixture(scope="module")
def realdata(tmp_path_factory):
    if not REALDOCS.exists():
        pytest.skip(f"real documents not available: {REALDOCS}")
    data = tmp_path_factory.mktemp("realdocs-data")
    report = ingest_paths([REALDOCS], data, workers=0)
    status = json.loads(CliRunner().invoke(cli, ["status", "--data", str(data), "--json"]).output)
    with Store(data) as store:
        frequency = Counter()
        for (text,) in store.db.execute("SELECT text FROM pages"):
            frequency.update(page_words(text).keys())
    return data, report, status, frequency


def _family(store: Store, doc_id: str) -> set[str]:
    """A document and everything that came out of it (attachments, messages, members)."""
    out, todo = set(), [doc_id]
    while todo:
        current = todo.pop()
        out.add(current)
        todo.extend(store.children_of(current))
    return out


def _rarest_word(texts: list[str], frequency: Counter) -> str | None:
    """The word whose stem is on the fewest pages of the corpus."""
    words = {stem: word for t in texts for stem, word in page_words(t).items()}
    if not words:
        return None
    return words[min(words, key=lambda stem: (frequency[stem], stem))]


@pytest.mark.parametrize("row", [r for r in ROWS if expected_failure(r) is None], ids=_id)
def test_readable_file_is_searchable(realdata, row):
    data, report, status, frequency = realdata
    failures = {f["path"]: f["reason"] for f in status["failures"]}
    assert row["file"] not in failures, failures.get(row["file"])
    with Store(data) as store:
        path = store.db.execute(
            "SELECT doc_id FROM paths WHERE relpath = ?", (row["file"],)
        ).fetchone()
        assert path is not None, f"{row['file']} is neither indexed nor listed as a failure"
        family = _family(store, path["doc_id"])
        marks = ",".join("?" * len(family))
        pages = store.db.execute(
            f"SELECT doc_id, page, text, ocr FROM pages WHERE doc_id IN ({marks})", list(family)
        ).fetchall()
    assert pages and any(p["text"].strip() for p in pages)
    if image_only(row):
        pages = [p for p in pages if p["ocr"]]
        assert pages, f"{row['file']} is a scan without a text layer but nothing was OCR'd"
    word = _rarest_word([p["text"] for p in pages], frequency)
    assert word, f"no word to search for in {row['file']}"
    # Every copy: a page repeated in another file is otherwise folded into its twin's hit.
    hits = search(data, word, limit=100, collapse=False).hits
    found = {(h.doc_id, h.page) for h in hits}
    assert found & {(p["doc_id"], p["page"]) for p in pages}, (row["file"], word)


@pytest.mark.parametrize("row", [r for r in ROWS if expected_failure(r)], ids=_id)
def test_unreadable_file_is_listed_with_its_reason(realdata, row):
    data, report, status, frequency = realdata
    failures = {f["path"]: f["reason"] for f in status["failures"]}
    assert row["file"] in failures, f"{row['file']} should be a failure"
    assert failures[row["file"]].startswith(REASONS[expected_failure(row)]), failures[row["file"]]
    with Store(data) as store:
        assert store.path_row(str(REALDOCS.resolve() / row["file"])) is None


def test_every_file_is_accounted_for(realdata):
    """Nothing in the folder is silently skipped: each file is indexed or a listed failure."""
    data, report, status, frequency = realdata
    failed = {f["path"] for f in status["failures"]}
    with Store(data) as store:
        indexed = {r[0] for r in store.db.execute("SELECT relpath FROM paths")}
    found = {f.relpath for f in walk([REALDOCS])}
    assert found <= indexed | failed, sorted(found - indexed - failed)
    assert not indexed & failed
    assert status["ocr_pages"] > 0 and status["unindexed_pages"] == 0
    assert status["last_run"]["finished"] and status["last_run"]["files"] == len(found)
    assert len(report.failures) == len(failed)


def test_rerun_skips_everything_unchanged(realdata):
    data, report, status, frequency = realdata
    again = ingest_paths([REALDOCS], data, workers=0)
    assert again.new == 0
    assert again.skipped + again.duplicates == report.new + report.duplicates
    assert len(again.failures) == len(report.failures)


@pytest.mark.parametrize(
    ("password", "opens", "stays_locked"),
    [
        (
            "hunter2",
            "alephdata-ingest-file/password-hunter2.pdf",
            "pdfplumber-tests/password-example.pdf",
        ),
        (
            "test",
            "pdfplumber-tests/password-example.pdf",
            "alephdata-ingest-file/password-hunter2.pdf",
        ),
    ],
)
def test_password_opens_the_real_encrypted_pdf(tmp_path, password, opens, stays_locked):
    if not REALDOCS.exists():
        pytest.skip(f"real documents not available: {REALDOCS}")
    data = tmp_path / "data"
    report = ingest_paths([REALDOCS / opens, REALDOCS / stays_locked], data, password=password)
    reasons = dict(report.failures)
    assert list(reasons) == [Path(stays_locked).name]
    assert reasons[Path(stays_locked).name].startswith("encrypted: the password given")
    with Store(data) as store:
        texts = [r[0] for r in store.db.execute("SELECT text FROM pages")]
    word = _rarest_word(texts, Counter())
    assert word and search(data, word).hits
