"""The evidence web app: a Streamlit layer over ``index``, with no logic of its own.

Run with ``evidence app`` (listens on 127.0.0.1) or ``streamlit run app.py``. The data folder
comes from ``EVIDENCE_DATA``; the app serves that one corpus. The URL holds the state, so every
view can be linked: ``?q=..&sort=..&p=..`` (search), ``?doc=ID&page=N`` (the viewer, the link
format exports use), ``?entity=ID``, ``?view=entities|connections|money|selections|status``.
Document text is always shown escaped: through ``highlight_html``, dataframes, ``st.code``, or
Markdown with every punctuation character escaped (``present.md``).
"""

from __future__ import annotations

import functools
import math
from pathlib import Path

import streamlit as st

from index import engine, present
from index.present import md, md_link
from index.render import highlight_html
from index.search import QueryError
from index.status import ocr_line, page_ocr_note, status
from ingest import settings


@st.cache_resource
def _index_handle(data_dir: str):
    ix = engine.open_index(Path(data_dir), create=False)
    if ix is None:  # raised, not returned: a missing index must not be cached
        raise FileNotFoundError(engine.index_dir(Path(data_dir)))
    return ix


def _has_index(data_dir: Path) -> bool:
    try:
        _index_handle(str(data_dir))
    except FileNotFoundError:
        return False
    return True


def _data_version(data_dir: Path) -> tuple:
    """Changes whenever an ingest writes, so cached views are recomputed after one."""
    from index.store import Store

    files = [data_dir / Store.FILENAME, data_dir / (Store.FILENAME + "-wal")]
    stamps = tuple(f.stat().st_mtime_ns if f.exists() else 0 for f in files)
    return stamps + (engine.size_bytes(data_dir),)


@st.cache_data(max_entries=64, show_spinner=False)
def _page_image(data_dir: str, doc_id: str, page: int, spans: tuple, version: tuple):
    from index.viewer import page_image

    return page_image(Path(data_dir), doc_id, page, list(spans))


@st.cache_data(max_entries=32, show_spinner=False)
def _facets(data_dir: str, q: str, version: tuple):
    from index.facets import facet_counts

    return facet_counts(Path(data_dir), q)


# -- state in the URL ---------------------------------------------------------------------------


def _go(**params) -> None:
    """Replace the URL's parameters (a new view)."""
    st.query_params.clear()
    st.query_params.update({k: str(v) for k, v in params.items() if v not in (None, "")})


def _set(**params) -> None:
    """Change some URL parameters, keeping the others (same view)."""
    for key, value in params.items():
        if value in (None, ""):
            st.query_params.pop(key, None)
        else:
            st.query_params[key] = str(value)


def _int_param(name: str, default: int | None) -> int | None:
    try:
        return int(st.query_params.get(name, ""))
    except ValueError:
        return default


def _sync_widget(key: str, url_value: str) -> None:
    """Make a widget show what the URL says when the URL changed under it (a link, a button)."""
    if st.session_state.get(f"_url_{key}") != url_value:
        st.session_state[key] = url_value
        st.session_state[f"_url_{key}"] = url_value


def _flash(message: str, kind: str = "success") -> None:
    st.session_state.setdefault("_flash", []).append((kind, message))


def _show_flash() -> None:
    for kind, message in st.session_state.pop("_flash", []):
        getattr(st, kind)(message)


def _route() -> str:
    if "doc" in st.query_params:
        return "viewer"
    if "entity" in st.query_params:
        return "entity"
    view = st.query_params.get("view", "search")
    return view if view in present.VIEWS else "search"


# -- frame ----------------------------------------------------------------------------------------


def _style() -> None:
    st.html(
        "<style>"
        ".excerpt{font-family:Georgia,serif;line-height:1.55;white-space:normal}"
        ".excerpt mark{background:#fde047;padding:0 1px}"
        ".pagetext{font-family:Georgia,serif;line-height:1.5;font-size:0.95rem}"
        ".pagetext mark{background:#fde047;outline:2px solid #e60000}"
        "</style>"
    )


def _sidebar(data_dir: Path, view: str) -> None:
    with st.sidebar:
        # The search box is the page's first field (and has the focus on load): a keyboard
        # user or a script typing into the first field searches.
        _search_box()
        st.markdown("## evidence")
        for key, label in present.VIEWS.items():
            st.button(
                label,
                key=f"nav-{key}",
                on_click=_go,
                kwargs={"view": key},
                type="primary" if key == view else "secondary",
                width="stretch",
            )
        st.divider()
        _selection_picker(data_dir)
        st.caption("Data folder: " + md(data_dir))


def _search_box() -> None:
    q = st.query_params.get("q", "")
    _sync_widget("q_input", q)
    st.text_input(
        "Search",
        key="q_input",
        on_change=_search_from_box,
        placeholder='"booking data" agency:ICE amount:>100K',
    )
    st.html(present.FOCUS_SEARCH_SCRIPT, unsafe_allow_javascript=True)


def _search_from_box() -> None:
    sort = st.query_params.get("sort", "relevance")
    _go(q=st.session_state["q_input"].strip(), sort=_sort_param(sort))


