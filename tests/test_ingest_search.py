"""The walking skeleton end to end: folders in, cited excerpts out, through the CLI."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from evidence_cli import main
from tests.conftest import CORPUS, ingest_paths


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def _gold_phrases(gold):
    for record in gold:
        for phrase in record["phrases"]:
            yield record["file"], record["page"], phrase


def test_every_gold_phrase_is_found_on_its_page(corpus_data, gold):
    """A distinctive phrase from each page of the demo corpus finds that file and page (the
    email thread's first message is also in the .eml, so a phrase may have two homes)."""
    missing = []
    for file, page, phrase in _gold_phrases(gold):
        query = '"' + re.sub(r'["\s]+', " ", phrase).strip() + '"'
        hits = json_lines(run("search", query, "--data", str(corpus_data), "--json"))
        found = [(h["path"], h["page"]) for h in hits]
        homes = {(g["file"], g["page"]) for g in gold if phrase in g["phrases"]}
        if (file, page) not in found or not set(found) <= homes | {("email-booking-feed.eml", 1)}:
            missing.append((file, page, phrase, found[:3]))
    assert not missing


def test_search_json_has_citation_fields(corpus_data):
    hits = json_lines(run("search", "booking", "--data", str(corpus_data), "--json", "-n", "3"))
    assert len(hits) == 3
    for hit in hits:
        assert {"path", "title", "page", "score", "excerpt", "sha256"} <= hit.keys()
        assert len(hit["sha256"]) == 64
        # The excerpt is exactly the page text at the cited span.
        from index.store import Store

        with Store(corpus_data) as store:
            text = store.page_text(hit["doc_id"], hit["page"])
        assert text[hit["start"] : hit["end"]] == hit["excerpt"]
        for s, e in hit["highlights"]:
            assert hit["excerpt"][s:e].lower().startswith("book")


@pytest.mark.parametrize(
    ("query", "expect_file"),
    [
        ("booking AND NOT contract", None),
        ('"data sharing" OR "data-sharing"', "data-sharing-agreement-county-ice.pdf"),
        ('"booking notification"~3', "scanned-booking-notification.pdf"),
        ("Tolli*", None),
        ("Tolliverr~", None),
        ("title:minutes", "board-minutes-2026-03-12.pdf"),
        ("type:text", "persbericht-gegevensmakelaar-nl.txt"),
        ("path:foia*", "foia-response-2026-0412.pdf"),
    ],
)
def test_query_syntax(corpus_data, query, expect_file):
    hits = json_lines(run("search", query, "--data", str(corpus_data), "--json", "-n", "50"))
    assert hits, query
    if expect_file:
        assert expect_file in {h["path"] for h in hits}


def test_not_excludes(corpus_data):
    with_word = json_lines(
        run("search", "booking", "--data", str(corpus_data), "--json", "-n", "99")
    )
    without = json_lines(
        run("search", "booking NOT Brightline", "--data", str(corpus_data), "--json", "-n", "99")
    )
    assert 0 < len(without) < len(with_word)


def test_no_hits_suggests_spellings_from_the_index(corpus_data):
    out = run("search", "Tollivr", "--data", str(corpus_data))
    assert "No hits" in out and "tolliver" in out.lower()


def test_bad_query_says_how_to_fix(corpus_data):
    result = CliRunner().invoke(main, ["search", "amount:>lots", "--data", str(corpus_data)])
    assert result.exit_code != 0
    assert "amount" in result.output and "evidence search --help" in result.output


def test_search_without_index_says_how_to_ingest(tmp_path):
    result = CliRunner().invoke(main, ["search", "x", "--data", str(tmp_path / "none")])
    assert result.exit_code != 0
    assert "evidence ingest" in result.output


def test_data_folder_from_environment(corpus_data, monkeypatch):
    monkeypatch.setenv("EVIDENCE_DATA", str(corpus_data))
    assert json_lines(run("search", "booking", "--json", "-n", "1"))


def test_documents_record_hash_relpath_title_pages_bytes_type(corpus_data):
    from index.store import Store

    with Store(corpus_data) as store:
        rows = {
            r["relpath"]: (r, store.document(r["doc_id"]))
            for r in store.db.execute("SELECT * FROM paths")
        }
    path, doc = rows["award-contract-70CMSD26P00000142.pdf"]
    assert doc["pages"] == 3 and doc["doctype"] == "pdf"
    assert doc["bytes"] == (CORPUS / "award-contract-70CMSD26P00000142.pdf").stat().st_size
    assert len(doc["sha256"]) == 64 and doc["id"] == doc["sha256"][:16]
    assert doc["title"]
    assert "generate.py" not in rows and "gold.jsonl" not in rows  # .evidenceignore


def test_scanned_pdf_is_searchable_through_ocr(corpus_data, gold):
    from index.store import Store

    scan = [g for g in gold if g["file"] == "scanned-booking-notification.pdf"]
    with Store(corpus_data) as store:
        pages = store.db.execute(
            "SELECT p.ocr, p.ocr_confidence FROM pages p JOIN paths x ON x.doc_id = p.doc_id "
            "WHERE x.relpath = 'scanned-booking-notification.pdf'"
        ).fetchall()
    assert len(pages) == len(scan)
    assert all(p["ocr"] and p["ocr_confidence"] > 70 for p in pages)


def test_rerun_skips_unchanged_and_replaces_changed(corpus_copy, data_dir):
    first = ingest_paths([corpus_copy], data_dir)
    assert first.new >= 7 and first.skipped == 0
    again = ingest_paths([corpus_copy], data_dir)
    assert again.new == 0 and again.skipped == first.files - len(first.failures)
    note = corpus_copy / "note.txt"
    note.write_text("The quartermaster ordered zebra-striped folders.\n")
    ingest_paths([corpus_copy], data_dir)
    out = run("search", "quartermaster", "--data", str(data_dir), "--json")
    assert [h["path"] for h in json_lines(out)] == ["note.txt"]
    note.write_text("The harbourmaster ordered plain folders.\n")
    report = ingest_paths([corpus_copy], data_dir)
    assert report.new == 1 and report.removed_docs == 1
    assert not json_lines(run("search", "quartermaster", "--data", str(data_dir), "--json"))
    assert json_lines(run("search", "harbourmaster", "--data", str(data_dir), "--json"))


def test_identical_files_are_indexed_once_with_all_paths(tmp_path, data_dir):
    src = tmp_path / "docs"
    (src / "a").mkdir(parents=True)
    (src / "b").mkdir()
    for sub in ("a", "b"):
        shutil.copy(CORPUS / "foia-response-2026-0412.pdf", src / sub / "letter.pdf")
    report = ingest_paths([src], data_dir)
    assert report.new == 1 and report.duplicates == 1
    from index.store import Store

    with Store(data_dir) as store:
        (doc,) = store.documents()
        assert [p["relpath"] for p in store.paths_of(doc["id"])] == ["a/letter.pdf", "b/letter.pdf"]


def test_unreadable_file_is_reported_and_the_run_goes_on(tmp_path, data_dir):
    src = tmp_path / "docs"
    src.mkdir()
    (src / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage that is no pdf")
    (src / "empty.pdf").write_bytes(b"")
    (src / "fine.txt").write_text("A readable memo about procurement.\n")
    result = CliRunner().invoke(main, ["ingest", str(src), "--data", str(data_dir), "-q"])
    assert result.exit_code == 0, result.output
    assert "broken.pdf" in result.output and "not a readable PDF" in result.output
    assert "empty.pdf" in result.output and "empty" in result.output
    assert json_lines(run("search", "procurement", "--data", str(data_dir), "--json"))
    strict = CliRunner().invoke(main, ["ingest", str(src), "--data", str(data_dir), "--strict"])
    assert strict.exit_code == 1
    status = json.loads(run("status", "--data", str(data_dir), "--json"))
    assert {f["path"] for f in status["failures"]} == {"broken.pdf", "empty.pdf"}


def test_ingest_prints_progress_with_pages_per_second(tmp_path, data_dir):
    src = tmp_path / "docs"
    src.mkdir()
    (src / "memo.txt").write_text("Memo.\n")
    result = CliRunner().invoke(main, ["ingest", str(src), "--data", str(data_dir)])
    assert result.exit_code == 0
    assert "pages/s" in result.output


@pytest.mark.slow
def test_real_pdf_phrases_are_found_on_their_exact_page(realdocs, tmp_path):
    """For text PDFs among the real records, a phrase taken at run time from page N (by an
    independent reader, pdfplumber) finds that file and page."""
    import pdfplumber

    files = [
        "pdfplumber-tests/federal-register-2020-17221.pdf",
        "freelawproject-doctor/gov.uscourts.azd.1085839.3.0.pdf",
        "freelawproject-doctor/ca5_00516242060.pdf",
        "ice-detention-mortality/ddrKesleyVial.pdf",
        "uwchr-ice/UWCHR-Pierce-County-ICE-Detainers-FINAL.pdf",
        "appelson-Tracking_287g/gilchristCoSheriffOffice_WSO_MOA_02.20.2025.pdf",
        "city-bureau-city-scrapers/il_finance_authority.pdf",
    ]
    src = tmp_path / "real"
    for rel in files:
        dest = src / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(realdocs / rel, dest)
    data = tmp_path / "data"
    report = ingest_paths([src], data)
    assert not report.failures
    checked = 0
    for rel in files:
        with pdfplumber.open(src / rel) as pdf:
            page_lines = [_lines(p.extract_words()) for p in pdf.pages]
        for number, lines in enumerate(page_lines, start=1):
            phrase = _unique_phrase(lines, page_lines, number)
            if not phrase:
                continue
            out = run("search", f'"{phrase}"', "--data", str(data), "--json", "-n", "3")
            hits = json_lines(out)
            assert hits, (rel, number, phrase)
            assert (hits[0]["path"], hits[0]["page"]) == (rel, number), (rel, number, phrase)
            checked += 1
            break
    assert checked == len(files)


def _lines(words: list[dict]) -> list[list[str]]:
    """Runs of words on one line with no wide gap: a line of one column, which reads the same
    in any correct reading order."""
    lines: list[list[str]] = []
    last = None
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if last and round(w["top"]) == round(last["top"]) and w["x0"] - last["x1"] < 12:
            lines[-1].append(w["text"])
        else:
            lines.append([w["text"]])
        last = w
    return lines


def _unique_phrase(lines: list[list[str]], all_pages: list, number: int) -> str | None:
    """Four consecutive plain words of one line, from the middle of a page, found on no other
    page."""
    others = " ".join(
        " ".join(" ".join(line) for line in page)
        for i, page in enumerate(all_pages, 1)
        if i != number
    ).lower()
    middle = len(lines) // 2
    for line in lines[middle:] + lines[:middle]:
        for start in range(len(line) - 3):
            words = line[start : start + 4]
            if all(re.fullmatch(r"[A-Za-z]{3,}", w) for w in words):
                phrase = " ".join(words)
                if phrase.lower() not in others:
                    return phrase
    return None
