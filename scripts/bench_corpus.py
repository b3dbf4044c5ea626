"""A deterministic synthetic corpus of contract-like PDFs for the benchmark.

Pages are built from many sentence templates filled with invented people, agencies, vendors,
amounts and dates, so that no paragraph repeats often: a per-worker cache of tagging results
must not look better here than it would on real records. One invented "star" contracting
officer is named in ``STAR_MENTIONS`` sentences spread over the corpus, for timing the listing
of 1,000 mentions of one person. A ``scanned_fraction`` of pages is drawn as images only.

Every choice comes from one seeded generator and reportlab runs with ``invariant=1``, so the
same parameters give the same bytes; :func:`ensure_corpus` caches the files under a folder
named after the parameters.
"""

from __future__ import annotations

import io
import json
import random
from dataclasses import asdict, dataclass
from pathlib import Path

GENERATOR_VERSION = 3
# One invented person for every this many pages (at least PEOPLE_MIN).
PAGES_PER_PERSON, PEOPLE_MIN = 5, 200
STAR_MENTIONS = 1000
STAR = ("Marguerite", "L.", "Vandersloot")


def _words(text: str) -> list[str]:
    return text.split()


def _phrases(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split(",")]


FIRST = _words("""Adaeze Alden Amara Anselm Aurelio Beatriz Bertrand Bronwyn Calloway Camille
Cassius Celestine Dalia Dashiell Delphine Desmond Dorothea Eamon Elif Emeric Esperanza Evander
Fenella Florian Giselle Gunnar Halima Hollis Ignatius Imogen Isadora Jasper Jovita Kasimir Keziah
Leander Linnea Lucian Mairead Malachi Marisol Matthias Mireille Nikolai Noemi Octavia Orlando
Ottilie Pascal Perpetua Quentin Rafferty Rosalind Rupert Saoirse Severin Soledad Tamsin
Thaddeus Theodora Ulrich Valentina Wendell Wilhelmina Xavier Yolanda Zebulon Zinnia Agnes
Bartholomew Clementine Dominic Eleanor Frederick Gwendolyn Harriet Ingrid Joaquin Lorenzo
Magnolia Nathaniel Ophelia Percival Reginald Sylvia Tobias Ursula Vivian Winifred""")
LAST = _words("""Abernathy Achterberg Ballantyne Bergstrom Blackwood Castellanos Chatterjee Cordova
Dalrymple Delacroix Drummond Eberhardt Ellsworth Fairweather Falconer Galloway Gonzaga
Grimaldi Halvorsen Hargreaves Ibarra Iwasaki Jablonski Kavanagh Kowalczyk Lindqvist
Lockhart Mbeki Montgomery Nakamura Nwachukwu Okonkwo Ostrowski Pemberton Quintero Radcliffe
Rasmussen Santangelo Schoenberg Thistlewood Trevino Underhill Valderrama Vasquez Wainwright
Whitcombe Yamamoto Zielinski Zubiri Ashcroft Brightwater Crandall Dunmore Etheridge Fitzwilliam
Goodfellow Hathaway Illingworth Kingsley Lancaster Merriweather Northcott Oyelaran Pettigrew
Quarles Rothschild Stanhope Tremblay Umberger Vanterpool Westbrook Yardley Zamora Oduya
Kerrigan Lisowski Marchetti Novak Pellegrino Rourke Sorensen Tavares Villanueva""")
# Invented surnames from syllables ("Ashford", "Pemberwick"): with the names above about a
# thousand, so that, as in real records, few people share a surname (the resolver compares
# every pair of names with the same surname).
SURNAME_HEADS = _words("""Ash Black Brad Carr Dal Fair Gold Hal Hart Kings Lang Mar Nor Pem Rad
Ros Stan Thorn Wad Wel Win Yard Bel Cal Den Eld Fen Gar Hol Kel Lind Mon Ort Pres Quin Red Shel
Tal Van Whit""")
SURNAME_TAILS = _words("""ford ley ton wood field well by croft more worth dale ham stead ridge
brook man son wick shaw cott""")
TITLES = _words("""Director Sheriff Commissioner Captain Lieutenant Chief Warden Deputy Judge
Inspector Superintendent Administrator Mayor Treasurer""")
HONORIFICS = ["Mr.", "Ms.", "Dr."]
PLACES = _words("""Harlow Tillman Brazos Kettering Oakhurst Pendleton Marlowe Ashford Calder Dunmore
Fairbanks Glenrock Hartwell Iverson Jessup Kinross Larkspur Millbrook Northam Orland Pryor
Quarry Redfield Stanton Thorne Umatilla Verdigris Westmore Yelton Zephyr Alcott Bramble
Coldwater Driftwood Emberly Foxhall Greystone Hollowell""")
LOCAL_AGENCIES = [
    "{p} County Sheriff's Office",
    "{p} County Board of Commissioners",
    "{p} Police Department",
    "{p} County Department of Corrections",
    "{p} County Jail",
    "{p} County Office of Procurement",
    "{p} Regional Detention Authority",
    "City of {p} Department of Public Works",
]
FEDERAL_AGENCIES = [
    "U.S. Immigration and Customs Enforcement",
    "U.S. Department of Homeland Security",
    "U.S. Marshals Service",
    "Federal Bureau of Prisons",
    "U.S. Customs and Border Protection",
    "Enforcement and Removal Operations",
    "Office of Refugee Resettlement",
    "U.S. Department of Justice",
]
VENDOR_A = _words("""Meridian Keystone Summit Pinnacle Granite Harbor Cobalt Sterling Northstar
Beacon Evergreen Ironwood Clearwater Redstone Bluewater Silverline Frontier Heritage Sentinel
Vanguard Lakeshore Copperfield Highland Prairie Crescent Falcon Osprey Juniper Alder Tidewater""")
VENDOR_B = _words("""Detention Correctional Health Telecom Food Transport Security Logistics Medical
Facilities Data Monitoring Consulting Construction Laundry Commissary Software""")
VENDOR_C = ["Services LLC", "Group Inc.", "Solutions Corp.", "Partners LLC", "Systems, Inc."]
SERVICES = _phrases("""medical services, food services, detainee transportation, video visitation,
commissary operations, facility maintenance, electronic monitoring, records management,
inmate telephone services, laundry services, perimeter security, case management software,
body-worn cameras, language interpretation, mental health screening, janitorial services,
fleet maintenance, background investigations, bed space, guard services""")
MONTHS = _words("""January February March April May June July August September October November
December""")
NOUNS = _words("""invoice deliverable schedule report audit inspection modification amendment
warranty indemnity obligation requirement milestone notice certification payment""")
ADJ = _words("""quarterly monthly annual written prior final itemized certified supplemental
independent timely complete accurate detailed""")
VERBS = _words("""submit provide maintain deliver certify review approve retain furnish document
report reimburse notify inspect""")
TERMS = _words("""Contractor Vendor Provider Subcontractor Offeror""")

