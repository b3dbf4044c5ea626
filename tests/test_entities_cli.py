"""The entity CLI: listing entities and amounts, hand merges and splits, and corrections that
survive re-ingesting."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from evidence_cli import main
from index.mentions import list_mentions, resolve_entity
from index.search import search
from index.store import Store
from tests import minicorpus
from tests.conftest import ingest_paths


@pytest.fixture(scope="module")
def mini(tmp_path_factory) -> minicorpus.MiniCorpus:
    return minicorpus.build(tmp_path_factory.mktemp("mini"))


def _cli(data, *args):
    return CliRunner().invoke(main, [*args, "--data", str(data)])


def test_entities_json_lists_aliases_and_counts(mini):
    result = _cli(mini.data, "entities", "--kind", "person", "--json")
    assert result.exit_code == 0, result.output
    rows = {r["canonical"]: r for r in map(json.loads, result.output.splitlines())}
    assert set(rows) == {n for n, (k, _, _) in minicorpus.ENTITIES.items() if k == "person"}
    tolliver = rows["Renata J. Tolliver"]
    assert (tolliver["mentions"], tolliver["documents"], tolliver["pages"]) == (5, 3, 5)
    assert "Ms. Tolliver" in tolliver["aliases"]
    assert all(r["kind"] == "person" for r in rows.values())


def test_entities_money_lists_value_spellings_and_pages(mini):
    result = _cli(mini.data, "entities", "--kind", "money", "--json")
    (row,) = map(json.loads, result.output.splitlines())
    assert row["value"] == 1250000.0 and row["currency"] == "USD"
    assert sorted(row["surfaces"]) == ["$1,250,000", "$1.25 million"]
    assert sorted(row["pages"]) == [
        "contracts/services-agreement.txt p.1",
        "minutes/board-2024-03.txt p.2",
    ]


def test_entities_text_output(mini):
    result = _cli(mini.data, "entities")
    assert result.exit_code == 0, result.output
    assert "agency  U.S. Immigration and Customs Enforcement  (3 mention(s), 2 document(s))" in (
        result.output
    )
    assert "aka: ICE" in result.output
    assert "money   $1,250,000.00  (2 mention(s))" in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["entity", "merge", "Dale Okafor", "Dale Okafor"], "already one entity"),
        (["entity", "merge", "Dale Okafor", "ICE"], "only entities of one kind"),
        (["entity", "merge", "Dale Okafor", "Nobody At All"], "no entity named"),
        (["entity", "split", "Dale Okafor", "Ms. Tolliver"], "is not a spelling of Dale Okafor"),
        (["entity", "split", "Dale Okafor", "dale okafor"], "is the name of Dale Okafor"),
    ],
)
def test_entity_corrections_refuse_what_they_cannot_do(mini, args, message):
    result = _cli(mini.data, *args)
    assert result.exit_code != 0
    assert message in result.output


DOCS = {
    "a.txt": "CONTRACT NOTES\n\nDirector Renata J. Tolliver signed the contract on March 3. "
    "Commissioner Dale Okafor approved it the same day.\n",
    "b.txt": "HEARING LOG\n\nCounty Clerk Lina Marsh took notes. Renata Tolliver attended the "
    "hearing.\n",
}


def _entity_id(data, name: str) -> int | None:
    with Store(data) as store:
        res = resolve_entity(store, name, "person")
        return res.entity.entity_id if res.ok else None


def _pages_of(data, name: str) -> set[tuple[str, int]]:
    with Store(data) as store:
        res = resolve_entity(store, name, "person")
        return {(m.path, m.page) for m in list_mentions(store, res.entity.entity_id)}


@pytest.mark.slow
def test_corrections_survive_reingest(tmp_path):
    root, data = tmp_path / "docs", tmp_path / "data"
    root.mkdir()
    for name, text in DOCS.items():
        (root / name).write_text(text, encoding="utf-8")
    ingest_paths([root], data)
    assert _entity_id(data, "Renata Tolliver") == _entity_id(data, "Renata J. Tolliver"), (
        "precondition: the resolver joins Renata Tolliver to Renata J. Tolliver"
    )
    assert _entity_id(data, "Lina Marsh") and _entity_id(data, "Dale Okafor"), (
        "precondition: the tagger finds Lina Marsh and Dale Okafor"
    )

    merged = _cli(data, "entity", "merge", "Dale Okafor", "Lina Marsh")
    assert merged.exit_code == 0, merged.output
    split = _cli(data, "entity", "split", "Renata J. Tolliver", "Renata Tolliver")
    assert split.exit_code == 0, split.output

    def check() -> None:
        assert _entity_id(data, "Lina Marsh") == _entity_id(data, "Dale Okafor")
        assert _entity_id(data, "Renata Tolliver") != _entity_id(data, "Renata J. Tolliver")
        assert ("b.txt", 1) in _pages_of(data, "Dale Okafor")
        assert ("b.txt", 1) not in _pages_of(data, "Renata J. Tolliver")
        # the search index follows: Lina Marsh's page is found under Dale Okafor
        hits = search(data, 'person:"Dale Okafor"').hits
        assert {h.path for h in hits} >= {"a.txt", "b.txt"}

    check()
    (root / "b.txt").write_text(DOCS["b.txt"] + "Clerk Lina Marsh spoke last.\n", "utf-8")
    (root / "c.txt").write_text(
        "ROSTER\n\nCounty Clerk Lina Marsh and Commissioner Dale Okafor signed in.\n", "utf-8"
    )
    report = ingest_paths([root], data)
    assert report.new == 2 and not report.failures
    check()
    assert ("c.txt", 1) in _pages_of(data, "Lina Marsh")
