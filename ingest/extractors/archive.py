"""Zip archives, expanded into child documents, defensively: a hostile or broken archive must not
write outside memory, fill the memory, or hide that something was left out.

Nothing is written to disk here: members become :class:`ingest.records.Child` objects, and the
pipeline processes each one (nested zips included, up to its depth limit).
"""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from ingest.extractors.base import ExtractOptions, Extractor, register
from ingest.records import Child, Extracted, ExtractError

MAX_MEMBERS = 10_000
MAX_TOTAL_BYTES = 1 << 30
MAX_RATIO = 100
RATIO_MIN_BYTES = 1 << 20  # small members compress well legitimately (a page of zeros)
_CHUNK = 1 << 16
_DRIVE = re.compile(r"^[A-Za-z]:")
# Written by macOS and Windows alongside real files; they hold no document.
_JUNK_DIRS = ("__MACOSX/",)
_JUNK_NAMES = frozenset((".DS_Store", "Thumbs.db", "desktop.ini"))


def _size_text(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def safe_name(name: str) -> str | None:
    """The member's path inside the archive, or None when it could escape a folder it were
    extracted to: absolute paths, drive letters, ``..`` parts."""
    name = name.replace("\\", "/")
    if name.startswith("/") or _DRIVE.match(name):
        return None
    parts = PurePosixPath(name).parts
    if ".." in parts or not parts:
        return None
    return "/".join(p for p in parts if p != ".")


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16)


def _is_junk(name: str) -> bool:
    return name.startswith(_JUNK_DIRS) or PurePosixPath(name).name in _JUNK_NAMES


def check_limits(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse an archive from its central directory, before anything is decompressed."""
    if len(infos) > MAX_MEMBERS:
        raise ExtractError(
            f"too large: {len(infos):,} files in the zip (the limit is {MAX_MEMBERS:,}); "
            "unzip it and add the folder instead"
        )
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES:
        raise ExtractError(
            f"too large: {_size_text(total)} uncompressed (the limit is "
            f"{_size_text(MAX_TOTAL_BYTES)}); unzip it and add the folder instead"
        )
    for info in infos:
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > RATIO_MIN_BYTES and ratio > MAX_RATIO:
            raise ExtractError(
                f"too large: looks like a decompression bomb ({info.filename} expands "
                f"{ratio:,.0f}:1 to {_size_text(info.file_size)})"
            )


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The member's bytes, refusing to read past the size the central directory declares."""
    chunks = []
    size = 0
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            size += len(chunk)
            if size > info.file_size:
                raise ExtractError(
                    "too large: looks like a decompression bomb "
                    f"({info.filename} holds more than its declared {_size_text(info.file_size)})"
                )
            chunks.append(chunk)
    return b"".join(chunks)


@register
class ZipExtractor(Extractor):
    name = "zip"
    kinds = ("zip",)

    def extract(self, path: Path, options: ExtractOptions) -> Extracted:
        try:
            zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as err:
            raise ExtractError(f"not a readable zip: {err}") from err
        warnings: list[str] = []
        children: list[Child] = []
        with zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            if not infos:
                raise ExtractError("empty: the zip archive holds no files")
            check_limits(infos)
            total = 0
            for info in infos:
                child = self._member(zf, info, warnings)
                if child is None:
                    continue
                total += len(child.data)
                if total > MAX_TOTAL_BYTES:  # the declared sizes lied
                    raise ExtractError(
                        f"too large: more than {_size_text(MAX_TOTAL_BYTES)} uncompressed"
                    )
                children.append(child)
        if not children:
            reasons = "; ".join(warnings) or "only system files"
            raise ExtractError(f"nothing readable in the zip: {reasons}")
        return Extracted(pages=[], doctype="zip", children=children, warnings=warnings)

    def _member(
        self, zf: zipfile.ZipFile, info: zipfile.ZipInfo, warnings: list[str]
    ) -> Child | None:
        name = safe_name(info.filename)
        if name is None:
            warnings.append(f"unsafe path skipped: {info.filename}")
            return None
        if _is_junk(name):
            return None
        if _is_symlink(info):
            warnings.append(f"symlink skipped: {name}")
            return None
        if info.flag_bits & 0x1:
            warnings.append(f"encrypted member skipped: {name}")
            return None
        try:
            return Child(name, read_member(zf, info))
        except ExtractError as err:
            warnings.append(f"member skipped: {err}")
        except NotImplementedError as err:  # e.g. Deflate64, which zipfile cannot decompress
            warnings.append(f"member skipped: {name} ({err})")
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as err:
            warnings.append(f"damaged member skipped: {name} ({err})")
        return None
