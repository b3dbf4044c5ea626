"""Page clean-up before Tesseract, chosen per page from what the page looks like (OpenCV).

A scan's troubles differ from page to page: speckle from a photocopier or a fax, grain, a grey
uneven background. :func:`measure` looks at the page once; :func:`methods`
orders the clean-ups that suit it, best first; :func:`apply` makes the image Tesseract reads.
Each step was kept only where ``make ocr-bench`` showed it lowers the character error rate or
raises entity recall (the README's OCR section has the figures); the second method is what
``ingest.ocr`` tries when the first reading's confidence is low.

Methods are names of steps joined by ``+`` (``median+sauvola``); ``gray`` is the page as given.
Tried and left out because the benchmark showed no gain: enlarging 150-200 dpi pages to 300 dpi
(Tesseract 5 read them as well or better unenlarged: 150 dpi noisy 1.2% -> 6.4% CER enlarged),
painting over a copier's dark edge (no change), OpenCV's Gaussian adaptive threshold (88% CER
on a noisy photocopy) and a global Otsu threshold (3.6% where Sauvola with a median gave 2.9%).
"""

from __future__ import annotations

from dataclasses import dataclass

# Isolated dots per 10,000 pixels above which a page is speckled (salt and pepper, fax dirt,
# photocopier toner): a 3x3 median filter removes them (measured: 7.5% -> 0.2% CER on 2%
# salt-and-pepper pages, entity recall 0.71 -> 0.96).
SPECKLE = 2.0
# Noise of the paper (grey levels, away from the letters) above which a page is denoised with
# non-local means (film-grain scans: 4.2% -> 0.4% CER; a median filter gave 1.5%).
GRAIN = 10.0
# Paper darker than this grey level is the grey, uneven background of a photocopy: binarised
# with Sauvola's local threshold before Tesseract's own global one (4.9% -> 0.1% CER with the
# median filter, entity recall 0.89 -> 0.98).
GREY_PAPER = 200.0


@dataclass
class Traits:
    speckle: float  # isolated dots per 10,000 pixels
    grain: float  # noise of the paper, grey levels
    paper: float  # median grey of the paper


def _array(image):
    import numpy as np

    return np.asarray(image.convert("L"), dtype=np.uint8)


def measure(image) -> Traits:
    """What the page looks like, from one look at a grey PIL image."""
    import cv2
    import numpy as np

    pixels = _array(image)
    _, ink = cv2.threshold(pixels, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    dots = int(np.count_nonzero(stats[1:, cv2.CC_STAT_AREA] <= 3))
    # Paper away from the letters: their anti-aliased edges are not grain.
    clear = cv2.dilate(ink, np.ones((5, 5), np.uint8)) == 0
    paper = pixels[clear]
    if not paper.size:
        return Traits(speckle=dots * 10_000 / pixels.size, grain=0.0, paper=255.0)
    residual = pixels.astype(np.int16) - cv2.medianBlur(pixels, 5).astype(np.int16)
    return Traits(
        speckle=dots * 10_000 / pixels.size,
        grain=float(residual[clear].std()),
        paper=float(np.median(paper)),
    )


def methods(traits: Traits) -> list[str]:
    """Clean-ups for a page with ``traits``, best first, then the next best (what a retry
    reads when the first reading's confidence is low)."""
    steps = []
    if traits.speckle > SPECKLE:
        steps.append("median")
    elif traits.grain > GRAIN:
        steps.append("denoise")
    if traits.paper < GREY_PAPER:
        steps.append("sauvola")
    first = "+".join(steps) or "gray"
    if first == "gray":
        # A page that looked clean but read badly: dirt or a background the measures missed.
        return [first, "median+sauvola"]
    # Otherwise the page as given: the clean-up may have taken strokes with the dirt.
    return [first, "gray"]


def apply(method: str, image):
    """``image`` cleaned up by ``method``, as a grey PIL image of the same size."""
    import cv2
    from PIL import Image

    pixels = _array(image)
    for step in method.split("+"):
        if step == "gray":
            continue
        if step == "median":
            pixels = cv2.medianBlur(pixels, 3)
        elif step == "denoise":
            pixels = cv2.fastNlMeansDenoising(
                pixels, None, h=15, templateWindowSize=7, searchWindowSize=15
            )
        elif step == "sauvola":
            pixels = sauvola(pixels)
        else:
            raise ValueError(f"unknown OCR clean-up step {step!r}")
    return Image.fromarray(pixels)


# A ruled table: at least this many horizontal rules and two vertical ones crossing them, over
# at least this share of the page's width.
TABLE_MIN_ROWS = 3
TABLE_MIN_WIDTH = 0.3


def _rules(pixels, share_across: float, share_down: float):
    """Masks (255 = ink) of the horizontal lines at least ``share_across`` of the width long
    and the vertical ones at least ``share_down`` of the height."""
    import cv2
    import numpy as np

    _, ink = cv2.threshold(pixels, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    h, w = ink.shape
    long_across = max(10, int(w * share_across))
    long_down = max(10, int(h * share_down))
    across = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, long_across), np.uint8))
    down = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((long_down, 1), np.uint8))
    return across, down


