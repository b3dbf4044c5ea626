"""OCR with the Tesseract command-line program (Debian ``tesseract-ocr``).

We call the binary rather than a Python wrapper: it is one subprocess per page, its TSV output
gives words, boxes and confidences, and a missing binary is easy to explain to the user.

Before recognition a page is straightened: small skews (a sheet fed crooked into a scanner) are
measured here, turned pages (90/180/270 degrees) by Tesseract's orientation detection. Word boxes
are mapped back onto the page as given, so hit boxes land on the page the viewer shows.
"""

from __future__ import annotations

import functools
import math
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field

from ingest import layout, ocr_prep
from ingest.records import Word

INSTALL_HINT = (
    "install Tesseract: sudo apt-get install tesseract-ocr (macOS: brew install tesseract)"
)
# Tesseract's OpenMP threads make one page ~8x slower on a 2-core machine (measured 14.8 s vs
# 1.8 s); we parallelise across pages and files instead.
_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}
# Below this mean word confidence we ask Tesseract whether the page is turned.
_LOW_CONFIDENCE = 60.0
# Skews measured up to this many degrees either way; beyond it a page is turned on purpose.
MAX_SKEW = 10.0
# Below this Tesseract reads a page as well as a straightened one: not worth a resample.
MIN_SKEW = 0.3
# The skew is measured on a copy this many pixels on its longer side: lines stay apart.
_SKEW_SIZE = 1000
_MAX_INK_POINTS = 200_000
# An empty layout block at least this share of the page, and this many pixels on its shorter
# side, is read again on its own (see _recognise); kept when its words are this confident.
_RECOVER_AREA = 0.01
_RECOVER_MIN_SIDE = 40
_RECOVER_PAD = 8
_RECOVER_MIN_CONFIDENCE = 50.0


@dataclass
class OcrResult:
    text: str
    confidence: float | None
    words: list[Word]
    rotated: int = 0  # degrees clockwise the page was turned (Tesseract's orientation detection)
    deskew: float = 0.0  # degrees counter-clockwise the page was then straightened
    method: str = "gray"  # the clean-up kept (ingest.ocr_prep)
    lang: str = "eng"  # the Tesseract language(s) the text was read with
    # Every reading made, in order: (method, lang, mean word confidence).
    tries: list[tuple[str, str, float | None]] = field(default_factory=list)


def available() -> bool:
    return shutil.which("tesseract") is not None


def usable_text(text: str) -> bool:
    """Whether a PDF text layer is worth keeping. Scans often carry nothing, a few stray
    characters, or garbage such as one character per line."""
    words = re.findall(r"[^\W\d_]{2,}", text)
    if len(words) < 5:
        return False
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if lines and sum(len(ln.strip()) <= 2 for ln in lines) / len(lines) > 0.5:
        return False
    letters = sum(c.isalpha() for c in text)
    return letters / max(1, len(text.replace(" ", "").replace("\n", ""))) > 0.5


def _osd_rotation(png: bytes) -> int:
    """Degrees Tesseract's orientation detection says the page is turned (0, 90, 180, 270)."""
    proc = subprocess.run(
        ["tesseract", "stdin", "stdout", "--psm", "0"],
        input=png,
        capture_output=True,
        timeout=120,
        env=_ENV,
    )
    match = re.search(rb"Rotate: (\d+)", proc.stdout)
    return int(match.group(1)) if match else 0


def ocr_image(
    image,
    lang: str = "eng",
    scale: float = 1.0,
    retry_below: float | None = None,
    method: str | None = None,
) -> OcrResult:
    """OCR a PIL image. Word boxes are divided by ``scale`` so they come back in the units the
    caller rendered from (PDF points), on the image as given even when it was straightened.

    The page is cleaned up as :mod:`ingest.ocr_prep` judges best for it (or by ``method``),
    and its ruled tables are read row by row (``--psm 6``). When the mean word confidence is
    below ``retry_below`` (default: the ``ocr_retry_confidence`` setting; 0 never retries) the
    next-best clean-up is read too and the more confident reading kept. ``lang`` "auto"
    reads in English and, when that reading is Dutch or Spanish (``detect_language``) and the
    pack is installed, reads the page again in that language and keeps that reading."""
    if not available():
        raise RuntimeError(f"OCR needs Tesseract, which is not installed: {INSTALL_HINT}")
    image = image.convert("L")
    if retry_below is None:
        from ingest import settings

        retry_below = float(settings.get("ocr_retry_confidence"))
    plan = [method] if method else ocr_prep.methods(ocr_prep.measure(image))
    first = "eng" if lang == "auto" else lang
    result = _read_page(image, first, scale, plan[0])
    tries = [(plan[0], first, result.confidence)]
    if len(plan) > 1 and (result.confidence or 0) < retry_below:
        again = _read_page(image, first, scale, plan[1])
        tries.append((plan[1], first, again.confidence))
        if (again.confidence or 0) > (result.confidence or 0):
            result = again
    if lang == "auto":
        pack = page_language(result.text)
        if pack:
            result = _read_page(image, pack, scale, result.method)
            tries.append((result.method, pack, result.confidence))
    result.tries = tries
    return result