def _selection_picker(data_dir: Path) -> None:
    from index.selections import list_selections
    from index.store import Store

    if not (data_dir / Store.FILENAME).exists():
        return
    with Store(data_dir) as store:
        names = [s.name for s in list_selections(store)]
    if names:
        if st.session_state.get("selection") not in names:
            st.session_state["selection"] = names[0]
        st.selectbox("Collect excerpts into", names, key="selection")
    else:
        st.session_state.pop("selection", None)
        st.caption("Create a selection to collect excerpts from searches and entity pages.")
    with st.form("new-selection", clear_on_submit=True, border=False):
        st.text_input("New selection", key="new_selection", placeholder="e.g. tolliver-memo")
        st.form_submit_button("Create selection", on_click=_create_selection, args=(data_dir,))


_ADD_HELP = "Add this excerpt to the selection chosen in the sidebar"
_NO_SELECTION = "Create a selection first: type a name under “New selection” and create it"


def _new_selection_form(data_dir: Path, key: str) -> None:
    """The "New selection" field, next to buttons that need a selection to work."""
    with st.form(f"new-selection-{key}", clear_on_submit=True, border=False):
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        left.text_input("New selection", key=key, placeholder="e.g. tolliver-memo")
        right.form_submit_button(
            "Create selection", on_click=_create_selection, args=(data_dir, key)
        )


def _create_selection(data_dir: Path, key: str = "new_selection") -> None:
    from index.selections import SelectionError, create_selection
    from index.store import Store

    name = (st.session_state.get(key) or "").strip()
    with Store(data_dir) as store:
        try:
            create_selection(store, name)
        except SelectionError as err:
            _flash(md(str(err)), "error")
            return
    st.session_state["selection"] = name
    _flash(f"Created selection {md(name)}.")


def _add_excerpt(data_dir: Path, doc_id: str, page: int, start: int, end: int, q: str) -> None:
    from index.selections import SelectionError, add_item
    from index.store import Store

    name = st.session_state.get("selection")
    if not name:
        _flash("Create a selection first (sidebar).", "warning")
        return
    with Store(data_dir) as store:
        try:
            item = add_item(store, name, doc_id, page, start, end, query=q)
        except SelectionError as err:
            _flash(md(str(err)), "error")
            return
    _flash(f"Added as item {item.position} of {md(name)}.")


def _empty_page(data_dir: Path, info: dict) -> None:
    st.title("evidence")
    st.info(
        f"No documents in `{data_dir}` yet. Ingest a folder of documents, then reload this "
        f"page:\n\n```\nevidence ingest path/to/documents --data {data_dir}\n```\n\n"
        "Add `--watch` to keep it running: files added to the folder later are read as they "
        "arrive."
    )
    if info.get("failures"):
        st.warning(f"{len(info['failures'])} file(s) could not be read:")
        st.dataframe(info["failures"], hide_index=True)


def _downloads(label: str, make, stem: str, key: str) -> None:
    """One download button per export format; files are written when clicked."""
    from index.downloads import MIME, file_name
    from index.export import FORMATS

    cols = st.columns(len(FORMATS))
    for col, fmt in zip(cols, FORMATS, strict=True):
        col.download_button(
            f"{label} .{fmt}",
            data=functools.partial(make, fmt),
            file_name=file_name(stem, fmt),
            mime=MIME[fmt],
            key=f"{key}-{fmt}",
            on_click="ignore",
        )


# -- search ---------------------------------------------------------------------------------------


def _search_view(data_dir: Path, info: dict) -> None:
    from index.querysyntax import CHEATSHEET
    from index.sorting import SORTS

    st.title("Search")
    st.caption(f"{info['documents']} documents, {info['pages']} pages")
    q = st.query_params.get("q", "")
    sort = st.query_params.get("sort", "relevance")
    sort = sort if sort in SORTS else "relevance"
    _sync_widget("sort_input", sort)
    left, right = st.columns([4, 1])
    left.markdown(
        f"Results for **{md(q)}**" if q.strip() else "Type a query in the search box (sidebar)."
    )
    right.selectbox(
        "Sort by",
        list(SORTS),
        format_func=SORTS.get,
        key="sort_input",
        on_change=lambda: _set(sort=_sort_param(st.session_state["sort_input"]), p=None),
    )
    with st.expander("Query syntax"):
        st.markdown(CHEATSHEET)
    _filters(data_dir, q, sort)
    if q.strip():
        _results(data_dir, q, sort, max(1, _int_param("p", 1) or 1))


def _sort_param(sort: str) -> str | None:
    return None if sort == "relevance" else sort


def _fkey(name: str, q: str) -> str:
    """Filter widgets are keyed by the query they refine: their options (and counts) change
    with it, and a value picked for another query must not carry over."""
    import hashlib

    return f"f_{name}@{hashlib.sha1(q.encode()).hexdigest()[:10]}"