SECTION_TITLES = _phrases("""Scope of Work, Period of Performance, Compensation and Payment,
Invoicing, Reporting Requirements, Records and Audit, Insurance, Indemnification, Termination
for Convenience, Termination for Default, Confidentiality, Detainee Data, Key Personnel,
Subcontracting, Dispute Resolution, Modifications, Inspection and Acceptance, Staffing,
Standards of Performance, Price Schedule, Option Periods, Notices, Compliance with Laws,
Property, Background Checks""")

SENTENCES = [
    "The {term} shall {verb} a {adj} {noun} to {agency} no later than {date}.",
    "{agency} will pay the {term} {amount} for {service} during the base period.",
    "This agreement between {agency} and {vendor} is effective {date}.",
    "{person}, {title} of {agency}, approved the {noun} on {date}.",
    "The total contract value shall not exceed {amount}, including all option periods.",
    "Invoices for {service} must be sent to {person} at {agency} within {n} days.",
    "{vendor} agrees to {verb} each {noun} in accordance with Section {sec}.",
    "Any {noun} exceeding {amount} requires the written approval of {person}.",
    "Payment of {amount} was authorized by {agency} for {service} on {date}.",
    "The {term} shall retain all records relating to {service} for {n} years.",
    "{person} of {vendor} is designated as the {term}'s project manager.",
    "A {adj} {noun} is due on the {ordinal} business day of each month.",
    "{agency} reserves the right to {verb} the {noun} at any time.",
    "The per diem rate for {service} is {small_amount} per detainee per day.",
    "Questions about this {noun} should be directed to {title} {last} at {phone}.",
    "Under Task Order {order}, {vendor} received {amount} for {service}.",
    "{person} signed the {noun} on behalf of {agency} on {date}.",
    "The parties agree that {agency} may {verb} records held by {vendor}.",
    "Liquidated damages of {small_amount} per day apply after {date}.",
    "The {term} must {verb} a {adj} {noun} for each of the {n} facilities.",
    "During the meeting on {date}, {title} {last} reported a balance of {amount}.",
    "The option period extends the agreement through {date} at a price of {amount}.",
    "{vendor} submitted a {adj} {noun} totaling {amount} to {agency}.",
    "No {noun} shall be accepted unless signed by {person}.",
    "The {term} shall notify {agency} in writing within {n} hours of any incident.",
    "Funding of {amount} is obligated under appropriation {order}.",
    "{title} {last} stated that the {noun} for {service} was {adj}.",
    "Copies of each {noun} will be provided to {agency} and {agency2}.",
    "The {term} will {verb} staffing levels of at least {n} officers per shift.",
    "A modification dated {date} increased the ceiling by {amount}.",
    "{person} and {person2} reviewed the {noun} for {service}.",
    "Detainee data shared with {agency} is subject to Section {sec}.",
    "{agency} estimates annual costs of {amount} for {service}.",
    "The {adj} {noun} prepared by {vendor} was accepted on {date}.",
    "All work is performed at the {place} facility under the supervision of {person}.",
    "The {term} shall not assign this agreement without consent of {agency}.",
    "Bed space is reserved at {small_amount} per day, up to {n} beds.",
    "{agency} received {n} complaints regarding {service} during the period.",
    "{title} {last} of {agency} requested a {adj} {noun} by {date}.",
    "The unit price for {service} was reduced from {small_amount} to {small_amount2}.",
    "An audit by {agency} found unsupported costs of {amount}.",
    "{vendor} shall maintain insurance of not less than {amount} per occurrence.",
    "This {noun} supersedes the {noun2} dated {date}.",
    "The {term} acknowledges receipt of amendment {n} issued by {agency}.",
    "Payments to {vendor} for {service} totaled {amount} in fiscal year {year}.",
    "{person} will serve as the point of contact for {agency}.",
    "Notices to {vendor} shall be sent to {person}, {place}.",
    "Section {sec} requires the {term} to {verb} every {noun} electronically.",
]
STAR_SENTENCES = [
    "Contracting Officer {star} approved the {noun} for {service} on {date}.",
    "All invoices must be certified by {star}, Contracting Officer, {agency}.",
    "{star} signed amendment {n} on behalf of {agency}.",
    "Questions regarding this {noun} should be sent to {star}.",
    "The {noun} dated {date} was reviewed by {star} before payment of {amount}.",
    "{star}, Contracting Officer, issued a {adj} {noun} to {vendor}.",
]

