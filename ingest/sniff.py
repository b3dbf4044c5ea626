"""Decide what a file is from its content, not its name: obtained files are often mislabelled."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

# Enough for a few lines of a wide CSV export.
_HEAD = 65536
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
    (b"GIF8", "image"),
    (b"BM", "image-bmp"),
    (b"\xffWPC", "wpd"),
    (b"{\\rtf", "rtf"),
    (b"AT&TFORM", "djvu"),
    (b"!BDN", "pst"),
]
_EMAIL_HEADERS = (
    b"from:",
    b"to:",
    b"subject:",
    b"date:",
    b"received:",
    b"return-path:",
    b"message-id:",
    b"mime-version:",
    b"delivered-to:",
    b"x-",
    b"content-type:",
)


def sniff(path: Path) -> str:
    """The kind of ``path``: pdf, image, text, html, email, mbox, csv, docx, xlsx, odf, zip,
    ole (Word/Excel 97 or Outlook .msg), wpd, rtf, djvu, pst, empty or binary."""
    with open(path, "rb") as fh:
        head = fh.read(_HEAD)
    if not head:
        return "empty"
    # %PDF may follow a little junk; PDF readers accept that, so do we.
    if b"%PDF-" in head[:1024]:
        return "pdf"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return "binary" if kind == "image-bmp" else kind
    if head.startswith(_OLE):
        return "ole"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path)
    return _text_kind(path, head)


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError):
        return "zip"  # the zip extractor reports why it cannot be read
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "mimetype" in names and any(n == "content.xml" for n in names):
        return "odf"
    return "zip"


def _text_kind(path: Path, head: bytes) -> str:
    if b"\x00" in head:
        # UTF-16 text has NULs too; anything else with NULs is binary.
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "text"
        return "binary"
    sample = head.decode("utf-8", errors="replace")
    lowered = sample.lstrip().lower()
    if lowered.startswith(("<!doctype html", "<html")) or "<html" in lowered[:1000]:
        return "html"
    if sample.startswith("From ") and "\n" in sample:
        first_lines = sample.split("\n", 3)[1:3]
        if any(":" in line for line in first_lines):
            return "mbox"
    lines = [ln for ln in sample.split("\n")[:12] if ln.strip()]
    header_lines = sum(1 for ln in lines[:8] if ln.lower().encode().startswith(_EMAIL_HEADERS))
    if header_lines >= 3:
        return "email"
    suffix = path.suffix.lower()
    # The 8 KiB read may end inside a line: judge complete lines only.
    complete = sample.split("\n")[:-1] if len(head) == _HEAD else sample.split("\n")
    complete = [ln for ln in complete if ln.strip()]
    if suffix in {".csv", ".tsv", ".txt"} and len(complete) > 1 and _looks_delimited(complete):
        return "csv"
    return "text"


def _looks_delimited(lines: list[str]) -> bool:
    """Every sampled line has the same number (>= 2) of fields for one delimiter. Fields are
    counted by the csv module, so quoted separators ("Doe, Jane") do not count."""
    sample = lines[:6]
    for sep in (",", "\t", "|", ";"):
        widths = {len(row) for row in csv.reader(sample, delimiter=sep)}
        if len(widths) == 1 and widths.pop() >= 2:
            return True
    return False
