"""OCR: straightening crooked and turned scans, word boxes mapped back onto the page as given,
and text Tesseract's layout analysis would drop."""

from __future__ import annotations

import math

import pytest

from ingest import ocr
from tests.conftest import CORPUS

needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="tesseract not installed")

PROSE = [
    "The Alder Valley County Sheriff's Office agreed to",
    "hold detainees for a daily rate of ninety five",
    "dollars under the intergovernmental agreement that",
    "the board approved at its regular meeting in March.",
    "Records show that the vendor invoiced the county",
    "for meals, transport and medical care each month.",
    "Commissioner Renata Castillo asked for the totals",
    "to be published before the next budget hearing.",
]


def page_image(lines=PROSE, size=(1700, 1100), font_size=40):
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=font_size)
    for i, line in enumerate(lines):
        draw.text((120, 120 + i * 95), line, font=font, fill=0)
    return image


def turned(image, angle: float):
    from PIL import Image

    return image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)


def forward(point, size, new_size, angle):
    """Where PIL's rotate(angle, expand=True) moves ``point`` of an image of ``size``."""
    (x, y), (w, h), (nw, nh) = point, size, new_size
    rad = math.radians(angle)
    dx, dy = x - w / 2, y - h / 2
    return (nw / 2 + dx * math.cos(rad) + dy * math.sin(rad),
            nh / 2 - dx * math.sin(rad) + dy * math.cos(rad))  # fmt: skip


@pytest.mark.parametrize("angle", [0.6, 1.5, -2.7, 4.0, -6.0, 8.5])
def test_estimate_skew_finds_the_angle_that_levels_the_lines(angle):
    assert ocr.estimate_skew(turned(page_image(), angle)) == pytest.approx(-angle, abs=0.2)


@pytest.mark.parametrize(
    ("case", "make"),
    [
        ("level page", lambda: page_image()),
        ("blank page", lambda: page_image(lines=[])),
        ("tiny skew", lambda: turned(page_image(), 0.1)),
        ("beyond the range", lambda: turned(page_image(), 14)),
    ],
)
def test_estimate_skew_leaves_these_alone(case, make):
    assert ocr.estimate_skew(make()) == 0.0


@pytest.mark.parametrize("angle", [3.0, -7.5, 90, 180, 270])
def test_affine_matrix_maps_rotated_points_back_to_the_original(angle):
    """The output-to-input matrix used to straighten a page maps every word box back onto
    the page as given. A dot is turned with the matrix, found, and mapped back; the turn
    itself goes PIL's way (counter-clockwise)."""
    from PIL import Image

    size = (800, 500)
    new_size, matrix = ocr._affine(size, angle)
    a, b, c, d, e, f = matrix
    assert new_size == pytest.approx(Image.new("L", size).rotate(angle, expand=True).size, abs=1)
    for point in [(100, 50), (700, 450), (400, 250)]:
        image = Image.new("L", size, 255)
        image.paste(0, (point[0] - 3, point[1] - 3, point[0] + 3, point[1] + 3))
        out = image.transform(new_size, Image.Transform.AFFINE, matrix, fillcolor=255)
        left, top, right, bottom = Image.eval(out, lambda v: 255 - v).getbbox()
        x, y = (left + right) / 2, (top + bottom) / 2
        assert (x, y) == pytest.approx(forward(point, size, new_size, angle), abs=2)
        assert (a * x + b * y + c, d * x + e * y + f) == pytest.approx(point, abs=2)