PAGE_W, PAGE_H = 612.0, 792.0
MARGIN = 72.0
FONT, FONT_SIZE, LEADING = "Helvetica", 10.0, 12.6
# Body lines per page, drawn per page: real contract pages hold 250-450 words.
MIN_LINES, MAX_LINES = 22, 42
SCAN_DPI = 150


@dataclass(frozen=True)
class CorpusSpec:
    pages: int = 2000
    scanned_fraction: float = 0.0
    pages_per_doc: int = 20
    seed: int = 7

    @property
    def key(self) -> str:
        frac = f"{self.scanned_fraction:.3f}".rstrip("0").rstrip(".")
        return f"v{GENERATOR_VERSION}-p{self.pages}-s{frac}-d{self.pages_per_doc}-r{self.seed}"


@dataclass
class CorpusInfo:
    """What the benchmark needs to know about a generated corpus."""

    folder: str
    spec: dict
    documents: int
    pages: int
    scanned_pages: int
    words: int
    star: str
    star_sentences: int
    agencies: list[str]
    people: list[str]
    vocabulary: list[str]
    phrases: list[str]


@dataclass(frozen=True)
class _Person:
    first: str
    middle: str  # an initial ("J.") or ""
    last: str


def _population(rng: random.Random, size: int) -> list[_Person]:
    """The people a corpus of this size names: each with one fixed spelling of their name."""
    surnames = LAST + [h + t for h in SURNAME_HEADS for t in SURNAME_TAILS]
    people: dict[tuple[str, str], _Person] = {}
    while len(people) < size:
        first, last = rng.choice(FIRST), rng.choice(surnames)
        middle = f"{rng.choice('BCDEFGHJKLMNPRSTW')}." if rng.random() < 0.4 else ""
        people.setdefault((first, last), _Person(first, middle, last))
    return list(people.values())


