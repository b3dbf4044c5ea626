"""Scanned images (PNG, JPEG, GIF, multi-page TIFF): every frame of a TIFF is a page, OCR'd.

Word boxes are in image pixels and ``width``/``height`` are the image's, so the viewer can draw
hits over the image itself.
"""

from __future__ import annotations

import re
import warnings as pywarnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from ingest import ocr, redactions, textnorm
from ingest.extractors.base import ExtractOptions, Extractor, register
from ingest.records import Extracted, ExtractError, Page, RedactionBox

# A letter page scanned at 600 dpi is 34 megapixels and a large map at 300 dpi ~100; an image
# declaring more than this is refused before it is decoded (a "bomb" can declare 100,000 x
# 100,000 pixels in a few hundred bytes).
MAX_MEGAPIXELS = 200
Image.MAX_IMAGE_PIXELS = MAX_MEGAPIXELS * 1_000_000
_PIXELS = re.compile(r"\((\d+) pixels\)")
# Formats whose frames are pages; other formats' extra frames are animation.
_PAGED_FORMATS = {"TIFF"}


def too_large(pixels: int) -> ExtractError:
    return ExtractError(f"too large: image of {pixels / 1e6:,.0f} megapixels")


def open_image(path: Path) -> Image.Image:
    """Open an image, refusing decompression bombs with an ExtractError."""
    with pywarnings.catch_warnings():
        pywarnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(path)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
            match = _PIXELS.search(str(err))
            raise too_large(int(match.group(1)) if match else 0) from err
        except (UnidentifiedImageError, OSError, ValueError) as err:
            raise ExtractError(f"not a readable image: {err}") from err


def prepare(frame: Image.Image) -> Image.Image:
    """A frame as Tesseract should see it: upright per EXIF, 8-bit, on white where it was
    transparent (dark text on a transparent background would otherwise turn black on black)."""
    frame = ImageOps.exif_transpose(frame)
    if frame.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        import numpy as np

        values = np.asarray(frame, dtype=np.float64)
        low, high = float(values.min()), float(values.max())
        scaled = (values - low) * (255.0 / (high - low)) if high > low else values * 0 + 255
        return Image.fromarray(scaled.astype(np.uint8), mode="L")
    if frame.mode in ("RGBA", "LA", "PA") or "transparency" in frame.info:
        rgba = frame.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("L")
    return frame.convert("L")


@register
class ImageExtractor(Extractor):
    name = "image"
    kinds = ("image",)

    def extract(self, path: Path, options: ExtractOptions) -> Extracted:
        if options.ocr == "never":
            raise ExtractError("image: OCR is off (--ocr never)")
        if not ocr.available():
            raise ExtractError(f"image: reading text from images needs OCR; {ocr.INSTALL_HINT}")
        image = open_image(path)
        pages: list[Page] = []
        warnings: list[str] = []
        with image:
            frames = getattr(image, "n_frames", 1) if image.format in _PAGED_FORMATS else 1
            for index in range(frames):
                try:
                    image.seek(index)
                    width, height = image.size
                    # Pillow checks only the first frame when opening; a TIFF's later pages
                    # can declare any size.
                    if width * height > Image.MAX_IMAGE_PIXELS:
                        raise too_large(width * height)
                    frame = prepare(image)
                except (OSError, ValueError, EOFError) as err:
                    if not pages:
                        raise ExtractError(f"not a readable image: {err}") from err
                    warnings.append(f"page {index + 1}: unreadable ({err}); later pages skipped")
                    break
                pages.append(self._page(frame, index + 1, options))
        return Extracted(pages=pages, doctype="image", warnings=warnings)

    def _page(self, frame: Image.Image, number: int, options: ExtractOptions) -> Page:
        result = ocr.ocr_image(frame, options.ocr_lang, 1.0)
        text = textnorm.normalise(result.text)[: options.max_page_chars]
        return Page(
            number=number,
            text=text,
            ocr=True,
            ocr_confidence=result.confidence,
            ocr_method=result.method,
            ocr_lang=result.lang,
            ocr_tries=result.tries,
            words=result.words,
            width=float(frame.width),
            height=float(frame.height),
            boxes=[RedactionBox(*b) for b in redactions.scan_boxes(frame, 1.0)],
        )