def _filters(data_dir: Path, q: str, sort: str) -> None:
    try:
        facets = _facets(str(data_dir), q, _data_version(data_dir))
    except QueryError:
        return
    where = "among these hits" if q.strip() else "in the whole corpus"
    with st.expander(f"Filters (page counts {where})"), st.form("filters", border=False):
        cols = st.columns(3)
        for col, (kind, label) in zip(
            cols, (("agency", "Agency"), ("person", "Person"), ("org", "Organisation")), strict=True
        ):
            values = getattr(facets, kind)
            counts = {v.value: v.count for v in values}
            col.multiselect(
                label,
                list(counts),
                key=_fkey(kind, q),
                format_func=lambda v, c=counts: f"{v} ({c[v]})",
            )
        cols = st.columns(3)
        types = {v.value: v.count for v in facets.types}
        cols[0].multiselect(
            "Document type",
            list(types),
            key=_fkey("types", q),
            format_func=lambda v: f"{v} ({types[v]})",
        )
        cols[1].radio(
            "Read by OCR",
            ["any", "ocr", "text"],
            key=_fkey("ocr", q),
            horizontal=True,
            format_func={
                "any": "any page",
                "ocr": f"OCR'd ({facets.ocr_pages})",
                "text": f"text layer ({facets.text_pages})",
            }.get,
        )
        _amount_inputs(cols[2], facets, q)
        if facets.date_min is not None and facets.date_indexed:
            cols = st.columns(2)
            cols[0].date_input("Dated from", value=None, key=_fkey("date_from", q))
            cols[1].date_input("Dated to", value=None, key=_fkey("date_to", q))
            st.caption(f"Document dates run from {facets.date_min} to {facets.date_max}.")
        st.form_submit_button("Add filters to the query", on_click=_apply_filters, args=(q, sort))


def _amount_inputs(col, facets, q: str) -> None:
    span = ""
    if facets.amount_min is not None:
        span = f" ({facets.amount_min:,.0f} to {facets.amount_max:,.0f} here)"
    col.number_input(f"Amount at least{span}", value=None, step=1000.0, key=_fkey("amount_min", q))
    col.number_input("Amount at most", value=None, step=1000.0, key=_fkey("amount_max", q))


def _apply_filters(q: str, sort: str) -> None:
    from index.querysyntax import Filters, build_query

    s = st.session_state
    ocr = {"ocr": True, "text": False}.get(s.get(_fkey("ocr", q), "any"))
    filters = Filters(
        agency=s.get(_fkey("agency", q)) or [],
        person=s.get(_fkey("person", q)) or [],
        org=s.get(_fkey("org", q)) or [],
        types=s.get(_fkey("types", q)) or [],
        ocr=ocr,
        date_from=s.get(_fkey("date_from", q)),
        date_to=s.get(_fkey("date_to", q)),
        amount_min=s.get(_fkey("amount_min", q)),
        amount_max=s.get(_fkey("amount_max", q)),
    )
    _go(q=build_query(q, filters), sort=_sort_param(sort))


def _results(data_dir: Path, q: str, sort: str, page: int) -> None:
    from index.document import page_entities
    from index.sorting import search_sorted
    from index.store import Store

    limit = max(1, settings.get_int("limit"))
    try:
        result = search_sorted(data_dir, q, sort, limit=limit, offset=(page - 1) * limit)
    except QueryError as err:
        st.error(md(str(err)))
        return
    st.markdown("Query as run:")
    st.code(q, language=None, wrap_lines=True)
    if not result.hits:
        _no_hits(q, result, sort)
        return
    pages = max(1, math.ceil(result.total / limit))
    st.caption(f"{result.total} hit(s) · page {min(page, pages)} of {pages}")
    if "selection" not in st.session_state:
        st.caption(
            "“Add to selection” is off until there is a selection: create a selection first."
        )
        _new_selection_form(data_dir, "new_selection_results")
    with Store(data_dir) as store:
        chips = page_entities(store, [(h.doc_id, h.page) for h in result.hits])
    for n, hit in enumerate(result.hits, start=(page - 1) * limit + 1):
        _hit_card(data_dir, n, hit, chips[(hit.doc_id, hit.page)], q, sort)
    _pager(page, pages)
    with st.expander("Download every hit"):
        from index.downloads import query_bytes

        make = functools.partial(query_bytes, data_dir, q)
        _downloads("Hits", make, q, "hits")


def _no_hits(q: str, result, sort: str) -> None:
    from index.querysyntax import did_you_mean

    st.warning("No hits.")
    for fixed in did_you_mean(q, result.suggestions):
        st.button(
            f"Did you mean: {md(fixed)}",
            key=f"dym-{fixed}",
            on_click=_go,
            kwargs={"q": fixed, "sort": _sort_param(sort)},
        )


def _hit_card(data_dir: Path, n: int, hit, chips: list, q: str, sort: str) -> None:
    with st.container(border=True):
        st.markdown(f"**{n}. {md(hit.title or hit.path)}**")
        where = f"{hit.path} · page {hit.page}" + (f" ({hit.label})" if hit.label else "")
        score = f" · score {hit.score:.2f}" if sort == "relevance" else ""
        st.caption(md(where) + score)
        st.html(present.excerpt_html(hit.excerpt, hit.highlights))
        if chips:
            st.markdown(present.chips_md(chips))
        if hit.also_on:
            _twins(data_dir, hit.doc_id, hit.page, q, f"Also on {_pages(hit.also_on)}")
        cols = st.columns([1, 1, 1, 3])
        cols[0].button(
            "Open page",
            key=f"open-{n}",
            on_click=_go,
            kwargs={"doc": hit.doc_id, "page": hit.page, "q": q, "sort": _sort_param(sort)},
        )
        cols[1].button(
            "Add to selection",
            key=f"add-{n}",
            on_click=_add_excerpt,
            args=(data_dir, hit.doc_id, hit.page, hit.start, hit.end, q),
            disabled="selection" not in st.session_state,
            help=_ADD_HELP if "selection" in st.session_state else _NO_SELECTION,
        )
        cols[2].markdown(
            md_link("link ↗", present.viewer_link(hit.doc_id, hit.page, q)),
            help="Opens this page in a new tab; copy it to cite the page.",
        )


