"""Whoosh behind one small interface: the schema, opening, writing and deleting page documents.

Nothing outside this module and :mod:`index.search` touches Whoosh, so the engine could be
swapped. Page text is not stored in Whoosh: SQLite has it, and loading stored fields is what
makes Whoosh slow when many hits are fetched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import fields, index
from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
from whoosh.filedb.filestore import FileStorage

INDEX_DIRNAME = "whoosh"
ENTITY_FIELDS = ("person", "agency", "org")


def analyzer():
    # No stop list: "City and County of San Francisco" must still answer as an exact phrase.
    return StemmingAnalyzer(stoplist=None, minsize=1)


def exact_analyzer():
    return StandardAnalyzer(stoplist=None, minsize=1)


def schema() -> fields.Schema:
    return fields.Schema(
        pid=fields.ID(unique=True, stored=True),
        doc=fields.ID(stored=True),
        page=fields.NUMERIC(int, stored=True, signed=False),
        path=fields.ID(stored=True),
        title=fields.TEXT(analyzer=analyzer(), stored=True, field_boost=1.5),
        text=fields.TEXT(analyzer=analyzer(), phrase=True),
        # Unstemmed words without positions: wildcards and fuzzy terms match what users see
        # ("contracting*" must find "contracting", whose stem is "contract").
        exact=fields.TEXT(analyzer=exact_analyzer(), phrase=False),
        type=fields.ID(stored=True),
        lang=fields.ID,
        ocr=fields.BOOLEAN,
        person=fields.KEYWORD(lowercase=True, commas=True, scorable=False),
        agency=fields.KEYWORD(lowercase=True, commas=True, scorable=False),
        org=fields.KEYWORD(lowercase=True, commas=True, scorable=False),
        amount=fields.NUMERIC(float, signed=True),
        sender=fields.TEXT(analyzer=analyzer()),
        recipients=fields.TEXT(analyzer=analyzer()),
        subject=fields.TEXT(analyzer=analyzer()),
        date=fields.DATETIME,
    )


@dataclass
class PageDoc:
    """What the index holds for one page."""

    doc_id: str
    page: int
    path: str
    title: str
    text: str
    doctype: str
    lang: str = "en"
    ocr: bool = False
    person: list[str] = field(default_factory=list)
    agency: list[str] = field(default_factory=list)
    org: list[str] = field(default_factory=list)
    amount: list[float] = field(default_factory=list)
    extra: dict = field(default_factory=dict)  # sender, recipients, subject, date

    @property
    def pid(self) -> str:
        return page_id(self.doc_id, self.page)


def page_id(doc_id: str, page: int) -> str:
    return f"{doc_id}:{page}"


def index_dir(data_dir: Path) -> Path:
    return Path(data_dir) / INDEX_DIRNAME


def open_index(data_dir: Path, create: bool = True):
    path = index_dir(data_dir)
    if index.exists_in(str(path)):
        return index.open_dir(str(path))
    if not create:
        return None
    path.mkdir(parents=True, exist_ok=True)
    return FileStorage(str(path)).create_index(schema())


def _keywords(values: Iterable[str]) -> str:
    return ",".join(sorted({v.replace(",", " ").strip().lower() for v in values if v}))


def write_pages(data_dir: Path, pages: Iterable[PageDoc], delete_docs: Iterable[str] = ()) -> int:
    """Add or replace page documents and drop whole documents, in one atomic commit."""
    ix = open_index(data_dir)
    writer = ix.writer(limitmb=256)
    count = 0
    try:
        for doc_id in delete_docs:
            writer.delete_by_term("doc", doc_id)
        for p in pages:
            doc = {
                "pid": p.pid,
                "doc": p.doc_id,
                "page": p.page,
                "path": p.path,
                "title": p.title or "",
                "text": p.text,
                "exact": p.text,
                "type": p.doctype,
                "lang": p.lang or "",
                "ocr": p.ocr,
                "person": _keywords(p.person),
                "agency": _keywords(p.agency),
                "org": _keywords(p.org),
            }
            if p.amount:
                doc["amount"] = sorted(set(p.amount))
            for key in ("sender", "recipients", "subject", "date"):
                if p.extra.get(key):
                    doc[key] = p.extra[key]
            writer.update_document(**doc)
            count += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return count


def delete_documents(data_dir: Path, doc_ids: Iterable[str]) -> None:
    doc_ids = list(doc_ids)
    if doc_ids:
        write_pages(data_dir, [], delete_docs=doc_ids)


def doc_count(data_dir: Path) -> int:
    ix = open_index(data_dir, create=False)
    return ix.doc_count() if ix is not None else 0


def size_bytes(data_dir: Path) -> int:
    path = index_dir(data_dir)
    return sum(f.stat().st_size for f in path.glob("*") if f.is_file()) if path.exists() else 0