# Languages a first English reading may turn out to be in: detect_language's code -> the
# Tesseract pack the page is then read in (scripts/system-deps.sh installs both).
AUTO_LANGS = {"nl": "nld", "es": "spa"}


def page_language(text: str) -> str | None:
    """The Tesseract language to read a page again in, judged from a first English reading:
    a language of ``AUTO_LANGS`` whose pack is installed, or None (English stays)."""
    from ingest.entities.lang import detect_language

    pack = AUTO_LANGS.get(detect_language(text))
    return pack if pack is not None and pack in installed_langs() else None


@functools.cache
def installed_langs() -> frozenset[str]:
    """Tesseract's installed language packs (``tesseract --list-langs``), asked once."""
    try:
        proc = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=60, env=_ENV
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(ln.strip() for ln in proc.stdout.splitlines()[1:] if ln.strip())


def _read_page(image, lang: str, scale: float, method: str) -> OcrResult:
    """One reading of ``image`` cleaned up by ``method``: straightened, and turned when its
    confidence is low and Tesseract's orientation detection says it is turned."""
    prepared = ocr_prep.apply(method, image)
    result = _read(prepared, lang, scale, 0, estimate_skew(prepared))
    if result.confidence is None or result.confidence < _LOW_CONFIDENCE:
        try:
            rotation = _osd_rotation(_png(prepared))
        except subprocess.TimeoutExpired:
            rotation = 0
        if rotation:
            # Tesseract reports the clockwise rotation that makes the page upright; the skew
            # of a sideways page can only be measured once it is upright.
            skew = estimate_skew(prepared.rotate(-rotation, expand=True))
            turned = _read(prepared, lang, scale, rotation, skew)
            if (turned.confidence or 0) > (result.confidence or 0):
                result = turned
    result.method = method
    result.lang = lang
    return result


def estimate_skew(image) -> float:
    """Degrees to rotate ``image`` counter-clockwise (as PIL's ``rotate`` takes them) so that
    its text lines are level; 0.0 when under ``MIN_SKEW`` or when there are no lines to measure.

    Projection profile: ink counted per pixel row varies most (full lines, empty gaps) when the
    lines are level. Measured on a downscaled copy, coarse then fine."""
    import numpy as np
    from PIL import Image

    gray = image.convert("L")
    factor = _SKEW_SIZE / max(gray.size)
    if factor < 1:
        gray = gray.resize(
            (max(1, round(gray.width * factor)), max(1, round(gray.height * factor))),
            Image.Resampling.BOX,
        )
    pixels = np.asarray(gray)
    ink = pixels < _otsu(pixels)
    share = float(ink.mean())
    if not 0.002 < share < 0.5:
        return 0.0  # blank, or a photo / solid fill with nothing line-like to level
    rows, cols = np.nonzero(ink)
    if len(rows) > _MAX_INK_POINTS:  # an even sample keeps the profile's shape
        step = len(rows) // _MAX_INK_POINTS + 1
        rows, cols = rows[::step], cols[::step]
    # Whole-pixel centres: half-pixel offsets would round alternately up and down at 0 degrees
    # and fake a sharp profile there.
    ys, xs = rows - pixels.shape[0] // 2, cols - pixels.shape[1] // 2
    reach = int(math.hypot(*pixels.shape)) + 2

    def sharpness(angle: float) -> float:
        # The row each ink pixel lands on when the page is turned by ``angle`` (PIL's sense:
        # counter-clockwise on screen, y down); counting them is the projection profile.
        rad = math.radians(angle)
        landed = np.rint(ys * math.cos(rad) - xs * math.sin(rad)).astype(np.int64) + reach
        return float(np.bincount(landed, minlength=2 * reach).var())

    # Searched a little beyond MAX_SKEW so that a page turned further is recognised as such
    # rather than "straightened" to the edge of the range.
    span = MAX_SKEW + 2
    coarse = max(np.arange(-span, span + 0.25, 0.5), key=sharpness)
    fine = np.arange(coarse - 0.5, coarse + 0.55, 0.05)
    best = float(max(fine, key=sharpness))
    if not MIN_SKEW <= abs(best) < MAX_SKEW or sharpness(best) <= sharpness(0.0) * 1.02:
        return 0.0
    return round(best, 2)


