"""Inline markup that carries the ground truth inside the text that gets typeset.

Tags (no nesting except inside ``{Q:...}``)::

    {P:okafor|Sheriff Okafor}     person, key into cast.PEOPLE, then the surface text
    {P:okafor}                    person, surface = canonical name
    {A:ice|ICE}   {O:brightline}  agency / company, same forms
    {M:-12500|(12,500.00)}        money, the value first
    {Q:...}                       a distinctive phrase for search tests; may contain tags

A ``¬`` inside a word forces a line break there with a hyphen ("notifi¬cation"), so the
hyphen-joining code paths are exercised at known places. Because the same parsed pieces are
typeset and collected into ``gold.jsonl``, the gold cannot drift from the documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cast import REGISTRIES, bare_names

HYPHEN_BREAK = "¬"
KINDS = {"P": "person", "A": "agency", "O": "org", "M": "money", "Q": "phrase"}
_BARE = re.compile(r"\b(" + "|".join(sorted(bare_names())) + r")\b")


@dataclass(frozen=True)
class Span:
    id: int
    kind: str
    key: str  # cast key, money value as text, or "" for phrases


@dataclass(frozen=True)
class Piece:
    text: str
    spans: tuple[int, ...]


@dataclass
class SpanTable:
    """All spans of one document, numbered in source order (which is reading order)."""

    spans: list[Span] = field(default_factory=list)
    texts: dict[int, str] = field(default_factory=dict)

    def new(self, kind: str, key: str) -> int:
        if kind in REGISTRIES and key not in REGISTRIES[kind]:
            raise KeyError(f"unknown {kind} key {key!r}")
        if kind == "money":
            float(key)  # fail at generation time, not in the gold consumer
        self.spans.append(Span(len(self.spans), kind, key))
        return len(self.spans) - 1


def _default_surface(kind: str, key: str) -> str:
    if kind in REGISTRIES:
        return REGISTRIES[kind][key]
    raise ValueError(f"{kind} tag {key!r} needs an explicit surface")


def parse(src: str, table: SpanTable) -> list[Piece]:
    pieces: list[Piece] = []
    open_phrases: list[int] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            pieces.append(Piece("".join(buf), tuple(open_phrases)))
            buf.clear()

    i = 0
    while i < len(src):
        ch = src[i]
        if ch == "{":
            flush()
            kind = KINDS[src[i + 1]]
            if src[i + 2] != ":":
                raise ValueError(f"bad tag at {src[i : i + 20]!r}")
            if kind == "phrase":
                open_phrases.append(table.new("phrase", ""))
                i += 3
                continue
            end = src.index("}", i)
            key, _, surface = src[i + 3 : end].partition("|")
            if "{" in surface:
                raise ValueError(f"nested tag in {src[i:end]!r}")
            surface = surface or _default_surface(kind, key)
            sid = table.new(kind, key)
            pieces.append(Piece(surface, (*open_phrases, sid)))
            i = end + 1
        elif ch == "}":
            flush()
            if not open_phrases:
                raise ValueError(f"unbalanced '}}' in {src!r}")
            open_phrases.pop()
            i += 1
        else:
            buf.append(ch)
            i += 1
    flush()
    if open_phrases:
        raise ValueError(f"unclosed phrase in {src!r}")
    for piece in pieces:
        entity = any(table.spans[sid].kind != "phrase" for sid in piece.spans)
        if not entity:
            check_untagged(piece.text)
        for sid in piece.spans:
            table.texts[sid] = table.texts.get(sid, "") + piece.text
    return pieces


def check_untagged(text: str) -> None:
    found = _BARE.search(text.replace(HYPHEN_BREAK, ""))
    if found:
        raise ValueError(f"untagged cast name {found.group()!r} in {text!r}")


def span_text(table: SpanTable, sid: int) -> str:
    """A span's text with forced hyphens joined and whitespace collapsed."""
    return " ".join(table.texts[sid].replace(HYPHEN_BREAK, "").split())


def plain(pieces: list[Piece]) -> str:
    """The text as a reader sees it once line-break hyphens are joined."""
    return "".join(p.text for p in pieces).replace(HYPHEN_BREAK, "")


def strip_phrases(src: str) -> str:
    """Markup with phrase tags removed but entity tags kept, for quoted copies of text
    (an email reply quoting the message before it names the same people again, but its
    phrases should stay unique to the page where they were written)."""
    out: list[str] = []
    depth_stack: list[bool] = []  # True for a phrase opener, False for an entity tag
    i = 0
    while i < len(src):
        if src.startswith("{Q:", i):
            depth_stack.append(True)
            i += 3
        elif src[i] == "{":
            depth_stack.append(False)
            out.append("{")
            i += 1
        elif src[i] == "}":
            if not depth_stack.pop():
                out.append("}")
            i += 1
        else:
            out.append(src[i])
            i += 1
    return "".join(out)
