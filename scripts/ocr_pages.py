"""Pages of known text for the OCR benchmark, and the ways scans degrade them.

Four kinds of page, the layouts real releases are made of: contract prose, a ruled price table,
a letter under a three-block letterhead, and a signature block. Every name, agency, amount and
sentence is invented here from one seeded generator; each page records the text it carries (in
reading order, block by block) and the people, agencies and amounts placed on it, so the
benchmark can score what OCR and the tagger got back.

Degradations are deterministic too (their own seeded generator per page): scanner resolution,
Gaussian grain, salt-and-pepper speckle, blur, skew, JPEG artefacts, a photocopy's grey uneven
background with a dark edge, and a fax's 1-bit threshold, alone and combined.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field

PAGE_W, PAGE_H = 612.0, 792.0
MARGIN = 66.0

FIRST = """Adela Bastian Corinne Darnell Evadne Fintan Gerlinde Horatio Ilse Jovan Katrien Lucius
Marisela Nevin Oriana Priscilla Quillon Rosalind Saverio Thandiwe Ulla Verity Wystan Yvaine
Zoltan Annika Benedikt Cosima Dorian Eulalia""".split()  # noqa: SIM905 (wrapped word lists read better)
LAST = """Abernathy Brennecke Castellano Drysdale Espinoza Falkenrath Guillory Halloran Iverholt
Jaramillo Kettleby Lindqvist Moravec Northcutt Okonjo Pritchard Quigley Ravensworth Szymanski
Thornbury Umberger Vasquez-Lind Whitlock Yarborough Zamorano Ashdown Blackmere Coldwell
Darrowby Eastwick""".split()  # noqa: SIM905 (wrapped word lists read better)
TITLES = ["Sheriff", "Chief Deputy", "Contracting Officer", "County Administrator",
          "Procurement Director", "Field Office Director", "Captain", "Jail Commander"]  # fmt: skip
PLACES = """Harrow Kinsale Brampton Ostrander Quarrier Tillbury Wexcombe Marston Fallowmere
Dunleigh Corran Ashby""".split()  # noqa: SIM905 (wrapped word lists read better)
LOCAL = ["{p} County Sheriff's Office", "{p} County Board of Commissioners",
         "{p} Police Department", "{p} County Department of Corrections"]  # fmt: skip
FEDERAL = [
    "U.S. Immigration and Customs Enforcement",
    "U.S. Marshals Service",
    "U.S. Department of Homeland Security",
    "Federal Bureau of Prisons",
]
VENDORS = ["Castlereach Data Partners LLC", "Norvale Records Systems Inc.",
           "Brightmoor Analytics Corp.", "Tessaline Information Services LLC"]  # fmt: skip
SERVICES = ["booking record access", "person-locator searches", "vehicle registration look-ups",
            "detainee transport", "records hosting", "real-time arrest alerts"]  # fmt: skip
MONTHS = """January February March April May June July August September October November
December""".split()  # noqa: SIM905 (wrapped word lists read better)
KINDS = ("contract", "table", "letterhead", "signature")


@dataclass
class Entity:
    kind: str  # person | agency | money
    text: str  # as drawn
    value: float | None = None  # money
    first: str = ""  # person
    last: str = ""


@dataclass
class TestPage:
    kind: str
    number: int
    pdf: bytes
    lines: list[str]  # the drawn text, in reading order
    entities: list[Entity] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


class _Draw:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.entities: list[Entity] = []

    def person(self, with_title: bool = False) -> str:
        r = self.rng
        first, last = r.choice(FIRST), r.choice(LAST)
        middle = f" {r.choice('BCDFGHJKLMNPRSTW')}." if r.random() < 0.4 else ""
        name = f"{first}{middle} {last}"
        self.entities.append(Entity("person", name, first=first, last=last))
        return f"{r.choice(TITLES)} {name}" if with_title else name

    def agency(self) -> str:
        r = self.rng
        name = r.choice(LOCAL).format(p=r.choice(PLACES)) if r.random() < 0.6 else r.choice(FEDERAL)
        self.entities.append(Entity("agency", name))
        return name

    def amount(self, low: int = 2_000, high: int = 2_500_000) -> str:
        value = self.rng.randint(low, high) + self.rng.choice((0, 0, 0.5, 0.25, 0.75))
        text = f"${value:,.2f}"
        self.entities.append(Entity("money", text, value=value))
        return text

    def date(self) -> str:
        r = self.rng
        return f"{r.choice(MONTHS)} {r.randint(1, 28)}, {r.randint(2016, 2026)}"


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    from reportlab.lib.utils import simpleSplit

    return simpleSplit(text, font, size, width)


def _prose(d: _Draw, sentences: int) -> str:
    r = d.rng
    parts = []
    for _ in range(sentences):
        choice = r.randrange(6)
        if choice == 0:
            parts.append(
                f"{d.agency()} shall pay {r.choice(VENDORS)} {d.amount()} for "
                f"{r.choice(SERVICES)} during the base period ending {d.date()}."
            )
        elif choice == 1:
            parts.append(
                f"Invoices must be certified by {d.person()} before payment is released by "
                f"the finance office."
            )
        elif choice == 2:
            parts.append(
                f"The contractor shall deliver monthly reports on {r.choice(SERVICES)} to "
                f"{d.agency()} within ten business days."
            )
        elif choice == 3:
            parts.append(
                f"Any modification above {d.amount(5_000, 90_000)} requires the written approval "
                f"of {d.person(with_title=True)}."
            )
        elif choice == 4:
            parts.append(
                "Records obtained under this agreement may not be re-licensed, sold or shared "
                "with any third party without prior written consent."
            )
        else:
            parts.append(
                f"The total value of this order shall not exceed {d.amount()} including all "
                f"option periods."
            )
    return " ".join(parts)


def _contract(canvas, d: _Draw) -> list[str]:
    r = d.rng
    font = r.choice(("Times-Roman", "Helvetica", "Courier"))
    size = 11.0 if font != "Courier" else 10.0
    lines_out: list[str] = []
    y = PAGE_H - MARGIN
    heading = f"AGREEMENT NO. {r.randint(10, 99)}-{r.randint(1000, 9999)}"
    canvas.setFont("Helvetica-Bold", 13)
    canvas.drawString(MARGIN, y, heading)
    lines_out.append(heading)
    y -= 28
    for number in range(1, 5):
        text = f"{number}. " + _prose(d, r.randint(3, 4))
        canvas.setFont(font, size)
        for line in _wrap(text, font, size, PAGE_W - 2 * MARGIN):
            canvas.drawString(MARGIN, y, line)
            lines_out.append(line)
            y -= size * 1.35
        y -= size
    return lines_out


def _table(canvas, d: _Draw) -> list[str]:
    r = d.rng
    lines_out = []
    y = PAGE_H - MARGIN
    title = (
        f"PRICE SCHEDULE - ORDER {r.choice(('70CDCR', 'HSCECR', 'PO'))}{r.randint(10**6, 10**7)}"
    )
    canvas.setFont("Helvetica-Bold", 12)
    canvas.drawString(MARGIN, y, title)
    lines_out.append(title)
    buyer = f"Ordering office: {d.agency()}"
    canvas.setFont("Helvetica", 10)
    canvas.drawString(MARGIN, y - 20, buyer)
    lines_out.append(buyer)
    cols = [MARGIN, MARGIN + 48, MARGIN + 258, MARGIN + 300, MARGIN + 384, PAGE_W - MARGIN]
    header = ["CLIN", "Description", "Qty", "Unit price", "Amount"]
    row_h = 22
    top = y - 44
    rows = [header]
    total = 0.0
    for i in range(r.randint(6, 9)):
        qty = r.randint(1, 24)
        unit = r.randint(150, 40_000) + r.choice((0, 0.5))
        amount = qty * unit
        total += amount
        rows.append(
            [
                f"{i + 1:04d}",
                r.choice(SERVICES).capitalize(),
                str(qty),
                f"${unit:,.2f}",
                f"${amount:,.2f}",
            ]  # fmt: skip
        )
        d.entities.append(Entity("money", rows[-1][4], value=amount))
    rows.append(["", "Total", "", "", f"${total:,.2f}"])
    d.entities.append(Entity("money", rows[-1][4], value=total))
    for index, row in enumerate(rows):
        base = top - index * row_h
        canvas.setFont("Helvetica-Bold" if index in (0, len(rows) - 1) else "Helvetica", 10)
        for c, cell in enumerate(row):
            if c >= 2:
                canvas.drawRightString(cols[c + 1] - 6, base - 15, cell)
            else:
                canvas.drawString(cols[c] + 5, base - 15, cell)
        lines_out.append(" ".join(cell for cell in row if cell))
    bottom = top - len(rows) * row_h
    canvas.setLineWidth(0.8)
    for index in range(len(rows) + 1):
        canvas.line(cols[0], top - index * row_h, cols[-1], top - index * row_h)
    for x in cols:
        canvas.line(x, top, x, bottom)
    y = bottom - 30
    approver = f"Approved by {d.person(with_title=True)} on {d.date()}."
    canvas.setFont("Helvetica", 10)
    canvas.drawString(MARGIN, y, approver)
    lines_out.append(approver)
    return lines_out


def _letterhead(canvas, d: _Draw) -> list[str]:
    r = d.rng
    place = r.choice(PLACES)
    left = [f"{place} County", "Office of the Sheriff", f"{r.randint(100, 999)} Court Street"]
    centre_agency = f"{place} County Sheriff's Office"
    d.entities.append(Entity("agency", centre_agency))
    centre = [centre_agency, "Records Division"]
    sheriff = d.person()
    deputy = d.person()
    right = [f"Sheriff {sheriff}", f"Chief Deputy {deputy}", f"({r.randint(200, 989)}) 555-0{r.randint(100, 199)}"]  # fmt: skip
    y = PAGE_H - MARGIN
    canvas.setFont("Times-Bold", 10)
    for i, line in enumerate(left):
        canvas.drawString(MARGIN, y - i * 13, line)
    canvas.setFont("Times-Bold", 12)
    for i, line in enumerate(centre):
        canvas.drawCentredString(PAGE_W / 2, y - i * 15, line)
    canvas.setFont("Times-Roman", 10)
    for i, line in enumerate(right):
        canvas.drawRightString(PAGE_W - MARGIN, y - i * 13, line)
    canvas.setLineWidth(1.2)
    canvas.line(MARGIN, y - 46, PAGE_W - MARGIN, y - 46)
    lines_out = left + centre + right
    y -= 80
    body = [d.date(), "", f"Dear {d.person(with_title=True)}:"]
    text = _prose(d, r.randint(4, 6))
    canvas.setFont("Times-Roman", 11)
    for line in body:
        canvas.drawString(MARGIN, y, line)
        y -= 16
    for line in _wrap(text, "Times-Roman", 11, PAGE_W - 2 * MARGIN):
        canvas.drawString(MARGIN, y, line)
        y -= 15
    wrapped = _wrap(text, "Times-Roman", 11, PAGE_W - 2 * MARGIN)
    y -= 20
    closing = ["Sincerely,", "", f"{sheriff}", "Sheriff"]
    for line in closing:
        canvas.drawString(MARGIN, y, line)
        y -= 15
    return lines_out + [b for b in body if b] + wrapped + [c for c in closing if c]


def _signature(canvas, d: _Draw) -> list[str]:
    r = d.rng
    y = PAGE_H - MARGIN
    lines_out = []
    canvas.setFont("Helvetica-Bold", 12)
    heading = "IN WITNESS WHEREOF"
    canvas.drawString(MARGIN, y, heading)
    lines_out.append(heading)
    y -= 24
    text = (
        f"The parties have executed this agreement for a total consideration of {d.amount()}. "
        + _prose(d, 2)
    )
    canvas.setFont("Times-Roman", 11)
    for line in _wrap(text, "Times-Roman", 11, PAGE_W - 2 * MARGIN):
        canvas.drawString(MARGIN, y, line)
        lines_out.append(line)
        y -= 15
    y -= 50
    blocks = []
    for label in ("FOR THE COUNTY:", "FOR THE CONTRACTOR:"):
        agency = d.agency() if label.endswith("COUNTY:") else r.choice(VENDORS)
        blocks.append([label, d.person(), r.choice(TITLES), agency, f"Date: {d.date()}"])
    half = (PAGE_W - 2 * MARGIN) / 2
    for col, block in enumerate(blocks):
        x = MARGIN + col * (half + 12)
        canvas.setFont("Helvetica-Bold", 10)
        canvas.drawString(x, y, block[0])
        canvas.setLineWidth(0.6)
        canvas.line(x, y - 34, x + half - 24, y - 34)
        canvas.setFont("Helvetica", 10)
        for i, line in enumerate(block[1:]):
            canvas.drawString(x, y - 48 - i * 13, line)
    for block in blocks:
        lines_out.extend(block)
    return lines_out


_LAYOUTS = {
    "contract": _contract,
    "table": _table,
    "letterhead": _letterhead,
    "signature": _signature,
}


def make_pages(count: int, seed: int = 11, kinds: tuple[str, ...] = KINDS) -> list[TestPage]:
    """``count`` pages cycling through ``kinds``, each a one-page PDF with its known text."""
    from reportlab.pdfgen.canvas import Canvas

    rng = random.Random(seed)
    pages = []
    for number in range(count):
        kind = kinds[number % len(kinds)]
        d = _Draw(rng)
        buf = io.BytesIO()
        canvas = Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1)
        lines = _LAYOUTS[kind](canvas, d)
        canvas.showPage()
        canvas.save()
        pages.append(TestPage(kind, number + 1, buf.getvalue(), lines, d.entities))
    return pages


def render(page: TestPage, dpi: int):
    """The page as a scanner at ``dpi`` sees it: an 8-bit grey PIL image."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(page.pdf)
    try:
        return pdf[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()


# -- degradations --------------------------------------------------------------------------


@dataclass(frozen=True)
class Degradation:
    name: str
    dpi: int = 300
    skew: float = 0.0  # degrees counter-clockwise
    gauss: float = 0.0  # standard deviation of grain, grey levels
    salt: float = 0.0  # share of pixels turned black or white
    blur: float = 0.0  # Gaussian sigma in pixels at 300 dpi
    jpeg: int = 0  # JPEG quality (0: none)
    photocopy: bool = False
    fax: bool = False


DEGRADATIONS = [
    Degradation("clean-300"),
    Degradation("clean-200", dpi=200),
    Degradation("clean-150", dpi=150),
    Degradation("gauss-300", gauss=28),
    Degradation("salt-pepper-300", salt=0.02),
    Degradation("blur-300", blur=1.6),
    Degradation("skew-1.5", skew=1.5),
    Degradation("skew-4", skew=-4.0),
    Degradation("jpeg-200-q15", dpi=200, jpeg=15),
    Degradation("photocopy-300", photocopy=True),
    Degradation("fax-200", dpi=200, fax=True),
    Degradation("photocopy-200-skew-noise", dpi=200, photocopy=True, skew=2.5, gauss=14),
    Degradation("150-noise-skew-jpeg", dpi=150, gauss=16, skew=-3.0, jpeg=35),
    Degradation("fax-200-skew-speckle", dpi=200, fax=True, skew=1.0, salt=0.004),
]
QUICK = ["clean-300", "clean-150", "photocopy-200-skew-noise", "fax-200-skew-speckle"]


def degrade(page: TestPage, how: Degradation, seed: int = 0):
    """``page`` scanned at ``how.dpi`` and spoilt as ``how`` says; deterministic per seed."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng([seed, page.number, len(how.name)])
    image = render(page, how.dpi)
    if how.skew:
        image = image.rotate(
            how.skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255
        )
    pixels = np.asarray(image, dtype=np.float32)
    factor = how.dpi / 300
    if how.blur:
        import cv2

        pixels = cv2.GaussianBlur(pixels, (0, 0), how.blur * factor)
    if how.photocopy:
        # Toner a little weak, paper grey and uneven (brighter in one corner), one edge dark
        # where the copier's lid did not cover the sheet.
        h, w = pixels.shape
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        paper = 150 + 40 * (xx / w) + 25 * (yy / h)
        ink = 70.0
        pixels = ink + (pixels / 255.0) * (paper - ink)
        band = max(4, int(w * 0.035))
        pixels[:, :band] = rng.normal(35, 10, size=(h, band))
        speckle = rng.random(pixels.shape) < 0.0015
        pixels[speckle] = 40
    if how.gauss:
        pixels = pixels + rng.normal(0, how.gauss, size=pixels.shape)
    if how.salt:
        hit = rng.random(pixels.shape)
        pixels[hit < how.salt / 2] = 0
        pixels[(hit >= how.salt / 2) & (hit < how.salt)] = 255
    if how.fax:
        # Fax machines threshold to black and white; lines drift by a pixel.
        pixels = pixels + rng.normal(0, 18, size=pixels.shape)
        pixels = np.where(pixels < 150, 0.0, 255.0)
    out = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")
    if how.jpeg:
        buf = io.BytesIO()
        out.save(buf, "JPEG", quality=how.jpeg)
        buf.seek(0)
        out = Image.open(buf).convert("L")
    return out
