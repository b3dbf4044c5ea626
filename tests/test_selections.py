"""Selections: create, add (a span or a search hit), note, move, remove, delete, export, and
the selection CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from evidence_cli import main
from index.export import excerpts_for_selection, make_export, write_export
from index.selections import (
    SelectionError,
    add_item,
    add_search_hit,
    create_selection,
    delete_selection,
    items,
    list_selections,
    move_item,
    remove_item,
    set_note,
)
from index.store import Store
from index.verify import OK, verify_export
from tests import minicorpus

CONTRACT = "contracts/services-agreement.txt"


@pytest.fixture
def mini(tmp_path) -> minicorpus.MiniCorpus:
    return minicorpus.build(tmp_path)


@pytest.fixture
def store(mini):
    with Store(mini.data) as s:
        yield s


def _span(store, doc_id: str, page: int, words: str) -> tuple[int, int]:
    start = store.page_text(doc_id, page).index(words)
    return start, start + len(words)


def test_selection_round_trip(store, mini, tmp_path):
    doc = mini.doc_id(CONTRACT)
    create_selection(store, "memo")
    s1, e1 = _span(store, doc, 1, "The contract value is $1,250,000 per year.")
    add_item(store, "memo", doc, 1, s1, e1, note="the price")
    s2, e2 = _span(store, doc, 2, "Ms. Tolliver shall approve all invoices.")
    add_item(store, "memo", doc, 2, s2, e2, store.page_text(doc, 2)[s2:e2])
    hit = add_search_hit(store, "memo", "detainers", 1, note="minutes")
    assert hit.position == 3 and "detainers" in hit.excerpt and hit.query == "detainers"

    set_note(store, "memo", 2, "she approves invoices")
    move_item(store, "memo", 3, 1)
    remove_item(store, "memo", 2)
    got = items(store, "memo")
    assert [(i.position, i.note) for i in got] == [(1, "minutes"), (2, "she approves invoices")]
    assert got[1].excerpt == "Ms. Tolliver shall approve all invoices."
    assert [(s.name, s.items) for s in list_selections(store)] == [("memo", 2)]

    excerpts = excerpts_for_selection(store, "memo")
    assert [e.note for e in excerpts] == ["minutes", "she approves invoices"]
    assert excerpts[1].path == CONTRACT and excerpts[1].page == 2
    for fmt in ("md", "docx", "html", "csv", "json"):
        out = write_export(make_export(store, "selection memo", excerpts), tmp_path / f"m.{fmt}")
        assert [c.status for c in verify_export(out, mini.data)] == [OK, OK]
    assert "she approves invoices" in (tmp_path / "m.md").read_text("utf-8")

    delete_selection(store, "memo")
    assert list_selections(store) == []


@pytest.mark.parametrize("moves, order", [((1, 3), "BCA"), ((3, 1), "CAB"), ((2, 2), "ABC")])
def test_move_reorders_and_keeps_positions_contiguous(store, mini, moves, order):
    doc = mini.doc_id(CONTRACT)
    create_selection(store, "m")
    for page in (1, 2, 3):
        add_item(store, "m", doc, page, 0, 5, note="ABC"[page - 1])
    move_item(store, "m", *moves)
    got = items(store, "m")
    assert "".join(i.note for i in got) == order
    assert [i.position for i in got] == [1, 2, 3]


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda s, d: create_selection(s, "memo"), "already exists"),
        (lambda s, d: create_selection(s, "  "), "needs a name"),
        (lambda s, d: items(s, "other"), "no selection named"),
        (lambda s, d: add_item(s, "memo", "nope", 1, 0, 3), "no document"),
        (lambda s, d: add_item(s, "memo", d, 9, 0, 3), "no page 9"),
        (lambda s, d: add_item(s, "memo", d, 1, 5, 5), "not a span"),
        (lambda s, d: add_item(s, "memo", d, 1, 0, 99999), "not a span"),
        (lambda s, d: add_item(s, "memo", d, 1, 0, 6, "forged"), "not the text"),
        (lambda s, d: add_search_hit(s, "memo", "detainers", 5), "no hit 5"),
        (lambda s, d: set_note(s, "memo", 2, "x"), "no item 2"),
        (lambda s, d: move_item(s, "memo", 1, 0), "no item 0"),
        (lambda s, d: remove_item(s, "memo", 7), "no item 7"),
    ],
)
def test_selection_errors_say_how_to_fix(store, mini, call, message):
    create_selection(store, "memo")
    add_item(store, "memo", mini.doc_id(CONTRACT), 1, 0, 6)
    with pytest.raises(SelectionError, match=message):
        call(store, mini.doc_id(CONTRACT))


def test_selection_keeps_its_quote_when_the_document_is_reingested(mini, tmp_path):
    """An export of a selection cites what the user saw; verify then reports the change."""
    doc = mini.doc_id(CONTRACT)
    with Store(mini.data) as store:
        create_selection(store, "memo")
        add_item(store, "memo", doc, 2, *_span(store, doc, 2, "Ms. Tolliver shall approve"))
    pages = list(minicorpus.FILES[CONTRACT])
    pages[1] = pages[1].replace("Ms. Tolliver shall approve", "The board shall approve")
    mini.file(CONTRACT).write_text("\f".join(pages), encoding="utf-8")
    minicorpus.build_from(mini.root, mini.data)
    with Store(mini.data) as store:
        excerpts = excerpts_for_selection(store, "memo")
        assert excerpts[0].text == "Ms. Tolliver shall approve" and excerpts[0].sha256 == ""
        out = write_export(make_export(store, "selection", excerpts), tmp_path / "s.json")
    checks = verify_export(out, mini.data)
    assert checks[0].status != OK


def _cli(mini, *args):
    return CliRunner().invoke(main, [*args, "--data", str(mini.data)])


def test_cli_selection_round_trip(mini, tmp_path):
    doc = mini.doc_id(CONTRACT)
    assert _cli(mini, "selection", "new", "memo").exit_code == 0
    r = _cli(mini, "selection", "add", "memo", "--doc", doc, "--page", "3", "--start", "0",
             "--end", "33", "--note", "signature")  # fmt: skip
    assert r.exit_code == 0, r.output
    r = _cli(mini, "selection", "add", "memo", "--query", "invoices", "--hit", "1")
    assert r.exit_code == 0, r.output
    assert _cli(mini, "selection", "note", "memo", "2", "approves invoices").exit_code == 0
    assert _cli(mini, "selection", "move", "memo", "2", "1").exit_code == 0
    shown = _cli(mini, "selection", "show", "memo", "--json")
    rows = [json.loads(line) for line in shown.output.splitlines()]
    assert [(r["position"], r["note"], r["page"]) for r in rows] == [
        (1, "approves invoices", 2),
        (2, "signature", 3),
    ]
    assert rows[1]["excerpt"] == "Signed: Renata Tolliver, Director"
    listed = _cli(mini, "selection", "list")
    assert "memo  (2 item(s))" in listed.output
    out = tmp_path / "memo.docx"
    r = _cli(mini, "selection", "export", "memo", "-o", str(out))
    assert r.exit_code == 0, r.output
    assert _cli(mini, "verify", str(out)).exit_code == 0
    assert _cli(mini, "selection", "remove", "memo", "1").exit_code == 0
    assert _cli(mini, "selection", "delete", "memo", "--yes").exit_code == 0
    assert "memo" not in _cli(mini, "selection", "list").output


@pytest.mark.parametrize(
    "args, message",
    [
        (["selection", "show", "nope"], "no selection named"),
        (["selection", "add", "memo", "--doc", "x"], "give --doc, --page"),
        (["selection", "add", "memo", "--query", "a", "--doc", "x"], "either --query"),
        (["selection", "note", "memo", "4", "x"], "no item 4"),
        (["selection", "new", "memo"], "already exists"),
    ],
)
def test_cli_selection_errors(mini, args, message):
    _cli(mini, "selection", "new", "memo")
    result = _cli(mini, *args)
    assert result.exit_code == 1
    assert message in result.output