class _Filler:
    """Fills one template; every slot draws from the shared seeded generator."""

    def __init__(
        self,
        rng: random.Random,
        agencies: list[str],
        vendors: list[str],
        people: list[_Person],
    ):
        self.rng = rng
        self.agencies = agencies
        self.vendors = vendors
        self.people = people
        # Some people are named far more often than others, as in real records.
        self.weights = [1 / (rank + 10) for rank in range(len(people))]

    def someone(self) -> _Person:
        return self.rng.choices(self.people, self.weights)[0]

    def person(self) -> str:
        """One person as a page may write them: in full, without the middle initial, with an
        honorific, or surname first."""
        r, p = self.rng, self.someone()
        style = r.random()
        if p.middle and style < 0.5:
            return f"{p.first} {p.middle} {p.last}"
        if style < 0.65:
            return f"{r.choice(HONORIFICS)} {p.first} {p.last}"
        if style < 0.7:
            return f"{p.last.upper()}, {p.first.upper()}"
        return f"{p.first} {p.last}"

    def amount(self, small: bool = False) -> str:
        r = self.rng
        if small:
            return f"${r.randint(12, 480)}.{r.randint(0, 99):02d}"
        value = r.choice((r.randint(5_000, 95_000), r.randint(100_000, 9_900_000)))
        style = r.random()
        if style < 0.15 and value >= 1_000_000:
            return f"${value / 1_000_000:.1f} million"
        if style < 0.5:
            return f"${value:,}.00"
        return f"${value:,}"

    def date(self) -> str:
        r = self.rng
        return f"{r.choice(MONTHS)} {r.randint(1, 28)}, {r.randint(2015, 2026)}"

    def fill(self, template: str, star: str = "") -> str:
        r = self.rng
        agency = r.choice(self.agencies)
        values = {
            "agency": agency,
            "agency2": r.choice([a for a in self.agencies if a != agency] or self.agencies),
            "vendor": r.choice(self.vendors),
            "person": self.person(),
            "person2": self.person(),
            "title": r.choice(TITLES),
            "last": self.someone().last,
            "amount": self.amount(),
            "small_amount": self.amount(small=True),
            "small_amount2": self.amount(small=True),
            "date": self.date(),
            "service": r.choice(SERVICES),
            "noun": r.choice(NOUNS),
            "noun2": r.choice(NOUNS),
            "adj": r.choice(ADJ),
            "verb": r.choice(VERBS),
            "term": r.choice(TERMS),
            "n": r.randint(2, 90),
            "sec": f"{r.randint(1, 14)}.{r.randint(1, 9)}",
            "ordinal": r.choice(("first", "fifth", "tenth", "fifteenth")),
            "order": f"{r.choice(('70CDCR', 'HSCEDM', 'DJM', 'PO'))}{r.randint(10**7, 10**8 - 1)}",
            "phone": f"({r.randint(200, 989)}) 555-{r.randint(1000, 9999)}",
            "place": f"{r.choice(PLACES)} {r.choice(('County', 'City', 'Township'))}",
            "year": r.randint(2015, 2026),
            "star": star,
        }
        return template.format(**values)


