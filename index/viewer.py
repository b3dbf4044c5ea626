"""A page as an image with its hits boxed: PDFs rendered with pypdfium2, image documents from the
stored file, boxes from pdfplumber character positions (text pages) or the OCR word boxes kept
at ingest (scanned pages), drawn with Pillow.

Hits are character spans of the stored page text (what :func:`index.search.term_spans` and
mentions give). That text is normalised (NFKC, hyphenation joined), so it is aligned to the
positioned characters by their letters and digits only, in order; a span maps to the positioned
pieces its letters came from.
"""

from __future__ import annotations

import io
import json
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from PIL import Image, ImageDraw

from index.store import Store

DEFAULT_WIDTH = 1000
BOX_COLOR = (230, 0, 0)
FILL = (255, 230, 0, 70)
# Pages with more letters than this are not aligned (quadratic worst case); text is still shown.
MAX_ALIGN_CHARS = 200_000
# Letters in a row needed to match text away from where the first, in-order pass put things.
MIN_RUN = 3


@dataclass(frozen=True)
class Box:
    x0: float
    top: float
    x1: float
    bottom: float

    def scaled(self, sx: float, sy: float, dx: float = 0.0, dy: float = 0.0) -> Box:
        return Box(
            (self.x0 - dx) * sx, (self.top - dy) * sy, (self.x1 - dx) * sx, (self.bottom - dy) * sy
        )

    def union(self, other: Box) -> Box:
        return Box(
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )


@dataclass(frozen=True)
class Unit:
    """A positioned piece of a page: one character of a text layer, or one OCR word."""

    text: str
    box: Box


@dataclass
class PageImage:
    png: bytes | None  # None when the document has no page image (text, email, office files)
    width: int = 0
    height: int = 0
    boxes: list[Box] | None = None  # in image pixels
    note: str = ""  # why there is no image, or no boxes


def _letters(text: str) -> list[tuple[str, int]]:
    """The letters and digits of ``text``, lowercased, with the index each came from."""
    out = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            if c.isalnum():
                low = c.lower()
                out.append((low if len(low) == 1 else c, i))
    return out


def align(text: str, units: list[Unit]) -> dict[int, int]:
    """Character index in ``text`` -> index of the unit it was printed by, for the letters and
    digits the two agree on. Characters not matched are absent.

    First in order (longest common runs); then text the first pass left unmatched is looked for
    anywhere among the unused units, because the stored text and the page's drawing order can
    list blocks differently (columns, turned pages). Runs shorter than :data:`MIN_RUN` letters
    are never matched out of place: a stray letter must not be boxed somewhere else."""
    a = _letters(text)
    b = [(c, u) for u, unit in enumerate(units) for c, _ in _letters(unit.text)]
    if not a or not b or max(len(a), len(b)) > MAX_ALIGN_CHARS:
        return {}
    astr, bstr = "".join(c for c, _ in a), "".join(c for c, _ in b)
    pairs: dict[int, int] = {}  # position in astr -> position in bstr
    for block in SequenceMatcher(None, astr, bstr, False).get_matching_blocks():
        if block.size >= MIN_RUN or block.size == len(astr):
            pairs.update({block.a + k: block.b + k for k in range(block.size)})
    _match_moved_runs(a, astr, bstr, pairs)
    return {a[i][1]: b[j][1] for i, j in pairs.items()}


def _match_moved_runs(a: list, astr: str, bstr: str, pairs: dict[int, int]) -> None:
    free = list(bstr)
    for j in pairs.values():
        free[j] = "\0"
    for run in _unmatched_runs(a, pairs):
        # the whole run first (a moved block), else word by word
        pieces = [run] if _place(run, astr, free, pairs) else _words(a, run)
        for piece in pieces:
            if piece != run:
                _place(piece, astr, free, pairs)


def _place(run: range, astr: str, free: list[str], pairs: dict[int, int]) -> bool:
    if len(run) < MIN_RUN:
        return False
    j = "".join(free).find(astr[run.start : run.stop])
    if j < 0:
        return False
    for k, i in enumerate(run):
        pairs[i] = j + k
        free[j + k] = "\0"
    return True


def _unmatched_runs(a: list, pairs: dict[int, int]) -> list[range]:
    runs, start = [], None
    for i in range(len(a) + 1):
        if i < len(a) and i not in pairs:
            start = i if start is None else start
        elif start is not None:
            runs.append(range(start, i))
            start = None
    return runs


def _words(a: list, run: range) -> list[range]:
    """``run`` cut where the text has a gap (a space or punctuation) between two letters."""
    out, start = [], run.start
    for i in range(run.start + 1, run.stop):
        if a[i][1] - a[i - 1][1] > 1:
            out.append(range(start, i))
            start = i
    out.append(range(start, run.stop))
    return out


def span_boxes(
    text: str, units: list[Unit], spans: list[tuple[int, int]], mapping: dict | None = None
) -> list[Box]:
    """One box per line each span covers, in the units' coordinates."""
    mapping = align(text, units) if mapping is None else mapping
    boxes: list[Box] = []
    for start, end in spans:
        current: Box | None = None
        seen: set[int] = set()
        for i in range(start, end):
            u = mapping.get(i)
            if u is None or u in seen:
                continue
            seen.add(u)
            box = units[u].box
            if current is not None and _same_line(current, box):
                current = current.union(box)
                continue
            if current is not None:
                boxes.append(current)
            current = box
        if current is not None:
            boxes.append(current)
    return boxes


