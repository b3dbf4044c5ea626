"""PDF pages through pypdfium2, OCR for pages without a usable text layer.

pypdfium2 keeps the columns of a multi-column page in reading order, where pdfplumber's default
``extract_text`` reads straight across and interleaves them; it is also 30-100x faster. We keep
pdfplumber for what needs layout knowledge (word boxes in the viewer).
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest import layout, ocr, redactions, textnorm, timing
from ingest.extractors.base import ExtractOptions, Extractor, register
from ingest.records import Extracted, ExtractError, Page, RedactionBox

OCR_DPI = 300


def open_pdf(path: Path, password: str | None = None) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as err:
        message = str(err)
        if "password" in message.lower():
            if password:
                raise ExtractError("encrypted: the password given does not open it") from err
            raise ExtractError("encrypted: needs a password (use --password)") from err
        if "format" in message.lower():
            raise ExtractError("not a readable PDF: damaged or truncated file") from err
        raise ExtractError(f"cannot open PDF: {message}") from err


@register
class PdfExtractor(Extractor):
    name = "pdf"
    kinds = ("pdf",)

    def extract(self, path: Path, options: ExtractOptions) -> Extracted:
        pdf = open_pdf(path, options.password)
        try:
            if len(pdf) == 0:
                raise ExtractError("PDF has no pages")
            meta = pdf.get_metadata_dict()
            parts = _parts(pdf, options)
            if len(parts) == 1:
                read = [self._pages(pdf, options, parts[0])]
        finally:
            pdf.close()
        if len(parts) > 1:
            from ingest.workers import map_forked

            # Each process opens the document itself.
            read = map_forked(lambda part: self._pages_of(path, options, part), parts)
        pages = [page for part_pages, _ in read for page in part_pages]
        warnings = [w for _, part_warnings in read for w in part_warnings]
        # Junk titles ("(anonymous)") and the fallback to a heading: ingest.titles.
        title = (meta.get("Title") or "").strip() or None
        metadata = {k.lower(): v for k, v in meta.items() if v and k in {"Author", "CreationDate"}}
        return Extracted(
            pages=pages, doctype="pdf", title=title, metadata=metadata, warnings=warnings
        )

    def _pages(
        self, pdf: pdfium.PdfDocument, options: ExtractOptions, indices: range
    ) -> tuple[list[Page], list[str]]:
        """Pages ``indices`` (0-based) of the open document, and the warnings reading them."""
        warnings: list[str] = []
        pages: list[Page] = []
        for index in indices:
            page = pdf[index]
            try:
                pages.append(self._page(page, index + 1, options, warnings))
            finally:
                page.close()
        return pages, warnings

    def _pages_of(
        self, path: Path, options: ExtractOptions, indices: range
    ) -> tuple[list[Page], list[str]]:
        pdf = open_pdf(path, options.password)
        try:
            return self._pages(pdf, options, indices)
        finally:
            pdf.close()

    def _page(self, page, number: int, options: ExtractOptions, warnings: list[str]) -> Page:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            raw = textpage.get_text_range()
            raw = layout.widen_gaps(raw, layout.pdf_block_pairs(textpage))
            raw = layout.join_wraps(
                raw, layout.pdf_cell_wraps(textpage, page.get_rotation(), width, height)
            )
            boxes = _redaction_boxes(page, textpage, width, height)
        finally:
            textpage.close()
        text = textnorm.normalise(raw)
        needs_ocr = options.ocr == "always" or (
            options.ocr == "auto"
            and (not ocr.usable_text(text) or _mostly_image(page, text, width, height))
        )
        if needs_ocr and options.ocr != "never":
            if not ocr.available():
                warnings.append(f"page {number}: no usable text layer and {ocr.INSTALL_HINT}")
            else:
                scale = OCR_DPI / 72
                with timing.timed("ocr"):
                    bitmap = page.render(scale=scale, grayscale=True)
                    image = bitmap.to_pil()
                    result = ocr.ocr_image(image, options.ocr_lang, scale)
                ocr_text = textnorm.normalise(result.text)
                if len(ocr_text.strip()) >= len(text.strip()):
                    if not boxes:  # a scan's boxes are in its image, not drawn as paths
                        boxes = [RedactionBox(*b) for b in redactions.scan_boxes(image, scale)]
                    return Page(
                        number=number,
                        text=_cap(ocr_text, options, warnings, number),
                        ocr=True,
                        ocr_confidence=result.confidence,
                        ocr_method=result.method,
                        ocr_lang=result.lang,
                        ocr_tries=result.tries,
                        words=result.words,
                        width=width,
                        height=height,
                        boxes=boxes,
                    )
        return Page(
            number=number,
            text=_cap(text, options, warnings, number),
            width=width,
            height=height,
            boxes=boxes,
        )


# A PDF is OCR'd in parts only from this many pages without text: a part saves seconds per
# page then, against the hundredth of a second a forked copy of the reader costs.
_MIN_SCANNED_PAGES = 2


def _parts(pdf: pdfium.PdfDocument, options: ExtractOptions) -> list[range]:
    """The PDF's pages in ``options.cores`` runs with about as many pages to OCR each, when it
    has pages to OCR (a page with no characters in its text layer, or every page with OCR
    "always"); else all pages in one."""
    n = len(pdf)
    whole = [range(n)]
    if options.cores < 2 or n < 2 or options.ocr == "never" or not ocr.available():
        return whole
    if options.ocr == "always":
        scanned = list(range(n))
    else:
        scanned = [i for i in range(n) if _no_text_layer(pdf, i)]
    if len(scanned) < _MIN_SCANNED_PAGES:
        return whole
    cores = min(options.cores, len(scanned))
    # Each part starts at its share of the scanned pages; the text pages go with them.
    starts = [0] + [scanned[len(scanned) * k // cores] for k in range(1, cores)]
    return [range(a, b) for a, b in zip(starts, [*starts[1:], n], strict=True) if a < b]


def _no_text_layer(pdf: pdfium.PdfDocument, index: int) -> bool:
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            return textpage.count_chars() == 0
        finally:
            textpage.close()
    finally:
        page.close()


# A page whose text layer is only a stamp or an e-filing header over a scanned image: the
# image holds the document, so it is OCR'd and the longer reading kept.
_FEW_WORDS = 60
_IMAGE_SHARE = 0.5


def _mostly_image(page, text: str, width: float, height: float) -> bool:
    if len(text.split()) >= _FEW_WORDS or not width or not height:
        return False
    covered = 0.0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        covered += max(0.0, min(right, width) - max(left, 0)) * max(
            0.0, min(top, height) - max(bottom, 0)
        )
    return covered / (width * height) >= _IMAGE_SHARE


def _redaction_boxes(page, textpage, width: float, height: float) -> list[RedactionBox]:
    """Filled dark rectangles (ingest.redactions), with any text still under them."""
    out = []
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2):
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        if not pdfium_c.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke)):
            continue
        if fill.value == 0:
            continue
        rgba = [ctypes.c_uint() for _ in range(4)]
        if not pdfium_c.FPDFPageObj_GetFillColor(obj.raw, *(ctypes.byref(c) for c in rgba)):
            continue
        if not redactions.is_dark(tuple(c.value for c in rgba)):
            continue
        left, bottom, right, top = obj.get_bounds()
        if not redactions.box_size_ok(right - left, top - bottom, width, height):
            continue
        under = textpage.get_text_bounded(left=left, bottom=bottom, right=right, top=top)
        out.append(
            RedactionBox(left, height - top, right, height - bottom, " ".join(under.split()))
        )
    return out


def _cap(text: str, options: ExtractOptions, warnings: list[str], number: int) -> str:
    if len(text) > options.max_page_chars:
        warnings.append(f"page {number}: {len(text):,} characters, truncated")
        return text[: options.max_page_chars]
    return text
