"""Cited excerpts out of the index, written as CSV, JSON, Markdown, DOCX or HTML.

Every excerpt is exactly ``page_text[start:end]`` of a page of a document identified by its
SHA-256, so :mod:`index.verify` can check an export against the files later. Markdown, DOCX and
HTML read as an evidence memo; each also carries the citation data in machine-readable form
(a hidden comment, a final table, a JSON data block).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from index.store import Store
from ingest import settings

FORMATS = ("csv", "json", "md", "docx", "html")
EXPORT_FORMAT_ID = "evidence-export"
CITATIONS_MARK = "evidence-citations"
CSV_COLUMNS = (
    "n", "title", "path", "page", "label", "start", "end", "sha256", "doc_id", "text",
    "highlights", "note", "link", "entity", "query", "date",
)  # fmt: skip
DOCX_TABLE_HEADER = ("#", "File", "Page", "Start", "End", "SHA-256", "Document ID", "Title")


@dataclass
class Excerpt:
    doc_id: str
    title: str
    path: str  # relative to the ingested folder; attachments as "parent > name"
    page: int
    sha256: str
    start: int
    end: int
    text: str  # exactly the page text from start to end
    highlights: list[tuple[int, int]] = field(default_factory=list)  # offsets within text
    note: str = ""
    link: str = ""
    entity: str = ""
    query: str = ""
    label: str | None = None
    date: str = ""  # the document's date and where it comes from: "2026-04-20 (letter dateline)"

    @property
    def filename(self) -> str:
        return self.path.rsplit(" > ", 1)[-1].rsplit("/", 1)[-1]

    def where(self) -> str:
        return f"p. {self.page}" + (f" ({self.label})" if self.label else "")

    def citation(self) -> str:
        """``Title, file.pdf, p. 3, chars 120-180, SHA-256 abcd…, link``."""
        parts = [self.title or self.filename, self.path]
        if self.date:
            parts.append(f"dated {self.date}")
        parts.append(self.where())
        parts.append(f"chars {self.start}-{self.end}")
        parts.append(f"SHA-256 {self.sha256[:12]}…" if self.sha256 else "SHA-256 unknown")
        if self.link:
            parts.append(self.link)
        return ", ".join(parts)

    def as_json(self) -> dict:
        out = asdict(self)
        out["highlights"] = [list(h) for h in self.highlights]
        return out


@dataclass
class ExportHeader:
    asked: str  # what was asked, e.g. 'search "booking data"'
    data: str  # the data folder
    documents: int  # documents in the corpus
    generated: str  # UTC, ISO 8601
    hits: int  # excerpts in the export
    cited_documents: int = 0


@dataclass
class Export:
    header: ExportHeader
    excerpts: list[Excerpt]


class ExportError(ValueError):
    """An export that cannot be made; the message says how to fix it."""


def make_link(doc_id: str, page: int, app_url: str | None = None) -> str:
    base = (app_url or settings.get("app_url")).rstrip("/")
    return f"{base}/?doc={doc_id}&page={page}"


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def make_export(store: Store, asked: str, excerpts: list[Excerpt]) -> Export:
    """The export of ``excerpts``, grouped by document (in order of first appearance)."""
    order: dict[str, list[Excerpt]] = {}
    for ex in excerpts:
        order.setdefault(ex.doc_id, []).append(ex)
    grouped = [ex for group in order.values() for ex in group]
    dates = {doc_id: _document_date(store, doc_id) for doc_id in order}
    for ex in grouped:
        ex.date = ex.date or dates[ex.doc_id]
    header = ExportHeader(
        asked=asked,
        data=str(store.data_dir),
        documents=store.counts()["documents"],
        generated=utc_now(),
        hits=len(grouped),
        cited_documents=len(order),
    )
    return Export(header, grouped)


def _document_date(store: Store, doc_id: str) -> str:
    from index.dates import document_date

    doc = store.document(doc_id)
    dated = document_date(doc["metadata"]) if doc is not None else None
    return f"{dated.day} ({dated.source})" if dated else ""


# -- sources ----------------------------------------------------------------------------------


def excerpts_for_query(
    data_dir: Path, q: str, limit: int | None = None, one_per_group: bool = False
) -> list[Excerpt]:
    """One excerpt per hit of the search ``q``: every hit unless ``limit`` is given. Every page
    of a group of duplicates (``dup:all``) unless ``one_per_group``."""
    from index.search import search

    with Store(data_dir) as store:
        pages = store.counts()["pages"]
    q_all = f"{q} dup:collapse" if one_per_group else f"{q} dup:all"  # the last one counts
    result = search(Path(data_dir), q_all, limit=limit or max(1, pages))
    return [
        Excerpt(
            doc_id=h.doc_id,
            title=h.title,
            path=h.path,
            page=h.page,
            sha256=h.sha256,
            start=h.start,
            end=h.end,
            text=h.excerpt,
            highlights=[tuple(x) for x in h.highlights],
            link=make_link(h.doc_id, h.page),
            query=q,
            label=h.label,
        )
        for h in result.hits
    ]


def excerpts_for_mentions(
    store: Store,
    entity: str | int,
    kind: str | None = None,
    context: int = 120,
    one_per_group: bool = False,
) -> list[Excerpt]:
    """One excerpt per sentence naming the entity (a name, alias or entity id), with every
    mention inside it highlighted. Raises :class:`index.mentions.EntityNotFound`."""
    from index.mentions import list_mentions, require_entity

    entity_id = entity if isinstance(entity, int) else require_entity(store, entity, kind).entity_id
    rows = list_mentions(store, entity_id, context, one_per_group)
    spans: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for m in rows:
        spans.setdefault((m.doc_id, m.page), []).append((m.start, m.end))
    fuzzy = [m for m in rows if m.method == "fuzzy"]
    out: list[Excerpt] = []
    seen: set[tuple[str, int, int, int]] = set()
    for m in rows:
        s, e = m.context_start, m.context_start + len(m.context)
        if (m.doc_id, m.page, s, e) in seen:
            continue
        seen.add((m.doc_id, m.page, s, e))
        marks = sorted({(a - s, b - s) for a, b in spans[(m.doc_id, m.page)] if s <= a and b <= e})
        out.append(
            Excerpt(
                doc_id=m.doc_id,
                title=m.title,
                path=m.path,
                page=m.page,
                sha256=m.sha256,
                start=s,
                end=e,
                text=m.context,
                highlights=_disjoint(marks),
                link=make_link(m.doc_id, m.page),
                entity=m.entity,
                label=m.label,
                note=_approximate_note(fuzzy, m.doc_id, m.page, s, e),
            )
        )
    return out


def _approximate_note(fuzzy: list, doc_id: str, page: int, start: int, end: int) -> str:
    """Says which highlighted names were matched approximately on an OCR'd page."""
    notes = [
        f"“{m.text}” read as {m.entity} (OCR, approximate match, score {m.score:.0f})"
        for m in fuzzy
        if m.doc_id == doc_id and m.page == page and start <= m.start and m.end <= end
    ]
    return "; ".join(notes)