def _pager(page: int, pages: int) -> None:
    if pages <= 1:
        return
    cols = st.columns([1, 2, 1])
    cols[0].button(
        "← Previous", key="prev-hits", on_click=_set, kwargs={"p": page - 1}, disabled=page <= 1
    )
    cols[1].caption(f"Page {page} of {pages}")
    cols[2].button(
        "Next →", key="next-hits", on_click=_set, kwargs={"p": page + 1}, disabled=page >= pages
    )


# -- document viewer ------------------------------------------------------------------------------


def _viewer(data_dir: Path, info: dict) -> None:
    from index.document import doc_info, page_entities
    from index.store import Store

    doc_id = st.query_params.get("doc", "")
    q = st.query_params.get("q", "")
    with Store(data_dir) as store:
        doc = doc_info(store, doc_id)
        if doc is None:
            st.error(f"No document with id {md(doc_id)} in this data folder.")
            st.button("Back to search", on_click=_go)
            return
        page = min(max(1, _int_param("page", 1) or 1), doc.pages)
        row = store.page(doc_id, page)
        chips = page_entities(store, [(doc_id, page)])[(doc_id, page)]
    text = row["text"] if row else ""
    st.title(md(doc.title))
    label = f" ({row['label']})" if row and row["label"] else ""
    st.caption(md(f"{doc.path} · page {page} of {doc.pages}{label}"))
    spans = _viewer_spans(data_dir, q, doc_id, page, text)
    _viewer_nav(data_dir, doc, page, q)
    image = _page_image(str(data_dir), doc_id, page, tuple(spans), _data_version(data_dir))
    if image.png:
        left, right = st.columns([3, 2])
        count = len(image.boxes or [])
        left.image(
            image.png,
            caption=f"Page {page}: {count} hit box(es)"
            + (f" ({image.note})" if image.note else ""),
            alt=f"page {page} image with {count} hit boxes",
            output_format="PNG",
        )
    else:
        st.caption(md(image.note))
        right = st.container()
    with right:
        st.markdown(f"**Page text** ({len(spans)} highlighted)")
        with st.container(height=900):
            st.html(f"<div class='pagetext'>{highlight_html(text, spans)}</div>")
    if chips:
        st.markdown("Named on this page: " + present.chips_md(chips, limit=40))
    _twins(data_dir, doc_id, page, q, "The same page elsewhere (duplicates)", expanded=True)
    _doc_metadata(data_dir, doc, row)


def _pages(count: int) -> str:
    return f"{count} page" if count == 1 else f"{count} pages"


def _twins(data_dir: Path, doc_id: str, page: int, q: str, label: str, expanded=False) -> None:
    """Links to a page's near or exact duplicates (index.duplicates), in an expander."""
    from index.duplicates import twins
    from index.store import Store

    with Store(data_dir) as store:
        found = twins(store, doc_id, page)
    if not found:
        return
    with st.expander(label, expanded=expanded):
        for t in found:
            link = md_link(f"{t.path}, page {t.page}", present.viewer_link(t.doc_id, t.page, q))
            st.markdown(link + (" · same text" if t.exact else " · near duplicate"))


def _viewer_spans(data_dir: Path, q: str, doc_id: str, page: int, text: str) -> list[tuple]:
    from index.document import page_hits

    spans: list[tuple[int, int]] = []
    try:
        spans = page_hits(data_dir, q, doc_id, page)
    except QueryError as err:
        st.warning(md(str(err)))
    start, end = _int_param("start", None), _int_param("end", None)
    if start is not None and end is not None and 0 <= start < end <= len(text):
        spans.append((start, end))
    return sorted(set(spans))


def _viewer_nav(data_dir: Path, doc, page: int, q: str) -> None:
    from index.document import hit_pages

    base = {"doc": doc.doc_id, "q": q}
    hits = []
    if q.strip():
        try:
            hits = hit_pages(data_dir, q, doc.doc_id)
        except QueryError:
            hits = []
    later = [p for p in hits if p > page]
    earlier = [p for p in hits if p < page]
    cols = st.columns(5)
    cols[0].button("← Page", on_click=_go, kwargs={**base, "page": page - 1}, disabled=page <= 1)
    cols[1].button(
        "Page →", on_click=_go, kwargs={**base, "page": page + 1}, disabled=page >= doc.pages
    )
    cols[2].button(
        "← Previous hit",
        on_click=_go,
        kwargs={**base, "page": (earlier or [0])[-1]},
        disabled=not earlier,
    )
    cols[3].button(
        "Next hit →", on_click=_go, kwargs={**base, "page": (later or [0])[0]}, disabled=not later
    )
    cols[4].button(
        "Back to results" if q else "Search",
        on_click=_go,
        kwargs={"q": q, "sort": st.query_params.get("sort")},
    )
    if hits:
        st.caption(f"Query hits on page(s) {', '.join(map(str, hits))} of this document.")