def _lines(text: str, width: float) -> list[str]:
    from reportlab.lib.utils import simpleSplit

    return simpleSplit(text, FONT, FONT_SIZE, width)


def _page_lines(filler: _Filler, number: int, star: str, with_star: bool) -> list[str]:
    """Body lines of one page: a section heading and whole paragraphs until the page's line
    budget is used (never cut, so the star sentence is always drawn)."""
    r = filler.rng
    width = PAGE_W - 2 * MARGIN
    budget = r.randint(MIN_LINES, MAX_LINES)
    lines = [f"Section {number}. {r.choice(SECTION_TITLES)}", ""]
    star_at = r.randint(0, 2) if with_star else -1
    paragraph = 0
    while len(lines) < budget:
        count = r.randint(3, 6)
        sentences = [filler.fill(r.choice(SENTENCES)) for _ in range(count)]
        if paragraph == star_at:
            sentences.insert(r.randint(0, count), filler.fill(r.choice(STAR_SENTENCES), star))
        lines.extend(_lines(f"{number}.{paragraph + 1} " + " ".join(sentences), width))
        lines.append("")
        paragraph += 1
    if star_at >= paragraph:
        lines.extend(_lines(filler.fill(r.choice(STAR_SENTENCES), star), width))
    return lines


def _draw_page(canvas, header: tuple[str, str], lines: list[str], number: int, total: int):
    canvas.setFont(FONT, 8)
    canvas.drawString(MARGIN, PAGE_H - 40, header[0])
    canvas.drawRightString(PAGE_W - MARGIN, PAGE_H - 40, header[1])
    y = PAGE_H - MARGIN
    for line in lines:
        canvas.setFont("Helvetica-Bold" if line.startswith("Section ") else FONT, FONT_SIZE)
        canvas.drawString(MARGIN, y, line)
        y -= LEADING
    canvas.setFont(FONT, 8)
    canvas.drawRightString(PAGE_W - MARGIN, 30, f"Page {number} of {total}")


def _scan_page(text_pdf: bytes, index: int, rng: random.Random) -> bytes:
    """JPEG of one page of ``text_pdf`` at scanner resolution, with seeded grain."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageChops

    source = pdfium.PdfDocument(text_pdf)
    try:
        page = source[index]
        image = page.render(scale=SCAN_DPI / 72, grayscale=True).to_pil().convert("L")
        page.close()
    finally:
        source.close()
    noise = Image.frombytes("L", image.size, rng.randbytes(image.width * image.height))
    image = ImageChops.subtract(image, noise.point(lambda v: max(0, v - 240)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=60)
    return out.getvalue()


def _document(
    filler: _Filler, doc_no: int, n_pages: int, star_pages: set[int], scanned: set[int], star: str
) -> tuple[bytes, list[str], int]:
    """One PDF; returns its bytes, its page texts as drawn and its number of scanned pages."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    r = filler.rng
    agency = r.choice(filler.agencies)
    header = (f"{agency} - Contract {r.choice(('70CDCR', 'HSCEDM'))}{doc_no:07d}", "SYNTHETIC")
    bodies = [_page_lines(filler, n + 1, star, n in star_pages) for n in range(n_pages)]

    def render(pages_as_images: dict[int, bytes]) -> bytes:
        buf = io.BytesIO()
        canvas = Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1)
        canvas.setTitle(f"Synthetic contract {doc_no}")
        for n, lines in enumerate(bodies):
            if n in pages_as_images:
                reader = ImageReader(io.BytesIO(pages_as_images[n]))
                canvas.drawImage(reader, 0, 0, PAGE_W, PAGE_H)
            else:
                _draw_page(canvas, header, lines, n + 1, n_pages)
            canvas.showPage()
        canvas.save()
        return buf.getvalue()

    data = render({})
    if scanned:
        # Its own generator: the share of scanned pages must not change the other pages' text.
        grain = random.Random(doc_no)
        data = render({n: _scan_page(data, n, grain) for n in sorted(scanned)})
    texts = ["\n".join(lines) for lines in bodies]
    return data, texts, len(scanned)


