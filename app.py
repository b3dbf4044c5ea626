"""The evidence web app: a thin Streamlit layer over ``index``.

Run with ``evidence app`` or ``streamlit run app.py``. The data folder comes from
``EVIDENCE_DATA`` (or ``?data=`` is not accepted: the app serves one corpus).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from index import engine
from index.render import highlight_html
from index.search import QueryError, search
from index.status import status
from ingest import settings


@st.cache_resource
def _index_handle(data_dir: str):
    return engine.open_index(Path(data_dir), create=False)


def _data_dir() -> Path:
    return settings.data_dir()


def _empty_page(data_dir: Path) -> None:
    st.info(
        f"No documents in `{data_dir}` yet. Ingest a folder of PDFs, then reload this page:\n\n"
        f"```\nevidence ingest path/to/documents --data {data_dir}\n```"
    )


def _results(data_dir: Path, query: str, limit: int) -> None:
    try:
        result = search(data_dir, query, limit=limit)
    except QueryError as err:
        st.error(str(err))
        return
    if not result.hits:
        msg = f"No hits for `{query}`."
        if result.suggestions:
            msg += " Did you mean: " + ", ".join(f"`{s}`" for s in result.suggestions) + "?"
        st.warning(msg)
        return
    st.caption(f"{result.total} hit(s)")
    for hit in result.hits:
        with st.container(border=True):
            st.markdown(f"**{_md_escape(hit.title)}**")
            st.caption(f"{hit.path} · page {hit.page} · score {hit.score:.2f}")
            st.html(f"<div class='excerpt'>{highlight_html(hit.excerpt, hit.highlights)}</div>")
            with st.expander("Full page text"):
                from index.store import Store

                with Store(data_dir) as store:
                    text = store.page_text(hit.doc_id, hit.page) or ""
                st.text(text)


def _md_escape(text: str) -> str:
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!<>|~$" else c for c in text)


def main() -> None:
    st.set_page_config(page_title="evidence", layout="wide")
    data_dir = _data_dir()
    st.title("evidence")
    info = status(data_dir)
    if _index_handle(str(data_dir)) is None or info["documents"] == 0:
        _empty_page(data_dir)
        return
    st.caption(f"{info['documents']} documents, {info['pages']} pages in `{data_dir}`")
    query = st.text_input("Search", placeholder='"booking data" AND agency:ICE', key="q")
    limit = st.number_input("Hits", min_value=1, max_value=200, value=10, step=10)
    if query:
        _results(data_dir, query, int(limit))


main()