def _doc_metadata(data_dir: Path, doc, row) -> None:
    from index.document import source_file
    from index.store import Store

    with st.expander("Document details", expanded=True):
        facts = {
            "Title": present.title_with_source(doc.title, doc.metadata),
            "Metadata title": doc.metadata.get("metadata_title") or "(none)",
            "SHA-256": doc.sha256,
            "Document id": doc.doc_id,
            "Type": doc.doctype,
            "Pages": str(doc.pages),
            "Size": present.fmt_bytes(doc.bytes),
            "Cited as": doc.path,
            "Paths": "; ".join(doc.paths) or "(inside another file)",
            "Date": f"{doc.date.when:%Y-%m-%d %H:%M} ({doc.date.source})" if doc.date else "none",
        }
        if doc.ocr_pages:
            facts["OCR"] = f"{doc.ocr_pages} page(s), mean confidence {doc.ocr_confidence}"
        note = page_ocr_note(row)
        if note:
            facts["This page"] = note
        for key in ("sender", "recipients", "subject", "author"):
            if doc.metadata.get(key):
                facts[key.capitalize()] = str(doc.metadata[key])
        st.dataframe(
            [{"Field": k, "Value": v} for k, v in facts.items()], hide_index=True, width="stretch"
        )
        for warning in doc.warnings:
            st.warning(md(warning))
        with Store(data_dir) as store:
            path, why = source_file(store, doc.doc_id)
        if path is not None:
            st.download_button(
                "Download the original file",
                data=path.read_bytes,
                file_name=path.name,
                key="original",
                on_click="ignore",
            )
        else:
            st.caption("Original file not offered: " + md(why))


# -- entities -------------------------------------------------------------------------------------


def _entities_view(data_dir: Path, info: dict) -> None:
    from index.mentions import entity_summaries
    from index.store import Store

    st.title("Entities")
    kinds = {"all": "All", "person": "People", "agency": "Agencies", "org": "Organisations"}
    kind = st.segmented_control(
        "Kind", list(kinds), format_func=kinds.get, default="all", key="entity_kind"
    )
    needle = st.text_input("Name contains", key="entity_filter").strip().lower()
    with Store(data_dir) as store:
        rows = entity_summaries(store, None if kind in (None, "all") else kind)
    if needle:
        rows = [
            r
            for r in rows
            if needle in r.canonical.lower() or any(needle in a.lower() for a in r.aliases)
        ]
    st.caption(f"{len(rows)} entities; click a name for every mention.")
    lines = [
        "| Name | Kind | Mentions | Pages | Documents | Also written |",
        "|---|---|--:|--:|--:|---|",
    ]
    for r in rows[:500]:
        also = ", ".join(md(a) for a in r.aliases[:4]) + (" …" if len(r.aliases) > 4 else "")
        lines.append(
            f"| {md_link(r.canonical, present.entity_link(r.entity_id))} | {r.kind} | "
            f"{r.mentions} | {r.pages} | {r.documents} | {also} |"
        )
    st.markdown("\n".join(lines))
    if len(rows) > 500:
        st.caption(f"First 500 of {len(rows)}: narrow with the name filter.")


def _entity_view(data_dir: Path, info: dict) -> None:
    from index.entity_view import entity_page
    from index.querysyntax import quote
    from index.store import Store

    entity_id = _int_param("entity", None)
    with Store(data_dir) as store:
        ent = entity_page(store, entity_id) if entity_id is not None else None
    if ent is None:
        st.error("No such entity. Entity links come from search hits and the Entities list.")
        st.button("All entities", on_click=_go, kwargs={"view": "entities"})
        return
    st.title(md(ent.name))
    st.caption(
        f"{ent.kind} · {ent.mention_count} mention(s) on {ent.page_count} page(s) "
        f"in {len(ent.documents)} document(s)"
    )
    cols = st.columns([1, 1, 4])
    cols[0].button("Search its pages", on_click=_go, kwargs={"q": f"{ent.kind}:{quote(ent.name)}"})
    cols[1].button("All entities", on_click=_go, kwargs={"view": "entities"})
    if ent.aliases:
        named = [md(a) + ("" if s == "found" else f" ({s})") for a, s in ent.aliases]
        st.markdown("**Also written as:** " + " · ".join(named))
    _timeline(ent)
    tabs = st.tabs(["Mentions", "Named with", "Download"])
    with tabs[0]:
        _entity_mentions(data_dir, ent)
    with tabs[1]:
        _co_occurring(ent)
    with tabs[2]:
        from index.downloads import mentions_bytes

        make = functools.partial(mentions_bytes, data_dir, ent.entity_id)
        _downloads("Mentions", make, f"mentions-{ent.name}", "mentions")


