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
from quality_score import (  # noqa: E402
    GoldPage,
    Score,
    classify_misses,
    half_of,
    load_gold,
    load_split,
    score,
    score_corpora,
)

DEVSET = ROOT / "tests" / "devset" / "realdocs.jsonl"
SPLIT = ROOT / "tests" / "devset" / "split.json"
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


def _scores(recall: float, rows=("demo", "tune", "check")) -> dict[str, dict[str, Score]]:
    hits = round(recall * 100)
    out = {}
    for row in rows:
        out[row] = {
            k: Score(gold=100, found=100, hits=hits, right=100, missed=[f"{row}.pdf p.1: x"])
            for k in quality.KINDS
        }
    return out


@pytest.mark.parametrize(("recall", "code"), [(0.99, 0), (0.90, 1)])
def test_check_exits_1_only_when_a_check_half_target_is_missed(monkeypatch, capsys, recall, code):
    monkeypatch.setattr(quality, "run", lambda args: (_scores(recall), [], None))
    assert quality.main(["--check"]) == code
    out = capsys.readouterr().out
    assert ("MISSED" in out) == bool(code)
    assert quality.main([]) == 0  # without --check it only measures


def test_check_judges_the_check_half_not_the_tuning_half(monkeypatch):
    scores = _scores(0.99)
    scores["tune"] = _scores(0.50)["tune"]
    monkeypatch.setattr(quality, "run", lambda args: (scores, [], None))
    assert quality.main(["--check"]) == 0
    scores["check"] = _scores(0.50)["check"]
    assert quality.main(["--check"]) == 1


def test_json_output_has_both_halves_targets_and_notes(monkeypatch, capsys):
    monkeypatch.setattr(quality, "run", lambda args: (_scores(0.99), ["a note"], None))
    quality.main(["--json"])
    out = json.loads(capsys.readouterr().out)
    assert set(out["scores"]) == {"demo", "tune", "check"}
    assert out["scores"]["check"]["person"]["recall"] == 0.99
    assert "missed" not in out["scores"]["check"]["person"]  # check misses stay unread
    assert out["scores"]["tune"]["person"]["missed"] == ["tune.pdf p.1: x"]
    assert {(t["half"], t["kind"], t["measure"]) for t in out["targets"]} == {
        ("check", "money", "recall"),
        ("check", "person", "recall"),
        ("check", "person", "precision"),
        ("check", "agency", "recall"),
    }
    assert all(t["met"] for t in out["targets"]) and out["notes"] == ["a note"]


def test_table_has_rows_demo_tune_check_with_counts():
    text = quality.table(_scores(0.97))
    lines = text.splitlines()
    assert lines[0].split()[:3] == ["corpus", "money", "recall"]
    assert lines[2].startswith("demo") and "0.970 (97/100)" in lines[2]
    assert lines[3].startswith("tune") and lines[4].startswith("check")


def test_details_never_list_check_files_but_check_details_do(monkeypatch, capsys):
    monkeypatch.setattr(quality, "run", lambda args: (_scores(0.9), [], None))
    quality.main(["--details"])
    out = capsys.readouterr().out
    assert "tune.pdf" in out and "demo.pdf" in out and "check.pdf" not in out
    quality.main(["--check-details"])
    assert "check.pdf" in capsys.readouterr().out


def test_half_tune_prints_no_check_numbers(monkeypatch, capsys):
    seen = {}

    def fake_run(args):
        seen["half"] = args.half
        return _scores(0.9, rows=("demo", "tune")), [], None

    monkeypatch.setattr(quality, "run", fake_run)
    assert quality.main(["--half", "tune", "--check"]) == 0
    out = capsys.readouterr().out
    assert seen["half"] == "tune" and "check" not in out.split("Check half not scored")[0]
    with pytest.raises(SystemExit):
        quality.main(["--half", "tune", "--check-details"])


def test_half_tune_gold_pages_hold_no_check_file():
    if not REALDOCS.exists():
        pytest.skip(f"real documents not available: {REALDOCS}")
    pages, _ = quality.gold_pages(REALDOCS, "tune")
    assert {gp.corpus for gp in pages} == {"demo", "tune"}
    everything, _ = quality.gold_pages(REALDOCS)
    assert {gp.corpus for gp in everything} == {"demo", "tune", "check"}


def test_without_real_documents_scores_the_demo_with_a_note(tmp_path):
    pages, notes = quality.gold_pages(tmp_path / "absent")
    assert {gp.corpus for gp in pages} == {"demo"}
    assert notes and "not found" in notes[0]


