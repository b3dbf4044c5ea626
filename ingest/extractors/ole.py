"""OLE compound files: one container format for Outlook .msg, Word 97 .doc, Excel 97 .xls,
PowerPoint .ppt and password-protected Office 2007+ files. The streams inside tell them apart;
the file name often lies.
"""

from __future__ import annotations

import struct
from pathlib import Path

from ingest.extractors.base import ExtractOptions, Extractor, register
from ingest.records import Extracted, ExtractError

_ENCRYPTED = "encrypted: needs a password"
# Word's file information block: flags at offset 0x0A, fEncrypted is bit 0x0100.
_WORD_FLAGS_OFFSET = 0x0A
_WORD_ENCRYPTED = 0x0100
# Excel BIFF records: a FILEPASS record in the workbook globals means encrypted.
_BIFF_FILEPASS = 0x002F
_BIFF_EOF = 0x000A


def ole_kind(path: Path) -> str:
    """``msg``, ``doc``, ``xls``, ``ppt``, ``encrypted``; raises ExtractError otherwise."""
    import olefile

    try:
        ole = olefile.OleFileIO(str(path))
    except OSError as err:
        raise ExtractError(f"not a readable OLE file: {err}") from err
    try:
        streams = ole.listdir(streams=True, storages=True)
        names = {entry[0] for entry in streams}
        if any(part.startswith("__substg1.0_") for entry in streams for part in entry):
            return "msg"
        if names & {"EncryptedPackage", "EncryptionInfo"}:
            return "encrypted"
        if "WordDocument" in names:
            return (
                "encrypted" if _word_encrypted(ole.openstream("WordDocument").read(64)) else "doc"
            )
        for book in ("Workbook", "Book"):
            if book in names:
                return "encrypted" if _xls_encrypted(ole.openstream(book).read(65536)) else "xls"
        if "PowerPoint Document" in names:
            return "ppt"
    finally:
        ole.close()
    listed = ", ".join(sorted(names)[:8])
    raise ExtractError(
        f"unsupported: an OLE file that is not an Office document (streams: {listed})"
    )


def _word_encrypted(fib: bytes) -> bool:
    if len(fib) < _WORD_FLAGS_OFFSET + 2:
        return False
    (flags,) = struct.unpack_from("<H", fib, _WORD_FLAGS_OFFSET)
    return bool(flags & _WORD_ENCRYPTED)


def _xls_encrypted(stream: bytes) -> bool:
    offset = 0
    while offset + 4 <= len(stream):
        record, length = struct.unpack_from("<HH", stream, offset)
        if record == _BIFF_FILEPASS:
            return True
        if record == _BIFF_EOF:
            return False
        offset += 4 + length
    return False


@register
class OleExtractor(Extractor):
    name = "ole"
    kinds = ("ole",)

    def extract(self, path: Path, options: ExtractOptions) -> Extracted:
        from ingest.extractors.email import extract_outlook
        from ingest.extractors.office import extract_via_libreoffice

        kind = ole_kind(path)
        if kind == "encrypted":
            raise ExtractError(_ENCRYPTED)
        if kind == "msg":
            return extract_outlook(path, options)
        return extract_via_libreoffice(path, kind, options)
