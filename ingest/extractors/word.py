"""Word .docx files, read from their XML in document order (paragraphs and tables interleaved).

Pages: a .docx stores no pagination of its own. When Word saved the file it left markers where
its pages began (``w:lastRenderedPageBreak``), and those give the page numbers a reader sees in
Word; otherwise we split on explicit page and section breaks.

Text that python-docx's ``paragraph.text`` leaves out is kept, because a missed mention is the
worst failure: text boxes, content controls, footnotes and comments (at the end of the page that
refers to them), tracked deletions (marked ``[deleted]``), endnotes (last page), and headers and
footers (page 1).
"""

from __future__ import annotations

from pathlib import Path

from ingest import textnorm
from ingest.extractors.base import ExtractOptions, Extractor, register
from ingest.records import Extracted, ExtractError, Page

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_ALTERNATE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
# Not text: properties, field codes; moved-from text is repeated where it was moved to.
_SKIP = frozenset(W + t for t in ("rPr", "pPr", "sectPr", "instrText", "moveFrom", "tblPr"))
_WRAPPERS = frozenset(W + t for t in ("sdt", "sdtContent", "customXml", "smartTag"))
# Titles that word processors fill in by themselves.


class _Pages:
    """Collects lines into pages as the document is walked. A cell of a table collects into a
    child whose page breaks and notes go to its parent."""

    def __init__(
        self,
        rendered: bool | None,
        notes: dict[str, str],
        parent: _Pages | None = None,
    ):
        # Break on Word's rendered breaks (True), on explicit ones (False), or never (None).
        self.rendered = rendered
        self.note_texts = notes
        self.parent = parent
        self.pages: list[list[str]] = [[]]
        self.notes: list[list[str]] = [[]]
        self.line: list[str] = []

    def end_line(self) -> None:
        self.pages[-1].append("".join(self.line))
        self.line = []

    def page_break(self, rendered: bool) -> None:
        if self.parent is not None:
            self.parent.page_break(rendered)
            return
        if rendered != self.rendered:
            return
        if not any(s.strip() for s in self.line + self.pages[-1]):
            return  # Word marks a page start after an explicit break too: no empty page
        if any(s.strip() for s in self.line):
            self.end_line()
        self.line = []
        self.pages.append([])
        self.notes.append([])

    def add_note(self, text: str) -> None:
        if self.parent is not None:
            self.parent.add_note(text)
        elif text:
            self.notes[-1].append(text)

    def refer(self, note_id: str) -> None:
        self.add_note(self.note_texts.get(note_id, ""))

    def texts(self) -> list[str]:
        if self.line:
            self.end_line()
        out = []
        for lines, notes in zip(self.pages, self.notes, strict=True):
            out.append(textnorm.normalise("\n".join(lines) + "\n\n" + "\n".join(notes)))
        return out


def _walk_block(element, out: _Pages) -> None:
    tag = element.tag
    if tag == W + "p":
        _paragraph(element, out)
    elif tag == W + "tbl":
        _table(element, out)
    elif tag not in _SKIP:
        for child in element:
            _walk_block(child, out)


def _paragraph(p, out: _Pages) -> None:
    ppr = p.find(W + "pPr")
    if ppr is not None:
        before = ppr.find(W + "pageBreakBefore")
        if before is not None and before.get(W + "val", "true") not in ("0", "false", "off"):
            out.page_break(rendered=False)
    boxes: list = []
    deleted: list[str] = []
    _inline(p, out, boxes, deleted)
    out.end_line()
    if deleted:
        out.add_note("[deleted] " + " … ".join(deleted))
    for box in boxes:  # text boxes read as paragraphs of their own, after their anchor
        _walk_block(box, out)
    if ppr is not None:
        sect = ppr.find(W + "sectPr")
        if sect is not None:
            kind = sect.find(W + "type")
            if kind is None or kind.get(W + "val") in ("nextPage", "evenPage", "oddPage"):
                out.page_break(rendered=False)


