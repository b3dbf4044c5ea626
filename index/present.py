"""Small helpers for showing document-derived text in the app safely, and the app's links.

Streamlit Markdown goes further than CommonMark: ``:red[..]`` colours, ``:material/x:`` icons,
``$..$`` LaTeX. Names and titles come from documents, so every ASCII punctuation character in
them is backslash-escaped (CommonMark allows that for all of them) and line breaks become spaces.
"""

from __future__ import annotations

import re
import string
from urllib.parse import urlencode

from index.render import highlight_html

_PUNCT = frozenset(string.punctuation)


def md(text: object) -> str:
    """``text`` as literal Markdown: no markup, links, colours, icons or maths."""
    out = []
    for ch in " ".join(str(text).split()):
        out.append("\\" + ch if ch in _PUNCT else ch)
    return "".join(out)


def link(**params: object) -> str:
    """A relative app link (``?doc=..&page=..``), the format exports use."""
    return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


def viewer_link(
    doc_id: str, page: int, q: str = "", start: int | None = None, end: int | None = None
) -> str:
    return link(doc=doc_id, page=page, q=q, start=start, end=end)


def entity_link(entity_id: int) -> str:
    return link(entity=entity_id)


def md_link(label: str, href: str) -> str:
    """A Markdown link whose label is escaped document text and whose target is an app link."""
    return f"[{md(label)}]({href})"


_BLANK_LINES = re.compile(r"(?:<br>){2,}")


def excerpt_html(text: str, marks: list[tuple[int, int]]) -> str:
    """An excerpt with its marks, escaped, in the app's excerpt style; blank lines are dropped
    so a list of excerpts stays compact (the viewer shows the page as it is)."""
    return f"<div class='excerpt'>{_BLANK_LINES.sub('<br>', highlight_html(text, marks))}</div>"


def fmt_bytes(n: int) -> str:
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024
    return f"{n} bytes"


# The app's views: URL value of ``?view=`` -> label. Search is the default; the viewer
# (``?doc=``) and entity pages (``?entity=``) are reached from links.
VIEWS = {
    "search": "Search",
    "entities": "Entities",
    "connections": "Connections",
    "money": "Money",
    "timeline": "Timeline",
    "selections": "Selections",
    "status": "Status",
}


KIND_LABELS = {"person": "People", "agency": "Agencies", "org": "Organisations"}


def chips_md(chips: list, limit: int = 12) -> str:
    """Entity links grouped by kind, most mentioned first: ``**People:** A · B  **Agencies:** C``.
    ``chips`` are :class:`index.document.Chip`; beyond ``limit`` a count is shown."""
    shown, rest = chips[:limit], len(chips) - limit
    parts = []
    for kind, label in KIND_LABELS.items():
        names = [md_link(c.name, entity_link(c.entity_id)) for c in shown if c.kind == kind]
        if names:
            parts.append(f"**{label}:** " + " · ".join(names))
    more = f" … and {rest} more" if rest > 0 else ""
    return " \u2003 ".join(parts) + more


_TITLE_SOURCES = {
    "metadata": "from the file's metadata",
    "heading": "its first heading: the metadata title was absent or a default",
    "filename": "its file name: no metadata title or heading",
}


def title_with_source(title: str, metadata: dict) -> str:
    """ "Booking data agreement (from the file's metadata)": the title and where it came from."""
    source = metadata.get("title_source")
    if not source:
        return title
    return f"{title} ({_TITLE_SOURCES.get(source, source)})"


# Focus the search box once it is drawn, unless the user is already in another field.
FOCUS_SEARCH_SCRIPT = """<script>
(function focusSearch(tries) {
  const box = document.querySelector(
    'section[data-testid="stSidebar"] input[aria-label="Search"]');
  const idle = document.activeElement === null || document.activeElement === document.body;
  if (box && idle) { box.focus(); return; }
  if (!box && tries > 0) { setTimeout(() => focusSearch(tries - 1), 100); }
})(50);
</script>"""