def _timeline(ent) -> None:
    import pandas as pd

    if ent.page_dates:
        st.markdown("**Dates written on the pages that name it**")
        frame = pd.DataFrame([{"date": d, "times": n} for d, n in ent.page_dates])
        st.bar_chart(frame.set_index("date"), height=160)
    if not ent.timeline:
        st.caption("No document naming this entity has a date, so there is no timeline.")
        return

    frame = (
        pd.DataFrame([{"date": str(t.day), "mentions": t.mentions} for t in ent.timeline])
        .groupby("date")
        .sum()
    )
    st.markdown("**Mentions by document date**")
    st.bar_chart(frame, height=200)
    sources = sorted({t.source for t in ent.timeline})
    note = f" {ent.undated_documents} document(s) have no date." if ent.undated_documents else ""
    caveat = ""
    if any(s != "sent" for s in sources):
        caveat = (
            " A file's creation date is when the file was made, which may be later than the"
            " date written in it."
        )
    st.caption("Dates: " + ", ".join(sources) + "." + caveat + note)


def _entity_mentions(data_dir: Path, ent) -> None:
    for group in ent.documents:
        date = f" · {group.date.day} ({group.date.source})" if group.date else ""
        st.markdown(f"**{md(group.title or group.path)}**")
        st.caption(
            md(group.path)
            + f" · {len(group.mentions)} mention(s) on page(s) "
            + ", ".join(map(str, group.pages))
            + date
        )
        for m in group.mentions:
            cols = st.columns([1, 8, 1])
            cols[0].markdown(
                md_link(f"p. {m.page}", present.viewer_link(m.doc_id, m.page, "", m.start, m.end))
            )
            with cols[1]:
                st.html(present.excerpt_html(m.context, [m.span_in_context]))
            cols[2].button(
                "Keep",
                key=f"keep-{m.doc_id}-{m.page}-{m.start}-{m.end}",
                help="Add this sentence to the selection chosen in the sidebar",
                on_click=_add_excerpt,
                args=(
                    data_dir,
                    m.doc_id,
                    m.page,
                    m.context_start,
                    m.context_start + len(m.context),
                    "",
                ),
                disabled="selection" not in st.session_state,
            )


def _co_occurring(ent) -> None:
    if not ent.co_occurring:
        st.caption("No other entity is named on the same pages.")
        return
    lines = ["| Named with | Kind | Shared pages | Pages |", "|---|---|--:|---|"]
    for node, edge in ent.co_occurring:
        pages = ", ".join(
            md_link(f"{doc[:6]} p.{page}", present.viewer_link(doc, page))
            for doc, page in edge.pages[:8]
        ) + (" …" if edge.weight > 8 else "")
        lines.append(
            f"| {md_link(node.name, present.entity_link(node.entity_id))} | {node.kind} | "
            f"{edge.weight} | {pages} |"
        )
    st.markdown("\n".join(lines))


# -- connections, money ---------------------------------------------------------------------------


def _connections_view(data_dir: Path, info: dict) -> None:
    from index.connections import KINDS, graph, to_dot
    from index.mentions import doc_path
    from index.store import Store

    st.title("Connections")
    st.caption(
        "People, agencies and organisations named on the same page. Line labels count pages."
    )
    cols = st.columns([2, 1, 1])
    kinds = cols[0].multiselect("Kinds", list(KINDS), default=list(KINDS), key="conn_kinds")
    min_weight = cols[1].number_input("At least N shared pages", 1, 100, 2, key="conn_min")
    max_edges = cols[2].number_input("Draw at most N links", 5, 300, 25, key="conn_max")
    if not kinds:
        st.info("Pick at least one kind.")
        return
    with Store(data_dir) as store:
        g = graph(store, tuple(kinds), int(min_weight))
        paths = {doc: doc_path(store, doc) for e in g.edges for doc, _ in e.pages}
    if not g.edges:
        st.info("No pair of entities shares that many pages. Lower the number.")
        return
    st.graphviz_chart(to_dot(g, int(max_edges)), alt="co-occurrence graph")
    st.markdown(f"**{len(g.edges)} links**")
    lines = ["| Entity | Entity | Pages | Where |", "|---|---|--:|---|"]
    for e in g.edges[:300]:
        a, b = g.nodes[e.a], g.nodes[e.b]
        where = ", ".join(
            md_link(f"{paths[d]} p.{p}", present.viewer_link(d, p)) for d, p in e.pages[:6]
        ) + (" …" if e.weight > 6 else "")
        lines.append(
            f"| {md_link(a.name, present.entity_link(a.entity_id))} | "
            f"{md_link(b.name, present.entity_link(b.entity_id))} | {e.weight} | {where} |"
        )
    st.markdown("\n".join(lines))


