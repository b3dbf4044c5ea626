"""OCR speed for ``scripts/bench.py``: our OCR path against plain Tesseract on the same pages.

The scanned pages of an ingested benchmark corpus are rendered at 300 dpi (as the PDF extractor
renders them) and read twice over, by a pool of one process per core, each Tesseract with one
thread (``OMP_THREAD_LIMIT=1``): by plain ``tesseract --psm 3 tsv`` and by
``ingest.ocr.ocr_image`` (clean-up chosen per page, tables, retry, language check, deskew), one
after the other on each page, in alternating order. Rendering is outside the timed part. The issue's target: ours within 1.5x of plain.
"""

from __future__ import annotations

import os
import subprocess
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

DPI = 300
TARGET_RATIO = 1.5


def _render(path: str, page: int):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return pdf[page - 1].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()


def _plain(image) -> float:
    from io import BytesIO

    buf = BytesIO()
    image.save(buf, format="PNG")
    start = time.perf_counter()
    subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", "eng", "--psm", "3", "tsv"],
        input=buf.getvalue(),
        capture_output=True,
        check=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )
    return time.perf_counter() - start


def _ours(image) -> float:
    from ingest import ocr, settings

    start = time.perf_counter()
    ocr.ocr_image(image, settings.get("ocr_lang"), DPI / 72)
    return time.perf_counter() - start


def _both(job) -> tuple[float, float]:
    """Seconds of plain Tesseract and of ours on one page, in alternating order, so that a
    change in the machine's load falls on both alike."""
    path, page, index = job
    image = _render(path, page)
    if index % 2:
        ours = _ours(image)
        return _plain(image), ours
    plain = _plain(image)
    return plain, _ours(image)


def scanned_pages(data_dir: Path, sample: int) -> list[tuple[str, int]]:
    import sqlite3

    with sqlite3.connect(data_dir / "evidence.sqlite") as db:
        return db.execute(
            "SELECT MIN(x.path), p.page FROM pages p JOIN paths x ON x.doc_id = p.doc_id "
            "WHERE p.ocr = 1 GROUP BY p.doc_id, p.page ORDER BY 1, 2 LIMIT ?",
            (sample,),
        ).fetchall()


def compare(data_dir: Path, sample: int, workers: int) -> dict | None:
    """Pages per second of plain Tesseract and of ours on ``workers`` processes: pages over
    the summed seconds of the readings divided by the processes."""
    jobs = [(path, page, i) for i, (path, page) in enumerate(scanned_pages(data_dir, sample))]
    if not jobs:
        return None
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_both, jobs[:workers]))  # start the processes, load the models
        timings = list(pool.map(_both, jobs))
    out: dict = {"pages": len(jobs), "workers": workers, "dpi": DPI}
    for index, name in enumerate(("plain", "ours")):
        seconds = sum(t[index] for t in timings)
        out[f"{name}_s_per_page"] = round(seconds / len(jobs), 2)
        out[f"{name}_pages_per_s"] = round(len(jobs) * workers / seconds, 2)
    out["ratio"] = round(out["ours_s_per_page"] / out["plain_s_per_page"], 2)
    out["target_met"] = out["ratio"] <= TARGET_RATIO
    return out


if __name__ == "__main__":
    import argparse
    import json
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    parser = argparse.ArgumentParser(description="OCR speed of an ingested bench corpus")
    parser.add_argument("data", type=Path, help="the bench's data folder (bench-data/data-*)")
    parser.add_argument("--sample", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    print(json.dumps(compare(args.data, args.sample, args.workers)))