def _otsu(pixels) -> float:
    """The grey level that best separates ink from paper (Otsu's method)."""
    import numpy as np

    hist = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    levels = np.arange(256)
    weight = np.cumsum(hist)
    mean = np.cumsum(hist * levels)
    background = total - weight
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean[-1] * weight - mean * total) ** 2 / (weight * background)
    between[~np.isfinite(between)] = 0
    return float(np.argmax(between)) + 0.5


def _affine(size: tuple[int, int], angle: float):
    """The output size and the output-to-input affine matrix of rotating an image of ``size``
    counter-clockwise by ``angle`` degrees about its centre, enlarged to keep the corners."""
    width, height = size
    rad = math.radians(angle)
    cos, sin = math.cos(rad), math.sin(rad)
    if abs(angle % 90) < 1e-9:  # exact quarter turns: no drift of a pixel from rounding
        cos, sin = round(cos), round(sin)
    new_w = math.ceil(abs(width * cos) + abs(height * sin) - 1e-9)
    new_h = math.ceil(abs(width * sin) + abs(height * cos) - 1e-9)
    # Input point = R(-angle) applied to (output point - output centre) + input centre, in
    # image coordinates (y down), where a counter-clockwise turn on screen is R(-angle).
    a, b = cos, -sin
    d, e = sin, cos
    c = width / 2 - a * new_w / 2 - b * new_h / 2
    f = height / 2 - d * new_w / 2 - e * new_h / 2
    return (new_w, new_h), (a, b, c, d, e, f)


def _read(image, lang: str, scale: float, rotation: int, skew: float) -> OcrResult:
    """Recognise ``image`` turned ``rotation`` degrees clockwise and straightened by ``skew``;
    word boxes come back on ``image`` as given."""
    from PIL import Image

    angle = skew - rotation
    if not angle:
        matrix = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)
        work = image
    else:
        size, matrix = _affine(image.size, angle)
        work = image.transform(
            size, Image.Transform.AFFINE, matrix, Image.Resampling.BICUBIC, fillcolor=255
        )
    result = _result(_recognise(work, lang))
    result.words = [_map_word(w, matrix, image.size, scale) for w in result.words]
    result.rotated = rotation
    result.deskew = skew
    return result


def _map_word(word: Word, matrix, size: tuple[int, int], scale: float) -> Word:
    a, b, c, d, e, f = matrix
    corners = [
        (word.x0, word.top),
        (word.x1, word.top),
        (word.x0, word.bottom),
        (word.x1, word.bottom),
    ]
    xs = [a * x + b * y + c for x, y in corners]
    ys = [d * x + e * y + f for x, y in corners]
    width, height = size
    return Word(
        text=word.text,
        x0=max(0.0, min(xs)) / scale,
        top=max(0.0, min(ys)) / scale,
        x1=min(float(width), max(xs)) / scale,
        bottom=min(float(height), max(ys)) / scale,
        conf=word.conf,
    )


def _png(image) -> bytes:
    from io import BytesIO

    buf = BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def _tesseract_tsv(image, lang: str, psm: int = 3) -> str:
    proc = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", lang, "--psm", str(psm), "tsv"],
        input=_png(image),
        capture_output=True,
        timeout=600,
        env=_ENV,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"tesseract failed: {proc.stderr.decode(errors='replace')[:200]}")
    return proc.stdout.decode("utf-8", errors="replace")


@dataclass
class _Block:
    """A layout block of Tesseract's page analysis, in its reading order."""

    box: tuple[float, float, float, float]  # left, top, right, bottom in pixels
    paragraphs: list[list[str]] = field(default_factory=list)  # lines of each paragraph
    words: list[Word] = field(default_factory=list)

    def shifted(self, dx: float, dy: float) -> _Block:
        left, top, right, bottom = self.box
        words = [
            Word(w.text, w.x0 + dx, w.top + dy, w.x1 + dx, w.bottom + dy, w.conf)
            for w in self.words
        ]
        return _Block((left + dx, top + dy, right + dx, bottom + dy), self.paragraphs, words)


