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
    out: list[str] = []
    pos = 0
    for left, right in pairs:
        left, right = left.strip()[-40:], right.strip()[:40]
        if not left or not right:
            continue
        m = re.compile(re.escape(left) + r"([ \t]+)" + re.escape(right)).search(text, pos)
        if m is None:
            continue
        out.append(text[pos : m.start(1)])
        out.append(COLUMN_GAP)
        pos = m.end(1)
    out.append(text[pos:])
    return "".join(out)
