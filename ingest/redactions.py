"""Redactions as data: the exemption codes a released page cites, and the black boxes on it.

Codes are normalised so that one exemption counts once however it is written: "(b)(6)",
"(b) (6)", "b6" and "Exemption 6" are ``b6``; "(b)(7)(C)", "b7C" and "Exemption 7(C)" are
``b7C``. State statutes keep their citation with spaces normalised ("5 ILCS 140/7(1)(c)",
"RCW 42.56.240"). A bare "(b)(6)" is also how contracts and statutes number clauses, so those
forms count only on a page that speaks of exemptions, withholding or redaction, that has a
redaction box, or on a line (a spreadsheet cell) holding nothing but codes; "Exemption 6" and
the state statutes count anywhere.

Boxes come from the PDF reader (filled dark rectangles, :func:`dark_boxes`); a box with text
still under it in the text layer is a bad redaction (the method of Free Law Project's x-ray).
On scans and images, solid black rectangles in the page image are boxes (:func:`scan_boxes`);
what lies under them is gone from the image, so they are never bad redactions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Filled rectangles darker than this (0-255 per channel) and at least this big are boxes.
DARK = 64
MIN_WIDTH, MIN_HEIGHT = 8.0, 5.0  # points
MAX_PAGE_SHARE = 0.9  # a page-sized dark fill is a background, not a redaction


@dataclass
class Exemption:
    start: int
    end: int
    text: str
    code: str


_LETTER = r"\(\s*([A-Fa-f])\s*\)"
_FOIA_PAREN = re.compile(rf"\(\s*b\s*\)\s*\(\s*([1-9])\s*\)(?:\s*{_LETTER})?")
_FOIA_SHORT = re.compile(r"(?<![\w(])b\s?\(?([1-9])\)?\s?\(?([A-Fa-f])?\)?(?![\w(])")
_EXEMPTION = re.compile(
    rf"\bExemptions?\s+((?:[1-9](?:\s*{_LETTER})?(?:\s*(?:,|and|or|&)\s*)?)+)", re.IGNORECASE
)
_EXEMPTION_ITEM = re.compile(rf"([1-9])(?:\s*{_LETTER})?")
_STATE = [
    re.compile(r"\b\d{1,3}\s+ILCS\s+\d+/\d+(?:\.\d+)?(?:\s*\(\s*[\w.]+\s*\))*"),
    re.compile(r"\bRCW\s+42\.56\.\d{3}(?:\s*\(\s*\w+\s*\))*"),
    re.compile(
        r"\b(?:Gov(?:ernment|'t|t)?\.?\s+Code)\s+(?:§|section|sec\.)\s*\d+(?:\.\d+)?(?:\s*\(\s*\w+\s*\))*",
        re.I,
    ),
]
_CONTEXT = re.compile(
    r"\b(?:exempt\w*|withh[eo]ld\w*|redact\w*|FOIA|Freedom of Information|552\s*\(b\))", re.I
)


def _code(number: str, letter: str | None) -> str:
    return f"b{number}{letter.upper() if letter else ''}"


def find_exemptions(text: str, boxes: int = 0) -> list[Exemption]:
    """The exemption codes cited on a page, in order. ``boxes``: redaction boxes on the page
    (they make a bare "(b)(6)" an exemption)."""
    found: list[Exemption] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, code: str) -> None:
        found.append(Exemption(start, end, text[start:end], code))

    def free(m: re.Match) -> bool:
        if any(m.start() < e and s < m.end() for s, e in taken):
            return False
        taken.append((m.start(), m.end()))
        return True

    for m in _EXEMPTION.finditer(text):
        if free(m):
            for item in _EXEMPTION_ITEM.finditer(m.group(1)):
                start = m.start(1) + item.start()
                add(start, m.start(1) + item.end(), _code(item.group(1), item.group(2)))
    for pattern in _STATE:
        for m in pattern.finditer(text):
            if free(m):
                add(m.start(), m.end(), " ".join(m.group().split()))
    context = bool(boxes or _CONTEXT.search(text))
    for pattern in (_FOIA_PAREN, _FOIA_SHORT):
        for m in pattern.finditer(text):
            if (context or _codes_only_line(text, m.start())) and free(m):
                add(m.start(), m.end(), _code(m.group(1), m.group(2)))
    return sorted(found, key=lambda e: e.start)


_LABEL = re.compile(r"^[^:\n]{1,40}:\s*")


def _codes_only_line(text: str, pos: int) -> bool:
    """A line (or a "Field: value" cell) that holds nothing but exemption codes: how a
    redacted spreadsheet cell or a stamp on a box reads."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start : len(text) if end == -1 else end]
    line = _LABEL.sub("", line, count=1)
    rest = _FOIA_SHORT.sub("", _FOIA_PAREN.sub("", line))
    return not re.search(r"\w", rest)