def test_parse_blocks_keeps_paragraphs_lines_and_empty_blocks():
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "2\t1\t1\t0\t0\t0\t10\t10\t300\t60\t-1\t",
        "5\t1\t1\t1\t1\t1\t10\t10\t50\t20\t96\tBooking",
        "5\t1\t1\t1\t1\t2\t70\t10\t60\t20\t94\tnumber",
        "5\t1\t1\t1\t2\t1\t10\t40\t80\t20\t90\tAVC-1",
        "5\t1\t1\t2\t1\t1\t10\t70\t80\t20\t80\tNotes",
        "2\t1\t2\t0\t0\t0\t10\t200\t500\t400\t-1\t",
    ]
    blocks = ocr._parse_blocks("\n".join([head, *rows]))
    assert [b.paragraphs for b in blocks] == [[["Booking number", "AVC-1"], ["Notes"]], []]
    assert blocks[1].box == (10, 200, 510, 600) and blocks[1].words == []
    result = ocr._result(blocks)
    assert result.text == "Booking number\nAVC-1\n\nNotes"
    assert result.confidence == 90.0


def test_without_rules_whitens_table_lines_but_not_text():
    from PIL import ImageDraw

    image = page_image(lines=["Holds: U.S. Marshals Service"], size=(900, 300))
    draw = ImageDraw.Draw(image)
    draw.line([(20, 60), (880, 60)], fill=0, width=3)
    draw.line([(100, 10), (100, 290)], fill=0, width=3)
    cleaned = ocr._without_rules(image)
    assert cleaned.getpixel((500, 60)) == 255 and cleaned.getpixel((100, 200)) == 255
    assert cleaned.crop((120, 120, 800, 170)).getextrema()[0] < 100  # the text is still there


@needs_tesseract
def test_crooked_scan_is_straightened_and_boxes_land_on_the_given_page():
    original = page_image()
    crooked = turned(original, 4.0)
    result = ocr.ocr_image(crooked)
    assert result.deskew == pytest.approx(-4.0, abs=0.2) and result.rotated == 0
    assert "Castillo" in result.text and "intergovernmental" in result.text
    word = next(w for w in result.words if w.text.startswith("Castillo"))
    # Where the word is on the straight page, carried onto the crooked page we OCR'd.
    from PIL import ImageDraw, ImageFont

    font = ImageFont.load_default(size=40)
    line = PROSE[6]
    left = 120 + ImageDraw.Draw(original).textlength(line[: line.index("Castillo")], font=font)
    centre = (left + 70, 120 + 6 * 95 + 20)
    expected = forward(centre, original.size, crooked.size, 4.0)
    assert (word.x0 + word.x1) / 2 == pytest.approx(expected[0], abs=25)
    assert (word.top + word.bottom) / 2 == pytest.approx(expected[1], abs=25)


@needs_tesseract
def test_sideways_scan_is_turned_and_boxes_stay_on_the_sideways_page():
    original = page_image()
    sideways = turned(original, 90)
    result = ocr.ocr_image(sideways, scale=2.0)
    assert result.rotated in (90, 270) and "Castillo" in result.text
    word = next(w for w in result.words if w.text.startswith("intergovernmental"))
    assert (word.bottom - word.top) > 3 * (word.x1 - word.x0)  # a tall box on a sideways page
    assert word.bottom <= sideways.height / 2.0 + 1  # divided by the scale


@needs_tesseract
def test_straightened_scan_keeps_its_ruled_table():
    """Regression: once straightened, the demo corpus's crooked booking page had its ruled
    table taken for a picture by Tesseract and the booking details were lost."""
    path = CORPUS / "scanned-booking-notification.pdf"
    if not path.exists():
        pytest.skip("demo corpus not generated")
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        image = pdf[1].render(scale=300 / 72, grayscale=True).to_pil()
    finally:
        pdf.close()
    result = ocr.ocr_image(image, "eng", 300 / 72)
    assert result.deskew != 0
    for needle in ("Booking number", "AVC-2026-004431", "Scheduled release", "Notes"):
        assert needle in result.text
    assert result.text.index("Booking number") < result.text.index("Notes")
    value = next(w for w in result.words if w.text == "AVC-2026-004431")
    assert 0 < value.x0 < value.x1 < 612 and 0 < value.top < value.bottom < 792
