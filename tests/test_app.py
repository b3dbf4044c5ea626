"""Every view of the Streamlit app, run headless with ``streamlit.testing.v1.AppTest`` on the
demo corpus: the URL drives each view, buttons change the URL, and document text is escaped."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from index.mentions import list_mentions, require_entity
from index.present import FOCUS_SEARCH_SCRIPT
from index.search import search
from index.sorting import search_sorted
from index.store import Store

APP = Path(__file__).resolve().parents[1] / "app.py"


def run_app(data_dir: Path, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("EVIDENCE_DATA", str(data_dir))
    at = AppTest.from_file(str(APP), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = str(value)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def button(at: AppTest, label: str, sidebar: bool = False):
    found = [b for b in (at.sidebar.button if sidebar else at.button) if b.label == label]
    assert found, (label, [b.label for b in at.button])
    return found[0]


def html_bodies(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.html]


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def doc_id(data_dir: Path, relpath: str) -> str:
    with Store(data_dir) as store:
        return store.db.execute(
            "SELECT doc_id FROM paths WHERE relpath = ?", (relpath,)
        ).fetchone()[0]


@pytest.fixture
def data_copy(corpus_data, tmp_path) -> Path:
    """A copy of the ingested demo corpus that a test may change (selections, failures)."""
    data = tmp_path / "data"
    shutil.copytree(corpus_data, data)
    return data


@pytest.mark.parametrize("params", [{}, {"q": "booking"}, {"view": "money"}, {"entity": "1"}])
def test_empty_data_folder_shows_how_to_ingest(tmp_path, monkeypatch, params):
    at = run_app(tmp_path / "nothing-here", monkeypatch, **params)
    assert any("evidence ingest" in i.value for i in at.info)
    assert not (tmp_path / "nothing-here" / "evidence.sqlite").exists(), (
        "viewing must not create data"
    )


def test_search_shows_hits_and_the_query(corpus_data, monkeypatch):
    at = run_app(corpus_data, monkeypatch, q="booking")
    total = search(corpus_data, "booking").total
    assert any(c.value.startswith(f"{total} hit(s)") for c in at.caption)
    assert len([b for b in at.button if b.label == "Open page"]) == min(total, 10)
    assert [c.value for c in at.code] == ["booking"]
    assert sum("<mark>" in h for h in html_bodies(at)) == min(total, 10)
    assert "**People:**" in markdown(at) or "**Agencies:**" in markdown(at)


def test_search_pages_through_hits(corpus_data, monkeypatch):
    monkeypatch.setenv("EVIDENCE_LIMIT", "3")
    at = run_app(corpus_data, monkeypatch, q="booking")
    first = [c.value for c in at.caption if "score" in c.value]
    button(at, "Next →").click().run()
    assert at.query_params["p"] == "2"
    second = [c.value for c in at.caption if "score" in c.value]
    assert len(first) == 3 and second and not set(first) & set(second)


def test_did_you_mean_runs_the_corrected_query(corpus_data, monkeypatch):
    at = run_app(corpus_data, monkeypatch, q="bookng")
    assert any(w.value == "No hits." for w in at.warning)
    fix = [b for b in at.button if b.label.startswith("Did you mean")]
    assert fix, "no suggestion offered"
    fix[0].click().run()
    assert at.query_params["q"] == "booking"
    assert any("hit(s)" in c.value for c in at.caption)


def test_bad_query_shows_how_to_fix_it(corpus_data, monkeypatch):
    at = run_app(corpus_data, monkeypatch, q="amount:>lots")
    assert at.error and "amount" in at.error[0].value


def test_sort_by_amount_puts_the_largest_amount_first(corpus_data, monkeypatch):
    at = run_app(corpus_data, monkeypatch, q="ICE OR booking", sort="amount")
    expected = search_sorted(corpus_data, "ICE OR booking", "amount", limit=1).hits[0]
    first = next(c.value for c in at.caption if " · page " in c.value and "hit(s)" not in c.value)
    assert first.startswith(expected.path.replace("-", "\\-").replace(".", "\\."))
    assert f"page {expected.page}" in first
    assert at.selectbox(key="sort_input").value == "amount"


def test_filters_are_written_into_the_query(corpus_data, monkeypatch):
    at = run_app(corpus_data, monkeypatch, q="booking")
    agency = next(m for m in at.multiselect if m.label == "Agency")
    choice = agency.options[0].rsplit(" (", 1)[0]
    agency.set_value([choice])
    next(r for r in at.radio if r.label == "Read by OCR").set_value("text")
    button(at, "Add filters to the query").click().run()
    q = at.query_params["q"]
    assert q.startswith("booking agency:") and choice in q and q.endswith("ocr:false")
    assert at.code[0].value == q
    assert search(corpus_data, q).total > 0
    # the refined query starts with empty filters: nothing picked before is added twice
    assert all(not m.value for m in at.multiselect)
    button(at, "Add filters to the query").click().run()
    assert at.query_params["q"] == q


def test_viewer_shows_the_page_with_hit_boxes(corpus_data, monkeypatch):
    agreement = doc_id(corpus_data, "data-sharing-agreement-county-ice.pdf")
    at = run_app(corpus_data, monkeypatch, doc=agreement, page=1, q="booking")
    image = at.image[0].proto.imgs[0]
    boxes = int(image.alt.split(" with ")[1].split()[0])
    assert boxes >= 5 and image.caption.startswith("Page 1:")
    text = next(h for h in html_bodies(at) if "pagetext" in h)
    assert text.count("<mark>") == boxes  # every hit word is one box on this page
    details = at.dataframe[0].value
    with Store(corpus_data) as store:
        sha = store.document(agreement)["sha256"]
    assert sha in set(details["Value"])
    assert at.get("download_button"), "original file not offered"


def test_viewer_next_hit_jumps_to_the_next_page_with_hits(corpus_data, monkeypatch):
    scan = doc_id(corpus_data, "scanned-booking-notification.pdf")
    at = run_app(corpus_data, monkeypatch, doc=scan, page=1, q="booking")
    assert button(at, "← Previous hit").disabled
    button(at, "Next hit →").click().run()
    assert at.query_params["page"] == "2" and at.query_params["q"] == "booking"
    button(at, "Page →").click().run()
    assert at.query_params["page"] == "3"
    assert button(at, "Next hit →").disabled and button(at, "Page →").disabled
    button(at, "Back to results").click().run()
    assert dict(at.query_params) == {"q": "booking"} and at.title[0].value == "Search"


def test_viewer_marks_a_mention_span(corpus_data, monkeypatch):
    with Store(corpus_data) as store:
        m = list_mentions(store, require_entity(store, "Kevin Marsh").entity_id)[0]
    at = run_app(corpus_data, monkeypatch, doc=m.doc_id, page=m.page, start=m.start, end=m.end)
    text = next(h for h in html_bodies(at) if "pagetext" in h)
    assert text.count("<mark>") == 1 and f"<mark>{m.text}</mark>" in text


@pytest.mark.parametrize(
    ("params", "message"),
    [({"doc": "0" * 16}, "No document with id"), ({"entity": "999999"}, "No such entity")],
)
def test_unknown_links_say_so(corpus_data, monkeypatch, params, message):
    at = run_app(corpus_data, monkeypatch, **params)
    assert at.error and message in at.error[0].value


def test_entity_page_lists_every_mention(corpus_data, monkeypatch):
    with Store(corpus_data) as store:
        entity = require_entity(store, "Renata J. Tolliver")
        rows = list_mentions(store, entity.entity_id)
    at = run_app(corpus_data, monkeypatch, entity=entity.entity_id)
    assert at.title[0].value == "Renata J\\. Tolliver"
    excerpts = [h for h in html_bodies(at) if "class='excerpt'" in h]
    assert len(excerpts) == len(rows)
    assert len([b for b in at.button if b.label == "Keep"]) == len(rows)
    assert "**Also written as:**" in markdown(at)
    assert "| Named with |" in markdown(at)


def test_entities_list_links_to_entity_pages(corpus_data, monkeypatch):
    at = run_app(corpus_data, monkeypatch, view="entities")
    with Store(corpus_data) as store:
        entity = require_entity(store, "Brightline Data Solutions LLC")
    assert f"(?entity={entity.entity_id})" in markdown(at)
    at.text_input(key="entity_filter").input("brightline").run()
    table = markdown(at)
    assert f"(?entity={entity.entity_id})" in table and "Tolliver" not in table


def test_connections_page_draws_the_graph(corpus_data, monkeypatch):
    at = run_app(corpus_data, monkeypatch, view="connections")
    chart = at.get("graphviz_chart")
    assert chart and "graph connections" in chart[0].proto.spec
    assert "| Entity | Entity | Pages | Where |" in markdown(at)


def test_money_page_lists_the_largest_amounts(corpus_data, monkeypatch):
    at = run_app(corpus_data, monkeypatch, view="money")
    text = markdown(at)
    assert "\\$1\\,248\\,500\\.00" in text
    assert "?doc=" in text
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")


def test_selections_collect_reorder_annotate_and_download(data_copy, monkeypatch):
    at = run_app(data_copy, monkeypatch, q="booking")
    assert button(at, "Add to selection").disabled  # no selection yet
    at.sidebar.text_input(key="new_selection").input("memo")
    button(at, "Create selection", sidebar=True).click().run()
    assert at.session_state["selection"] == "memo"
    adds = [b for b in at.button if b.label == "Add to selection"]
    adds[0].click().run()
    [b for b in at.button if b.label == "Add to selection"][1].click().run()
    assert any("item 2 of memo" in s.value for s in at.success)
    button(at, "Selections", sidebar=True).click().run()
    assert at.title[0].value == "Selections"
    assert len([b for b in at.button if b.label == "Remove"]) == 2
    first_excerpt = [h for h in html_bodies(at) if "class='excerpt'" in h][0]
    at.text_area[0].input("check the date")
    [b for b in at.button if b.label == "Save note"][0].click().run()
    [b for b in at.button if b.label == "↓"][0].click().run()
    assert [h for h in html_bodies(at) if "class='excerpt'" in h][1] == first_excerpt
    with Store(data_copy) as store:
        notes = [
            r[0] for r in store.db.execute("SELECT note FROM selection_items ORDER BY position")
        ]
    assert notes == ["", "check the date"]
    assert len(at.get("download_button")) == 5
    [b for b in at.button if b.label == "Remove"][0].click().run()
    assert len([b for b in at.button if b.label == "Remove"]) == 1


def test_status_page_lists_documents_and_failures(data_copy, monkeypatch):
    with sqlite3.connect(data_copy / "evidence.sqlite") as db:
        db.execute(
            "INSERT INTO failures(path, root, relpath, reason, at) VALUES (?,?,?,?,0)",
            ("/x/locked.pdf", "/x", "locked.pdf", "encrypted: needs a password (use --password)"),
        )
    at = run_app(data_copy, monkeypatch, view="status")
    with Store(data_copy) as store:
        counts = store.counts()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Documents"] == f"{counts['documents']:,}"
    assert metrics["Failures"] == f"{counts['failures']:,}"
    frames = [d.value for d in at.dataframe]
    failures = next(f for f in frames if "reason" in f.columns)
    documents = next(f for f in frames if "pages" in f.columns and "exemptions" not in f.columns)
    assert "encrypted: needs a password (use --password)" in set(failures["reason"])
    assert len(documents) == counts["documents"]


def test_status_page_shows_a_running_watcher(data_copy, monkeypatch):
    import json
    import os

    from index.watch import WATCH_KEY

    with Store(data_copy) as store:
        state = {"pid": os.getpid(), "since": 0, "paths": ["/foia/release"], "runs": 3}
        store.set_meta(WATCH_KEY, json.dumps(state))
    at = run_app(data_copy, monkeypatch, view="status")
    shown = [c.value for c in at.caption if "--watch" in c.value]
    assert shown and "/foia/release" in shown[0] and "3 runs" in shown[0]


def test_script_text_in_documents_is_shown_as_text(corpus_data, monkeypatch):
    """Regression: the demo email quotes <script> and <img onerror>; every view must show them
    escaped, never as markup."""
    result = search(corpus_data, "onerror", limit=20)
    assert result.hits, "the demo corpus must contain the script text"
    views = [{"q": "onerror"}] + [
        {"doc": h.doc_id, "page": h.page, "q": "script"} for h in result.hits
    ]
    for params in views:
        at = run_app(corpus_data, monkeypatch, **params)
        bodies = html_bodies(at)
        assert any("&lt;script&gt;" in b or "&lt;img src=x onerror" in b for b in bodies), params
        for body in bodies:
            if body == FOCUS_SEARCH_SCRIPT:
                continue  # the app's own script (focus on the search box), no document text
            lowered = body.lower()
            assert "<script" not in lowered and "<img" not in lowered, params
        for element in list(at.markdown) + list(at.caption) + list(at.title):
            assert "<script" not in element.value and "<img" not in element.value


def test_search_box_is_the_first_field_and_selection_needs_say_why(data_copy, monkeypatch):
    """Guards the sidebar order: typing into the first field searches (it used to create a
    selection); a disabled "Add to selection" says why and offers the field to fix it."""
    at = run_app(data_copy, monkeypatch)
    first = at.sidebar.text_input[0]
    assert first.label == "Search" and first.key == "q_input"
    first.input("booking").run()
    assert dict(at.query_params) == {"q": "booking"}
    add = button(at, "Add to selection")
    assert add.disabled and "Create a selection first" in add.help
    at.text_input(key="new_selection_results").input("memo")
    [b for b in at.main.button if b.label == "Create selection"][0].click().run()
    assert at.session_state["selection"] == "memo"
    add = button(at, "Add to selection")
    assert not add.disabled and "selection chosen in the sidebar" in add.help