def _inline(element, out: _Pages, boxes: list, deleted: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag == W + "t":
            out.line.append(child.text or "")
        elif tag == W + "del":
            text = "".join(t.text or "" for t in child.iter(W + "delText")).strip()
            if text:
                deleted.append(text)
        elif tag in (W + "tab", W + "ptab"):
            out.line.append("\t")
        elif tag == W + "br":
            if child.get(W + "type") == "page":
                out.page_break(rendered=False)
            else:
                out.end_line()
        elif tag == W + "cr":
            out.end_line()
        elif tag == W + "noBreakHyphen":
            out.line.append("-")
        elif tag == W + "lastRenderedPageBreak":
            out.page_break(rendered=True)
        elif tag == W + "footnoteReference":
            out.refer("f" + child.get(W + "id", ""))
        elif tag == W + "commentReference":
            out.refer("c" + child.get(W + "id", ""))
        elif tag == W + "txbxContent":
            boxes.append(child)
        elif tag == _MC_ALTERNATE:
            # Choice and Fallback hold the same content twice (DrawingML and VML).
            if len(child):
                _inline(child[0], out, boxes, deleted)
        else:
            _inline(child, out, boxes, deleted)


def _children(element, tag: str):
    """Direct children with ``tag``, looking through content-control wrappers."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _table(tbl, out: _Pages) -> None:
    """One line per row, cells separated by `` | ``; nested tables are read in their cell."""
    for row in _children(tbl, W + "tr"):
        cells = []
        for cell in _children(row, W + "tc"):
            sub = _Pages(out.rendered, out.note_texts, parent=out)
            _walk_block(cell, sub)
            sub.end_line()
            text = " ".join(line.strip() for line in sub.pages[0] if line.strip())
            if text:
                cells.append(text)
        if cells:
            out.line.append(" | ".join(cells))
            out.end_line()


def _part_text(element) -> str:
    """The text of a note, header or footer, which have no pages of their own."""
    out = _Pages(rendered=None, notes={})
    _walk_block(element, out)
    return "\n".join(t for t in out.texts() if t)


def _related_parts(document, suffix: str) -> list:
    return [
        rel.target_part
        for rel in document.part.rels.values()
        if not rel.is_external and rel.reltype.endswith(suffix)
    ]


def _notes(document, suffix: str, tag: str, prefix: str = "") -> dict[str, str]:
    from lxml import etree

    notes: dict[str, str] = {}
    for part in _related_parts(document, suffix):
        root = etree.fromstring(part.blob)
        for note in root.iter(W + tag):
            if note.get(W + "type") in ("separator", "continuationSeparator"):
                continue
            text = _part_text(note)
            if text:
                author = note.get(W + "author")
                label = f"{prefix} by {author}" if prefix and author else prefix
                notes[note.get(W + "id", "")] = f"[{label}] {text}" if label else text
    return notes


def _margins(document) -> list[str]:
    from lxml import etree

    texts: list[str] = []
    for suffix in ("/header", "/footer"):
        for part in _related_parts(document, suffix):
            text = _part_text(etree.fromstring(part.blob))
            if text and text not in texts:
                texts.append(text)
    return texts


def _heading(document) -> str | None:
    """The document's "Title" or first "Heading" paragraph."""
    for paragraph in document.paragraphs[:200]:
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        text = paragraph.text.strip()
        # Body text is sometimes styled as a heading; a title is short.
        if style.startswith(("Title", "Heading")) and 4 <= len(text) <= 120:
            return text
    return None


def docx_pages(document) -> list[str]:
    """The text of each page of a python-docx ``Document``."""
    body = document.element.body
    rendered = next(body.iter(W + "lastRenderedPageBreak"), None) is not None
    # Footnotes and comments are numbered separately; both are referred to by number.
    notes = {"f" + k: v for k, v in _notes(document, "/footnotes", "footnote").items()}
    notes |= {"c" + k: v for k, v in _notes(document, "/comments", "comment", "comment").items()}
    out = _Pages(rendered, notes)
    _walk_block(body, out)
    texts = out.texts()
    endnotes = list(_notes(document, "/endnotes", "endnote").values())
    if endnotes:  # Word prints endnotes after the last page's text
        texts[-1] = textnorm.normalise(texts[-1] + "\n\n" + "\n".join(endnotes))
    margins = _margins(document)
    if margins:
        texts[0] = textnorm.normalise(texts[0] + "\n\n" + "\n".join(margins))
    return texts


@register
class DocxExtractor(Extractor):
    name = "docx"
    kinds = ("docx",)

    def extract(self, path: Path, options: ExtractOptions) -> Extracted:
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        try:
            document = docx.Document(str(path))
        except (PackageNotFoundError, KeyError, ValueError) as err:
            raise ExtractError(f"not a readable Word document: {err}") from err
        texts = docx_pages(document)
        warnings: list[str] = []
        pages = []
        for number, text in enumerate(texts, start=1):
            if len(text) > options.max_page_chars:
                warnings.append(f"page {number}: {len(text):,} characters, truncated")
                text = text[: options.max_page_chars]
            pages.append(Page(number=number, text=text))
        if not any(p.text for p in pages):
            raise ExtractError("no text: the Word document is empty")
        props = document.core_properties
        metadata = {"author": (props.author or "").strip()}
        if props.created:
            metadata["created"] = props.created.isoformat()
        return Extracted(
            pages=pages,
            doctype="docx",
            title=(document.core_properties.title or "").strip() or None,
            heading=_heading(document),
            metadata={k: v for k, v in metadata.items() if v},
            warnings=warnings,
        )
