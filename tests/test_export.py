"""Exports: every format parsed back with its own reader, escaping of hostile text, the three
excerpt sources, and the export CLI."""

from __future__ import annotations

import csv
import json
import re

import docx
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from evidence_cli import main
from index.export import (
    FORMATS,
    Excerpt,
    Export,
    ExportHeader,
    excerpts_for_mentions,
    excerpts_for_query,
    make_export,
    make_link,
    md_quote,
    md_unquote,
    write_export,
)
from index.search import search
from index.store import Store
from index.verify import read_csv
from tests import minicorpus

CITE = re.compile(r"p\. (\d+), chars (\d+)-(\d+), SHA-256 ([0-9a-f]{12})…")


@pytest.fixture(scope="module")
def mini(tmp_path_factory) -> minicorpus.MiniCorpus:
    return minicorpus.build(tmp_path_factory.mktemp("mini"))


@pytest.fixture(scope="module")
def tolliver(mini):
    with Store(mini.data) as store:
        return make_export(store, "mentions of Renata J. Tolliver (person)",
                           excerpts_for_mentions(store, "Renata Tolliver"))  # fmt: skip


def _loose(text: str) -> str:
    return " ".join(text.split())


def _page(mini, ex):
    with Store(mini.data) as store:
        return store.page_text(ex["doc_id"], ex["page"])


def test_mentions_export_groups_by_document_and_highlights_each_mention(tolliver):
    paths = [ex.path for ex in tolliver.excerpts]
    assert paths == sorted(paths, key=paths.index)  # one run per document
    assert len(tolliver.excerpts) == 5 and tolliver.header.cited_documents == 3
    for ex in tolliver.excerpts:
        marked = [ex.text[s:e] for s, e in ex.highlights]
        assert marked and all("Tolliver" in m for m in marked)


def test_mentions_in_one_sentence_make_one_excerpt_with_two_highlights(mini):
    with Store(mini.data) as store:
        excerpts = excerpts_for_mentions(store, "Dale Okafor")
    minutes = [ex for ex in excerpts if ex.path.startswith("minutes/") and ex.page == 2]
    assert len(minutes) == 1
    assert [minutes[0].text[s:e] for s, e in minutes[0].highlights] == ["Mr. Okafor", "Dale Okafor"]


def test_csv_parses_back(tmp_path, mini, tolliver):
    path = write_export(tolliver, tmp_path / "out.csv")
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(tolliver.excerpts)
    for row, ex in zip(rows, tolliver.excerpts, strict=True):
        assert row["text"] == ex.text == _page(mini, row)[int(row["start"]) : int(row["end"])]
        assert row["sha256"] == ex.sha256 and row["path"] == ex.path
        assert json.loads(row["highlights"]) == [list(h) for h in ex.highlights]
        assert row["link"] == make_link(ex.doc_id, ex.page)


def test_json_parses_back_with_header(tmp_path, mini, tolliver):
    obj = json.loads(write_export(tolliver, tmp_path / "out.json").read_text("utf-8"))
    assert obj["format"] == "evidence-export"
    header = obj["header"]
    assert header["asked"] == tolliver.header.asked
    assert header["documents"] == 4 and header["hits"] == 5
    assert header["data"] == str(mini.data) and header["generated"].endswith("Z")
    for ex in obj["excerpts"]:
        assert ex["text"] == _page(mini, ex)[ex["start"] : ex["end"]]


