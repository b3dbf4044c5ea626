"""Generate the synthetic demo corpus and its ground truth (``gold.jsonl``).

Usage: ``.venv/bin/python corpus/generate.py [OUT_DIR]`` (default: this folder, overwriting).
Output is byte-identical on every run with the same reportlab, pypdfium2 and Pillow versions:
reportlab runs with ``invariant=1`` and the only randomness (scan noise) is seeded.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # keep __pycache__ out of the corpus folder

from _generator import (  # noqa: E402
    doc_agreement,
    doc_booking,
    doc_contract,
    doc_email,
    doc_foia,
    doc_minutes,
    doc_press,
)
from _generator.gold import layout_records  # noqa: E402
from _generator.render import lay_out, scanned_pdf, text_pdf  # noqa: E402

HERE = Path(__file__).resolve().parent
SCAN_SEED = 20260217
TEXT_PDFS = (
    doc_contract.build,
    doc_agreement.build,
    doc_minutes.build,
    doc_foia.build,
    doc_email.build_pdf,
)


def generate(out: Path) -> list[Path]:
    """Write every corpus file and ``gold.jsonl`` into ``out``; return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    gold: list[dict] = []

    def write(name: str, data: bytes) -> None:
        path = out / name
        path.write_bytes(data)
        written.append(path)

    for build in TEXT_PDFS:
        doc = build()
        lay = lay_out(doc)
        write(doc.filename, text_pdf(doc, lay))
        gold.extend(layout_records(doc.filename, lay))

    doc = doc_booking.build()
    lay = lay_out(doc)
    write(doc.filename, scanned_pdf(doc, lay, SCAN_SEED))
    gold.extend(layout_records(doc.filename, lay, ocr=True))

    for name, data, record in (doc_email.build_eml(), doc_press.build()):
        write(name, data)
        gold.append(record)

    lines = [json.dumps(record, ensure_ascii=False) for record in gold]
    write("gold.jsonl", ("\n".join(lines) + "\n").encode("utf-8"))
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=HERE, help="output folder")
    args = parser.parse_args(argv)
    for path in generate(args.out):
        print(f"{path.stat().st_size:>9,}  {path.name}")


if __name__ == "__main__":
    main()