def _agencies(rng: random.Random) -> list[str]:
    places = rng.sample(PLACES, 14)
    local = [rng.choice(LOCAL_AGENCIES).format(p=p) for p in places]
    return FEDERAL_AGENCIES + local


def _vendors(rng: random.Random) -> list[str]:
    return sorted(
        {f"{rng.choice(VENDOR_A)} {rng.choice(VENDOR_B)} {rng.choice(VENDOR_C)}" for _ in range(60)}
    )


def generate(spec: CorpusSpec, folder: Path) -> CorpusInfo:
    """Write the corpus PDFs into ``folder`` and return what was generated."""
    rng = random.Random(spec.seed)
    agencies, vendors = _agencies(rng), _vendors(rng)
    people = _population(rng, max(PEOPLE_MIN, spec.pages // PAGES_PER_PERSON))
    filler = _Filler(rng, agencies, vendors, people)
    star = " ".join(STAR)
    star_slots = set(rng.sample(range(spec.pages), min(STAR_MENTIONS, spec.pages)))
    n_scanned = round(spec.pages * spec.scanned_fraction)
    scanned_slots = set(rng.sample(range(spec.pages), n_scanned))
    folder.mkdir(parents=True, exist_ok=True)
    words, scanned_total, docs = 0, 0, 0
    vocab: dict[str, int] = {}
    candidates = [
        *(f"{a} {b}" for a, b in zip(ADJ, NOUNS, strict=False)),
        *(s for s in SERVICES if " " in s),
        *(" ".join(a.split()[1:3]) for a in agencies),
    ]
    found: set[str] = set()
    for first in range(0, spec.pages, spec.pages_per_doc):
        n_pages = min(spec.pages_per_doc, spec.pages - first)
        slots = range(first, first + n_pages)
        data, texts, n_scan = _document(
            filler,
            docs + 1,
            n_pages,
            {s - first for s in slots if s in star_slots},
            {s - first for s in slots if s in scanned_slots},
            star,
        )
        (folder / f"contract-{docs + 1:05d}.pdf").write_bytes(data)
        docs += 1
        scanned_total += n_scan
        for text in texts:
            flat = " ".join(text.split()).lower()
            found.update(p for p in candidates if p.lower() in flat)
            for word in text.split():
                words += 1
                w = word.strip(".,;:()$'\"").lower()
                if w.isalpha() and len(w) > 3:
                    vocab[w] = vocab.get(w, 0) + 1
    common = sorted(vocab, key=lambda w: (-vocab[w], w))
    phrases = [p for p in candidates if p in found]  # only phrases some page has
    return CorpusInfo(
        folder=str(folder),
        spec=asdict(spec),
        documents=docs,
        pages=spec.pages,
        scanned_pages=scanned_total,
        words=words,
        star=star,
        star_sentences=len(star_slots),
        agencies=agencies,
        people=[" ".join(filter(None, (p.first, p.middle, p.last))) for p in people],
        vocabulary=common[:400],
        phrases=phrases,
    )


def ensure_corpus(spec: CorpusSpec, cache: Path) -> tuple[CorpusInfo, bool]:
    """The corpus for ``spec`` under ``cache``, generated unless a complete copy is there.
    Returns it and whether it was generated now."""
    folder = cache / f"corpus-{spec.key}"
    manifest = cache / f"corpus-{spec.key}.json"
    if manifest.exists() and folder.is_dir():
        return CorpusInfo(**json.loads(manifest.read_text("utf-8"))), False
    info = generate(spec, folder)
    # Written last: a run killed while generating leaves no manifest and is redone.
    manifest.write_text(json.dumps(asdict(info), indent=1), "utf-8")
    return info, True