def _disjoint(marks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(marks):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def excerpts_for_selection(store: Store, name: str) -> list[Excerpt]:
    """The items of a selection, in their order, with their notes."""
    from index.mentions import doc_path
    from index.selections import items

    out = []
    for item in items(store, name):
        doc = store.document(item.doc_id)
        page = store.page(item.doc_id, item.page)
        out.append(
            Excerpt(
                doc_id=item.doc_id,
                title=(doc["title"] if doc else "") or "",
                path=doc_path(store, item.doc_id),
                page=item.page,
                sha256=doc["sha256"] if doc else "",
                start=item.start,
                end=item.end,
                text=item.excerpt,
                note=item.note,
                link=make_link(item.doc_id, item.page),
                query=item.query,
                label=page["label"] if page else None,
            )
        )
    return out


# -- writers ----------------------------------------------------------------------------------


def format_for(path: Path, fmt: str | None = None) -> str:
    """The export format: ``fmt`` if given, else the file's suffix."""
    fmt = (fmt or Path(path).suffix.lstrip(".")).lower()
    fmt = {"htm": "html", "markdown": "md"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt or '(none)'!r}: use one of {FORMATS}")
    return fmt


def write_export(export: Export, path: Path, fmt: str | None = None) -> Path:
    fmt = format_for(path, fmt)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    WRITERS[fmt](export, path)
    return path


def citation_data(export: Export) -> list[dict]:
    """What :mod:`index.verify` needs per excerpt, embedded in Markdown and HTML."""
    keys = ("doc_id", "sha256", "path", "title", "page", "start", "end", "text")
    return [
        {"n": n, **{k: getattr(ex, k) for k in keys}}
        for n, ex in enumerate(export.excerpts, start=1)
    ]


def embedded_json(obj) -> str:
    """JSON safe inside an HTML comment or a <script> data block: no '<', '>' or '&'."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# Leading ', =, +, -, @, tab or CR would make a spreadsheet read the cell as a formula; such cells
# get one leading apostrophe, which index.verify removes again.
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def csv_cell(value) -> object:
    if isinstance(value, str) and value.startswith(CSV_FORMULA_START):
        return "'" + value
    return value


def csv_uncell(value: str) -> str:
    if len(value) > 1 and value[0] == "'" and value[1:].startswith(CSV_FORMULA_START):
        return value[1:]
    return value


def write_csv(export: Export, path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        for n, ex in enumerate(export.excerpts, start=1):
            row = {**ex.as_json(), "n": n, "highlights": json.dumps(ex.as_json()["highlights"])}
            writer.writerow([csv_cell(row[c] if row[c] is not None else "") for c in CSV_COLUMNS])


def write_json(export: Export, path: Path) -> None:
    obj = {
        "format": EXPORT_FORMAT_ID,
        "version": 1,
        "header": asdict(export.header),
        "excerpts": [{"n": n, **ex.as_json()} for n, ex in enumerate(export.excerpts, start=1)],
    }
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _groups(export: Export) -> list[tuple[Excerpt, list[tuple[int, Excerpt]]]]:
    groups: dict[str, list[tuple[int, Excerpt]]] = {}
    for n, ex in enumerate(export.excerpts, start=1):
        groups.setdefault(ex.doc_id, []).append((n, ex))
    return [(items[0][1], items) for items in groups.values()]


def header_lines(h: ExportHeader) -> list[tuple[str, str]]:
    return [
        ("Asked", h.asked),
        ("Corpus", f"{h.data} ({h.documents} documents)"),
        ("Generated", h.generated.replace("T", " ").replace("Z", " UTC")),
        ("Hits", f"{h.hits} excerpt(s) from {h.cited_documents} document(s)"),
    ]


def segments(ex: Excerpt) -> list[tuple[str, bool]]:
    """The excerpt text cut into (piece, highlighted) runs."""
    out, last = [], 0
    for s, e in _disjoint([(max(0, s), min(len(ex.text), e)) for s, e in ex.highlights]):
        if s > last:
            out.append((ex.text[last:s], False))
        if e > s:
            out.append((ex.text[s:e], True))
        last = max(last, e)
    if last < len(ex.text):
        out.append((ex.text[last:], False))
    return out


# -- Markdown ---------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")
_MD_LINE_START = re.compile(r"^([-+=]|\d+(?=[.)]))")


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_quote(ex: Excerpt) -> str:
    """The excerpt as a block quote, highlights in bold; one quote line per text line."""
    body = "".join(
        f"**{md_escape(t.strip())}**" if bold and t.strip() else md_escape(t)
        for t, bold in _bold_safe(segments(ex))
    )
    lines = [line.strip() for line in body.split("\n")]
    out = []
    for i, line in enumerate(lines):
        line = _MD_LINE_START.sub(lambda m: "\\" + m.group(1) if not m.group(1).isdigit()
                                  else m.group(1) + "\\", line)  # fmt: skip
        hard_break = line and i + 1 < len(lines) and lines[i + 1]
        out.append(("> " + line if line else ">") + ("\\" if hard_break else ""))
    return "\n".join(out)


def _bold_safe(segs: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Split highlighted runs at line breaks and move their outer whitespace outside the bold
    markers, where Markdown requires it."""
    out: list[tuple[str, bool]] = []
    for text, bold in segs:
        if not bold:
            out.append((text, False))
            continue
        for i, part in enumerate(text.split("\n")):
            if i:
                out.append(("\n", False))
            lead = part[: len(part) - len(part.lstrip())]
            trail = part[len(part.rstrip()) :]
            out.extend([(lead, False), (part.strip(), True), (trail, False)])
    return [(t, b) for t, b in out if t]


def md_unquote(lines: list[str]) -> str:
    """The excerpt text back from :func:`md_quote` output (bold markers dropped)."""
    body = [re.sub(r"^> ?", "", line) for line in lines]
    for i, line in enumerate(body):
        if line and i + 1 < len(body) and body[i + 1] and line.endswith("\\"):
            body[i] = line[:-1]
    return re.sub(r"\\(.)|\*\*", lambda m: m.group(1) or "", "\n".join(body), flags=re.S)


def write_md(export: Export, path: Path) -> None:
    h = export.header
    out = ["# Evidence memo", ""]
    out += [f"- **{k}:** {md_escape(v)}" for k, v in header_lines(h)]
    out.append("")
    for first, items in _groups(export):
        out += [f"## {md_escape(first.path)}", ""]
        out.append(f"{md_escape(first.title or first.filename)}  ")
        code_path = first.path.replace("`", "'")
        out += [f"File: `{code_path}` · SHA-256: `{first.sha256}`", ""]
        for n, ex in items:
            out += [md_quote(ex), ""]
            link = f"[{ex.link}]({ex.link})" if ex.link else ""
            cite = md_escape(
                ex.citation().removesuffix(", " + ex.link) if ex.link else ex.citation()
            )
            out.append(f"\\[{n}\\] {cite}" + (f", {link}" if link else ""))
            out.append("")
            if ex.note:
                out += [f"*Note:* {md_escape(' '.join(ex.note.split()))}", ""]
    payload = {"version": 1, "header": asdict(h), "citations": citation_data(export)}
    out.append(f"<!-- {CITATIONS_MARK}: {embedded_json(payload)} -->")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


# -- HTML -------------------------------------------------------------------------------------

HTML_STYLE = """
body { font: 16px/1.5 Georgia, serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
dl.header dt { font-weight: bold; float: left; clear: left; width: 7rem; }
dl.header dd { margin-left: 7.5rem; }
blockquote.quote { white-space: pre-wrap; border-left: 4px solid #999; margin: 1rem 0;
  padding: .25rem 1rem; background: #f7f7f7; }
mark { background: #ffe066; }
p.cite { font-size: .9rem; color: #333; }
p.note { font-style: italic; }
code { font-size: .85rem; word-break: break-all; }
"""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _safe_href(url: str) -> str | None:
    return url if re.match(r"^https?://", url, re.I) else None


def write_html(export: Export, path: Path) -> None:
    h = export.header
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        # No script may run in an export, whatever a document's text contains.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>Evidence memo: {_esc(h.asked)}</title>",
        f"<style>{HTML_STYLE}</style></head><body>",
        "<h1>Evidence memo</h1>",
        '<dl class="header">',
    ]
    out += [f"<dt>{_esc(k)}</dt><dd>{_esc(v)}</dd>" for k, v in header_lines(h)]
    out.append("</dl>")
    for first, items in _groups(export):
        out.append('<section class="document">')
        out.append(f"<h2>{_esc(first.path)}</h2>")
        out.append(
            f"<p>{_esc(first.title or first.filename)}<br>File: <code>{_esc(first.path)}</code>"
            f" · SHA-256: <code>{_esc(first.sha256)}</code></p>"
        )
        for n, ex in items:
            body = "".join(
                f"<mark>{_esc(t)}</mark>" if bold else _esc(t) for t, bold in segments(ex)
            )
            out.append(f'<blockquote class="quote" id="q{n}" data-n="{n}">{body}</blockquote>')
            cite = _esc(ex.citation().removesuffix(", " + ex.link) if ex.link else ex.citation())
            href = _safe_href(ex.link)
            link = f', <a href="{_esc(href)}">{_esc(href)}</a>' if href else ""
            out.append(f'<p class="cite" data-n="{n}">[{n}] {cite}{link}</p>')
            if ex.note:
                out.append(f'<p class="note">Note: {_esc(ex.note)}</p>')
        out.append("</section>")
    payload = {"version": 1, "header": asdict(h), "citations": citation_data(export)}
    out.append(
        f'<script type="application/json" id="{CITATIONS_MARK}">{embedded_json(payload)}</script>'
    )
    out.append("</body></html>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


# -- DOCX -------------------------------------------------------------------------------------

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def docx_text(text: str) -> str:
    """Text Word can hold: characters XML forbids become spaces (verify compares whitespace
    loosely, so the quote still verifies)."""
    return _XML_INVALID.sub(" ", text)


def write_docx(export: Export, path: Path) -> None:
    import docx
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import Pt

    h = export.header
    doc = docx.Document()
    doc.core_properties.title = docx_text(f"Evidence memo: {h.asked}")[:250]
    doc.core_properties.comments = "Made by evidence export; verify with: evidence verify FILE"
    doc.add_heading("Evidence memo", level=0)
    for key, value in header_lines(h):
        p = doc.add_paragraph()
        p.add_run(f"{key}: ").bold = True
        p.add_run(docx_text(value))
    for first, items in _groups(export):
        doc.add_heading(docx_text(first.path), level=1)
        doc.add_paragraph(
            docx_text(f"{first.title or first.filename}\nFile: {first.path}\n")
            + f"SHA-256: {first.sha256}"
        )
        for n, ex in items:
            quote = doc.add_paragraph(style="Quote")
            for text, bold in segments(ex):
                run = quote.add_run(docx_text(text))
                if bold:
                    run.bold = True
                    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            cite = doc.add_paragraph()
            text = ex.citation().removesuffix(", " + ex.link) if ex.link else ex.citation()
            run = cite.add_run(docx_text(f"[{n}] {text}"))
            run.font.size = Pt(9)
            if _safe_href(ex.link):
                cite.add_run(", ").font.size = Pt(9)
                _add_hyperlink(cite, ex.link)
            if ex.note:
                note = doc.add_paragraph()
                note.add_run("Note: ").italic = True
                note.add_run(docx_text(ex.note)).italic = True
    doc.add_heading("Citation data", level=1)
    doc.add_paragraph(
        "One row per quote above, in order; evidence verify reads this table. Do not edit it."
    )
    table = doc.add_table(rows=1, cols=len(DOCX_TABLE_HEADER))
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, DOCX_TABLE_HEADER, strict=True):
        cell.text = label
    for n, ex in enumerate(export.excerpts, start=1):
        values = (n, ex.path, ex.page, ex.start, ex.end, ex.sha256, ex.doc_id, ex.title or "")
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = docx_text(str(value))
    doc.save(str(path))


def _add_hyperlink(paragraph, url: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    for tag, attr, value in (("w:color", "w:val", "0563C1"), ("w:u", "w:val", "single"),
                             ("w:sz", "w:val", "18")):  # fmt: skip
        el = OxmlElement(tag)
        el.set(qn(attr), value)
        props.append(el)
    run.append(props)
    text = OxmlElement("w:t")
    text.text = url
    run.append(text)
    link.append(run)
    paragraph._p.append(link)


WRITERS = {
    "csv": write_csv,
    "json": write_json,
    "md": write_md,
    "docx": write_docx,
    "html": write_html,
}
