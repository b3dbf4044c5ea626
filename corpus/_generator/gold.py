"""Ground truth per (file, page), collected from the same spans that were typeset."""

from __future__ import annotations

from .cast import REGISTRIES
from .markup import SpanTable, span_text


def page_record(
    filename: str, page: int, table: SpanTable, span_ids: list[int], ocr: bool = False
) -> dict:
    """``people``/``agencies``/``orgs`` are canonical names, unique, in reading order;
    ``money`` has one value per written amount, in reading order (a repeated amount repeats);
    ``phrases`` appear verbatim on the page once line-break hyphens are joined."""
    record: dict = {"file": filename, "page": page}
    lists: dict[str, list] = {"people": [], "agencies": [], "orgs": [], "money": [], "phrases": []}
    field_of = {"person": "people", "agency": "agencies", "org": "orgs"}
    for sid in sorted(span_ids):
        span = table.spans[sid]
        if span.kind in field_of:
            name = REGISTRIES[span.kind][span.key]
            if name not in lists[field_of[span.kind]]:
                lists[field_of[span.kind]].append(name)
        elif span.kind == "money":
            lists["money"].append(float(span.key))
        else:
            lists["phrases"].append(span_text(table, sid))
    if not 1 <= len(lists["phrases"]) <= 3:
        raise ValueError(f"{filename} p.{page}: {len(lists['phrases'])} phrases, want 1-3")
    record.update(lists)
    record["ocr"] = ocr
    return record


def layout_records(filename: str, lay, ocr: bool = False) -> list[dict]:
    by_page: dict[int, list[int]] = {i: [] for i in range(len(lay.pages))}
    for sid in lay.places:
        (page,) = lay.pages_of(sid)
        by_page[page].append(sid)
    return [page_record(filename, page + 1, lay.table, sids, ocr) for page, sids in by_page.items()]
