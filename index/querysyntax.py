"""Filters as query text. Every filter the app offers is written into the query string the user
sees and can edit, so a search can be repeated on the command line or shared as a link."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

ENTITY_FIELDS = ("agency", "person", "org")

CHEATSHEET = """
| Write | Finds |
|---|---|
| `booking data` | pages with both words (any form: *book*, *booked*) |
| `"booking data"` | the exact phrase |
| `sheriff OR marshal` | either word |
| `contract NOT draft` | *contract* but not *draft* |
| `brightlin~` | words spelled like it (one letter off) |
| `enforc*` | words starting with *enforc* |
| `agency:ICE` | pages naming the agency under any of its names |
| `person:"R. Tolliver"` | pages naming that person (any alias) |
| `org:brightline` | pages naming that organisation |
| `amount:>1M` `amount:[500K TO 1M]` | pages with an amount of money in that range |
| `type:pdf` `type:email` | documents of that type |
| `ocr:true` | pages read by OCR (check the image) |
| `date:[2026-01-01 TO 2026-03-31]` `date:>2020` | documents dated in that range (header, dateline, effective date, file date) |
| `pagedate:[2015-07-01 TO 2015-07-31]` | pages that mention a date in that range |
| `title:minutes` | words in the title |
| `redacted:true` `exemption:b7C` `badredaction:true` | pages with redactions, citing that exemption, or with text still under a box |
| `dup:all` | every copy of a repeated page (else one hit, "also on N pages") |
| `(a OR b) agency:ice` | brackets group; words side by side must all match |
"""


@dataclass
class Filters:
    """What the filter panel picked. Entity values are names (canonical names from the facet
    list); the query parser resolves them through the alias registry."""

    agency: list[str] = field(default_factory=list)
    person: list[str] = field(default_factory=list)
    org: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    ocr: bool | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    amount_min: float | None = None
    amount_max: float | None = None

    def terms(self) -> list[str]:
        out = []
        for name in ENTITY_FIELDS:
            out.append(_any_of(name, getattr(self, name)))
        out.append(_any_of("type", self.types))
        if self.ocr is not None:
            out.append(f"ocr:{'true' if self.ocr else 'false'}")
        out.append(_range("date", _day(self.date_from), _day(self.date_to)))
        out.append(_range("amount", _number(self.amount_min), _number(self.amount_max)))
        return [t for t in out if t]


def quote(value: str) -> str:
    """A value as one query term: bare when it is a plain word, else in double quotes (the
    parser has no escape inside quotes, so a double quote in a name becomes a space)."""
    value = " ".join(value.replace('"', " ").split())
    if re.fullmatch(r"\w+", value) and value.upper() not in ("AND", "OR", "NOT", "TO"):
        return value
    return f'"{value}"'


def _any_of(fieldname: str, values: list[str]) -> str:
    terms = [f"{fieldname}:{quote(v)}" for v in dict.fromkeys(values) if v and v.strip()]
    if len(terms) > 1:
        return "(" + " OR ".join(terms) + ")"
    return terms[0] if terms else ""


def _range(fieldname: str, low: str | None, high: str | None) -> str:
    if low and high:
        return f"{fieldname}:[{low} TO {high}]"
    if low:
        return f"{fieldname}:>={low}"
    if high:
        return f"{fieldname}:<={high}"
    return ""


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _number(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else repr(float(value))


_TOP_LEVEL_OR = re.compile(r"(?<![\w\"])OR(?![\w\"])")


def build_query(text: str, filters: Filters) -> str:
    """``text`` narrowed by ``filters``. A query with OR is bracketed first, since AND binds
    tighter: ``a OR b`` narrowed to ICE must be ``(a OR b) agency:ICE``, not ``a OR (b ...)``."""
    text = " ".join((text or "").split())
    terms = filters.terms()
    if not terms:
        return text
    if text and _TOP_LEVEL_OR.search(_without_quoted(text)):
        text = f"({text})"
    return " ".join([t for t in [text] if t] + terms)


def _without_quoted(text: str) -> str:
    return re.sub(r'"[^"]*"', '""', text)


_WORD = re.compile(r'"[^"]*"|\S+')


def did_you_mean(query: str, suggestions: list[str]) -> list[str]:
    """Whole corrected queries: each suggested spelling replaces the query word it is closest
    to, so a click searches the user's query with one word fixed (filters kept)."""
    from rapidfuzz import fuzz

    tokens = _WORD.findall(query)
    out: list[str] = []
    for suggestion in suggestions:
        best, best_score = None, 0.0
        for i, token in enumerate(tokens):
            if ":" in token or token.startswith('"') or token in ("AND", "OR", "NOT"):
                continue
            score = fuzz.ratio(token.lower().strip("()"), suggestion.lower())
            if score > best_score:
                best, best_score = i, score
        if best is None:
            continue
        token = tokens[best]
        lead = token[: len(token) - len(token.lstrip("("))]
        tail = token[len(token.rstrip(")")) :]
        fixed = tokens[:best] + [lead + suggestion + tail] + tokens[best + 1 :]
        candidate = " ".join(fixed)
        if candidate != query and candidate not in out:
            out.append(candidate)
    return out
