"""HTML pages (saved web pages, HTML email bodies) as plain text.

Block elements become line breaks so that paragraphs, list items and table rows stay apart:
a snippet or a name must not run into the next cell's text.
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest import textnorm
from ingest.extractors.base import ExtractOptions, Extractor, register
from ingest.records import Extracted, ExtractError, Page

_DROP = ("script", "style", "noscript", "template", "title", "iframe")
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "legend",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    ]
)
_CELLS = frozenset(("td", "th"))
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")


def _soup(markup: bytes | str):
    from bs4 import BeautifulSoup

    try:
        return BeautifulSoup(markup, "lxml")
    except Exception:  # lxml missing or refusing the input; the stdlib parser is slower
        return BeautifulSoup(markup, "html.parser")


def html_to_text(markup: bytes | str) -> tuple[str, str | None]:
    """The readable text of an HTML document and its title (``<title>``, else the first
    ``<h1>``). Bytes are decoded by the document's own charset declaration."""
    soup = _soup(markup)
    title = _title(soup)
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for tag in soup.find_all(True):
        name = tag.name
        if name == "br":
            tag.replace_with("\n")
        elif name in _BLOCKS:
            tag.insert_before("\n")
            tag.insert_after("\n")
        elif name in _CELLS:
            tag.insert_after("\t")
    lines = (_SPACES.sub(" ", line).strip() for line in soup.get_text().splitlines())
    text = "\n".join(lines)
    return textnorm.normalise(text), title


def _title(soup) -> str | None:
    for tag in (soup.title, soup.find("h1")):
        if tag is not None:
            text = _SPACES.sub(" ", tag.get_text(" ")).strip()
            if text:
                return text[:300]
    return None


@register
class HtmlExtractor(Extractor):
    name = "html"
    kinds = ("html",)

    def extract(self, path: Path, options: ExtractOptions) -> Extracted:
        text, title = html_to_text(path.read_bytes())
        if not text:
            raise ExtractError("no text: the HTML page has no visible text")
        warnings = []
        if len(text) > options.max_page_chars:
            warnings.append(f"page 1: {len(text):,} characters, truncated")
            text = text[: options.max_page_chars]
        page = Page(number=1, text=text)
        return Extracted(pages=[page], doctype="html", title=title, warnings=warnings)
