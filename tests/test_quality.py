"""scripts/quality.py and scripts/quality_score.py: scoring found money, person pages and agency
pages against labelled pages, the printed table, --check, and the targets on the demo corpus and
the real-documents dev set (tests/devset/realdocs.jsonl)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from index.store import Store
from ingest.entities.textkey import alias_key

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import quality  # noqa: E402
from quality_score import GoldPage, Score, load_gold, score, score_corpora  # noqa: E402

DEVSET = ROOT / "tests" / "devset" / "realdocs.jsonl"
REALDOCS = ROOT.parent / "shared" / "realdocs"
ICE = "U.S. Immigration and Customs Enforcement"


def _store(tmp_path: Path) -> Store:
    """A data folder with one two-page document, entities and mentions written by hand."""
    store = Store(tmp_path / "data")
    db = store.db
    db.execute(
        "INSERT INTO documents(id, sha256, doctype, pages, bytes, added) "
        "VALUES ('d1', 'x', 'pdf', 2, 1, 0)"
    )
    db.execute(
        "INSERT INTO paths(path, root, relpath, doc_id, size, mtime, seen) "
        "VALUES (?, ?, 'a.pdf', 'd1', 1, 0, 0)",
        (str(tmp_path / "docs" / "a.pdf"), str(tmp_path / "docs")),
    )
    entities = [
        (1, "person", "Renata J. Tolliver"),
        (2, "person", "S. Hartley Vance"),  # a fragment left apart
        (3, "agency", ICE),
        (4, "person", "Criminal History"),  # not a person
    ]
    db.executemany(
        "INSERT INTO entities(id, kind, canonical, key) VALUES (?,?,?,?)",
        [(i, kind, name, alias_key(name)) for i, kind, name in entities],
    )
    db.execute("INSERT INTO aliases VALUES (3, 'ICE', 'ice', 'found')")
    mentions = [
        (1, "person", 0, 8, "Tolliver", 1, None),
        (1, "agency", 10, 13, "ICE", 3, None),
        (1, "money", 20, 27, "$48,500", None, 48500.0),
        (1, "money", 30, 35, "$0.25", None, 0.25),
        (2, "person", 0, 16, "S. Hartley Vance", 2, None),
        (2, "person", 20, 36, "Criminal History", 4, None),
        (2, "money", 40, 47, "$12,000", None, 12000.0),
    ]
    db.executemany(
        "INSERT INTO mentions(doc_id, page, kind, start, end, text, norm, method, entity_id, "
        "value) VALUES ('d1', ?, ?, ?, ?, ?, ?, 'ner', ?, ?)",
        [(p, k, s, e, t, t, eid, v) for p, k, s, e, t, eid, v in mentions],
    )
    db.commit()
    return store


def _gold(tmp_path: Path) -> list[GoldPage]:
    path = tmp_path / "docs" / "a.pdf"
    return [
        GoldPage(
            "demo", "a.pdf", path, 1, ("Renata J. Tolliver",), (ICE, "DHS"), (48500.0, 48500.0)
        ),
        GoldPage("demo", "a.pdf", path, 2, ("Simone Hartley-Vance",), (), (12000.0,)),
        GoldPage("demo", "gone.pdf", tmp_path / "docs" / "gone.pdf", 1, (), (), (5.0,)),
    ]


def test_money_is_matched_as_multisets_to_the_cent(tmp_path):
    with _store(tmp_path) as store:
        s = score(store, _gold(tmp_path))["money"]
    # 48,500 is written twice but found once; 0.25 is found but not labelled.
    assert (s.gold, s.hits, s.found, s.right) == (4, 2, 3, 2)
    assert "a.pdf p.1: 48,500.00" in s.missed and "a.pdf p.1: 0.25" in s.wrong
    assert "gone.pdf: not ingested" in s.missed


def test_person_pages_count_fragments_and_non_people_against_precision(tmp_path):
    with _store(tmp_path) as store:
        s = score(store, _gold(tmp_path))["person"]
    assert (s.gold, s.hits, s.found, s.right) == (2, 1, 3, 1)
    assert "a.pdf p.2: Simone Hartley-Vance (no such entity)" in s.missed
    assert set(s.wrong) == {"a.pdf p.2: S. Hartley Vance", "a.pdf p.2: Criminal History"}


def test_agency_labels_resolve_by_name_alias_or_gazetteer(tmp_path):
    with _store(tmp_path) as store:
        s = score(store, _gold(tmp_path))["agency"]
    # ICE is found; DHS (a gazetteer acronym) has no entity in this folder.
    assert (s.gold, s.hits, s.found, s.right) == (2, 1, 1, 1)
    assert s.missed == ["a.pdf p.1: DHS (no such entity)"]


def test_total_adds_up_the_corpora(tmp_path):
    pages = _gold(tmp_path)
    pages.append(GoldPage("realdocs", "a.pdf", pages[0].path, 1, (), (ICE,), ()))
    with _store(tmp_path) as store:
        scores = score_corpora(store, pages)
    assert set(scores) == {"demo", "realdocs", "total"}
    assert scores["total"]["agency"].gold == 3 and scores["total"]["agency"].hits == 2


def _scores(recall: float) -> dict[str, dict[str, Score]]:
    hits = round(recall * 100)
    by_kind = {k: Score(gold=100, found=100, hits=hits, right=100) for k in quality.KINDS}
    return {"demo": by_kind, "total": by_kind}


@pytest.mark.parametrize(("recall", "code"), [(0.99, 0), (0.90, 1)])
def test_check_exits_1_only_when_a_target_is_missed(monkeypatch, capsys, recall, code):
    monkeypatch.setattr(quality, "run", lambda args: (_scores(recall), []))
    assert quality.main(["--check"]) == code
    out = capsys.readouterr().out
    assert ("MISSED" in out) == bool(code)
    assert quality.main([]) == 0  # without --check it only measures


def test_json_output_has_scores_targets_and_notes(monkeypatch, capsys):
    monkeypatch.setattr(quality, "run", lambda args: (_scores(0.99), ["a note"]))
    quality.main(["--json"])
    out = json.loads(capsys.readouterr().out)
    assert out["scores"]["total"]["person"]["recall"] == 0.99
    assert {(t["kind"], t["measure"]) for t in out["targets"]} == {
        ("money", "recall"),
        ("person", "recall"),
        ("person", "precision"),
        ("agency", "recall"),
    }
    assert all(t["met"] for t in out["targets"]) and out["notes"] == ["a note"]


def test_table_has_a_row_per_corpus_with_counts():
    text = quality.table(_scores(0.97))
    lines = text.splitlines()
    assert lines[0].split()[:3] == ["corpus", "money", "recall"]
    assert lines[2].startswith("demo") and "0.970 (97/100)" in lines[2]
    assert lines[3].startswith("total")


def test_devset_labels_are_well_formed_and_name_real_files():
    rows = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines()]
    assert 25 <= len(rows) <= 40
    assert 12 <= len({r["file"] for r in rows}) <= 20
    for r in rows:
        assert set(r) == {"file", "page", "people", "agencies", "orgs", "money", "phrases", "ocr"}
        assert r["phrases"] == []  # labels only: no text of the documents is stored
        assert len(set(r["people"])) == len(r["people"])
        assert len(set(r["agencies"])) == len(r["agencies"])
        assert all(isinstance(v, float) for v in r["money"])
        if REALDOCS.exists():
            assert (REALDOCS / r["file"]).is_file(), r["file"]
    pages = load_gold(DEVSET, "realdocs", REALDOCS)
    assert sum(len(p.people) for p in pages) >= 100 and sum(len(p.money) for p in pages) >= 50


def test_demo_corpus_meets_the_targets(corpus_data):
    """Guards the demo corpus' entity quality: every target holds on its ground truth."""
    pages = load_gold(quality.DEMO_GOLD, "demo", quality.CORPUS)
    with Store(corpus_data) as store:
        scores = score_corpora(store, pages)["total"]
    for kind, measure, value, target, met in quality.target_results(scores):
        assert met, f"{kind} {measure} {value:.3f} < {target}: {scores[kind].missed}"


@pytest.mark.slow
def test_demo_and_dev_set_together_meet_the_targets(tmp_path):
    """The issue's acceptance: `make quality` figures, demo + real documents."""
    if not REALDOCS.exists():
        pytest.skip(f"real documents not available: {REALDOCS}")
    pages, notes = quality.gold_pages(REALDOCS)
    assert not quality.ingest_all(pages, tmp_path / "data", workers=2)
    scores = quality.measure(tmp_path / "data", pages)
    problems = [
        f"{kind} {measure} {value:.3f} < {target}"
        for kind, measure, value, target, met in quality.target_results(scores["total"])
        if not met
    ]
    assert not problems and not notes, problems
