"""Amounts of money across the corpus: the largest, each with every page it is written on, the
sentence around it and the agencies named on that page; and how amounts are distributed by
order of magnitude. Currencies are never mixed: a euro amount is not compared to a dollar one
except in the ordering of the list, where each row shows its currency."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from index.store import Store

# Order-of-magnitude buckets: [10^k, 10^(k+1)).
MIN_EXPONENT, MAX_EXPONENT = 2, 8


@dataclass
class AmountMention:
    doc_id: str
    page: int
    path: str
    title: str
    start: int
    end: int
    text: str  # exactly the page text at start:end
    context: str  # exactly the page text from context_start
    context_start: int
    agencies: list[str] = field(default_factory=list)


@dataclass
class AmountGroup:
    value: float
    currency: str
    display: str
    mentions: list[AmountMention] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return len({(m.doc_id, m.page) for m in self.mentions})


@dataclass
class Bucket:
    currency: str
    label: str
    low: float
    high: float
    count: int


def _display(value: float, currency: str) -> str:
    from ingest.entities.money import format_money

    return format_money(value, currency) if currency else f"{value:,.2f}"


def _agencies(store: Store) -> dict[tuple[str, int], list[str]]:
    out: dict[tuple[str, int], set[str]] = defaultdict(set)
    for doc_id, page, name in store.db.execute(
        "SELECT DISTINCT m.doc_id, m.page, e.canonical FROM mentions m JOIN entities e "
        "ON e.id = m.entity_id WHERE e.kind = 'agency'"
    ):
        out[(doc_id, page)].add(name)
    return {k: sorted(v) for k, v in out.items()}


def largest(store: Store, limit: int = 25, currency: str | None = None) -> list[AmountGroup]:
    """The ``limit`` largest distinct amounts (by value, then currency), every mention of each."""
    from index.mentions import context_span, doc_path

    where = "AND m.currency = ?" if currency else ""
    args: tuple = (currency,) if currency else ()
    top = store.db.execute(
        "SELECT DISTINCT m.value, COALESCE(m.currency, '') FROM mentions m "
        f"WHERE m.kind = 'money' AND m.value IS NOT NULL {where} "
        "ORDER BY m.value DESC, 2 LIMIT ?",
        (*args, limit),
    ).fetchall()
    agencies = _agencies(store)
    paths: dict[str, str] = {}
    out = []
    for value, cur in top:
        group = AmountGroup(value, cur, _display(value, cur))
        seen: set[tuple] = set()
        for r in store.db.execute(
            "SELECT m.doc_id, m.page, m.start, m.end, d.title FROM mentions m JOIN documents d "
            "ON d.id = m.doc_id WHERE m.kind = 'money' AND m.value = ? "
            "AND COALESCE(m.currency, '') = ? ORDER BY m.doc_id, m.page, m.start",
            (value, cur),
        ):
            ident = (r["doc_id"], r["page"], r["start"], r["end"])
            if ident in seen:  # one span found by two methods is one mention
                continue
            seen.add(ident)
            text = store.page_text(r["doc_id"], r["page"]) or ""
            cs, ce = context_span(text, r["start"], r["end"], 100)
            if r["doc_id"] not in paths:
                paths[r["doc_id"]] = doc_path(store, r["doc_id"])
            group.mentions.append(
                AmountMention(
                    doc_id=r["doc_id"],
                    page=r["page"],
                    path=paths[r["doc_id"]],
                    title=r["title"] or "",
                    start=r["start"],
                    end=r["end"],
                    text=text[r["start"] : r["end"]],
                    context=text[cs:ce],
                    context_start=cs,
                    agencies=agencies.get((r["doc_id"], r["page"]), []),
                )
            )
        group.mentions.sort(key=lambda m: (m.path, m.page, m.start))
        out.append(group)
    return out


def bucket_label(exponent: int, currency: str) -> str:
    def short(v: float) -> str:
        for div, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
            if v >= div:
                return f"{v / div:g}{suffix}"
        return f"{v:g}"

    low, high = 10.0**exponent, 10.0 ** (exponent + 1)
    cur = currency or "?"
    if exponent < MIN_EXPONENT:
        return f"{cur} < {short(10.0**MIN_EXPONENT)}"
    if exponent > MAX_EXPONENT:
        return f"{cur} ≥ {short(10.0 ** (MAX_EXPONENT + 1))}"
    return f"{cur} {short(low)}–{short(high)}"


def distribution(store: Store) -> list[Bucket]:
    """Distinct money mentions per currency and order of magnitude (below 100 in one bucket,
    1 billion and up in another). Negative amounts (credits) count by their size."""
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for value, cur in store.db.execute(
        "SELECT MAX(value), COALESCE(currency, '') FROM mentions WHERE kind = 'money' "
        "AND value IS NOT NULL GROUP BY doc_id, page, start, end"
    ):
        size = abs(value)
        exponent = math.floor(math.log10(size)) if size > 0 else MIN_EXPONENT - 1
        exponent = max(MIN_EXPONENT - 1, min(MAX_EXPONENT + 1, exponent))
        counts[(cur, exponent)] += 1
    out = []
    for cur in sorted({c for c, _ in counts}):
        for exponent in range(MIN_EXPONENT - 1, MAX_EXPONENT + 2):
            n = counts.get((cur, exponent), 0)
            low = 0.0 if exponent < MIN_EXPONENT else 10.0**exponent
            high = math.inf if exponent > MAX_EXPONENT else 10.0 ** (exponent + 1)
            out.append(Bucket(cur, bucket_label(exponent, cur), low, high, n))
    return out
