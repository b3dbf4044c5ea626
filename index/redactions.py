"""Which exemptions a release used, how often, per document, and where its redaction boxes
are: what a researcher puts in an appeal (``evidence redactions``, the app's Status page)."""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from index.store import Store


@dataclass
class DocRedactions:
    doc_id: str
    path: str
    title: str
    pages: int  # pages of the document
    redacted_pages: list[int]  # pages with a box or an exemption code
    boxes: int
    bad_boxes: list[tuple[int, int]]  # (page, characters still under the box)
    exemptions: Counter = field(default_factory=Counter)  # code -> times cited

    def as_dict(self) -> dict:
        return {
            "doc_id": self.doc_id,
            "path": self.path,
            "title": self.title,
            "pages": self.pages,
            "redacted_pages": self.redacted_pages,
            "boxes": self.boxes,
            "bad_redactions": [{"page": p, "chars_under": n} for p, n in self.bad_boxes],
            "exemptions": dict(sorted(self.exemptions.items())),
        }


def redaction_report(store: Store) -> list[DocRedactions]:
    """Every document with a redaction box or an exemption code, by path."""
    db = store.db
    docs: dict[str, DocRedactions] = {}

    def doc(doc_id: str) -> DocRedactions:
        if doc_id not in docs:
            row = store.document(doc_id)
            path = store.primary_path(doc_id)
            meta = json.loads(row["metadata"] or "{}")
            docs[doc_id] = DocRedactions(
                doc_id=doc_id,
                path=path["relpath"] if path else meta.get("filename", doc_id),
                title=row["title"],
                pages=row["pages"],
                redacted_pages=[],
                boxes=0,
                bad_boxes=[],
            )
        return docs[doc_id]

    pages: dict[str, set[int]] = {}
    for doc_id, page, code in db.execute("SELECT doc_id, page, code FROM exemptions"):
        doc(doc_id).exemptions[code] += 1
        pages.setdefault(doc_id, set()).add(page)
    for doc_id, page, under in db.execute("SELECT doc_id, page, text_under FROM redaction_boxes"):
        d = doc(doc_id)
        d.boxes += 1
        if under:
            d.bad_boxes.append((page, len(under)))
        pages.setdefault(doc_id, set()).add(page)
    for doc_id, found in pages.items():
        docs[doc_id].redacted_pages = sorted(found)
    return sorted(docs.values(), key=lambda d: (d.path, d.doc_id))


def totals(report: list[DocRedactions]) -> dict:
    codes: Counter = Counter()
    for d in report:
        codes.update(d.exemptions)
    return {
        "documents": len(report),
        "redacted_pages": sum(len(d.redacted_pages) for d in report),
        "boxes": sum(d.boxes for d in report),
        "bad_redactions": sum(len(d.bad_boxes) for d in report),
        "exemptions": dict(codes.most_common()),
    }


CSV_COLUMNS = (
    "path",
    "title",
    "pages",
    "redacted_pages",
    "boxes",
    "bad_redactions",
    "exemption",
    "times",
)


def write_csv(report: list[DocRedactions], path: Path) -> Path:
    """One row per document and exemption code (a document without codes: one row)."""
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(CSV_COLUMNS)
        for d in report:
            base = [d.path, d.title, d.pages, len(d.redacted_pages), d.boxes, len(d.bad_boxes)]
            for code, n in sorted(d.exemptions.items()) or [("", 0)]:
                w.writerow([*base, code, n])
    return path
