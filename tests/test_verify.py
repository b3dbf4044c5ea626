"""verify: every export format read back and checked against the files; changed, removed and
re-ingested files, removed pages, quotes edited in the export, and the verify CLI."""

from __future__ import annotations

import csv

import docx
import pytest
from click.testing import CliRunner

from evidence_cli import main
from index.export import FORMATS, excerpts_for_mentions, make_export, write_export
from index.store import Store
from index.verify import CHANGED, MISSING, OK, VerifyError, find_quote, verify_export
from tests import minicorpus

CONTRACT = "contracts/services-agreement.txt"


@pytest.fixture
def mini(tmp_path) -> minicorpus.MiniCorpus:
    return minicorpus.build(tmp_path)


def export_mentions(mini, fmt: str, name: str = "Renata Tolliver"):
    with Store(mini.data) as store:
        export = make_export(store, f"mentions of {name}", excerpts_for_mentions(store, name))
    return write_export(export, mini.root.parent / f"export.{fmt}")


def statuses(checks) -> list[tuple[str, int, str]]:
    return [(c.path, c.page, c.status) for c in checks]


def rewrite_pages(path, pages: list[str]) -> None:
    path.write_text("\f".join(pages), encoding="utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_verifies_ok(mini, fmt):
    checks = verify_export(export_mentions(mini, fmt), mini.data)
    assert len(checks) == 5
    assert all(c.status == OK for c in checks), [c.line() for c in checks]
    assert [c.n for c in checks] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("fmt", FORMATS)
def test_altered_source_file_is_changed(mini, fmt):
    out = export_mentions(mini, fmt)
    pages = list(minicorpus.FILES[CONTRACT])
    pages[1] = pages[1].replace("Ms. Tolliver shall approve", "The director shall approve")
    rewrite_pages(mini.file(CONTRACT), pages)
    checks = verify_export(out, mini.data)
    by_page = {(c.path, c.page): c for c in checks}
    assert by_page[(CONTRACT, 1)].status == CHANGED
    assert "quote is still on p.1" in by_page[(CONTRACT, 1)].reason
    assert by_page[(CONTRACT, 2)].status == CHANGED
    assert "no longer on p.2" in by_page[(CONTRACT, 2)].reason
    others = [c for c in checks if c.path != CONTRACT]
    assert others and all(c.status == OK for c in others)


def test_removed_file_is_missing(mini):
    out = export_mentions(mini, "json")
    mini.file(CONTRACT).unlink()
    checks = verify_export(out, mini.data)
    assert [c.status for c in checks if c.path == CONTRACT] == [MISSING] * 3
    assert "gone" in checks[0].reason


def test_removed_page_is_missing(mini):
    out = export_mentions(mini, "docx")
    rewrite_pages(mini.file(CONTRACT), minicorpus.FILES[CONTRACT][:2])
    by_page = {(c.path, c.page): c for c in verify_export(out, mini.data)}
    assert by_page[(CONTRACT, 3)].status == MISSING
    assert "page 3 is gone" in by_page[(CONTRACT, 3)].reason
    assert by_page[(CONTRACT, 1)].status == CHANGED


def test_reingested_changed_file_is_changed_or_missing(mini):
    out = export_mentions(mini, "md")
    rewrite_pages(mini.file(CONTRACT), minicorpus.FILES[CONTRACT][:2])
    minicorpus.build_from(mini.root, mini.data)
    by_page = {(c.path, c.page): c for c in verify_export(out, mini.data)}
    assert by_page[(CONTRACT, 1)].status == CHANGED
    assert "re-ingested" in by_page[(CONTRACT, 1)].reason
    assert by_page[(CONTRACT, 3)].status == MISSING


def test_unknown_document_is_missing(mini, tmp_path):
    out = export_mentions(mini, "csv")
    with open(out, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    rows[0]["sha256"] = "f" * 64
    rows[0]["path"] = "elsewhere/never-ingested.pdf"
    with open(out, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    checks = verify_export(out, mini.data)
    assert checks[0].status == MISSING and "no document" in checks[0].reason
    assert all(c.status == OK for c in checks[1:])


def test_quote_edited_in_markdown_export_is_changed(mini):
    out = export_mentions(mini, "md")
    text = out.read_text("utf-8")
    out.write_text(text.replace("shall approve all invoices", "approved no invoices", 1), "utf-8")
    checks = verify_export(out, mini.data)
    assert [c.status for c in checks].count(CHANGED) == 1
    assert "edited in the export" in next(c.reason for c in checks if c.status == CHANGED)


def test_quote_edited_in_html_export_is_changed(mini):
    out = export_mentions(mini, "html")
    out.write_text(out.read_text("utf-8").replace("Witness: Dale Okafor", "Witness: nobody"))
    checks = verify_export(out, mini.data)
    assert [(c.page, c.status) for c in checks if c.status != OK] == [(3, CHANGED)]


def test_quote_edited_in_docx_export_is_changed(mini):
    out = export_mentions(mini, "docx")
    doc = docx.Document(str(out))
    quote = [p for p in doc.paragraphs if p.style.name == "Quote"][1]
    quote.text = "Ms. Tolliver shall approve no invoices."
    doc.save(str(out))
    checks = verify_export(out, mini.data)
    assert [(c.page, c.status) for c in checks if c.status != OK] == [(2, CHANGED)]
    assert "not on the page" in checks[1].reason


@pytest.mark.parametrize(
    "page, quote, start, end, status, reason",
    [
        ("abc The quote here. xyz", "The quote here.", 4, 19, OK, ""),
        ("abc The quote\nhere. xyz", "The quote here.", 4, 19, OK, "apart from line breaks"),
        ("new words first. The quote here.", "The quote here.", 4, 19, OK, "moved: now at chars 17-32"),
        ("new first. The   quote\nhere. xyz", "The quote here.", 0, 15, OK, "moved: now at chars 11"),
        ("abc Another quote. xyz", "The quote here.", 4, 19, CHANGED, "not on the page"),
        ("abc", "   ", 0, 3, CHANGED, "empty"),
    ],
)  # fmt: skip
def test_find_quote(page, quote, start, end, status, reason):
    got_status, got_reason = find_quote(page, quote, start, end)
    assert got_status == status
    assert reason in got_reason


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("plain.md", "# Notes\n\nnothing cited\n", "no citation data"),
        ("plain.html", "<!DOCTYPE html><html><body>hi</body></html>", "no citation data"),
        ("data.json", '{"rows": []}', "not an evidence JSON export"),
        ("data.csv", "a,b\n1,2\n", "lacks the column"),
        ("notes.txt", "just text", "lacks the column"),
    ],
)
def test_files_that_are_not_exports_are_refused(mini, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(VerifyError, match=message):
        verify_export(path, mini.data)


def test_cli_verify_lines_and_exit_status(mini):
    out = export_mentions(mini, "docx")
    runner = CliRunner()
    ok = runner.invoke(main, ["verify", str(out), "--data", str(mini.data)])
    assert ok.exit_code == 0, ok.output
    lines = [line for line in ok.output.splitlines() if line.startswith(("OK", "CHANGED"))]
    assert lines[0].split() == ["OK", CONTRACT, "p.1"]
    assert len(lines) == 5
    mini.file("minutes/board-2024-03.txt").unlink()
    bad = runner.invoke(main, ["verify", str(out), "--data", str(mini.data)])
    assert bad.exit_code == 1
    assert any(line.startswith("MISSING  minutes/board-2024-03.txt p.1") for line in
               bad.output.splitlines())  # fmt: skip
    assert "5 citation(s): 4 OK, 0 CHANGED, 1 MISSING" in bad.output


def test_cli_verify_without_registry_says_where_to_look(mini, tmp_path):
    out = export_mentions(mini, "json")
    result = CliRunner().invoke(main, ["verify", str(out), "--data", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "--data" in result.output


@pytest.mark.slow
def test_docx_of_an_officials_mentions_in_the_demo_corpus_verifies(request, tmp_path):
    reason = minicorpus.demo_pipeline_missing()
    if reason:
        pytest.skip(reason)
    data = request.getfixturevalue("corpus_data")
    out = tmp_path / "tolliver.docx"
    runner = CliRunner()
    made = runner.invoke(main, ["export", "--mentions", "Renata J. Tolliver", "-o", str(out),
                                "--data", str(data)])  # fmt: skip
    assert made.exit_code == 0, made.output
    checked = runner.invoke(main, ["verify", str(out), "--data", str(data)])
    assert checked.exit_code == 0, checked.output
    lines = [line for line in checked.output.splitlines() if line.startswith("OK")]
    assert len(lines) >= 6  # she is named on at least six pages of the demo corpus
