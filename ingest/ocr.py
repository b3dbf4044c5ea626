"""OCR with the Tesseract command-line program (Debian ``tesseract-ocr``).

We call the binary rather than a Python wrapper: it is one subprocess per page, its TSV output
gives words, boxes and confidences, and a missing binary is easy to explain to the user.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass

from ingest.records import Word

INSTALL_HINT = "install Tesseract: sudo apt-get install tesseract-ocr (macOS: brew install tesseract)"
# Tesseract's OpenMP threads make one page ~8x slower on a 2-core machine (measured 14.8 s vs
# 1.8 s); we parallelise across pages and files instead.
_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}
# Below this mean word confidence we ask Tesseract whether the page is turned.
_LOW_CONFIDENCE = 60.0


@dataclass
class OcrResult:
    text: str
    confidence: float | None
    words: list[Word]
    rotated: int = 0


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


def ocr_image(image, lang: str = "eng", scale: float = 1.0) -> OcrResult:
    """OCR a PIL image. Word boxes are divided by ``scale`` so they come back in the units the
    caller rendered from (PDF points)."""
    if not available():
        raise RuntimeError(f"OCR needs Tesseract, which is not installed: {INSTALL_HINT}")
    image = image.convert("L")
    result = _recognise(image, lang, scale, 0)
    if result.confidence is None or result.confidence < _LOW_CONFIDENCE:
        try:
            rotation = _osd_rotation(_png(image))
        except subprocess.TimeoutExpired:
            rotation = 0
        if rotation:
            # Tesseract reports the clockwise rotation that makes the page upright.
            turned = _recognise(image.rotate(-rotation, expand=True), lang, scale, rotation)
            if (turned.confidence or 0) > (result.confidence or 0):
                result = turned
    return result


def _png(image) -> bytes:
    from io import BytesIO

    buf = BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def _recognise(image, lang: str, scale: float, rotation: int) -> OcrResult:
    proc = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", lang, "--psm", "3", "tsv"],
        input=_png(image),
        capture_output=True,
        timeout=600,
        env=_ENV,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"tesseract failed: {proc.stderr.decode(errors='replace')[:200]}")
    return _parse_tsv(proc.stdout.decode("utf-8", errors="replace"), scale, rotation)


def _parse_tsv(tsv: str, scale: float, rotation: int) -> OcrResult:
    words: list[Word] = []
    lines: list[str] = []
    current_key = None
    current: list[str] = []
    last_block = None
    confs: list[float] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        if not text:
            continue
        block, par, line = cols[2], cols[3], cols[4]
        key = (block, par, line)
        if key != current_key:
            if current:
                lines.append(" ".join(current))
            if last_block is not None and (block, par) != last_block:
                lines.append("")
            current, current_key, last_block = [], key, (block, par)
        current.append(text)
        left, top, width, height = (float(c) for c in cols[6:10])
        conf = float(cols[10])
        if conf >= 0:
            confs.append(conf)
        words.append(
            Word(
                text=text,
                x0=left / scale,
                top=top / scale,
                x1=(left + width) / scale,
                bottom=(top + height) / scale,
                conf=conf,
            )
        )
    if current:
        lines.append(" ".join(current))
    confidence = round(sum(confs) / len(confs), 1) if confs else None
    return OcrResult("\n".join(lines), confidence, words, rotation)