def _money_view(data_dir: Path, info: dict) -> None:
    import pandas as pd

    from index.money_view import distribution, largest
    from index.store import Store

    st.title("Money")
    limit = st.number_input("Largest N amounts", 5, 500, 20, key="money_limit")
    with Store(data_dir) as store:
        groups = largest(store, int(limit))
        buckets = distribution(store)
    if not groups:
        st.info("No amounts of money were found in these documents.")
        return
    st.markdown("**How many amounts of each size**")
    frame = pd.DataFrame(
        [
            {"amount": b.label.split(" ", 1)[1], "currency": b.currency or "?", "mentions": b.count}
            for b in buckets
        ]
    )
    for currency, part in frame.groupby("currency", sort=True):
        st.caption(f"Currency: {md(currency)}")
        st.bar_chart(part, x="amount", y="mentions", sort=False, height=180)
    st.markdown("**Largest amounts**")
    for g in groups:
        with st.container(border=True):
            st.markdown(f"**{md(g.display)}** · {len(g.mentions)} mention(s) on {g.pages} page(s)")
            for m in g.mentions:
                where = md_link(
                    f"{m.path} p. {m.page}",
                    present.viewer_link(m.doc_id, m.page, "", m.start, m.end),
                )
                agencies = (
                    " · agencies on the page: " + ", ".join(md(a) for a in m.agencies)
                    if m.agencies
                    else ""
                )
                st.markdown(where + agencies)
                st.html(
                    present.excerpt_html(
                        m.context, [(m.start - m.context_start, m.end - m.context_start)]
                    )
                )


def _timeline_view(data_dir: Path, info: dict) -> None:
    import pandas as pd

    from index.store import Store
    from index.timeline import corpus_timeline, list_dates
    from ingest.textdates import roles

    st.title("Timeline")
    with Store(data_dir) as store:
        months, undated = corpus_timeline(store)
    if not months:
        st.info("No document has a date and no page states one.")
        return
    frame = pd.DataFrame(
        [{"month": m.month, "documents": m.documents, "dates on pages": m.mentions} for m in months]
    ).set_index("month")
    st.markdown("**Documents by their date, and the dates written on pages, by month**")
    st.bar_chart(frame, height=240, stack=False)
    st.caption(
        "A document's date is its email header, else a date its text states (a letter's "
        "dateline, a meeting or effective date), else the file's own date."
        + (f" {undated} document(s) have no date." if undated else "")
    )
    cols = st.columns(3)
    first, last = months[0].month + "-01", months[-1].month + "-28"
    date_from = cols[0].date_input("From", value=pd.Timestamp(first), key="tl_from")
    date_to = cols[1].date_input(
        "To", value=pd.Timestamp(last) + pd.offsets.MonthEnd(0), key="tl_to"
    )
    role = cols[2].selectbox("Role", ["any", *roles()], key="tl_role")
    with Store(data_dir) as store:
        rows = list_dates(
            store, str(date_from), str(date_to), None if role == "any" else role, limit=500
        )
    st.markdown(
        f"**{len(rows)} date(s) written on pages**" + (" (first 500)" if len(rows) == 500 else "")
    )
    for r in rows:
        where = md_link(
            f"{r.path} p. {r.page}", present.viewer_link(r.doc_id, r.page, "", r.start, r.end)
        )
        role_note = f" · {md(r.role)}" if r.role else ""
        st.markdown(f"**{r.value}**{role_note} · {where} · “{md(r.text)}”")


# -- selections, status ---------------------------------------------------------------------------


def _selections_view(data_dir: Path, info: dict) -> None:
    from index.selections import items, list_selections
    from index.store import Store

    st.title("Selections")
    with Store(data_dir) as store:
        names = [s.name for s in list_selections(store)]
    if not names:
        st.info(
            "No selections yet. Create one in the sidebar, then use “Add to selection” on "
            "search hits and “Keep” on entity pages."
        )
        return
    name = st.session_state.get("selection") or names[0]
    st.markdown(f"Showing **{md(name)}** (change it in the sidebar).")
    with Store(data_dir) as store:
        rows = items(store, name)
        titles = {
            r.doc_id: (store.document(r.doc_id)["title"] or r.doc_id)
            for r in rows
            if store.document(r.doc_id) is not None
        }
    if not rows:
        st.caption("This selection is empty.")
    for item in rows:
        _selection_item(data_dir, name, item, len(rows), titles.get(item.doc_id, item.doc_id))
    if rows:
        from index.downloads import selection_bytes

        st.markdown("**Download**")
        make = functools.partial(selection_bytes, data_dir, name)
        _downloads("Selection", make, name, "selection")
    st.button("Delete this selection", on_click=_delete_selection, args=(data_dir, name))


def _selection_item(data_dir: Path, name: str, item, count: int, title: str) -> None:
    with st.container(border=True):
        st.markdown(
            f"**{item.position}.** "
            + md_link(
                f"{title} p. {item.page}",
                present.viewer_link(item.doc_id, item.page, "", item.start, item.end),
            )
        )
        st.html(present.excerpt_html(item.excerpt, []))
        note_key = f"note-{name}-{item.position}-{item.added}"
        st.text_area("Note", value=item.note, key=note_key, height=68)
        cols = st.columns(4)
        cols[0].button(
            "Save note",
            key=f"save-{note_key}",
            on_click=_save_note,
            args=(data_dir, name, item.position, note_key),
        )
        cols[1].button(
            "↑",
            key=f"up-{note_key}",
            on_click=_move,
            disabled=item.position == 1,
            args=(data_dir, name, item.position, item.position - 1),
        )
        cols[2].button(
            "↓",
            key=f"down-{note_key}",
            on_click=_move,
            disabled=item.position == count,
            args=(data_dir, name, item.position, item.position + 1),
        )
        cols[3].button(
            "Remove", key=f"rm-{note_key}", on_click=_remove, args=(data_dir, name, item.position)
        )