def _same_line(a: Box, b: Box) -> bool:
    """Whether ``b`` continues the line of ``a``: across (overlapping heights) or, on a turned
    page, down (overlapping widths)."""
    across = min(a.bottom, b.bottom) - max(a.top, b.top)
    if across > 0.5 * min(a.bottom - a.top, b.bottom - b.top):
        return True
    down = min(a.x1, b.x1) - max(a.x0, b.x0)
    return down > 0.5 * min(a.x1 - a.x0, b.x1 - b.x0) and _touching(a, b)


def _touching(a: Box, b: Box) -> bool:
    """Vertically adjacent within a line height (not a character of the next column line)."""
    gap = max(a.top, b.top) - min(a.bottom, b.bottom)
    return gap < 0.5 * max(a.bottom - a.top, b.bottom - b.top, 1.0)


def pdf_char_units(path: Path, page: int) -> tuple[list[Unit], Box]:
    """pdfplumber's characters of a page, in content-stream order (the order pypdfium2 reads
    text in), with the crop box they are measured against (top-left origin, points)."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        p = pdf.pages[page - 1]
        crop = Box(*p.cropbox)
        units = [
            Unit(c["text"], Box(c["x0"], c["top"], c["x1"], c["bottom"]))
            for c in p.chars
            if c.get("text", "").strip()
        ]
    return units, crop


def word_units(words: list) -> list[Unit]:
    """Stored OCR word boxes ([text, x0, top, x1, bottom, conf] or dicts) as units."""
    out = []
    for w in words or []:
        if isinstance(w, dict):
            out.append(Unit(w["text"], Box(w["x0"], w["top"], w["x1"], w["bottom"])))
        else:
            out.append(Unit(str(w[0]), Box(*(float(v) for v in w[1:5]))))
    return out


def render_pdf_page(path: Path, page: int, width: int = DEFAULT_WIDTH) -> Image.Image:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        p = pdf[page - 1]
        try:
            scale = width / p.get_width()
            return p.render(scale=scale).to_pil().convert("RGB")
        finally:
            p.close()
    finally:
        pdf.close()


def render_image_page(path: Path, page: int, width: int = DEFAULT_WIDTH) -> Image.Image:
    from PIL import ImageOps

    from ingest.extractors.image import open_image

    with open_image(path) as image:
        if page > 1:
            image.seek(page - 1)
        frame = ImageOps.exif_transpose(image).convert("RGB")
    height = max(1, round(frame.height * width / frame.width))
    return frame.resize((width, height), Image.Resampling.LANCZOS)


def draw_boxes(image: Image.Image, boxes: list[Box], pad: float = 2.0) -> Image.Image:
    """A copy of ``image`` with each box shaded and outlined in red."""
    out = image.convert("RGBA")
    layer = Image.new("RGBA", out.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for b in boxes:
        rect = [b.x0 - pad, b.top - pad, b.x1 + pad, b.bottom + pad]
        draw.rectangle(rect, fill=FILL, outline=BOX_COLOR + (255,), width=3)
    return Image.alpha_composite(out, layer).convert("RGB")


def page_image(
    data_dir: Path, doc_id: str, page: int, spans: list[tuple[int, int]], width: int = DEFAULT_WIDTH
) -> PageImage:
    """The page rendered ``width`` pixels wide with ``spans`` of its text boxed."""
    from index.document import source_file

    with Store(data_dir) as store:
        doc = store.document(doc_id)
        row = store.page(doc_id, page)
        if doc is None or row is None:
            return PageImage(None, note="no such page")
        path, why = source_file(store, doc_id)
    doctype = doc["doctype"]
    if doctype not in ("pdf", "image"):
        return PageImage(None, note="this document type has no page image: its text is below")
    if path is None:
        return PageImage(None, note=why)
    try:
        if doctype == "pdf":
            image = render_pdf_page(path, page, width)
        else:
            image = render_image_page(path, page, width)
    except Exception as err:  # a file that rendered at ingest but not now: say so, show text
        return PageImage(None, note=f"cannot render the page: {err}")
    boxes, note = _boxes(path, doctype, row, image, spans)
    shown = draw_boxes(image, boxes) if boxes else image
    buf = io.BytesIO()
    shown.save(buf, format="PNG", optimize=False)
    return PageImage(buf.getvalue(), image.width, image.height, boxes, note)


def _boxes(path: Path, doctype: str, row, image: Image.Image, spans) -> tuple[list[Box], str]:
    if not spans:
        return [], ""
    text = row["text"]
    if row["words"]:
        units = word_units(json.loads(row["words"]))
        width, height = row["width"] or image.width, row["height"] or image.height
        sx, sy = image.width / width, image.height / height
        found = span_boxes(text, units, spans)
        return [b.scaled(sx, sy) for b in found], "" if found else "hits not located on the image"
    if doctype != "pdf":
        return [], "no word positions stored for this page"
    try:
        units, crop = pdf_char_units(path, int(row["page"]))
    except Exception as err:
        return [], f"cannot read word positions: {err}"
    sx = image.width / max(1e-6, crop.x1 - crop.x0)
    sy = image.height / max(1e-6, crop.bottom - crop.top)
    found = span_boxes(text, units, spans)
    boxes = [b.scaled(sx, sy, crop.x0, crop.top) for b in found]
    return boxes, "" if boxes else "hits not located on the image"