def remove_rules(image):
    """``image`` (a table, say) with its ruled lines painted white, a pixel beyond their edge:
    lines a little crooked or frayed by a scanner go too, where whole dark rows would not."""
    import cv2
    import numpy as np
    from PIL import Image

    pixels = _array(image).copy()
    # A table's rules run (nearly) across it and down it; letters are far shorter.
    across, down = _rules(pixels, 0.25, 0.25)
    lines = cv2.dilate(across | down, np.ones((3, 3), np.uint8))
    pixels[lines > 0] = 255
    return Image.fromarray(pixels)


def table_boxes(image) -> list[tuple[int, int, int, int]]:
    """Boxes (left, top, right, bottom, pixels) of the ruled tables on a grey PIL image.

    Tesseract's page analysis (``--psm 3``) reads a ruled table column by column, each column a
    block, so a row's cells end up far apart; read on its own as one uniform block (``--psm
    6``) with its rules removed, it comes back row by row."""
    import cv2
    import numpy as np

    pixels = _array(image)
    h, w = pixels.shape
    across, down = _rules(pixels, 1 / 12, 1 / 40)
    grid = cv2.dilate(across | down, np.ones((5, 5), np.uint8))
    contours, _ = cv2.findContours(grid, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    boxes = []
    for contour in contours:
        x, y, bw, bh = cv2.boundingRect(contour)
        if bw < TABLE_MIN_WIDTH * w or bh < 0.03 * h:
            continue
        rows = cv2.connectedComponents(across[y : y + bh, x : x + bw])[0] - 1
        cols = cv2.connectedComponents(down[y : y + bh, x : x + bw])[0] - 1
        if rows >= TABLE_MIN_ROWS and cols >= 2:
            boxes.append((x, y, x + bw, y + bh))
    return sorted(boxes, key=lambda b: (b[1], b[0]))


SAUVOLA_WINDOW = 41  # pixels at 300 dpi: a few letters across
SAUVOLA_K = 0.2


def sauvola(pixels):
    """Sauvola's local threshold (mean and deviation over a window, from OpenCV box filters):
    ink stays ink where the paper around it is grey or uneven."""
    import cv2
    import numpy as np

    grey = pixels.astype(np.float64)
    size = (SAUVOLA_WINDOW, SAUVOLA_WINDOW)
    mean = cv2.boxFilter(grey, -1, size, borderType=cv2.BORDER_REFLECT)
    square = cv2.boxFilter(grey * grey, -1, size, borderType=cv2.BORDER_REFLECT)
    deviation = np.sqrt(np.maximum(square - mean * mean, 0))
    threshold = mean * (1 + SAUVOLA_K * (deviation / 128.0 - 1))
    return np.where(grey > threshold, 255, 0).astype(np.uint8)
