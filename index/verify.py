"""Check an export against the documents it cites, before it is published.

For every citation: is the document (found by its SHA-256) still at its path with the same bytes,
and is the quote on the cited page at the cited characters? The quote checked is the one a
reader of the export sees: in Markdown, HTML and DOCX a quote edited after export is reported.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from index.export import (
    CITATIONS_MARK,
    CSV_COLUMNS,
    DOCX_TABLE_HEADER,
    EXPORT_FORMAT_ID,
    csv_uncell,
    format_for,
    md_unquote,
)
from index.store import Store

OK, CHANGED, MISSING = "OK", "CHANGED", "MISSING"


class VerifyError(ValueError):
    """An export that cannot be checked at all; the message says why."""


@dataclass
class Citation:
    n: int
    path: str
    page: int
    start: int
    end: int
    sha256: str
    doc_id: str = ""
    title: str = ""
    text: str | None = None  # the quote as exported; None when it is gone from the export
    edited: bool = False  # the visible quote no longer matches the citation data


@dataclass
class Check:
    n: int
    status: str  # OK | CHANGED | MISSING
    path: str
    page: int
    reason: str = ""
    sha256: str = ""

    @property
    def ok(self) -> bool:
        return self.status == OK

    def line(self) -> str:
        return f"{self.status:<8} {self.path} p.{self.page}  {self.reason}".rstrip()

    def as_json(self) -> dict:
        return dict(self.__dict__)


def verify_export(file: Path, data_dir: Path) -> list[Check]:
    """One :class:`Check` per citation of the export ``file`` (csv, json, md, html or docx)."""
    citations = read_citations(Path(file))
    if not (Path(data_dir) / Store.FILENAME).exists():
        raise VerifyError(f"no registry in {data_dir}: pass the --data folder the export came from")
    with Store(Path(data_dir), create=False) as store:
        hashes: dict[Path, str | None] = {}
        extracted: dict[Path, dict[int, str] | str] = {}
        return [check_citation(store, c, hashes, extracted) for c in citations]


# -- reading exports --------------------------------------------------------------------------


def read_citations(file: Path) -> list[Citation]:
    if not file.is_file():
        raise VerifyError(f"no such file: {file}")
    try:
        fmt = format_for(file)
    except ValueError:
        fmt = _sniff_format(file)
    try:
        return READERS[fmt](file)
    except VerifyError:
        raise
    except (ValueError, KeyError, TypeError, csv.Error) as err:
        raise VerifyError(f"cannot read the citations in {file} as {fmt}: {err}") from err


def _sniff_format(file: Path) -> str:
    head = file.read_bytes()[:4096]
    if head.startswith(b"PK"):
        return "docx"
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff").lstrip()
    if text.startswith("{"):
        return "json"
    if text.lower().startswith(("<!doctype html", "<html")):
        return "html"
    if text.startswith("#"):
        return "md"
    return "csv"


def _int(value) -> int:
    return int(str(value).strip())


def _from_dict(d: dict, n: int) -> Citation:
    return Citation(
        n=_int(d.get("n") or n),
        path=str(d.get("path") or ""),
        page=_int(d["page"]),
        start=_int(d["start"]),
        end=_int(d["end"]),
        sha256=str(d.get("sha256") or "").strip().lower(),
        doc_id=str(d.get("doc_id") or ""),
        title=str(d.get("title") or ""),
        text=d.get("text"),
    )


def read_csv(file: Path) -> list[Citation]:
    with open(file, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ("path", "page", "start", "end", "sha256", "text") if c not in
                   (reader.fieldnames or [])]  # fmt: skip
        if missing:
            raise VerifyError(
                f"{file} lacks the column(s) {', '.join(missing)}; an evidence CSV export has "
                f"{', '.join(CSV_COLUMNS)}"
            )
        rows = [{k: csv_uncell(v or "") for k, v in row.items() if k} for row in reader]
    return [_from_dict(row, n) for n, row in enumerate(rows, start=1)]


def read_json(file: Path) -> list[Citation]:
    obj = json.loads(file.read_text(encoding="utf-8-sig"))
    if not isinstance(obj, dict) or obj.get("format") != EXPORT_FORMAT_ID:
        raise VerifyError(
            f'{file} is not an evidence JSON export (no "format": "{EXPORT_FORMAT_ID}")'
        )
    return [_from_dict(d, n) for n, d in enumerate(obj["excerpts"], start=1)]


def _embedded(payload: str) -> list[dict]:
    return json.loads(payload)["citations"]


def _with_visible(cites: list[dict], visible: dict[int, str]) -> list[Citation]:
    out = []
    for n, d in enumerate(cites, start=1):
        c = _from_dict(d, n)
        seen = visible.get(c.n)
        if seen is None:
            c.text = None
        elif _loose(seen) != _loose(c.text or ""):
            c.edited = True
        out.append(c)
    return out


_MD_BLOCK = re.compile(r"<!--\s*" + CITATIONS_MARK + r":\s*(\{.*?\})\s*-->", re.S)
_MD_CITE = re.compile(r"^\\\[(\d+)\\\]\s")


def read_md(file: Path) -> list[Citation]:
    text = file.read_text(encoding="utf-8-sig")
    m = _MD_BLOCK.search(text)
    if m is None:
        raise VerifyError(
            f"{file} has no citation data (the <!-- {CITATIONS_MARK} --> line at its end): "
            "only Markdown written by evidence export can be verified"
        )
    visible: dict[int, str] = {}
    block: list[str] = []
    for line in text.splitlines():
        if line.startswith(">"):
            block.append(line)
            continue
        cite = _MD_CITE.match(line)
        if cite and block:
            visible[int(cite.group(1))] = md_unquote(block)
        if line.strip() or cite:
            block = []
    return _with_visible(_embedded(m.group(1)), visible)


def read_html(file: Path) -> list[Citation]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(file.read_text(encoding="utf-8-sig"), "html.parser")
    data = soup.find("script", id=CITATIONS_MARK)
    if data is None:
        raise VerifyError(
            f'{file} has no citation data (<script id="{CITATIONS_MARK}">): only HTML written '
            "by evidence export can be verified"
        )
    visible = {}
    for q in soup.select("blockquote.quote[data-n]"):
        if q.get("data-n", "").isdigit():
            visible[int(q["data-n"])] = q.get_text()
    return _with_visible(_embedded(data.string or ""), visible)


def read_docx(file: Path) -> list[Citation]:
    import docx

    doc = docx.Document(str(file))
    table = next(
        (t for t in doc.tables if tuple(c.text for c in t.rows[0].cells) == DOCX_TABLE_HEADER),
        None,
    )
    if table is None:
        raise VerifyError(
            f"{file} has no 'Citation data' table: only DOCX written by evidence export can be "
            "verified"
        )
    quotes = [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Quote"]
    out = []
    for i, row in enumerate(table.rows[1:]):
        cells = [c.text for c in row.cells]
        n, path, page, start, end, sha, doc_id, title = cells[: len(DOCX_TABLE_HEADER)]
        out.append(
            Citation(
                n=_int(n),
                path=path,
                page=_int(page),
                start=_int(start),
                end=_int(end),
                sha256=sha.strip().lower(),
                doc_id=doc_id.strip(),
                title=title,
                text=quotes[i] if i < len(quotes) else None,
            )
        )
    return out


READERS = {"csv": read_csv, "json": read_json, "md": read_md, "html": read_html, "docx": read_docx}


# -- checking ---------------------------------------------------------------------------------


def _loose(text: str) -> str:
    return " ".join(text.split())


def _short(sha: str) -> str:
    return sha[:12] + "…" if sha else "unknown"


def find_quote(page_text: str, quote: str, start: int, end: int) -> tuple[str, str]:
    """(OK, reason) when ``quote`` is on the page (at the span, or moved), else (CHANGED, ...)."""
    if not quote.strip():
        return CHANGED, "the quote is empty"
    if page_text[start:end] == quote:
        return OK, ""
    if _loose(page_text[start:end]) == _loose(quote):
        return OK, "matches apart from line breaks and spacing"
    at = page_text.find(quote)
    if at == -1:
        words = quote.split()
        m = re.search(r"\s+".join(re.escape(w) for w in words), page_text)
        if m is not None:
            return OK, f"moved: now at chars {m.start()}-{m.end()}"
        return CHANGED, "the quote is not on the page"
    return OK, f"moved: now at chars {at}-{at + len(quote)}"


def check_citation(store: Store, c: Citation, hashes: dict, extracted: dict) -> Check:
    def result(status: str, reason: str) -> Check:
        return Check(c.n, status, c.path or c.doc_id, c.page, reason, c.sha256)

    if c.edited:
        return result(CHANGED, f"quote [{c.n}] was edited in the export after it was made")
    if c.text is None:
        return result(CHANGED, f"quote [{c.n}] is missing from the export")
    doc = store.document_by_sha(c.sha256) if c.sha256 else None
    if doc is None and not c.sha256 and c.doc_id:
        doc = store.document(c.doc_id)
    if doc is None:
        return _replaced(store, c, result)
    top = doc
    while not store.paths_of(top["id"]) and top["parent_id"]:
        parent = store.document(top["parent_id"])
        if parent is None:
            break
        top = parent
    state, file, new_sha = _file_state(store, top, c, hashes)
    if state == "missing":
        return result(MISSING, f"the file is gone from {file}")
    if state == "changed":
        if top["id"] != doc["id"]:
            return result(CHANGED, f"the file containing it ({file}) changed since it was ingested")
        return _changed_on_disk(c, Path(file), new_sha, extracted, result)
    text = store.page_text(doc["id"], c.page)
    if text is None:
        return result(MISSING, f"page {c.page} is not in the document (it has {doc['pages']})")
    status, reason = find_quote(text, c.text, c.start, c.end)
    return result(status, reason or "")


def _file_state(store: Store, top, c: Citation, hashes: dict) -> tuple[str, str, str | None]:
    """("same", path, None), ("changed", path, new_sha256) or ("missing", path, None)."""
    from ingest.walk import sha256_file

    paths = store.paths_of(top["id"])
    if not paths:
        return "missing", c.path or top["id"], None
    cited = c.path.split(" > ", 1)[0]
    changed: tuple[str, str] | None = None
    for row in sorted(paths, key=lambda p: p["relpath"] != cited):
        file = Path(row["path"])
        if file not in hashes:
            try:
                hashes[file] = sha256_file(file) if file.is_file() else None
            except OSError:
                hashes[file] = None
        if hashes[file] is None:
            continue
        if hashes[file] == top["sha256"]:
            return "same", str(file), None
        changed = changed or (str(file), hashes[file])
    if changed:
        return "changed", changed[0], changed[1]
    return "missing", paths[0]["path"], None


def _changed_on_disk(c: Citation, file: Path, new_sha: str, extracted: dict, result) -> Check:
    """The file at the path has other bytes than were ingested: read it again to say whether
    the cited page and quote survived."""
    if file not in extracted:
        extracted[file] = _extract_pages(file)
    pages = extracted[file]
    head = f"the file changed since it was ingested (SHA-256 now {_short(new_sha)})"
    if isinstance(pages, str):
        return result(CHANGED, f"{head} and cannot be read any more: {pages}")
    if c.page not in pages:
        return result(MISSING, f"page {c.page} is gone: {head} and has {len(pages)} page(s)")
    status, _ = find_quote(pages[c.page], c.text or "", c.start, c.end)
    where = "still on" if status == OK else "no longer on"
    return result(CHANGED, f"{head}; the quote is {where} p.{c.page}")


def _extract_pages(file: Path) -> dict[int, str] | str:
    from ingest import settings
    from ingest.extractors import ExtractOptions, extractor_for
    from ingest.sniff import sniff

    try:
        extractor = extractor_for(sniff(file))
        if extractor is None:
            return "not a document type evidence can read"
        options = ExtractOptions(ocr=settings.get("ocr"), ocr_lang=settings.get("ocr_lang"))
        return {p.number: p.text for p in extractor.extract(file, options).pages}
    except Exception as err:  # a changed file may be anything; say what went wrong
        return f"{type(err).__name__}: {err}"


def _replaced(store: Store, c: Citation, result) -> Check:
    """No document has the cited SHA-256: the file was changed and re-ingested, or removed."""
    cited = c.path.split(" > ", 1)[0]
    row = store.db.execute(
        "SELECT doc_id FROM paths WHERE relpath = ? ORDER BY path LIMIT 1", (cited,)
    ).fetchone()
    if row is None or " > " in c.path:
        return result(
            MISSING, f"no document with SHA-256 {_short(c.sha256)} in the registry any more"
        )
    doc = store.document(row[0])
    head = f"the file was changed and re-ingested (SHA-256 now {_short(doc['sha256'])})"
    text = store.page_text(doc["id"], c.page)
    if text is None:
        return result(MISSING, f"page {c.page} is gone: {head} and has {doc['pages']} page(s)")
    status, _ = find_quote(text, c.text or "", c.start, c.end)
    where = "still on" if status == OK else "no longer on"
    return result(CHANGED, f"{head}; the quote is {where} p.{c.page}")
