"""Reading a page's word positions: text blocks side by side on one line stay apart.

A city letterhead sets the mayor's name on the left, the department in the middle and an
official's name on the right, all on one baseline. Text extraction (pdfium, Tesseract) reads that
as one line with single spaces, and the entity rules then see "<Mayor> Department of Police" as
one agency name. Where the horizontal gap between two runs of text on a line is several times the
line's height, the runs are separate blocks: the gap becomes :data:`COLUMN_GAP`, which the tagger's
preparation (:mod:`ingest.entities.prep`) treats as a segment break and a reader sees as space.
"""

from __future__ import annotations

import re

# A tab, not a run of spaces: spaces keep a fixed-width layout's columns aligned (the money
# finder reads such tables by position), a tab only says "another block starts here".
COLUMN_GAP = "\t"
# Word spacing is a third to a half of the text height, justified lines stretch it to about
# one height; table columns and letterhead blocks sit several heights apart.
GAP_HEIGHTS = 2.5


def wide_gap(left_x1: float, right_x0: float, height: float) -> bool:
    """Is the space between a run ending at ``left_x1`` and one starting at ``right_x0`` a
    block break for text ``height`` high?"""
    return height > 0 and right_x0 - left_x1 > GAP_HEIGHTS * height


def same_line(a_low: float, a_high: float, b_low: float, b_high: float) -> bool:
    """Do two vertical extents overlap by at least half of the smaller one?"""
    overlap = min(a_high, b_high) - max(a_low, b_low)
    return overlap > 0.5 * min(a_high - a_low, b_high - b_low)


def pdf_block_pairs(textpage) -> list[tuple[str, str]]:
    """(left text, right text) of each pair of neighbouring text runs on one line of a pdfium
    text page with a block-wide gap between them, in reading order."""
    count = textpage.count_rects()
    rects = [textpage.get_rect(i) for i in range(count)]  # left, bottom, right, top
    pairs = []
    for a, b in zip(rects, rects[1:], strict=False):
        if not same_line(a[1], a[3], b[1], b[3]):
            continue
        if wide_gap(a[2], b[0], max(a[3] - a[1], b[3] - b[1])):
            pairs.append((textpage.get_text_bounded(*a), textpage.get_text_bounded(*b)))
    return pairs


def widen_gaps(text: str, pairs: list[tuple[str, str]]) -> str:
    """``text`` with the single space between each (left, right) pair, found in order,
    replaced by :data:`COLUMN_GAP`. A pair not found as written (the run's text differs from
    the page text's) is left alone: the page reads as before."""
    found = [(a.strip()[-40:], b.strip()[:40], COLUMN_GAP) for a, b in pairs]
    return _replace_between(text, [p for p in found if p[0] and p[1]], r"([ \t]+)")


def _replace_between(text: str, pairs: list[tuple[str, str, str]], gap: str) -> str:
    """``text`` with the ``gap`` (a regex with one group) between each (left, right,
    replacement) pair, found in order, replaced; a pair not found is skipped."""
    out: list[str] = []
    pos = 0
    for left, right, replacement in pairs:
        m = re.compile(re.escape(left) + gap + re.escape(right)).search(text, pos)
        if m is None:
            continue
        out.append(text[pos : m.start(1)])
        out.append(replacement)
        pos = m.end(1)
    out.append(text[pos:])
    return "".join(out)


# A table's wrapped cell: pdfium gives its lines one after another ("CACERES-" / "Maradiaga," /
# "Vicente", "Adelanto" / "Correctional" / "Facility, CA"), which the tagger then reads as
# separate lines. A line of a cell continues on the next when the next run starts right below
# the cell's start, the row holds other cells beside it, and the break splits a word or a name:
# the line ends in a hyphen or a comma, or the next starts in lower case or with a word that
# continues the name of an institution. A name over a title in a letterhead ("Brandon Jeffers" /
# "Mayor") and a signature block stay apart.
_CONTINUING_WORDS = frozenset(
    [
        "correctional",
        "detention",
        "facility",
        "center",
        "centre",
        "complex",
        "processing",
        "service",
        "services",
        "department",
        "office",
        "jail",
        "hospital",
        "medical",
        "community",
        "regional",
        "memorial",
        "health",
        "contract",
        "federal",
        "police",
        "sheriff",
        "sheriff's",
        "court",
        "corrections",
        "enforcement",
        "security",
        "administration",
        "authority",
        "bureau",
        "division",
    ]
)
_WINDOW = 40
# A cell's line is narrower than this share of the page; prose columns are wider.
_CELL_SHARE = 0.3