def test_markdown_reads_as_a_memo_and_parses_back(tmp_path, mini, tolliver):
    text = write_export(tolliver, tmp_path / "out.md").read_text("utf-8")
    assert text.startswith("# Evidence memo")
    for label in ("Asked", "Corpus", "Generated", "Hits"):
        assert f"**{label}:**" in text
    assert "UTC" in text and "(4 documents)" in text
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert len(headings) == 3
    for ex in tolliver.excerpts:
        assert f"SHA-256: `{ex.sha256}`" in text
    blocks, block = [], []
    for line in text.splitlines():
        if line.startswith(">"):
            block.append(line)
        elif block:
            blocks.append(md_unquote(block))
            block = []
    assert [_loose(b) for b in blocks] == [_loose(ex.text) for ex in tolliver.excerpts]
    cites = [CITE.search(line) for line in text.splitlines() if line.startswith("\\[")]
    assert [(int(m[1]), int(m[2]), int(m[3]), m[4]) for m in cites] == [
        (ex.page, ex.start, ex.end, ex.sha256[:12]) for ex in tolliver.excerpts
    ]
    hidden = re.search(r"<!-- evidence-citations: (\{.*\}) -->", text)
    data = json.loads(hidden.group(1))
    assert [c["text"] for c in data["citations"]] == [ex.text for ex in tolliver.excerpts]


def test_html_reads_as_a_memo_and_parses_back(tmp_path, tolliver):
    soup = BeautifulSoup(write_export(tolliver, tmp_path / "out.html").read_text("utf-8"),
                         "html.parser")  # fmt: skip
    assert soup.h1.get_text() == "Evidence memo"
    assert "(4 documents)" in soup.find("dl").get_text()
    assert len(soup.find_all("h2")) == 3
    quotes = soup.select("blockquote.quote")
    assert [q.get_text() for q in quotes] == [ex.text for ex in tolliver.excerpts]
    assert [m.get_text() for m in quotes[0].find_all("mark")] == ["Renata J. Tolliver"]
    cites = [CITE.search(p.get_text()) for p in soup.select("p.cite")]
    assert [int(m[1]) for m in cites] == [ex.page for ex in tolliver.excerpts]
    links = [a["href"] for a in soup.select("p.cite a")]
    assert links == [ex.link for ex in tolliver.excerpts]


def test_docx_reads_as_a_memo_and_parses_back(tmp_path, tolliver):
    doc = docx.Document(str(write_export(tolliver, tmp_path / "out.docx")))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Evidence memo"
    assert any(t.startswith("Asked: mentions of Renata J. Tolliver") for t in texts)
    assert any(t.startswith("Generated: ") and t.endswith("UTC") for t in texts)
    quotes = [p for p in doc.paragraphs if p.style.name == "Quote"]
    assert [q.text for q in quotes] == [ex.text for ex in tolliver.excerpts]
    bold = [r.text for r in quotes[0].runs if r.bold]
    assert bold == ["Renata J. Tolliver"]
    cites = [CITE.search(t) for t in texts if t.startswith("[")]
    assert [int(m[3]) for m in cites] == [ex.end for ex in tolliver.excerpts]
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells][:3] == ["#", "File", "Page"]
    assert [r.cells[5].text for r in table.rows[1:]] == [ex.sha256 for ex in tolliver.excerpts]


HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)> *not bold* [a](b) # h'


def _hostile_export(link: str = "javascript:alert(1)") -> Export:
    ex = Excerpt(
        doc_id="abcd", title="<b>title</b>", path="a/<x>.pdf", page=1, sha256="0" * 64,
        start=0, end=len(HOSTILE), text=HOSTILE, highlights=[(0, 8)],
        note="</p><script>bad()</script>", link=link,
    )  # fmt: skip
    return Export(ExportHeader("<script>q</script>", "/d", 1, "2026-01-01T00:00:00Z", 1, 1), [ex])


def test_html_export_escapes_everything_and_runs_no_script(tmp_path):
    raw = write_export(_hostile_export(), tmp_path / "x.html").read_text("utf-8")
    soup = BeautifulSoup(raw, "html.parser")
    scripts = soup.find_all("script")
    assert [s.get("type") for s in scripts] == ["application/json"]
    assert "<" not in scripts[0].string and json.loads(scripts[0].string)
    assert not soup.find("img") and not soup.find(attrs={"onerror": True})
    assert soup.select_one("blockquote.quote").get_text() == HOSTILE
    assert not soup.select("p.cite a")  # a javascript: link is shown as text only
    assert "default-src 'none'" in raw