def is_dark(rgba: tuple[int, int, int, int]) -> bool:
    r, g, b, a = rgba
    return a > 128 and max(r, g, b) <= DARK


def box_size_ok(width: float, height: float, page_w: float, page_h: float) -> bool:
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        return False
    return not (page_w and page_h and width * height > MAX_PAGE_SHARE * page_w * page_h)


# Scans: a redaction is a solid black rectangle in the image. The page is read on a grid of
# cells about 2 points wide; a cell is solid when nearly all its pixels are dark, and a box is a
# connected run of solid cells that fills most of its bounding rectangle. Text, even bold, leaves
# most of a cell light; a photocopy's dark edge touches the border of the image.
_SCAN_DARK = 96  # 0-255 grey level
_CELL_POINTS = 2.0
_SOLID = 0.85
_FILLED = 0.85
_MIN_SCAN_WIDTH = 2 * MIN_WIDTH  # points: a scan's specks and rules are not boxes


def scan_boxes(image, scale: float) -> list[tuple[float, float, float, float]]:
    """Solid dark rectangles of a page image (a PIL image, ``scale`` pixels per point), as
    (x0, top, x1, bottom) in points from the top-left corner."""
    import numpy as np

    grey = np.asarray(image.convert("L"))
    cell = max(2, round(_CELL_POINTS * scale))
    rows, cols = grey.shape[0] // cell, grey.shape[1] // cell
    if not rows or not cols:
        return []
    dark = grey[: rows * cell, : cols * cell] < _SCAN_DARK
    share = dark.reshape(rows, cell, cols, cell).mean(axis=(1, 3))
    solid = share >= _SOLID
    if not solid.any():
        return []
    page_w, page_h = grey.shape[1] / scale, grey.shape[0] / scale
    seen = np.zeros_like(solid)
    out = []
    for r0, c0 in zip(*np.nonzero(solid), strict=True):
        if seen[r0, c0]:
            continue
        stack, cells = [(r0, c0)], []
        seen[r0, c0] = True
        while stack:
            r, c = stack.pop()
            cells.append((r, c))
            for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                if 0 <= nr < rows and 0 <= nc < cols and solid[nr, nc] and not seen[nr, nc]:
                    seen[nr, nc] = True
                    stack.append((nr, nc))
        rs = [r for r, _ in cells]
        cs = [c for _, c in cells]
        top, bottom, left, right = min(rs), max(rs) + 1, min(cs), max(cs) + 1
        if top == 0 or left == 0 or bottom == rows or right == cols:
            continue  # the scanner's or photocopier's dark edge
        if len(cells) < _FILLED * (bottom - top) * (right - left):
            continue  # a blot or a drawing, not a rectangle
        box = tuple(float(v * cell / scale) for v in (left, top, right, bottom))
        if box[2] - box[0] < _MIN_SCAN_WIDTH:
            continue
        if box_size_ok(box[2] - box[0], box[3] - box[1], page_w, page_h):
            out.append(box)
    return out