def _with_selection(action, *args) -> None:
    from index.selections import SelectionError
    from index.store import Store

    data_dir, *rest = args
    with Store(data_dir) as store:
        try:
            action(store, *rest)
        except SelectionError as err:
            _flash(md(str(err)), "error")


def _save_note(data_dir: Path, name: str, position: int, key: str) -> None:
    from index.selections import set_note

    _with_selection(set_note, data_dir, name, position, st.session_state.get(key, ""))


def _move(data_dir: Path, name: str, position: int, to: int) -> None:
    from index.selections import move_item

    _with_selection(move_item, data_dir, name, position, to)


def _remove(data_dir: Path, name: str, position: int) -> None:
    from index.selections import remove_item

    _with_selection(remove_item, data_dir, name, position)


def _delete_selection(data_dir: Path, name: str) -> None:
    from index.selections import delete_selection

    _with_selection(delete_selection, data_dir, name)
    st.session_state.pop("selection", None)


def _status_view(data_dir: Path, info: dict) -> None:
    from index.store import Store

    st.title("Status")
    cols = st.columns(6)
    for col, (label, key) in zip(
        cols,
        (
            ("Documents", "documents"),
            ("Pages", "pages"),
            ("OCR'd pages", "ocr_pages"),
            ("Entities", "entities"),
            ("Mentions", "mentions"),
        ),
        strict=False,
    ):
        col.metric(label, f"{info.get(key, 0):,}")
    cols[5].metric("Failures", f"{len(info['failures']):,}")
    ocr = info.get("ocr")
    if ocr and ocr["pages"]:
        st.caption(ocr_line(ocr))
    if info.get("duplicate_pages"):
        st.caption(
            f"{info['duplicate_pages']:,} pages are in {info['duplicate_groups']:,} groups of "
            "duplicates; search shows each group once (dup:all shows every page)."
        )
    run = info.get("last_run")
    if run:
        state = "finished" if run["finished"] else "did not finish"
        st.caption(
            f"Last ingest {run['when']} ({state}): {run['files']} files, {run['skipped']} "
            f"unchanged, {run['pages']} pages, {run['failures']} failures, {run['seconds']:.1f} s."
        )
    watcher = info.get("watching")
    if watcher:
        st.caption(
            f"Kept up to date: `evidence ingest --watch` has watched "
            f"{', '.join(watcher['paths'])} since {watcher['since']} ({watcher['runs']} runs); "
            "files added there are searchable here seconds later (rerun the page to see them)."
        )
    st.subheader("Files that could not be read")
    if info["failures"]:
        st.dataframe(info["failures"], hide_index=True, width="stretch")
    else:
        st.caption("None.")
    if not (data_dir / Store.FILENAME).exists():
        return
    _redactions_section(data_dir)
    st.subheader("Documents")
    with Store(data_dir) as store:
        from index.mentions import doc_path

        rows = [
            {
                "title": d["title"] or "",
                "type": d["doctype"],
                "pages": d["pages"],
                "path": doc_path(store, d["id"]),
                "id": d["id"],
            }
            for d in store.documents()
        ]
    st.dataframe(rows, hide_index=True, width="stretch")


def _redactions_section(data_dir: Path) -> None:
    import tempfile

    from index.redactions import redaction_report, totals, write_csv
    from index.store import Store

    st.subheader("Redactions")
    with Store(data_dir) as store:
        report = redaction_report(store)
    if not report:
        st.caption("No redaction boxes or exemption codes found.")
        return
    t = totals(report)
    st.caption(
        f"{t['redacted_pages']} page(s) in {t['documents']} document(s), {t['boxes']} box(es), "
        f"{t['bad_redactions']} bad redaction(s) (text still under a box). Search them with "
        "`redacted:true`, `exemption:b7C`, `badredaction:true`."
    )
    st.dataframe(
        [
            {
                "path": d.path,
                "redacted pages": len(d.redacted_pages),
                "of pages": d.pages,
                "boxes": d.boxes,
                "bad redactions": len(d.bad_boxes),
                "exemptions": ", ".join(f"{c} ×{n}" for c, n in sorted(d.exemptions.items())),
            }
            for d in report
        ],
        hide_index=True,
        width="stretch",
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = write_csv(report, Path(tmp) / "exemptions.csv")
        st.download_button(
            "Download exemptions (CSV)", path.read_bytes(), "exemptions.csv", "text/csv"
        )


# -- entry point ----------------------------------------------------------------------------------


def main() -> None:
    st.set_page_config(page_title="evidence", layout="wide")
    _style()
    data_dir = settings.data_dir()
    view = _route()
    _sidebar(data_dir, view)
    _show_flash()
    info = status(data_dir)
    empty = info["documents"] == 0 or not _has_index(data_dir)
    if empty and view != "status":
        _empty_page(data_dir, info)
        return
    pages = {
        "search": _search_view,
        "viewer": _viewer,
        "entity": _entity_view,
        "entities": _entities_view,
        "connections": _connections_view,
        "money": _money_view,
        "timeline": _timeline_view,
        "selections": _selections_view,
        "status": _status_view,
    }
    pages[view](data_dir, info)


main()