def test_markdown_export_escapes_markup_in_quotes(tmp_path):
    text = write_export(_hostile_export(), tmp_path / "x.md").read_text("utf-8")
    quote = [line for line in text.splitlines() if line.startswith(">")]
    assert "<script>" not in "\n".join(quote) and "\\<script\\>" in quote[0]
    assert _loose(md_unquote(quote)) == _loose(HOSTILE)
    assert text.count("-->") == 1


@pytest.mark.parametrize(
    "text, highlights",
    [
        ("1. numbered\n- dash\n+ plus\n> quoted\n# hash", []),
        ("back\\slash at the end\\\nnext line", [(0, 4)]),
        ("para one\n\npara two  with  spaces", [(5, 8), (10, 14)]),
        ("**stars** and __under__ and `code` and <tag> and &amp;", [(0, 9)]),
        ("highlight across\nthe line break", [(10, 20)]),
        ("   leading spaces\n    four spaces would be code", []),
    ],
)
def test_md_quote_round_trip(text, highlights):
    ex = Excerpt("d", "t", "p", 1, "s", 0, len(text), text, highlights)
    lines = md_quote(ex).splitlines()
    assert all(line.startswith(">") for line in lines)
    assert _loose(md_unquote(lines)) == _loose(text)


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+1", "-5", "@SUM(A1)", "'quoted",
                                  "''twice", "plain"])  # fmt: skip
def test_csv_guards_formula_cells_and_reads_them_back(tmp_path, cell):
    ex = Excerpt("d", cell, "p.pdf", 1, "a" * 64, 0, len(cell), cell)
    export = Export(ExportHeader("q", "/d", 1, "2026-01-01T00:00:00Z", 1, 1), [ex])
    path = write_export(export, tmp_path / "x.csv")
    with open(path, newline="", encoding="utf-8-sig") as fh:
        raw = list(csv.DictReader(fh))[0]
    assert raw["text"] == (cell if cell == "plain" else "'" + cell)
    assert read_csv(path)[0].text == cell


def test_query_excerpts_are_every_hit_and_exact(mini):
    excerpts = excerpts_for_query(mini.data, "Tolliver")
    with Store(mini.data) as store:
        pages = {
            (r[0], r[1])
            for r in store.db.execute("SELECT doc_id, page, text FROM pages")
            if "tolliver" in r[2].lower()
        }
        assert {(e.doc_id, e.page) for e in excerpts} == pages
        for e in excerpts:
            assert store.page_text(e.doc_id, e.page)[e.start : e.end] == e.text
            assert e.query == "Tolliver" and e.link == make_link(e.doc_id, e.page)
    assert len(excerpts_for_query(mini.data, "Tolliver", limit=2)) == 2
    assert search(mini.data, "Tolliver").total == len(excerpts)


def test_link_uses_app_url_setting(monkeypatch):
    monkeypatch.setenv("EVIDENCE_APP_URL", "https://evidence.example.org/")
    assert make_link("abc", 3) == "https://evidence.example.org/?doc=abc&page=3"


def _cli(mini, *args):
    return CliRunner().invoke(main, [*args, "--data", str(mini.data)])


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "source", [["--query", "booking"], ["--mentions", "ICE", "--kind", "agency"]]
)
def test_cli_export_every_format(tmp_path, mini, fmt, source):
    out = tmp_path / f"out.{fmt}"
    result = _cli(mini, "export", *source, "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    assert "evidence verify" in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["--query", "a", "--mentions", "b", "-o", "x.md"], "exactly one"),
        (["--query", "booking", "-o", "x.txt"], "unknown export format"),
        (["--mentions", "Tolliver", "-o", "x.md"], "several entities"),
        (["--query", "amount:[abc TO 5]", "-o", "x.md"], "cannot read the amount"),
        (["--selection", "nope", "-o", "x.md"], "no selection named"),
    ],
)
def test_cli_export_errors_say_how_to_fix(tmp_path, mini, args, message):
    args = [a if a != "x.md" and a != "x.txt" else str(tmp_path / a) for a in args]
    result = _cli(mini, "export", *args)
    assert result.exit_code == 1
    assert message in result.output