def test_every_labelled_file_is_in_exactly_one_half_and_first_round_in_tune():
    split = load_split(SPLIT)
    files = {json.loads(line)["file"] for line in DEVSET.read_text(encoding="utf-8").splitlines()}
    halves = {f: half_of(f, split) for f in files}
    assert set(halves.values()) == {"tune", "check"}
    assert all(halves[f] == "tune" for f in split["first_round"])
    assert set(split["first_round"]) <= files
    pages = quality.real_pages(REALDOCS)
    assert {gp.file for gp in pages if gp.corpus == "tune"}.isdisjoint(
        {gp.file for gp in pages if gp.corpus == "check"}
    )


def test_halves_are_stable_under_a_fixed_seed():
    """A file's half depends only on the seed and its name, not on which files are labelled."""
    split = {"seed": "s", "first_round": []}
    names = [f"dir/file{i}.pdf" for i in range(200)]
    first = [half_of(n, split) for n in names]
    assert first == [half_of(n, split) for n in reversed(names)][::-1]
    assert 60 < first.count("tune") < 140  # a hash, not a constant
    assert half_of("dir/file0.pdf", {"seed": "s", "first_round": ["dir/file0.pdf"]}) == "tune"
    # the committed assignment of a few known files (guards a changed rule or seed)
    committed = load_split(SPLIT)
    for f in committed["first_round"][:3]:
        assert half_of(f, committed) == "tune"


def test_miss_classes_count_without_naming(tmp_path):
    with _store(tmp_path) as store:
        store.db.execute(
            "INSERT INTO pages(doc_id, page, text) VALUES ('d1', 1, ?), ('d1', 2, ?)",
            (
                "Tolliver  ICE       $48,500   $0.25 Pat Quill wrote.",
                "S. Hartley Vance    Criminal History    $12,000",
            ),
        )
        store.db.commit()
        pages = _gold(tmp_path)
        pages[0] = GoldPage(
            "check", "a.pdf", pages[0].path, 1, ("Pat Quill", "Omar Reyes"), (), (48500.0, 9.0)
        )
        counts = classify_misses(store, pages)
    assert counts["person"] == {
        "in the text but not tagged": 1,
        "name not in the page text (OCR or layout)": 1,
        "no entity by that name in the corpus": 1,  # Simone Hartley-Vance, tagged as a fragment
    }
    assert counts["money"] == {
        "money value not in the page text (OCR or written in words)": 1,
        "file not ingested": 1,
    }


def test_devset_labels_are_well_formed_and_name_real_files():
    rows = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 28 and len({r["file"] for r in rows}) >= 18
    for r in rows:
        assert set(r) == {"file", "page", "people", "agencies", "orgs", "money", "phrases", "ocr"}
        assert r["phrases"] == []  # labels only: no text of the documents is stored
        assert len(set(r["people"])) == len(r["people"])
        assert len(set(r["agencies"])) == len(r["agencies"])
        assert isinstance(r["page"], int) and r["page"] >= 1
        assert all(isinstance(v, float) for v in r["money"])
        if REALDOCS.exists():
            assert (REALDOCS / r["file"]).is_file(), r["file"]
    pages = load_gold(DEVSET, "realdocs", REALDOCS)
    assert sum(len(p.people) for p in pages) >= 100 and sum(len(p.money) for p in pages) >= 50
    assert len({(r["file"], r["page"]) for r in rows}) == len(rows)  # one row per page


def test_demo_corpus_meets_the_targets(corpus_data):
    """Guards the demo corpus' entity quality: every target holds on its ground truth."""
    pages = load_gold(quality.DEMO_GOLD, "demo", quality.CORPUS)
    with Store(corpus_data) as store:
        scores = score_corpora(store, pages)["total"]
    for kind, measure, value, target, met in quality.target_results(scores):
        assert met, f"{kind} {measure} {value:.3f} < {target}: {scores[kind].missed}"


@pytest.mark.slow
def test_demo_and_first_round_files_together_meet_the_targets(tmp_path):
    """What passed before the split must not get worse: demo + the first-round real files."""
    if not REALDOCS.exists():
        pytest.skip(f"real documents not available: {REALDOCS}")
    pages, notes = quality.gold_pages(REALDOCS, "tune")
    first = set(load_split(SPLIT)["first_round"])
    pages = [gp for gp in pages if gp.corpus == "demo" or gp.file in first]
    assert not quality.ingest_all(pages, tmp_path / "data", workers=2)
    scores = quality.measure(tmp_path / "data", pages)
    # Person recall of these files stood at 0.933 when the split was made (surname-only case
    # names of court opinions, "Sessions", "Lynch"): it may not fall below that floor; every
    # other figure meets its target.
    floors = {("person", "recall"): 0.93}
    problems = [
        f"{kind} {measure} {value:.3f} < {floors.get((kind, measure), target)}"
        for kind, measure, value, target, met in quality.target_results(scores["total"])
        if value < floors.get((kind, measure), target)
    ]
    assert not problems and not notes, problems
