"""Word-processor and spreadsheet formats that only LibreOffice reads well: OpenDocument,
WordPerfect, RTF, Word 97 .doc and Excel 97 .xls.

Text documents are converted to PDF, so that pages are the pages a reader sees and citations
point at them; spreadsheets are converted to .xlsx, so that each row stays its own record.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import ClassVar

from ingest.extractors.base import ExtractOptions, Extractor, register
from ingest.records import Extracted, ExtractError

# A 300-page .doc converts in well under a minute; a hang (a corrupt file, a dialog that headless
# mode could not suppress) must not stall a worker forever.
CONVERT_TIMEOUT = 300

# Which LibreOffice module opens which kind of file, the library file that shows it is
# installed, and the Debian package that installs it.
_MODULES = {
    "writer": ("libswlo", "libreoffice-writer-nogui"),
    "calc": ("libsclo", "libreoffice-calc-nogui"),
    "impress": ("libsdlo", "libreoffice-impress-nogui"),
}
_SPREADSHEETS = {"xls", "ods"}
_PRESENTATIONS = {"ppt", "odp"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def module_for(ext: str) -> str:
    if ext in _SPREADSHEETS:
        return "calc"
    if ext in _PRESENTATIONS:
        return "impress"
    return "writer"


def install_hint(ext: str) -> str:
    package = _MODULES[module_for(ext)][1]
    return f"needs LibreOffice to read .{ext} files: sudo apt-get install {package}"


def _module_installed(binary: str, module: str) -> bool:
    program = Path(os.path.realpath(binary)).parent
    libs = list(program.glob("lib*lo.*"))
    if not libs:
        return True  # an unfamiliar layout (macOS app bundle, Windows): let the conversion tell
    return any(lib.name.startswith(_MODULES[module][0] + ".") for lib in libs)


def convert(path: Path, ext: str, target: str, workdir: Path) -> Path:
    """Convert ``path`` (a .``ext`` file) to ``target`` (``pdf`` or ``xlsx``) inside ``workdir``
    and return the output file. Raises ExtractError when LibreOffice is missing or fails."""
    binary = soffice()
    if binary is None or not _module_installed(binary, module_for(ext)):
        raise ExtractError(install_hint(ext))
    source = workdir / f"document.{ext}"
    # The name tells LibreOffice the format: obtained files are often misnamed, and pipeline
    # children arrive as temporary files.
    try:
        source.symlink_to(Path(path).resolve())
    except OSError:
        shutil.copyfile(path, source)
    outdir = workdir / "out"
    outdir.mkdir()
    # A private profile per call: concurrent workers sharing one profile block each other.
    profile = (workdir / "profile").as_uri()
    cmd = [
        binary,
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        "--nologo",
        f"-env:UserInstallation={profile}",
        "--convert-to",
        target,
        "--outdir",
        str(outdir),
        str(source),
    ]
    env = {**os.environ, "HOME": str(workdir), "SAL_USE_VCLPLUGIN": "svp"}
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=workdir,
        start_new_session=True,  # so a timeout can end soffice.bin too, not just the wrapper
    )
    try:
        _, stderr = proc.communicate(timeout=CONVERT_TIMEOUT)
    except subprocess.TimeoutExpired as err:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise ExtractError(
            f"too slow: LibreOffice did not convert this .{ext} file in {CONVERT_TIMEOUT} s"
        ) from err
    output = outdir / f"document.{target}"
    if not output.exists() or output.stat().st_size == 0:
        detail = stderr.decode(errors="replace").strip().splitlines()
        reason = f" ({detail[-1][:200]})" if detail else ""
        raise ExtractError(
            f"not readable: LibreOffice could not convert this .{ext} file "
            f"(damaged, encrypted, or not really .{ext}){reason}"
        )
    return output


def extract_via_libreoffice(path: Path, ext: str, options: ExtractOptions) -> Extracted:
    """Read any LibreOffice-readable file: text documents as PDF pages, spreadsheets as rows."""
    from ingest.extractors.pdf import PdfExtractor
    from ingest.extractors.table import XlsxExtractor

    sheet = ext in _SPREADSHEETS
    with tempfile.TemporaryDirectory(prefix="evidence-lo-") as tmp:
        output = convert(path, ext, "xlsx" if sheet else "pdf", Path(tmp))
        reader = XlsxExtractor() if sheet else PdfExtractor()
        extracted = reader.extract(output, options)
    extracted.doctype = ext
    # The PDF's creation date is the moment of conversion, not of the document.
    extracted.metadata.pop("creationdate", None)
    return extracted


def odf_subtype(path: Path) -> tuple[str, bool]:
    """The extension matching an OpenDocument file's declared type, and whether it is
    encrypted."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            mimetype = zf.read("mimetype").decode("ascii", "replace") if "mimetype" in names else ""
            manifest = zf.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError) as err:
        raise ExtractError(f"not a readable OpenDocument file: {err}") from err
    encrypted = b"encryption-data" in manifest
    for kind, ext in (("spreadsheet", "ods"), ("presentation", "odp"), ("graphics", "odg")):
        if kind in mimetype:
            return ext, encrypted
    return "odt", encrypted


@register
class OdfExtractor(Extractor):
    name = "odf"
    kinds = ("odf",)

    def extract(self, path: Path, options: ExtractOptions) -> Extracted:
        ext, encrypted = odf_subtype(path)
        if encrypted:
            raise ExtractError("encrypted: needs a password")
        return extract_via_libreoffice(path, ext, options)


class _ViaLibreOffice(Extractor):
    ext: ClassVar[str] = ""

    def extract(self, path: Path, options: ExtractOptions) -> Extracted:
        return extract_via_libreoffice(path, self.ext, options)


@register
class WordPerfectExtractor(_ViaLibreOffice):
    name = "wpd"
    kinds = ("wpd",)
    ext = "wpd"


@register
class RtfExtractor(_ViaLibreOffice):
    name = "rtf"
    kinds = ("rtf",)
    ext = "rtf"