def _recognise(image, lang: str, recover: bool = True) -> list[_Block]:
    """Tesseract's reading of ``image`` as layout blocks, word boxes in its pixels.

    Tesseract's layout analysis sometimes takes a large ruled table for a picture and returns
    that block without words (seen on a straightened scan whose crooked original it read).
    Such a block is read again on its own with its ruling lines removed; what comes back is
    kept unless it looks like the noise a real picture gives."""
    tables = ocr_prep.table_boxes(image) if recover else []
    if tables:
        # Each ruled table is read on its own, row by row (psm 6, rules removed); the rest of
        # the page without it.
        rest = image.copy()
        for box in tables:
            rest.paste(255, box)
        blocks = _parse_blocks(_tesseract_tsv(rest, lang))
        for box in tables:
            crop = ocr_prep.remove_rules(image.crop(box))
            inner = [b for b in _parse_blocks(_tesseract_tsv(crop, lang, psm=6)) if b.words]
            at = next((i for i, b in enumerate(blocks) if b.box[1] > box[1]), len(blocks))
            blocks[at:at] = [b.shifted(box[0], box[1]) for b in inner]
        return blocks
    blocks = _parse_blocks(_tesseract_tsv(image, lang))
    if not recover:
        return blocks
    page_area = image.width * image.height
    for index in range(len(blocks) - 1, -1, -1):
        left, top, right, bottom = blocks[index].box
        wide, high = right - left, bottom - top
        if blocks[index].words or wide * high < _RECOVER_AREA * page_area:
            continue
        if min(wide, high) < _RECOVER_MIN_SIDE:
            continue
        box = (
            max(0, int(left) - _RECOVER_PAD),
            max(0, int(top) - _RECOVER_PAD),
            min(image.width, int(right) + _RECOVER_PAD),
            min(image.height, int(bottom) + _RECOVER_PAD),
        )
        crop = _without_rules(image.crop(box))
        inner = [b for b in _recognise(crop, lang, recover=False) if b.words]
        if (_confidence([w for b in inner for w in b.words]) or 0) < _RECOVER_MIN_CONFIDENCE:
            continue
        del blocks[index]
        # Tesseract put the block it took for a picture anywhere in its reading order (after
        # the text below a table, say); the table's text goes before the first block below it.
        at = next((i for i, b in enumerate(blocks) if b.box[1] > top), len(blocks))
        blocks[at:at] = [b.shifted(box[0], box[1]) for b in inner]
    return blocks


def _without_rules(image):
    """``image`` with its table rules whitened: pixel rows or columns more than half dark.
    Text never darkens half a row; rules and redaction bars do (there is no text under a bar)."""
    import numpy as np
    from PIL import Image

    pixels = np.array(image.convert("L"))
    dark = pixels < _otsu(pixels)
    pixels[dark.mean(axis=1) > 0.5, :] = 255
    pixels[:, dark.mean(axis=0) > 0.5] = 255
    return Image.fromarray(pixels)


def _confidence(words: list[Word]) -> float | None:
    confs = [w.conf for w in words if w.conf is not None and w.conf >= 0]
    return round(sum(confs) / len(confs), 1) if confs else None


def _result(blocks: list[_Block]) -> OcrResult:
    paragraphs = ["\n".join(lines) for block in blocks for lines in block.paragraphs]
    words = [w for block in blocks for w in block.words]
    return OcrResult("\n\n".join(paragraphs), _confidence(words), words)


def _parse_blocks(tsv: str) -> list[_Block]:
    """Blocks of Tesseract's TSV output (level 2 rows), with their paragraphs, lines and
    words (level 5 rows), in reading order."""
    blocks: dict[str, _Block] = {}
    last: dict[str, tuple[str, str]] = {}  # the (paragraph, line) of each block's last word
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] not in ("2", "5"):
            continue
        left, top, width, height = (float(c) for c in cols[6:10])
        box = (left, top, left + width, top + height)
        if cols[0] == "2":
            blocks[cols[2]] = _Block(box)
            continue
        text = cols[11].strip()
        if not text:
            continue
        block = blocks.setdefault(cols[2], _Block(box))
        par, line = cols[3], cols[4]
        previous = last.get(cols[2])
        if previous is None or previous[0] != par:
            block.paragraphs.append([text])
        elif previous[1] != line:
            block.paragraphs[-1].append(text)
        else:
            prev = block.words[-1]
            height = max(prev.bottom - prev.top, height)
            gap = layout.COLUMN_GAP if layout.wide_gap(prev.x1, left, height) else " "
            block.paragraphs[-1][-1] += gap + text
        last[cols[2]] = (par, line)
        block.words.append(Word(text, *box, conf=float(cols[10])))
    return list(blocks.values())
