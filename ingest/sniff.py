"""Decide what a file is from its content, not its name: obtained files are often mislabelled."""

from __future__ import annotations

import zipfile
from pathlib import Path

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
        head = fh.read(8192)
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
    if suffix in {".csv", ".tsv"} and _looks_delimited(lines):
        return "csv"
    return "text"


def _looks_delimited(lines: list[str]) -> bool:
    for sep in (",", "\t", "|", ";"):
        counts = {ln.count(sep) for ln in lines[:6]}
        if len(counts) == 1 and counts.pop() >= 1:
            return True
    return False
