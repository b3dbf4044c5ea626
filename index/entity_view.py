"""An entity's page: every mention grouped by document (none dropped), its aliases, the entities
named on the same pages, and a timeline of mentions by document date where documents have one."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from index.connections import Edge, Node, neighbours
from index.dates import DocDate, document_date
from index.mentions import MentionRow, list_mentions
from index.store import Store
from index.timeline import dates_on_pages


@dataclass
class DocMentions:
    doc_id: str
    path: str
    title: str
    date: DocDate | None
    mentions: list[MentionRow] = field(default_factory=list)

    @property
    def pages(self) -> list[int]:
        return sorted({m.page for m in self.mentions})


@dataclass
class TimelinePoint:
    day: dt.date
    source: str  # what the date is: "sent", "PDF created", ...
    documents: int
    mentions: int


@dataclass
class EntityPage:
    entity_id: int
    kind: str
    name: str
    aliases: list[tuple[str, str]]  # (alias, source)
    documents: list[DocMentions]
    co_occurring: list[tuple[Node, Edge]]
    timeline: list[TimelinePoint]
    undated_documents: int
    # Dates written on the pages that name the entity: ISO date -> how often, oldest first.
    page_dates: list[tuple[str, int]] = field(default_factory=list)

    @property
    def mention_count(self) -> int:
        return sum(len(d.mentions) for d in self.documents)

    @property
    def page_count(self) -> int:
        return sum(len(d.pages) for d in self.documents)


def entity_page(store: Store, entity_id: int) -> EntityPage | None:
    row = store.db.execute(
        "SELECT id, kind, canonical FROM entities WHERE id = ?", (entity_id,)
    ).fetchone()
    if row is None:
        return None
    aliases = [
        (a, s)
        for a, s in store.db.execute(
            "SELECT alias, source FROM aliases WHERE entity_id = ? ORDER BY alias", (entity_id,)
        )
        if a != row["canonical"]
    ]
    groups: dict[str, DocMentions] = {}
    for m in list_mentions(store, entity_id):
        group = groups.get(m.doc_id)
        if group is None:
            doc = store.document(m.doc_id)
            date = document_date(doc["metadata"]) if doc else None
            group = groups[m.doc_id] = DocMentions(m.doc_id, m.path, m.title, date)
        group.mentions.append(m)
    docs = list(groups.values())
    return EntityPage(
        entity_id=row["id"],
        kind=row["kind"],
        name=row["canonical"],
        aliases=aliases,
        documents=docs,
        co_occurring=neighbours(store, entity_id),
        timeline=timeline(docs),
        undated_documents=sum(1 for d in docs if d.date is None),
        page_dates=sorted(
            dates_on_pages(store, {(d.doc_id, p) for d in docs for p in d.pages}).items()
        ),
    )


def timeline(docs: list[DocMentions]) -> list[TimelinePoint]:
    """Mentions per document day (and date source), oldest first; undated documents left out."""
    mentions: Counter = Counter()
    documents: Counter = Counter()
    for d in docs:
        if d.date is None:
            continue
        key = (d.date.day, d.date.source)
        mentions[key] += len(d.mentions)
        documents[key] += 1
    return [
        TimelinePoint(day, source, documents[(day, source)], n)
        for (day, source), n in sorted(mentions.items())
    ]
