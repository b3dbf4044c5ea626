"""Guards duplicate grouping (index/duplicates.py): an email repeated three times (one copy with
OCR-like typos) and an exact duplicate page are grouped, distinct pages are not; search collapses
a group into one hit and expands it; a later ingest joins an existing group."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from evidence_cli import main
from index import duplicates
from index.search import search
from index.store import Store
from tests.conftest import ingest_paths

EMAIL = (
    "From: Dana Whitcombe\nTo: Procurement Office\nSubject: booking feed renewal\n\n"
    "Dear colleagues, the county board asked us to confirm whether the vendor renewal for the "
    "booking feed includes the nightly export of release records. Our reading of the draft "
    "agreement is that section four allows the vendor to keep copies for ninety days and to "
    "share summaries with partner agencies on request. Please review the attached draft before "
    "the Thursday meeting and send comments on the retention schedule, the audit clause and the "
    "invoice milestones to the contracting officer. We expect the final version to be signed "
    "by the end of the month if the budget committee approves the amendment.\n\n"
    "Regards, Dana Whitcombe, Records Coordinator"
)
TYPOS = {"colleagues": "colleaqves", "retention": "retentlon", "approves": "appr0ves"}
FORM = (
    "REQUEST FOR PUBLIC RECORDS. Requester name, mailing address and telephone number. "
    "Describe the records you are requesting in as much detail as possible, including dates, "
    "names of the persons or offices involved and any reference numbers. Fees may apply for "
    "copies beyond the first twenty pages. Signature of requester and date of the request."
)
DISTINCT = [
    "The harbour commission met on Tuesday to consider dredging bids for the north channel. "
    "Three firms submitted proposals and the engineer recommended the lowest responsive bidder "
    "after reviewing bonding capacity, equipment lists and prior work on tidal waterways.",
    "Inspection report for the county animal shelter: kennels were clean, water bowls full, "
    "and the intake log matched the count of animals on site. The ventilation fan in ward two "
    "needs repair and the freezer thermometer should be replaced before the next visit.",
    "Minutes of the library trustees: the trustees approved new opening hours on Sundays, a "
    "grant application for a mobile branch van and a policy on meeting room bookings by "
    "community groups, with a deposit refunded after the room is inspected.",
]


def _typo(text: str) -> str:
    for a, b in TYPOS.items():
        text = text.replace(a, b, 1)
    return text


@pytest.fixture(scope="module")
def dup_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("dups")
    docs = root / "release"
    docs.mkdir()
    (docs / "email-a.txt").write_text(EMAIL)
    (docs / "email-b.txt").write_text(EMAIL.replace("\n\n", "\n\n\n") + "\n")  # layout only
    (docs / "email-c-ocr.txt").write_text(_typo(EMAIL))
    (docs / "form-1.txt").write_text(FORM)
    (docs / "form-2.txt").write_text(FORM.upper() + "  ")  # the same words: exact
    for n, text in enumerate(DISTINCT):
        (docs / f"other-{n}.txt").write_text(text)
    (docs / "short-1.txt").write_text("This page intentionally left blank.")
    (docs / "short-2.txt").write_text("This page intentionally left blank!")
    data = root / "data"
    report = ingest_paths([docs], data)
    assert not report.failures, report.failures
    return root, data


def _groups(data) -> dict[str, set[str]]:
    with Store(data) as store:
        rows = store.db.execute(
            "SELECT g.group_id, p.relpath, g.exact FROM page_groups g "
            "JOIN paths p ON p.doc_id = g.doc_id"
        ).fetchall()
    out: dict[str, set[str]] = {}
    for g, relpath, _ in rows:
        out.setdefault(g, set()).add(relpath)
    return out


def test_groups_near_and_exact_duplicates_but_not_distinct_or_short_pages(dup_corpus):
    _, data = dup_corpus
    groups = sorted(_groups(data).values(), key=len)
    assert groups == [
        {"form-1.txt", "form-2.txt"},
        {"email-a.txt", "email-b.txt", "email-c-ocr.txt"},
    ]
    with Store(data) as store:
        exact = dict(
            store.db.execute(
                "SELECT p.relpath, g.exact FROM page_groups g JOIN paths p ON p.doc_id = g.doc_id"
            ).fetchall()
        )
        assert exact == {
            "email-a.txt": 1,
            "email-b.txt": 1,
            "email-c-ocr.txt": 0,
            "form-1.txt": 1,
            "form-2.txt": 1,
        }
        assert duplicates.counts(store) == (5, 2)


def test_search_collapses_a_group_into_one_hit_with_also_on(dup_corpus):
    _, data = dup_corpus
    result = search(data, "retention schedule vendor")
    assert [h.also_on for h in result.hits] == [2]
    assert result.hidden == 1  # the typo copy reads "retentlon": it does not match
    expanded = search(data, "retention schedule vendor", expand=True)
    twins = {t.path for t in expanded.hits[0].twins}
    assert len(twins) == 2 and expanded.hits[0].path not in twins


def test_dup_all_and_no_collapse_show_every_page(dup_corpus):
    _, data = dup_corpus
    assert len(search(data, "retention vendor dup:all").hits) == 2  # the typo copy lacks a word
    assert len(search(data, "vendor dup:all").hits) == 3
    assert len(search(data, "vendor", collapse=False).hits) == 3
    runner = CliRunner()
    out = runner.invoke(main, ["search", "vendor", "--data", str(data), "--json"])
    assert out.exit_code == 0, out.output
    lines = [json.loads(x) for x in out.output.splitlines()]
    assert len(lines) == 1 and lines[0]["also_on"] == 2
    out = runner.invoke(main, ["search", "vendor", "--data", str(data), "--json", "--no-collapse"])
    assert len(out.output.splitlines()) == 3
    out = runner.invoke(main, ["search", "vendor", "--data", str(data), "--json", "--expand"])
    twins = json.loads(out.output.splitlines()[0])["twins"]
    assert len(twins) == 2 and {"path", "page", "doc_id", "exact"} <= set(twins[0])
    text = runner.invoke(main, ["search", "vendor", "--data", str(data)]).output
    assert "also on 2 pages" in text


def test_paging_skips_twins(dup_corpus):
    _, data = dup_corpus
    everything = search(data, "the", limit=50)
    first = search(data, "the", limit=2)
    second = search(data, "the", limit=2, offset=2)
    assert [h.path for h in first.hits + second.hits] == [h.path for h in everything.hits[:4]]
    pids = [(h.doc_id, h.page) for h in everything.hits]
    with Store(data) as store:
        groups = duplicates.groups_of(store, pids)
    assert len(set(groups.values())) == len(groups)  # one hit per group


def test_hit_count_is_the_number_of_collapsed_hits(dup_corpus):
    """Regression: the count said 4 while 3 hits could be paged through (twins were left out
    of the hits but not of the count)."""
    _, data = dup_corpus
    for q in ("the", "vendor", "retention schedule vendor"):
        every = search(data, q, limit=1000, collapse=False)
        folded = search(data, q, limit=1000)
        assert folded.total == len(folded.hits) == every.total - folded.hidden
        paged, offset = [], 0
        while offset < folded.total:
            paged += search(data, q, limit=2, offset=offset).hits
            offset += 2
        assert len(paged) == folded.total


def test_status_counts_pages_in_groups(dup_corpus):
    _, data = dup_corpus
    out = CliRunner().invoke(main, ["status", "--data", str(data)])
    assert "pages in duplicate groups: 5 (2 groups)" in out.output


def test_second_ingest_joins_the_existing_group_without_rehashing(dup_corpus, tmp_path):
    import shutil

    root, data = dup_corpus
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    later = tmp_path / "later"
    later.mkdir()
    (later / "email-d-forwarded.txt").write_text("Fwd:\n" + EMAIL)
    (later / "another.txt").write_text(DISTINCT[0].replace("harbour", "river") + " Adjourned.")
    with Store(copy) as store:
        before = dict(
            store.db.execute("SELECT doc_id || ':' || page, minhash FROM page_signatures")
        )
    ingest_paths([later], copy)
    groups = sorted(_groups(copy).values(), key=len)
    assert groups[-1] == {
        "email-a.txt",
        "email-b.txt",
        "email-c-ocr.txt",
        "email-d-forwarded.txt",
    }
    assert any(g >= {"other-0.txt", "another.txt"} for g in groups)
    with Store(copy) as store:
        after = dict(store.db.execute("SELECT doc_id || ':' || page, minhash FROM page_signatures"))
        first = store.db.execute(
            "SELECT DISTINCT group_id FROM page_groups g JOIN paths p ON p.doc_id = g.doc_id "
            "WHERE p.relpath = 'email-d-forwarded.txt'"
        ).fetchone()[0]
    assert {k: after[k] for k in before} == before  # old pages kept their signatures
    assert len(after) == len(before) + 2
    # The group keeps the id of its first page.
    with Store(data) as store:
        assert first in {r[0] for r in store.db.execute("SELECT group_id FROM page_groups")}


def test_one_per_group_in_export_and_mentions(dup_corpus, tmp_path):
    _, data = dup_corpus
    runner = CliRunner()
    every = runner.invoke(main, ["mentions", "Dana Whitcombe", "--data", str(data), "--json"])
    one = runner.invoke(
        main, ["mentions", "Dana Whitcombe", "--data", str(data), "--json", "--one-per-group"]
    )
    assert every.exit_code == 0, every.output
    pages = {json.loads(x)["path"] for x in every.output.splitlines()}
    assert pages == {"email-a.txt", "email-b.txt", "email-c-ocr.txt"}
    assert {json.loads(x)["path"] for x in one.output.splitlines()} == {"email-a.txt"}
    out = tmp_path / "hits.json"
    res = runner.invoke(
        main,
        [
            "export",
            "--query",
            "vendor dup:all",
            "--one-per-group",
            "-o",
            str(out),
            "--data",
            str(data),
        ],
    )
    assert res.exit_code == 0, res.output
    assert len(json.loads(out.read_text())["excerpts"]) == 1


def test_deleting_the_first_page_keeps_the_rest_grouped(dup_corpus, tmp_path):
    import shutil

    root, data = dup_corpus
    docs = tmp_path / "release"
    shutil.copytree(root / "release", docs)
    copy = tmp_path / "data"
    ingest_paths([docs], copy)
    (docs / "email-a.txt").unlink()
    (docs / "form-1.txt").unlink()
    ingest_paths([docs], copy, prune=True)
    groups = _groups(copy)
    assert list(groups.values()) == [{"email-b.txt", "email-c-ocr.txt"}]
    with Store(copy) as store:
        (gid,) = groups
        doc, page = gid.rsplit(":", 1)
        assert store.page(doc, int(page)) is not None


def test_no_false_groups_among_distinct_real_files(realdocs, tmp_path):
    """Real releases share letterheads, boilerplate and signature blocks; distinct documents
    must not be grouped as a whole (pages may repeat inside one agreement family)."""
    import shutil

    files = [
        "appelson-Tracking_287g/287gWSO_BayCoFl2019-10-15.pdf",
        "appelson-Tracking_287g/WalkerCoTX_WSO_MOA_040225.pdf",
        "freelawproject-doctor/ca8_.pdf",
        "pdfplumber-tests/pr-136-example.pdf",
    ]
    folder = tmp_path / "real"
    folder.mkdir()
    for f in files:
        if not (realdocs / f).exists():
            pytest.skip(f"real document not available: {f}")
        shutil.copy(realdocs / f, folder / f.replace("/", "__"))
    shutil.copy(realdocs / files[2], folder / "renamed-copy.pdf")  # the same file, two names
    data = tmp_path / "data"
    ingest_paths([folder], data)
    with Store(data) as store:
        pairs = store.db.execute(
            "SELECT a.doc_id, b.doc_id FROM page_groups a JOIN page_groups b "
            "ON a.group_id = b.group_id AND a.doc_id < b.doc_id"
        ).fetchall()
        paths = store.db.execute("SELECT COUNT(*) FROM paths").fetchone()[0]
    assert paths == 5  # the renamed copy is the same document under two paths
    docs_of = {frozenset(p) for p in pairs}
    # Two 287(g) agreements of one programme share their template text; court opinions and the
    # pdfplumber sample share nothing with them.
    for pair in docs_of:
        with Store(data) as store:
            names = {store.primary_path(d)["relpath"] for d in pair}
        assert all(n.startswith("appelson") for n in names), names


def test_app_shows_also_on_and_the_viewer_lists_twins(dup_corpus, monkeypatch):
    from tests.test_app import doc_id, run_app

    _, data = dup_corpus
    at = run_app(data, monkeypatch, q="vendor")
    labels = [e.label for e in at.expander]
    assert "Also on 2 pages" in labels
    first = doc_id(data, "email-a.txt")
    at = run_app(data, monkeypatch, doc=first, page=1)
    twins = next(e for e in at.expander if e.label.startswith("The same page elsewhere"))
    text = "\n".join(m.value for m in twins.markdown)
    assert text.replace("\\", "").count(", page 1](?doc=") == 2
    assert doc_id(data, "email-c-ocr.txt") in text
    assert "same text" in text and "near duplicate" in text


@pytest.mark.parametrize("text", [EMAIL, FORM, DISTINCT[0], "four words only here"])
def test_regression_reader_minhash_is_datasketch_bit_for_bit(text):
    """Readers sign pages without datasketch; the signatures must equal datasketch's, or pages
    signed before and after the change would not group."""
    import numpy as np
    from datasketch import MinHash

    from ingest import signatures

    ws = signatures.words(text)
    theirs = MinHash(num_perm=signatures.NUM_PERM, seed=signatures.SEED)
    theirs.update_batch(list(signatures.shingles(ws)))
    assert (signatures.minhash_values(ws) == theirs.hashvalues.astype(np.uint64)).all()


def test_pages_are_signed_by_the_reader_and_grouped_once(dup_corpus, tmp_path, monkeypatch):
    """The end of a run signs nothing the readers signed, and marks every page grouped."""
    import shutil

    _, data = dup_corpus
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    with Store(copy) as store:
        db = store.db

        def count(sql: str) -> int:
            return db.execute(sql).fetchone()[0]

        assert count("SELECT COUNT(*) FROM page_signatures WHERE grouped = 0") == 0
        assert count("SELECT COUNT(*) FROM page_signatures") == count("SELECT COUNT(*) FROM pages")

    def no_signing(*args, **kwargs):
        raise AssertionError("the end of the run signed a page the reader had signed")

    monkeypatch.setattr(duplicates, "page_signature", no_signing)
    later = tmp_path / "later"
    later.mkdir()
    (later / "late-copy.txt").write_text("Re:\n" + EMAIL)
    ingest_paths([later], copy)
    assert any("late-copy.txt" in g for g in _groups(copy).values())


def test_stored_lsh_bands_group_as_one_run_does(dup_corpus, tmp_path):
    """Groups from the stored bands, over two runs (the second after the bands were dropped,
    as in a data folder from before them), equal the groups of one run."""
    import shutil

    root, data = dup_corpus
    files = sorted(p for p in (root / "release").iterdir())
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for i, f in enumerate(files):
        shutil.copy(f, (first if i % 2 else second) / f.name)
    two = tmp_path / "two-runs"
    ingest_paths([first], two)
    with Store(two) as store:
        assert store.db.execute("SELECT COUNT(*) FROM page_bands").fetchone()[0] > 0
        store.db.execute("DELETE FROM page_bands")
        store.db.execute("DELETE FROM meta WHERE key = 'dup_lsh_bands'")
        store.db.commit()
    ingest_paths([first, second], two)

    def named(d) -> set[frozenset[str]]:
        return {frozenset(g) for g in _groups(d).values()}

    assert named(two) == named(data)
    assert len(named(data)) >= 2
