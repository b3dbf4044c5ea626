"""A small page-layout engine: blocks flow through frames (columns) onto pages.

We do our own line breaking rather than use reportlab's Platypus so that we know, for every
tagged span, which page and column it landed in; that is what makes ``gold.jsonl`` exact.
Anything that would not fit its frame raises instead of overflowing the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.pdfbase.pdfmetrics import stringWidth

from .markup import HYPHEN_BREAK, Piece, SpanTable, parse

PAGE_W, PAGE_H = 612.0, 792.0  # US Letter, what US agencies print on
MARGIN = 72.0
BODY_TOP = PAGE_H - 60.0
BODY_BOTTOM = 64.0
FORCED_BREAK_FILL = 0.75


@dataclass(frozen=True)
class Frame:
    x: float
    bottom: float
    width: float
    top: float


def single_column(_page: int) -> list[Frame]:
    return [Frame(MARGIN, BODY_BOTTOM, PAGE_W - 2 * MARGIN, BODY_TOP)]


def two_columns(title_height: float, gutter: float = 22.0) -> Callable[[int], list[Frame]]:
    """Two columns; page 1 first has a full-width title frame ``title_height`` tall."""
    width = (PAGE_W - 2 * MARGIN - gutter) / 2

    def frames(page: int) -> list[Frame]:
        top = BODY_TOP - title_height if page == 0 else BODY_TOP
        cols = [
            Frame(MARGIN, BODY_BOTTOM, width, top),
            Frame(MARGIN + width + gutter, BODY_BOTTOM, width, top),
        ]
        if page == 0:
            return [Frame(MARGIN, top, PAGE_W - 2 * MARGIN, BODY_TOP), *cols]
        return cols

    return frames


@dataclass(frozen=True)
class TextOp:
    x: float
    y: float
    font: str
    size: float
    text: str


@dataclass(frozen=True)
class LineOp:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.6


@dataclass(frozen=True)
class RectOp:
    x: float
    y: float
    w: float
    h: float
    fill: float | None = None  # grey level 0..1, None = outline only


Op = TextOp | LineOp | RectOp


@dataclass
class Word:
    pieces: list[Piece]
    hyphen: bool = False  # forced line break after this fragment, drawn with "-"

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    @property
    def spans(self) -> set[int]:
        return {s for p in self.pieces for s in p.spans}


def words_of(pieces: list[Piece]) -> list[Word]:
    words: list[Word] = []
    chars: list[tuple[str, tuple[int, ...]]] = []

    def close(hyphen: bool) -> None:
        if not chars:
            return
        grouped: list[Piece] = []
        for ch, spans in chars:
            if grouped and grouped[-1].spans == spans:
                grouped[-1] = Piece(grouped[-1].text + ch, spans)
            else:
                grouped.append(Piece(ch, spans))
        words.append(Word(grouped, hyphen))
        chars.clear()

    for piece in pieces:
        for ch in piece.text:
            if ch.isspace():
                close(False)
            elif ch == HYPHEN_BREAK:
                close(True)
            else:
                chars.append((ch, piece.spans))
    close(False)
    return words


def _line_text(line: list[Word]) -> str:
    return " ".join(w.text for w in line) + ("-" if line[-1].hyphen else "")


def wrap(words: list[Word], width: float, font: str, size: float) -> list[list[Word]]:
    lines: list[list[Word]] = []
    line: list[Word] = []
    for word in words:
        if line and stringWidth(_line_text([*line, word]), font, size) > width:
            lines.append(line)
            line = []
        if stringWidth(_line_text([word]), font, size) > width:
            raise ValueError(f"word wider than its column: {word.text!r}")
        line.append(word)
        if word.hyphen:
            # A forced break is meant to look like ordinary hyphenation, not a ragged stub.
            if stringWidth(_line_text(line), font, size) < FORCED_BREAK_FILL * width:
                raise ValueError(f"forced hyphen mid-line, reword: {_line_text(line)!r}")
            lines.append(line)
            line = []
    if line:
        lines.append(line)
    return lines


@dataclass
class Layout:
    frames: Callable[[int], list[Frame]]
    table: SpanTable = field(default_factory=SpanTable)
    pages: list[list[Op]] = field(default_factory=list)
    places: dict[int, set[tuple[int, int]]] = field(default_factory=dict)
    frame_index: int = 0
    y: float = 0.0

    def __post_init__(self) -> None:
        self._new_page()

    @property
    def frame(self) -> Frame:
        return self.frames(len(self.pages) - 1)[self.frame_index]

    @property
    def at_top(self) -> bool:
        return self.y >= self.frame.top

    def _new_page(self) -> None:
        self.pages.append([])
        self.frame_index = 0
        self.y = self.frame.top

    def next_frame(self) -> None:
        if self.frame_index + 1 < len(self.frames(len(self.pages) - 1)):
            self.frame_index += 1
            self.y = self.frame.top
        else:
            self._new_page()

    def new_page(self) -> None:
        self._new_page()

    def room(self) -> float:
        return self.y - self.frame.bottom

    def need(self, height: float) -> None:
        if self.room() < height - 1e-6:
            self.next_frame()
        if self.room() < height - 1e-6:
            raise ValueError(f"block of {height:.0f}pt never fits a {self.room():.0f}pt frame")

    def skip(self, height: float) -> None:
        """Vertical space that is dropped at the top of a frame."""
        if not self.at_top:
            self.y = max(self.y - height, self.frame.bottom)

    def parse(self, src: str) -> list[Piece]:
        return parse(src, self.table)

    def draw(self, op: Op) -> None:
        self.pages[-1].append(op)

    def text(self, x: float, y: float, font: str, size: float, words: list[Word]) -> None:
        text = _line_text(words)
        if x + stringWidth(text, font, size) > PAGE_W - MARGIN + 0.5 or x < MARGIN - 0.5:
            raise ValueError(f"text outside the page margins: {text!r}")
        self.draw(TextOp(x, y, font, size, text))
        for word in words:
            for sid in word.spans:
                self.places.setdefault(sid, set()).add((len(self.pages) - 1, self.frame_index))

    def pages_of(self, sid: int) -> set[int]:
        return {page for page, _ in self.places[sid]}


class Block:
    def place(self, lay: Layout) -> None:
        raise NotImplementedError


@dataclass
class Para(Block):
    src: str
    font: str = "Helvetica"
    size: float = 10.0
    leading: float = 13.0
    before: float = 0.0
    after: float = 6.0
    indent: float = 0.0
    keep_with_next: float = 0.0  # extra room wanted below the first line (headings)
    keep_together: bool = False

    def place(self, lay: Layout) -> None:
        lay.skip(self.before)
        width = lay.frame.width - self.indent
        lines = wrap(words_of(lay.parse(self.src)), width, self.font, self.size)
        if self.keep_together:
            lay.need(len(lines) * self.leading)
        else:
            lay.need(self.leading + self.keep_with_next)
        for line in lines:
            lay.need(self.leading)
            lay.text(lay.frame.x + self.indent, lay.y - self.size, self.font, self.size, line)
            lay.y -= self.leading
        lay.skip(self.after)


def Heading(src: str, size: float = 11.5, before: float = 8.0) -> Para:
    return Para(src, "Helvetica-Bold", size, size + 4, before, 3.0, keep_with_next=40.0)


@dataclass
class Lines(Block):
    """Pre-broken lines (letterheads, email headers, plain-text email bodies); never wrapped."""

    srcs: list[str]
    font: str = "Helvetica"
    size: float = 10.0
    leading: float = 13.0
    after: float = 6.0
    indent: float = 0.0
    align: str = "left"  # or "center"
    keep_together: bool = True

    def place(self, lay: Layout) -> None:
        if self.keep_together:
            lay.need(len(self.srcs) * self.leading)
        for src in self.srcs:
            lay.need(self.leading)
            words = words_of(lay.parse(src))
            if words:
                # Keep a line's own indentation (quoted code in an email body).
                lead = stringWidth(" " * (len(src) - len(src.lstrip(" "))), self.font, self.size)
                text_w = lead + stringWidth(_line_text(words), self.font, self.size)
                if text_w > lay.frame.width - self.indent:
                    raise ValueError(f"line too wide for its frame: {_line_text(words)!r}")
                x = lay.frame.x + self.indent + lead
                if self.align == "center":
                    x = lay.frame.x + (lay.frame.width - text_w) / 2
                lay.text(x, lay.y - self.size, self.font, self.size, words)
            lay.y -= self.leading
        lay.skip(self.after)


@dataclass
class Column:
    header: str
    width: float
    align: str = "left"


@dataclass
class Table(Block):
    columns: list[Column]
    rows: list[list[str]]
    size: float = 9.0
    leading: float = 11.0
    pad: float = 4.0
    after: float = 8.0

    def _row(self, lay: Layout, cells: list[str], font: str, fill: float | None) -> None:
        wrapped = [
            wrap(words_of(lay.parse(src)), col.width - 2 * self.pad, font, self.size)
            for col, src in zip(self.columns, cells, strict=True)
        ]
        height = max(len(c) for c in wrapped) * self.leading + 2 * self.pad
        lay.need(height)
        x = lay.frame.x
        for col, lines in zip(self.columns, wrapped, strict=True):
            lay.draw(RectOp(x, lay.y - height, col.width, height, fill))
            y = lay.y - self.pad - self.size
            for line in lines:
                tx = x + self.pad
                if col.align == "right":
                    text_w = stringWidth(_line_text(line), font, self.size)
                    tx = x + col.width - self.pad - text_w
                lay.text(tx, y, font, self.size, line)
                y -= self.leading
            x += col.width
        lay.y -= height

    def place(self, lay: Layout) -> None:
        if sum(c.width for c in self.columns) > lay.frame.width + 0.5:
            raise ValueError("table wider than its frame")
        self._row(lay, [c.header for c in self.columns], "Helvetica-Bold", 0.88)
        for row in self.rows:
            self._row(lay, row, "Helvetica", None)
        lay.skip(self.after)


@dataclass
class Rule(Block):
    before: float = 2.0
    after: float = 8.0

    def place(self, lay: Layout) -> None:
        lay.skip(self.before)
        lay.need(1.0)
        lay.draw(LineOp(lay.frame.x, lay.y, lay.frame.x + lay.frame.width, lay.y))
        lay.y -= self.after


@dataclass
class Spacer(Block):
    height: float

    def place(self, lay: Layout) -> None:
        lay.skip(self.height)


@dataclass
class FillTo(Block):
    """Leave room for exactly ``lines`` lines in this frame, so that the next paragraph
    runs over the column or page break at a chosen sentence."""

    lines: int
    leading: float

    def place(self, lay: Layout) -> None:
        target = lay.frame.bottom + self.lines * self.leading + self.leading / 2
        if lay.y < target:
            raise ValueError(f"FillTo({self.lines}): only {lay.room():.0f}pt left")
        lay.y = target


class FrameBreak(Block):
    def place(self, lay: Layout) -> None:
        lay.next_frame()


class PageBreak(Block):
    def place(self, lay: Layout) -> None:
        lay.new_page()


def run(blocks: list[Block], frames: Callable[[int], list[Frame]]) -> Layout:
    lay = Layout(frames)
    for block in blocks:
        block.place(lay)
    for span in lay.table.spans:
        pages = lay.pages_of(span.id) if span.id in lay.places else set()
        if len(pages) != 1:
            raise ValueError(f"span {span} is on pages {sorted(pages)}; keep it on one page")
    return lay
