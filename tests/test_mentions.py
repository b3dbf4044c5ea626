"""Mentions: name resolution, every mention with its sentence, watchlists, the mentions CLI, and
the acceptance test against the demo corpus' ground truth."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from evidence_cli import main
from index.mentions import (
    context_span,
    list_mentions,
    read_watchlist,
    require_entity,
    resolve_entity,
    watchlist_counts,
)
from index.store import Store
from tests import minicorpus


@pytest.fixture(scope="module")
def mini(tmp_path_factory) -> minicorpus.MiniCorpus:
    return minicorpus.build(tmp_path_factory.mktemp("mini"))


@pytest.fixture
def store(mini):
    with Store(mini.data) as s:
        yield s


@pytest.mark.parametrize(
    "name, kind, how, canonical",
    [
        ("Renata J. Tolliver", None, "canonical", "Renata J. Tolliver"),
        ("renata j tolliver", None, "canonical", "Renata J. Tolliver"),
        ("Ms. Tolliver", None, "alias", "Renata J. Tolliver"),
        ("TOLLIVER,  Thomas", None, "alias", "Thomas Tolliver"),
        ("ICE", None, "alias", "U.S. Immigration and Customs Enforcement"),
        ("ICE", "agency", "alias", "U.S. Immigration and Customs Enforcement"),
        ("HCSO", None, "alias", "Harlow County Sheriff's Office"),
    ],
)
def test_resolve_entity_by_name_or_alias(store, name, kind, how, canonical):
    res = resolve_entity(store, name, kind)
    assert res.how == how
    assert res.entity.canonical == canonical


def test_resolve_ambiguous_alias_lists_every_candidate(store):
    res = resolve_entity(store, "Tolliver")
    assert res.how == "ambiguous" and not res.ok
    assert {c.canonical for c in res.candidates} == {"Renata J. Tolliver", "Thomas Tolliver"}
    assert "Renata J. Tolliver (person)" in res.message()


def test_regression_surname_entity_does_not_hide_full_names(tmp_path):
    """A surname-only entity ("Tolliver") must not win over the people who carry that alias."""
    mini = minicorpus.build(tmp_path)
    with Store(mini.data) as store:
        store.db.execute(
            "INSERT INTO entities(kind, canonical, key) VALUES ('person', 'Tolliver', 'tolliver')"
        )
        store.db.commit()
        res = resolve_entity(store, "Tolliver")
        assert res.how == "ambiguous"
        assert {c.canonical for c in res.candidates} == {
            "Tolliver",
            "Renata J. Tolliver",
            "Thomas Tolliver",
        }


@pytest.mark.parametrize("typo", ["Renatta Toliver", "Dale Okafour"])
def test_resolve_misspelling_suggests_but_never_picks(store, typo):
    res = resolve_entity(store, typo)
    assert res.how == "fuzzy" and res.entity is None
    assert "Did you mean" in res.message()
    assert res.candidates[0].canonical in {"Renata J. Tolliver", "Dale Okafor"}


@pytest.mark.parametrize("name, kind", [("Quentin Nobody", None), ("ICE", "person"), ("!!!", None)])
def test_resolve_unknown_names(store, name, kind):
    res = resolve_entity(store, name, kind)
    assert not res.ok and res.how in {"none", "fuzzy"}


def test_list_mentions_returns_every_mention_in_path_page_offset_order(store):
    entity = require_entity(store, "Renata Tolliver")
    rows = list_mentions(store, entity.entity_id)
    expected = []
    for relpath, pages in minicorpus.FILES.items():
        for number, text in enumerate(pages, start=1):
            for mention in minicorpus.page_mentions(text):
                if mention.norm == "Renata J. Tolliver":
                    expected.append((relpath, number, mention.start, mention.text))
    assert [(m.path, m.page, m.start, m.text) for m in rows] == sorted(expected)
    assert len(rows) == 5


def test_list_mentions_context_is_exact_page_text_with_offsets(store):
    entity = require_entity(store, "Dale Okafor")
    for m in list_mentions(store, entity.entity_id, context=40):
        page = store.page_text(m.doc_id, m.page)
        assert page[m.start : m.end] == m.text
        assert page[m.context_start : m.context_start + len(m.context)] == m.context
        a, b = m.span_in_context
        assert m.context[a:b] == m.text
        assert m.sha256 and m.title and m.method == "ruler"


@pytest.mark.parametrize(
    "text, surface, expected",
    [
        ("First one. Ms. Tolliver signed it. Last one.", "Tolliver", "Ms. Tolliver signed it."),
        ("Intro here. R. J. Tolliver of the U.S. Marshals came. End.", "Tolliver",
         "R. J. Tolliver of the U.S. Marshals came."),
        ("Heading line\n\nSigned by Okafor today\n\nNext paragraph.", "Okafor",
         "Signed by Okafor today"),
        ("Did Okafor sign? Yes.", "Okafor", "Did Okafor sign?"),
    ],
)  # fmt: skip
def test_context_is_the_sentence(text, surface, expected):
    start = text.index(surface)
    s, e = context_span(text, start, start + len(surface), size=120)
    assert text[s:e] == expected


def test_context_of_a_long_sentence_is_a_window_at_word_boundaries():
    text = "word " * 200 + "Okafor " + "word " * 200
    start = text.index("Okafor")
    s, e = context_span(text, start, start + 6, size=30)
    assert s <= start and e >= start + 6
    assert e - s <= 30 * 2 + 6
    assert text[s:e].split()[0] == "word" and text[s - 1] == " " and text[e] == " "


def test_read_watchlist_plain_lines_skip_comments_and_blanks(tmp_path):
    path = tmp_path / "names.txt"
    path.write_text("# officials\nRenata Tolliver\n\n  Dale   Okafor  \n#x\n12345\n", "utf-8")
    items = read_watchlist(path)
    assert [(i.name, i.line, i.error is None) for i in items] == [
        ("Renata Tolliver", 2, True),
        ("Dale Okafor", 4, True),
        ("12345", 6, False),
    ]


def test_read_watchlist_csv_with_header_aliases_and_bad_lines(tmp_path):
    path = tmp_path / "names.txt"
    path.write_text(
        'Name,Alias,Alias\nRenata Tolliver,"Ms. Tolliver",Director Tolliver\n,orphan alias\n'
        '"unclosed quote\nICE\n' + "x" * 300 + "\n",
        encoding="utf-8",
    )
    items = read_watchlist(path)
    assert items[0].name == "Renata Tolliver"
    assert items[0].aliases == ["Ms. Tolliver", "Director Tolliver"] and items[0].error is None
    assert "line 3" in items[1].error and "no name" in items[1].error
    assert "line 4" in items[2].error and "CSV" in items[2].error
    assert items[3].name == "ICE" and items[3].error is None
    assert "longer than" in items[4].error


def test_read_watchlist_csv_without_header_by_suffix(tmp_path):
    path = tmp_path / "names.csv"
    path.write_bytes(b"Dale Okafor,Mr. Okafor\n\xff\xfeBad bytes\n")
    items = read_watchlist(path)
    assert items[0].aliases == ["Mr. Okafor"]
    assert "UTF-8" in items[1].error


def test_watchlist_counts_with_a_bad_line(store, tmp_path):
    path = tmp_path / "watch.csv"
    path.write_text(
        "name,aliases\nRenata Tolliver\nDale Okafor,Mr. Okafor,Nonexistent Alias\n,bad\nTolliver\n"
        "Quentin Nobody\n",
        encoding="utf-8",
    )
    counts = watchlist_counts(store, read_watchlist(path))
    by_name = {c.name: c for c in counts}
    assert (by_name["Renata Tolliver"].mentions, by_name["Renata Tolliver"].documents) == (5, 3)
    assert by_name["Dale Okafor"].entities == ["Dale Okafor"]
    assert (by_name["Dale Okafor"].mentions, by_name["Dale Okafor"].documents) == (5, 3)
    assert by_name["Dale Okafor"].warnings  # the alias nobody uses is reported, not fatal
    assert "no name" in by_name[""].error
    assert "several entities" in by_name["Tolliver"].error
    assert "no entity" in by_name["Quentin Nobody"].error
    assert len(counts) == 5


def _run(mini, *args):
    return CliRunner().invoke(main, [*args, "--data", str(mini.data)])


def test_cli_mentions_text_lists_every_page(mini):
    result = _run(mini, "mentions", "Ms. Tolliver")
    assert result.exit_code == 0, result.output
    assert (
        "Renata J. Tolliver (person): 5 mention(s) on 5 page(s) in 3 document(s)" in result.output
    )
    assert sum(line.startswith("  p.") for line in result.output.splitlines()) == 5


def test_cli_mentions_json_one_object_per_mention(mini):
    result = _run(mini, "mentions", "Dale Okafor", "--json", "--context", "30")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 5
    for row in rows:
        a, b = row["span_in_context"]
        assert row["context"][a:b] == row["text"]


@pytest.mark.parametrize(
    "name, message",
    [("Tolliver", "several entities"), ("Renatta Toliver", "Did you mean"), ("Zed", "no entity")],
)
def test_cli_mentions_unresolved_name_explains(mini, name, message):
    result = _run(mini, "mentions", name)
    assert result.exit_code == 1
    assert message in result.output


def test_cli_mentions_watchlist_table_and_json(mini, tmp_path):
    path = tmp_path / "watch.txt"
    path.write_text("Renata Tolliver\nICE\n???\n", encoding="utf-8")
    table = _run(mini, "mentions", "--watchlist", str(path))
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[0].split()[:3] == ["NAME", "MENTIONS", "DOCUMENTS"]
    assert lines[1].split()[:4] == ["Renata", "Tolliver", "5", "3"]
    assert "error" in lines[3]
    as_json = _run(mini, "mentions", "--watchlist", str(path), "--json")
    rows = [json.loads(line) for line in as_json.output.splitlines()]
    assert [len(r["items"]) for r in rows] == [5, 3, 0]
    assert rows[2]["error"]


def test_cli_mentions_needs_a_name_or_watchlist(mini):
    result = _run(mini, "mentions")
    assert result.exit_code == 1 and "--watchlist" in result.output


# -- acceptance: the demo corpus -------------------------------------------------------------


@pytest.mark.slow
def test_gold_people_named_on_exactly_their_pages(request, gold):
    """For every person in gold.jsonl, `evidence mentions` finds every page naming them and no
    other page. Failures name the person and the page, for the tagger and resolver owners."""
    reason = minicorpus.demo_pipeline_missing()
    if reason:
        pytest.skip(reason)
    data = request.getfixturevalue("corpus_data")
    files = {row["file"] for row in gold}
    problems = []
    with Store(data) as store:
        for person in sorted({p for row in gold for p in row["people"]}):
            want = {(r["file"], r["page"]) for r in gold if person in r["people"]}
            res = resolve_entity(store, person, "person")
            if not res.ok:
                problems.append(
                    f"{person}: not an entity ({res.message()}); named on {sorted(want)}"
                )
                continue
            got = {
                (m.path, m.page)
                for m in list_mentions(store, res.entity.entity_id)
                if m.path in files
            }
            for file, page in sorted(want - got):
                problems.append(f"{person}: missing {file} p.{page}")
            for file, page in sorted(got - want):
                problems.append(f"{person}: wrongly on {file} p.{page}")
    assert not problems, "\n".join(problems)