def _reading_box(
    rect: tuple[float, float, float, float], rotation: int, width: float, height: float
) -> tuple[float, float, float, float]:
    """(start, end) along the reading direction and (top, bottom) down the page of a pdfium
    rect (left, bottom, right, top in unrotated page space), for a page shown rotated."""
    left, bottom, right, top = rect
    if rotation == 90:
        return bottom, top, left, right
    if rotation == 180:
        return width - right, width - left, bottom, top
    if rotation == 270:
        return height - top, height - bottom, width - right, width - left
    return left, right, height - top, height - bottom


def pdf_cell_wraps(
    textpage, rotation: int, width: float, height: float
) -> list[tuple[str, str, str]]:
    """(end of a cell's line, start of its next line, joiner) for each wrapped table cell line
    of a pdfium text page, in reading order; the joiner is "" after a hyphen, else a space."""
    count = textpage.count_rects()
    if count < 2:
        return []
    raw = [textpage.get_rect(i) for i in range(count)]
    across = height if rotation in (90, 270) else width
    boxes = [_reading_box(r, rotation, width, height) for r in raw]
    out = []
    carried: dict[int, str] = {}  # run index -> the text of its cell on the lines above

    def cell_text(first: int, last: int) -> str:
        # "Joseph, Jean Carlos" / "Alfonso": a name written "Surname, Given" runs on.
        return "".join(textpage.get_text_bounded(*raw[k]) for k in range(first, last + 1))

    for i in range(count - 1):
        a, b = boxes[i], boxes[i + 1]
        start = i  # where this cell's line starts: runs before it on its line, no wide gap
        while (
            start > 0
            and same_line(boxes[start - 1][2], boxes[start - 1][3], a[2], a[3])
            and not wide_gap(boxes[start - 1][1], boxes[start][0], a[3] - a[2])
        ):
            start -= 1
        # A hyphen's own box is a sliver: the line's height is its tallest run's.
        top = min(boxes[k][2] for k in range(start, i + 1))
        bottom = max(boxes[k][3] for k in range(start, i + 1))
        line_h = bottom - top
        if line_h <= 0 or not (top + 0.5 * line_h < b[2] < bottom + 1.2 * line_h):
            continue  # the next run is not on the next line down
        # The cell starts at the run the next line is aligned with ("2 " / "LINDQVIST, Emil"
        # over "Anders": the row number is a cell of its own).
        aligned = [
            k for k in range(start, i + 1) if abs(b[0] - boxes[k][0]) <= max(3.0, 0.5 * line_h)
        ]
        if not aligned:
            continue
        start = aligned[0]
        cell_l, cell_r = boxes[start][0], a[1]
        if cell_r - cell_l > _CELL_SHARE * across:
            continue  # a column of prose, not a cell
        # Other cells of the row: text overlapping these lines' band, a column gap away.
        beside = any(
            boxes[k][2] < b[3]
            and top < boxes[k][3]
            and (wide_gap(boxes[k][1], cell_l, line_h) or wide_gap(cell_r, boxes[k][0], line_h))
            for k in range(max(0, i - _WINDOW), min(count, i + _WINDOW))
        )
        if not beside:
            continue
        upper = textpage.get_text_bounded(*raw[i])
        lower = textpage.get_text_bounded(*raw[i + 1])
        tail, head = upper.rstrip(), lower.lstrip()
        if not tail or not head:
            continue
        words = head.split()
        if len(words) == 1 and i + 2 < count and same_line(b[2], b[3], *boxes[i + 2][2:]):
            words += textpage.get_text_bounded(*raw[i + 2]).split()[:1]
        first = words[0].strip(",.;:").lower()
        if len(words) > 1 and words[1].lower() in {"of", "for"}:
            first = ""  # "Office of Public Affairs" starts a name of its own
        if tail[-1] in "-\u2010\u2011":
            if not head[0].isupper():
                continue  # a hyphenated word: the tagger's preparation joins it
            out.append((tail, head, ""))  # a double surname: "CACERES-" / "Maradiaga,"
        elif (
            tail[-1] == ","
            or head[0].islower()
            or first in _CONTINUING_WORDS
            or (", " in carried.get(start, "") + cell_text(start, i) and head[0].isupper())
        ):
            out.append((tail, head, " "))
        else:
            continue
        carried[i + 1] = carried.get(start, "") + cell_text(start, i) + out[-1][2]
    return out


def join_wraps(text: str, wraps: list[tuple[str, str, str]]) -> str:
    """``text`` with the line break between each (upper, lower) pair, found in order, replaced
    by the pair's joiner. A pair not found as written is left alone."""
    pairs = [(upper[-40:], lower[:40], joiner) for upper, lower, joiner in wraps]
    return _replace_between(text, pairs, r"([ \t]*(?:\r\n|\r|\n)[ \t]*)")
