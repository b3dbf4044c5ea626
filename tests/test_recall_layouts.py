"""Recall on layouts of real releases: letterheads, signature blocks, "By:" lines, prefixes.

Each test generates its own documents (invented names) in the layout class it guards, as text
PDFs and as scans, and checks what the extractor and tagger make of them.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from ingest import layout, ocr
from ingest.entities.prep import prepare
from ingest.entities.tagger import tag_pages
from ingest.extractors.base import ExtractOptions
from ingest.extractors.pdf import PdfExtractor

# (left official, title, centre agency, centre place, right official, title)
LETTERHEADS = [
    ("Brandon Jeffers", "Mayor", "Department of Police", "City of Riverton",
     "Anthony Kessler", "Superintendent of Police"),
    ("Lorena Castellanos", "Mayor", "Police Department", "Town of Millbrook",
     "Darnell Whitaker", "Chief of Police"),
    ("Gregory Ashby", "County Executive", "Sheriff's Office", "County of Harlan",
     "Patricia Onyango", "Sheriff"),
]  # fmt: skip


def _letter_pdf(head: tuple[str, ...], signer: str) -> bytes:
    left, left_title, agency, place, right, right_title = head
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=letter)
    width, height = letter
    canvas.setFont("Helvetica-Bold", 10)
    canvas.drawString(54, height - 60, left)
    canvas.drawCentredString(width / 2, height - 60, agency)
    canvas.drawRightString(width - 54, height - 60, right)
    canvas.setFont("Helvetica", 8)
    canvas.drawString(54, height - 72, left_title)
    canvas.drawCentredString(width / 2, height - 72, place)
    canvas.drawRightString(width - 54, height - 72, right_title)
    canvas.setFont("Helvetica", 11)
    y = height - 130
    body = [
        "March 4, 2021",
        "",
        "Dear Requester:",
        "",
        "This letter responds to your request under the Freedom of Information Act",
        "for records of payments made to the vendor in 2020. Enclosed are 14 pages.",
        "",
        "Sincerely,",
        "",
        signer,
        "FOIA Officer",
    ]
    for line in body:
        canvas.drawString(72, y, line)
        y -= 15
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _scanned(pdf_bytes: bytes, dpi: int = 200) -> bytes:
    pdf = pdfium.PdfDocument(pdf_bytes)
    image = pdf[0].render(scale=dpi / 72, grayscale=True).to_pil()
    pdf.close()
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=dpi)
    return out.getvalue()


def _page_text(path: Path) -> tuple[str, bool]:
    extracted = PdfExtractor().extract(path, ExtractOptions())
    return extracted.pages[0].text, extracted.pages[0].ocr


def _found(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in tag_pages([text])[0]:
        out.setdefault(m.kind, set()).add(m.norm)
    return out


@pytest.mark.parametrize("scan", [False, pytest.param(True, marks=pytest.mark.slow)])
@pytest.mark.parametrize("head", LETTERHEADS, ids=[h[3] for h in LETTERHEADS])
def test_three_block_letterhead_keeps_officials_and_agency_apart(tmp_path, head, scan):
    """Guards letterheads read as one line: the officials on the left and right are people,
    the centre block an agency that does not start with a person's name."""
    if scan and not ocr.available():
        pytest.skip("tesseract not installed")
    data = _letter_pdf(head, "Lieutenant Carla Mendez")
    path = tmp_path / "letter.pdf"
    path.write_bytes(_scanned(data) if scan else data)
    text, was_ocr = _page_text(path)
    assert was_ocr == scan
    assert layout.COLUMN_GAP + head[2] in text  # blocks stay apart in the stored text too
    found = _found(text)
    assert {head[0], head[4], "Carla Mendez"} <= found.get("person", set())
    agencies = found.get("agency", set())
    assert head[3] in agencies
    assert not any(a.startswith((head[0], head[4])) for a in agencies), agencies
    assert not any(a.startswith(head[3]) and a != head[3] for a in agencies), agencies


def test_letterhead_on_one_line_without_gaps_still_separates_names():
    """Guards text where the gaps are already lost (a text export): the agency rule starts at
    its own head word and a place name stops before the next official's title."""
    text = (
        "Brandon Jeffers Department of Police Anthony Kessler\n"
        "Mayor City of Riverton Superintendent of Police\n"
    )
    found = _found(text)
    assert {"Brandon Jeffers", "Anthony Kessler"} <= found["person"]
    assert {"Department of Police", "City of Riverton"} <= found["agency"]


def test_wide_gaps_in_a_table_row_keep_its_words_and_amounts():
    """A register row's columns become segments; its words and figures are all kept."""
    text = layout.widen_gaps(
        "10234 03/15/2021 ACME SUPPLY 1,250.00", [("03/15/2021", "ACME"), ("SUPPLY", "1,250.00")]
    )
    assert text == "10234 03/15/2021\tACME SUPPLY\t1,250.00"
    assert layout.widen_gaps("no such pair here", [("absent", "words")]) == "no such pair here"


def test_gap_rule_separates_blocks_not_words():
    assert layout.wide_gap(100, 160, 10)  # six heights apart: another block
    assert not layout.wide_gap(100, 104, 10)  # a word space
    assert not layout.wide_gap(100, 112, 10)  # a stretched justified space
    assert layout.same_line(700, 710, 701, 709) and not layout.same_line(700, 710, 688, 698)


def _register_pdf(rows: list[tuple[str, str, str, str]], total: str) -> bytes:
    """A check register without a column header (as a scan whose header line OCR lost)."""
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=letter)
    width, height = letter
    canvas.setFont("Helvetica-Bold", 12)
    canvas.drawString(72, height - 72, "CHECK REGISTER - GENERAL FUND")
    canvas.setFont("Helvetica", 11)
    y = height - 110
    for number, date, payee, amount in rows:
        canvas.drawString(72, y, number)
        canvas.drawString(130, y, date)
        canvas.drawString(210, y, payee)
        canvas.drawRightString(width - 72, y, amount)
        y -= 18
    canvas.drawString(210, y - 6, "TOTAL")
    canvas.drawRightString(width - 72, y - 6, total)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


REGISTER = [
    ("10234", "03/15/2021", "HARBOR OFFICE SUPPLY", "1,250.00"),
    ("10235", "03/16/2021", "NORTHGATE DATA SERVICES", "(342.19)"),
    ("10236", "03/17/2021", "PINE RIDGE FUEL", "1,980.40"),
    ("10237", "03/18/2021", "LAKESIDE PRINTING CO", "12,022.67"),
]


@pytest.mark.parametrize("scan", [False, pytest.param(True, marks=pytest.mark.slow)])
def test_register_rows_without_a_money_header_are_amounts(tmp_path, scan):
    """Guards money on registers: each row's last figure with cents is an amount (a negative in
    accounting parentheses), and the total with its dollar sign set apart by the layout."""
    if scan and not ocr.available():
        pytest.skip("tesseract not installed")
    data = _register_pdf(REGISTER, "$ 14,910.88")
    path = tmp_path / "register.pdf"
    path.write_bytes(_scanned(data, dpi=300) if scan else data)
    text, _ = _page_text(path)
    values = {m.value for m in tag_pages([text])[0] if m.kind == "money"}
    assert {1250.00, -342.19, 1980.40, 12022.67, 14910.88} <= values, (values, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The board approved 6.5 million for the data contract.", [6_500_000.0]),
        ("The grant of 2.25 billion was awarded in May.", [2_250_000_000.0]),
        ("The county has 6.5 million residents and a budget office.", []),
        ("About 3 million people live in the area.", []),
        ("Grand total $14, 502.88 due on receipt", [14_502.88]),
        ("Vendor payments\nACME SUPPLY 1,250.00\n\nOFFICE DEPOT 342.19\nGRAINGER (1,980.00)", [
            1250.0, 342.19, -1980.0]),
        ("Sample weights\nA 12.50\nB 13.75\nC 14.00", []),
    ],
)  # fmt: skip
def test_money_without_a_sign_in_money_context(text, expected):
    """Guards scaled figures in money sentences, OCR-split thousands and headerless lists."""
    from ingest.entities.money import find_money

    assert [m.value for m in find_money(text, "en")] == expected


@pytest.mark.parametrize(
    ("lang", "text", "people"),
    [
        ("nl", "“We verkopen geen gegevens,” zei Pieter van Dalen, woordvoerder.", ["Pieter van Dalen"]),
        ("nl", "“Dat is onjuist,” aldus Sanne Kuipers, directeur van de stichting.", ["Sanne Kuipers"]),
        ("nl", "Volgens minister Femke Halsema is het beleid duidelijk.", ["Femke Halsema"]),
        ("nl", "De burgemeester, Jorien de Wit, zei dat het klopt.", ["Jorien de Wit"]),
        ("es", "«No compartimos datos», afirmó Xabier Etxeberria, portavoz.", ["Xabier Etxeberria"]),
        ("es", "Así lo señaló la alcaldesa Itziar Gorostiza en la rueda de prensa.", ["Itziar Gorostiza"]),
        ("es", "Ana Ruiz Gómez, portavoz del sindicato, dijo que no.", ["Ana Ruiz Gómez"]),
        ("es", "Según el Departamento de Seguridad Nacional, los datos son públicos.", []),
        ("nl", "Dat zei de Amerikaanse Immigratiedienst gisteren.", []),
        ("nl", "Volgens De Telegraaf is het waar.", []),
    ],
)  # fmt: skip
def test_people_quoted_in_other_languages_by_speech_verb_or_title(lang, text, people):
    """Guards Dutch and Spanish press releases: a full name after a speech verb or a title of
    the language, or before ", <title>", is a person; a body's name there is not."""
    found = [m.norm for m in tag_pages([text], [lang])[0] if m.kind == "person"]
    assert found == people


def test_named_csv_columns_are_entities_of_their_row(tmp_path):
    """Guards spreadsheet rows: an agency or person in a named column is an entity of that
    row even where the model reads nothing ("RCSO") or part ("TRAN VAN"); code and category
    columns name nobody; a cell the rules read already keeps their reading."""
    from ingest.extractors.table import CsvExtractor

    path = tmp_path / "bookings.csv"
    path.write_text(
        "booking_id,name,arresting_agency,naics_description,bail_amount\n"
        '1001,"DELGADO, MARIA",Riverton PD,"DATA PROCESSING, HOSTING, AND RELATED SERVICES",500\n'
        "1002,Kwame Osei-Bonsu,RCSO,TRAINING,1500\n"
        '1003,TRAN VAN MINH,"HARLAN, COUNTY OF",TRAINING,2500\n',
        encoding="utf-8",
    )
    pages = CsvExtractor().extract(path, ExtractOptions()).pages
    got = [
        sorted((m.kind, m.norm) for m in page if m.kind != "money")
        for page in tag_pages([p.text for p in pages])
    ]
    assert got == [
        [("agency", "Riverton PD"), ("person", "Maria Delgado")],
        [("agency", "RCSO"), ("person", "Kwame Osei-Bonsu")],
        [("agency", "County of Harlan"), ("person", "Tran van Minh")],
    ]
    form = "Case notes\nPrepared by: Sgt. S. Lindqvist, Records Unit\n"
    assert [m.norm for m in tag_pages([form])[0] if m.kind == "person"] == ["S. Lindqvist"]


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("Very truly yours,\n\nOlufemi Adeyemi-Clarke\nDeputy General Counsel", ["Olufemi Adeyemi-Clarke"]),
        ("Signed,\nJ. Ramon Echeverria III\nDirector", ["J. Ramon Echeverria III"]),
        ("Approved by the board.\nBY: D. WHITLOW", ["D. Whitlow"]),
        ("Respectfully,\n\nLT. MARCUS AVILA\nFOIA OFFICER", ["Marcus Avila"]),
        ("Sincerely,\n\n/s/ Linda Carrow\nFOIA Officer", ["Linda Carrow"]),
        ("Commander Dana Whitlow #4411\nRecords Division", ["Dana Whitlow"]),
        ("Thank you,\nFOIA Unit", []),
        ("Records Division\nDirector", []),
    ],
)  # fmt: skip
def test_signature_blocks_and_by_lines_yield_their_signer(text, people):
    """Guards signature blocks, "By:" lines and stamps: the lone name line is a person, and
    the role under it ("Deputy General Counsel") is no organisation."""
    found = tag_pages([text])[0]
    assert [m.norm for m in found if m.kind == "person"] == people
    assert not [m.norm for m in found if m.kind == "org"]


def test_prefixes_and_suffixes_join_one_person_across_letters(tmp_path):
    """Guards "Attn"/"cc:" prefixes and "Jr."/middle-initial variants: one entity per person."""
    from index.store import Store
    from tests.conftest import ingest_paths

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(
        "The agreement was signed by Harold P. Whitcombe Jr. on May 3.\n\nAttn Maria Delgado\n"
    )
    (docs / "b.txt").write_text("Harold Whitcombe later said the terms were fair.\n")
    (docs / "c.txt").write_text(
        "Letter to Harold Whitcombe Jr. about the invoice.\ncc: Maria Delgado\n"
    )
    assert not ingest_paths([docs], tmp_path / "data").failures
    with Store(tmp_path / "data") as store:
        people = store.db.execute(
            "SELECT e.canonical, COUNT(DISTINCT m.doc_id) FROM entities e JOIN mentions m "
            "ON m.entity_id = e.id WHERE e.kind = 'person' GROUP BY e.id ORDER BY 1"
        ).fetchall()
    assert [tuple(r) for r in people] == [("Harold P. Whitcombe Jr.", 3), ("Maria Delgado", 2)]


def _text_pdf(path: Path, lines: list[str]) -> Path:
    canvas = Canvas(str(path), pagesize=letter)
    y = letter[1] - 72
    canvas.setFont("Times-Roman", 11)
    for line in lines:
        canvas.drawString(72, y, line)
        y -= 14
    canvas.showPage()
    canvas.save()
    return path


def test_case_citation_parties_are_people(tmp_path):
    """Guards case names in opinions and motions: the parties of "Sessions v. Dimaya" are
    people though only their surnames are cited; governments, places and firms on either side
    ("United States", "City of Harlan", "Bell Atl. Corp.", "Detroit Timber & Lumber Co.") are
    not, and "John V. Smith" has a middle initial, not a case."""
    path = _text_pdf(
        tmp_path / "opinion.pdf",
        [
            "The petitioner relies on Okonkwo-Reyes v. Lindqvist, 912 F.3d 411 (9th Cir.",
            "2019), and on Pemberton v. City of Harlan, 77 F.4th 12 (2023). See also",
            "Bell Atl. Corp. v. Twombly, 550 U.S. 544 (2007); United States v. Varga, 3 F.3d 9;",
            "United States v. Detroit Timber & Lumber Co., 200 U.S. 321 (1906).",
            "Grant, et al v. Ashcombe was decided the same year. John V. Smith testified.",
            "MARISOL QUINTERO-BAEZ,",
            "Petitioner,",
            "v.",
            "CHAD F. WOLLASTON, Acting Secretary,",
            "Respondent.",
        ],
    )
    text, _ = _page_text(path)
    people = _found(text).get("person", set())
    for name in ("Okonkwo-Reyes", "Lindqvist", "Pemberton", "Twombly", "Varga", "Grant"):
        assert name in people
    assert "Ashcombe" in people
    assert "Chad F. Wollaston" in people and "Marisol Quintero-Baez" in people
    assert not any("Bell" in p or "Detroit" in p or "Harlan" in p for p in people)
    assert "Smith" not in people and "John" not in people  # no case "John v. Smith"


def test_reference_list_names_written_surname_first(tmp_path):
    """Guards bibliographies and rosters written "Surname, Given": each entry's author is a
    person though the entries wrap and are joined into one paragraph before tagging (also
    with a given name no list knows, where the model read the pair as one name); an agency's
    acronym before a comma is no surname ("ICE, Daniel Ragsdale"); a greeting of two first
    names ("Renata, Marcus,") and "Thanks, John" are not such names."""
    path = _text_pdf(
        tmp_path / "report.pdf",
        [
            "References",
            "Abernathy, Celeste. \u201cDetainers and the County Jail.\u201d Law Review, Volume 12, Issue 3.",
            "https://example.org/articles/abernathy-detainers",
            "Fairweather, Will, Jacob Osterhout and Priya Raman. \u201cPretrial Detention and",
            "Employment.\u201d Economic Journal, Vol. 8, 2018. Pages 20-41.",
            "Lindqvist, Emily and Nelson G. Parrish. \u201cThe Cost of Holds.\u201d Working paper, 2019.",
        ],
    )
    text, _ = _page_text(path)
    people = _found(text).get("person", set())
    assert {"Celeste Abernathy", "Will Fairweather", "Emily Lindqvist"} <= people
    listed = (
        "https://example.org/report.pdf\nShahani, Aarti. \u201cDetainers in New York.\u201d 2010."
    )
    assert "Aarti Shahani" in _found(listed).get("person", set())
    acronym = "a letter to the Director of ICE, Daniel Ragsdale (now retired), and the FAA,\n"
    acronym += "Airworthiness Products Section"
    assert _found(acronym).get("person", set()) == {"Daniel Ragsdale"}
    greeting = "To: Renata Okafor\nCc: Marcus Whitlow\n\nRenata, Marcus,\nThanks, John\n"
    assert "Marcus Renata" not in _found(greeting).get("person", set())
    assert "John Thanks" not in _found(greeting).get("person", set())


def test_column_name_is_not_an_acronym_defined_in_another_row(tmp_path):
    """Guards spreadsheet rows: "PDF URL" heads a column of every row; that another row spells
    out "Harlan Detention Facility (PDF)" does not make the column name that agency."""
    from ingest.extractors.table import CsvExtractor

    path = tmp_path / "deaths.csv"
    path.write_text(
        "Subject,Facility Name,Notes,PDF URL\n"
        "Row one,Harlan Detention Facility,Held at Harlan Detention Facility (PDF) since May,"
        "https://example.org/a.pdf\n"
        "Row two,Riverton County Jail,Transferred,https://example.org/b.pdf\n",
        encoding="utf-8",
    )
    pages = CsvExtractor().extract(path, ExtractOptions()).pages
    tagged = tag_pages([p.text for p in pages])
    second = [(m.kind, m.text, m.norm) for m in tagged[1] if m.kind == "agency"]
    assert not any(text == "PDF" for _, text, _ in second), second


def test_agenda_presenter_is_not_joined_to_the_next_item(tmp_path):
    """Guards agendas whose items end in the presenter's name: the lines are joined into one
    paragraph before tagging, and the model read "Phil Whittington Approval"; a name wrapped
    onto the next line still ends in its surname."""
    path = _text_pdf(
        tmp_path / "agenda.pdf",
        [
            "Quarterly Meeting of the Regional Advisory Board on Community Corrections",
            "Welcome, Introductions and Roll Call \u2013 Dorian Whitcombe",
            "Approval of the Minutes of the Meeting Held on the Fourteenth of May",
            "Briefing on the Case Management Dashboard \u2013 Priyanka Ramaswamy",
            "Implementation of the Pilot Supervision Programme for the Region",
            "The memorandum on the programme was signed by the deputy director Renata J.",
            "Tolliver on behalf of the board and its staff in the regional office.",
        ],
    )
    text, _ = _page_text(path)
    people = _found(text).get("person", set())
    assert not any(p.endswith(("Approval", "Implementation")) for p in people), people
    assert "Renata J. Tolliver" in people


def _table_pdf(path: Path, rows: list[list[list[str]]], widths: list[int]) -> Path:
    """A ruled-free table whose cells wrap onto several lines, drawn cell by cell as
    spreadsheet exports do."""
    canvas = Canvas(str(path), pagesize=letter)
    canvas.setFont("Helvetica", 8)
    y = letter[1] - 72
    for row in rows:
        x = 40
        for cell, width in zip(row, widths, strict=True):
            for k, line in enumerate(cell):
                canvas.drawString(x, y - 10 * k, line)
            x += width
        y -= 10 * max(len(c) for c in row) + 8
    canvas.showPage()
    canvas.save()
    return path


def test_wrapped_table_cells_read_as_one_name(tmp_path):
    """Guards tables whose cells wrap (lists of deaths in custody, booking logs): a name
    written "SURNAME-/Second, Given" and a facility over three lines of its cell are one name
    each, for the text and the tagger; the cells of a row stay apart."""
    rows = [
        [["1"], ["OKAFOR-", "Brightwater,", "Tobias"], ["M 3/14/1971"],
         ["Riverton", "Community", "Hospital, Riverton,", "CA"],
         ["Harlan", "Correctional", "Facility, CA"], ["No Pending"]],
        [["2"], ["LINDQVIST, Emil", "Anders"], ["M 7/2/1980"],
         ["Saint Brigid Medical", "Center, Millbrook, TX"],
         ["Millbrook County", "Detention Center, TX"], ["Yes Natural"]],
        [["3"], ["Public Affairs Office", "Office of Public Affairs"], ["Media"], ["Contact"],
         ["Riverton Police", "Department"], ["No"]],
    ]  # fmt: skip
    path = _table_pdf(tmp_path / "deaths.pdf", rows, [20, 90, 70, 110, 110, 70])
    text, _ = _page_text(path)
    assert "OKAFOR-Brightwater, Tobias" in text
    assert "Harlan Correctional Facility, CA" in text
    assert "Millbrook County Detention Center, TX" in text
    assert "Public Affairs Office\nOffice of Public Affairs" in text  # a name of its own
    assert "Riverton Police Department" in text
    found = _found(text)
    assert {"Tobias Okafor-Brightwater", "Emil Anders Lindqvist"} <= found.get("person", set())
    agencies = found.get("agency", set())
    assert {"Harlan Correctional Facility", "Millbrook County Detention Center"} <= agencies
    assert not any(a.startswith(("CA ", "TX ")) for a in agencies), agencies


@pytest.mark.parametrize(
    ("text", "agencies"),
    [
        ("The First Circuit and the D.C. Circuit disagreed; the Tenth Circuit followed.",
         {"First Circuit", "D.C. Circuit", "Tenth Circuit"}),
        ("Petitioner Harlan Regional Water District sued the Riverton Water Resources Board "
         "(RWRB). RWRB answered.", {"Harlan Regional Water District", "Riverton Water Resources Board"}),
        ("The Millbrook County Housing Authority asked the Ohio General Assembly for funds.",
         {"Millbrook County Housing Authority", "Ohio General Assembly"}),
        ("The case went to the United States Bankruptcy Court.", {"United States Bankruptcy Court"}),
        ("The Defense Advanced Research Projects Agency and NHTSA funded the study; NOAA did not.",
         {"Defense Advanced Research Projects Agency",
          "National Highway Traffic Safety Administration",
          "National Oceanic and Atmospheric Administration"}),
        ("IN THE HIGH COURT OF THE REPUBLIC OF KESTRELIA", {"High Court of the Republic of Kestrelia"}),
        ("Held at Riverton/Harlan Detention Facility, then Millbrook Federal Contract Facility.",
         {"Riverton/Harlan Detention Facility", "Millbrook Federal Contract Facility"}),
        ("The Oregon Department of Justice asked the Riverton Regional Intelligence Center.",
         {"Oregon Department of Justice", "Riverton Regional Intelligence Center"}),
        ("The Harlan Joint Terrorism Task Force and the Nevada Highway Patrol met.",
         {"Harlan Joint Terrorism Task Force", "Nevada Highway Patrol"}),
        ("This agreement between U.S. Department of Justice and Kestrel Correctional\n"
         "Solutions Corp. and the Department of Health and Human Services is effective.",
         {"U.S. Department of Justice", "U.S. Department of Health and Human Services"}),
        ("The county health authority and the school board met.", set()),
    ],
)  # fmt: skip
def test_courts_districts_legislatures_and_federal_agencies_are_agencies(text, agencies):
    """Guards agency names the first rules did not know: circuits named by number, special
    districts, boards and authorities named for what they run, state legislatures, a wider
    list of federal agencies, state patrols, task forces and fusion centres; a party's role
    before a name ("Petitioner") is not part of it, a state's department is not the federal
    one of that name, "Department of Justice and <a firm>" is two parties while "Department of
    Health and Human Services" is one, and the same words in lower case name nobody."""
    assert _found(text).get("agency", set()) == agencies


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("ordered to pay b. Australian Dollars 6,615,634.23; and", [(6615634.23, "AUD")]),
        ("the sum of Dollars 429,321; and costs", [(429321.0, "USD")]),
        ("SINGAPORE DOLLARS 25,000.00 and US Dollars 12.50", [(25000.0, "SGD"), (12.5, "USD")]),
        ("in constant Dollars 2019 terms", []),
    ],
)
def test_currency_named_before_the_figure(text, amounts):
    """Guards court orders and contracts abroad that name the currency before the figure;
    a year after "Dollars" is no amount."""
    found = [(m.value, m.currency) for m in tag_pages([text])[0] if m.kind == "money"]
    assert found == amounts


def test_surname_alone_names_the_documents_person():
    """Guards reports and opinions that name a person once in full and then by surname: the
    lone surname is that person on every page; not when two people of the document share it,
    when it runs on into another name ("Trump Tower") or is an everyday word ("Price")."""
    pages = [
        "The study by Marisol Okonkwo and Dana Price was cited by Judge Barbara Whitcombe. "
        "Peter Lindqvist and Anna Lindqvist testified.",
        "Okonkwo et al. (2018) found that Whitcombe erred. The Okonkwo Building stands. "
        "Price rose. Lindqvist said no.",
    ]
    second = {(m.text, m.norm) for m in tag_pages(pages, ["en", "en"])[1] if m.kind == "person"}
    assert ("Okonkwo", "Okonkwo") in second and ("Whitcombe", "Whitcombe") in second
    assert not any(text in {"Price", "Lindqvist"} for text, _ in second), second
    assert sum(text == "Okonkwo" for text, _ in second) == 1  # not the building


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("RESULTS\nDORIAN KESTREL 247 REP NO\t142 NO\t105\nLIEUTENANT GOVERNOR YES\t86 YES\t98\n"
         "ATTORNEY GENERAL YES\t106 MARISOL QUINTERO 219\n", ["Dorian Kestrel", "Marisol Quintero"]),
        ("HALVORSEN 247 REP AJ-SUPREME CT\nOKAFOR 249 REP AJ 2D APP\n", []),
        ("RUN 12/3/2014 REGISTRAR-RECORDER/COUNTY CLERK PRECINCT BULLETINS\n", []),
        ("For the State: by Tobias W. Lindqvist, Deputy Solicitor\nGeneral, and others.",
         ["Tobias W. Lindqvist"]),
        ("See \u201cHolds and Detainers.\u201d Justice Strategies, October 2010.", []),
        ("With the Harlan County State's Attorney Regional Organized Crime Task Force, we met.", []),
        ("Sheriff May spoke. Judge Page agreed. MAYOR NG and SHERIFF LEE came.",
         ["May", "Page", "Ng", "Lee"]),
    ],
)  # fmt: skip
def test_regression_title_before_a_word_that_is_no_surname_yields_no_person(text, people):
    """Guards titles read before words no title makes a name: a results table's "REP NO",
    "GOVERNOR YES" and judges' codes ("REP AJ"), a bulletin's "CLERK PRECINCT", "Deputy
    Solicitor General", a firm ("Justice Strategies") and a task force after "State's
    Attorney"; surnames that are words ("Sheriff May") and short ones in capitals stay."""
    found = [m.norm for m in tag_pages([text])[0] if m.kind == "person"]
    assert found == people


def test_regression_routing_line_above_an_addressee_is_no_signer():
    """Guards letters whose delivery line ("Via ECF") stands above the addressee: the
    addressee's "Mr." line is a name, not a title that makes the line above a signer."""
    text = "Page 1 of 2\nJanuary 19, 2023\nVia ECF\nMr. Desmond R. Halvorsen\nClerk of Court\n"
    found = [m.norm for m in tag_pages([text])[0] if m.kind == "person"]
    assert found == ["Desmond R. Halvorsen"]


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("MOTION TO STAY PROCEEDINGS PENDING DECISION IN\nOKONKWO REYES, ET AL. V. LINDQVIST, "
         "ET AL., CASE NOS. 20-55436\nAND\nALTERNATIVE MOTION", ["Okonkwo Reyes", "Lindqvist"]),
        ("SUPREME COURT OF THE UNITED STATES\nSyllabus\nHARLAN REGIONAL WATER DISTRICT v.\n"
         "PEMBERTON ET AL.\nCERTIORARI TO THE UNITED STATES COURT OF APPEALS", ["Pemberton"]),
        ("KESTREL HOLDINGS, LLC V. STATE EX REL. WHITCOMBE\n2022-NCSC-1\nOpinion of the Court\n",
         ["Whitcombe"]),
        ("It is wrong. Harbor Techs., Inc. v. State ex rel. Ashcombe, 366 N.C. 289 (2012).",
         ["Ashcombe"]),
        ("JOHN V. SMITH testified.", []),
        ("PENDING DECISION IN\nOKONKWO REYES, ET AL. V. WOLF, ET AL., CASE NOS. 20-55436",
         ["Okonkwo Reyes", "Wolf"]),
        ("See ACLU v. Lindqvist, 912 F.3d 411.", ["Lindqvist"]),
    ],
)  # fmt: skip
def test_regression_case_caption_in_capitals_with_et_al_or_ex_rel_yields_parties(text, people):
    """Guards captions and running heads of opinions in capitals: "V." between the parties
    after "ET AL." or a firm's "LLC" (no middle initial stands there), "ET AL." after a party,
    and the relator of "State ex rel. X", who is the person; the firm and the state are not,
    and "JOHN V. SMITH" alone is no case."""
    found = [m.norm for m in tag_pages([text])[0] if m.kind == "person"]
    assert found == people


def test_regression_agency_name_wrapped_after_of_in_a_narrow_column_is_one_name():
    """Guards names wrapped in narrow columns (registers' three columns, certificates): a line
    ending in "of", "and", "for" or "the" goes on, so "U.S. Department of" / "Transportation"
    is one agency, not "U.S. Department" and "Department of"; short lines ending otherwise
    keep their breaks."""
    text = (
        "ADDRESSES: You may send comments by:\n"
        "\u2022 Fax: 202\u2013493\u20132251.\n"
        "\u2022 Mail: U.S. Department of\n"
        "Transportation, Docket Operations, M\u2013\n"
        "30, West Building Ground Floor.\n"
        "(a) that it was issued by the\n"
        "Courts of the Republic of\n"
        "Kestrelia; and (b) the text\n"
    )
    agencies = _found(text).get("agency", set())
    assert {"U.S. Department of Transportation", "Courts of the Republic of Kestrelia"} <= agencies
    assert not any(a.endswith((" of", "Department")) for a in agencies), agencies


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("Annex A\nHC/S865/2018:HC/JUD142/2020\nONG WEI LING\nREGISTRAR\nSUPREME COURT\n1",
         ["Ong Wei Ling"]),
        ("Staff\nDorian Kestrel\nGIS Manager\nMarisol Quintero\nCAD Administrator\n"
         "Priyanka Ramaswamy\nAdministrative Analyst\n",
         ["Dorian Kestrel", "Marisol Quintero", "Priyanka Ramaswamy"]),
        ("Vendors\nHarbor Supply\nProject Manager\nNorthgate Data\nAccount Manager\n", []),
    ],
)  # fmt: skip
def test_regression_name_line_over_a_role_without_rank_yields_person(text, people):
    """Guards staff rosters and signature blocks whose title is a role, not a rank ("GIS
    Manager", "Administrative Analyst", "REGISTRAR"): the name line above is a person, whole
    where the model read part of it; a vendor's line over "Account Manager" is not."""
    found = [m.norm for m in tag_pages([text])[0] if m.kind == "person"]
    assert found == people


def test_regression_table_surname_joined_by_a_unicode_hyphen_reads_as_one_name():
    """Guards tables exported to PDF by word processors, whose double surnames carry U+2010
    ("OKAFOR\u2010Brightwater, Tobias"), also where the cell wraps after it: the name is read
    "Surname-Second, Given" as with an ASCII hyphen; the sex column's bare "F" or "M" before
    the date of birth is no middle initial."""
    text = (
        "FINAL CAUSE OF DEATH\n"
        "9\nLINDQVIST\u2010Varga, Emil F 6/1/1962 UNITED KINGDOM 10/24/2016 Harlan Hospital\n"
        "18\nHALVORSEN\u2010\nQUINTERO, DORIAN\nENRIQUE\nM 5/27/1969 HONDURAS 1/22/2016\n"
    )
    people = _found(text).get("person", set())
    assert {"Emil Lindqvist-Varga", "Dorian Halvorsen-Quintero"} <= people, people
    assert not any(p in {"Emil F. Varga", "Dorian Quintero"} for p in people), people


@pytest.mark.parametrize(
    ("text", "agencies"),
    [
        ("set forth in 5th Circuit Rule 47.5.4.\nUnited States Court of Appeals\nFifth Circuit\n"
         "FILED\nMarch 16, 2022\n", {"United States Court of Appeals for the Fifth Circuit"}),
        ("The Ninth Circuit Court of Appeals makes efforts to identify related issues.",
         {"United States Court of Appeals for the Ninth Circuit"}),
        ("1. Person Reporting\nHALVORSEN, DANA V.\n2. Court or Organization\n"
         "BANKRUPTCY COURT, DISTRICT OF KESTRELIA\n3. Date of Report\n",
         {"Bankruptcy Court, District of Kestrelia"}),
        ("an order entered by Judge Ebern T. Okafor III, in the Superior Court, Harlan County.",
         {"Superior Court, Harlan County"}),
        ("The District Court, Southern District of New York, ruled.",
         {"District Court, Southern District of New York"}),
    ],
)  # fmt: skip
def test_regression_court_with_its_circuit_or_seat_apart_is_one_court(text, agencies):
    """Guards stamps, opinions and judges' forms that write a court apart from its circuit or
    seat: "United States Court of Appeals" over "Fifth Circuit" and "Ninth Circuit Court of
    Appeals" are the court of appeals for that circuit; "<kind> Court, District of X" and
    "<kind> Court, X County" are one court, not a court of nowhere."""
    assert _found(text).get("agency", set()) == agencies


@pytest.mark.parametrize(
    ("text", "agencies"),
    [
        ("\u2022 Mail: U.S. Department of\nTransportation, Docket Operations, M\u2013\n30, West "
         "Building\nFOR FURTHER INFORMATION CONTACT: Dana\nOkafor, Manager, Riverton ACO Branch,\n"
         "FAA, 2200 South 216th St., Harlan, WA\n",
         {"U.S. Department of Transportation", "Docket Operations", "Riverton ACO Branch",
          "Federal Aviation Administration"}),
        ("You may view this referenced service information at\nthe FAA, Airworthiness Products\n"
         "Section, Operational Safety Branch,\n2200 South 216th St., Harlan, WA.",
         {"Federal Aviation Administration", "Airworthiness Products Section",
          "Operational Safety Branch"}),
        ("Issued on August 3, 2020.\nLance T. Halvorsen,\nDirector, Compliance & Airworthiness\n"
         "Division, Aircraft Certification Service.\n[FR Doc. 2020\u201317221 Filed]",
         {"Compliance & Airworthiness Division", "Aircraft Certification Service"}),
        ("Media Forensics\nSeptember 29, 2015\nDefense Advanced Research Projects Agency\n"
         "Information Innovation Office\n675 North Randolph Street\n",
         {"Defense Advanced Research Projects Agency", "Information Innovation Office"}),
        ("The Section Office of the vendor and Harbor Customer Service answered. See Section 5.",
         set()),
    ],
)  # fmt: skip
def test_regression_agency_office_after_the_agency_or_a_title_is_an_agency(text, agencies):
    """Guards federal notices and letterheads naming the office that handles a matter: after
    the agency and a comma ("FAA, Airworthiness Products Section, Operational Safety Branch",
    the acronym then the agency too), after a signer's title ("Director, Compliance &
    Airworthiness Division") or on the line under the agency; the same words elsewhere are no
    agency."""
    assert _found(text).get("agency", set()) == agencies


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("Travel\n7. Saul Whitcombe Charitable\nFoundation\nJanuary 8-10, 2018\tHarlan, CA\t"
         "Board Meeting", []),
        ("THI F 7/7/1953 VIETNAM 7/2/2015\nMemorial Okafor\nHospital (MHH),\nRiverton, TX\n", []),
        ("12/31/2015 07/29/2015 Hank Lindqvist Properties, Inc. - Leisure Riverton\t13\tLayoff\n"
         "09/11/2015 08/07/2015 Anna's Linens, Inc.\tCosta Mesa\t29\n", []),
        ("Sincerely,\n\nDana Okafor\nHospital Administrator\n", ["Dana Okafor"]),
    ],
)  # fmt: skip
def test_regression_name_heading_a_firm_foundation_or_hospital_is_no_person(text, people):
    """Guards names of bodies and places that start with a person's name, also wrapped onto
    the next line ("Saul Whitcombe Charitable" / "Foundation", "Memorial Okafor" / "Hospital",
    "Anna's Linens, Inc."); a signer over a title that starts with such a word stays."""
    found = [m.norm for m in tag_pages([text])[0] if m.kind == "person"]
    assert found == people


def test_regression_swept_name_running_into_an_airport_is_no_mention():
    """Guards the corpus-wide sweep: a known "John F. Kennedy" is not found in the airport's
    name wrapped over two lines, and still is where he is named."""
    from ingest.entities.sweep import Sweeper

    sweeper = Sweeper([("Marcus F. Whitlow", "mfw", "person")])
    text = "at Marcus F. Whitlow\nInternational airport, in Harlan. Marcus F. Whitlow said so."
    assert [h.start for h in sweeper.find(text)] == [text.rindex("Marcus")]


def test_regression_spreadsheet_key_joined_by_pipes_yields_its_surname_first_name(tmp_path):
    """Guards spreadsheets whose key column joins fields with "|" ("Okafor, Dana|2019-03-02|
    2019|Term 2"): a pipe between cells separates them as a tab does, so the surname-first
    name before it is read; a "|" between two letters (an OCR'd "l") joins nothing apart."""
    from ingest.extractors.table import CsvExtractor

    path = tmp_path / "custody.csv"
    path.write_text(
        "Subject,Sex,Facility Name,Facility Location\n"
        '"Lindqvist, Marisol|2019-03-02|2019|Term 2",Female,Harlan Processing Center,'
        '"Riverton, TX"\n'
        '"Okafor, Dana Elise|2020-11-19|2020|Term 2",Male,Alder Valley Detention Center,'
        '"Millbrook, Kestrelia"\n',
        encoding="utf-8",
    )
    pages = CsvExtractor().extract(path, ExtractOptions()).pages
    got = [
        sorted(m.norm for m in page if m.kind == "person")
        for page in tag_pages([p.text for p in pages])
    ]
    assert got == [["Marisol Lindqvist"], ["Dana Elise Okafor"]]
    assert prepare("Marisol Wi|liams").text == "Marisol Wi|liams"


@pytest.mark.parametrize(
    ("text", "agencies"),
    [
        ("AGENCY: Federal Aviation\nAdministration (FAA), DOT.\nSUMMARY: The FAA proposes to\n",
         {"Federal Aviation Administration", "U.S. Department of Transportation"}),
        ("completed by the local authorities with\nassistance from the National Transportation "
         "Safety\nBoard (NTSB) and the operator.\n", {"National Transportation Safety Board"}),
        ("Annual Report\nSummary Tables (ST)\n", set()),
    ],
)  # fmt: skip
def test_regression_agency_name_wrapped_mid_name_before_its_acronym_is_one_name(text, agencies):
    """Guards federal notices set in narrow columns, whose agency wraps mid-name with no "of"
    at the line's end ("Federal Aviation" / "Administration (FAA)"): where the words on both
    sides of the break spell the bracketed acronym after them, the break is inside the name,
    which is read whole (and so is the acronym it defines); a break the acronym does not span
    ("Annual Report" over "Summary Tables (ST)") still separates."""
    found = _found(text).get("agency", set())
    assert found == agencies
    assert "Federal Aviation" not in found


@pytest.mark.parametrize(
    "text",
    [
        "12\nHALVORSEN, Dorian M 4/29/1962 KESTRELIA 6/13/2016\nRiverton Hospital, Harlan, NJ\n"
        "No IGSA\nCongestive Heart\nFailure/Cardiovascular\nDisease\n",
        "10\nOKAFOR-Lindqvist, Emil M 10/2/1992 KESTRELIA 9/27/2016 Harlan County Jail, NE No IGSA"
        " Anoxic Brain Injury due to Cardiac Arrest due to Seizure\n",
        "Cause of death: Acute Renal Failure\nAttending: Dr. Marisol Quintero\n",
    ],
)
def test_regression_cause_of_death_in_a_register_cell_is_no_person(text):
    """Guards registers of deaths and medical releases, whose cause-of-death cells are runs of
    capitalised words ("Congestive Heart" / "Failure", "Anoxic Brain Injury"): no diagnosis is
    a person, not even what is left once its first word is dropped ("Heart"); the people of the
    row stay."""
    people = _found(text).get("person", set())
    assert not any(w in p for p in people for w in ("Heart", "Brain", "Injury", "Renal")), people
    assert people & {"Dorian Halvorsen", "Emil Okafor-Lindqvist", "Marisol Quintero"}, people


def test_regression_register_name_cell_wrapped_after_the_surname_comma_is_one_name():
    """Guards registers in narrow columns whose name cell in capitals wraps after the surname's
    comma ("HALVORSEN-" / "QUINTERO," / "DORIAN ENRIQUE"): the given names on the next line are
    the person's, not a person of their own ("Dorian Enrique")."""
    text = (
        "ALIEN NAME SEX\n"
        "19\nHALVORSEN\u2010\nQUINTERO,\nDORIAN ENRIQUE\nM 5/25/1961 KESTRELIA 12/23/2015\n"
        "Riverton Medical\nCenter, Harlan, CA\n"
        "22\nLINDQVIST\u2010\nVARGA,\nTOBIAS\nM 1/22/1978 KESTRELIA 6/18/2015\n"
    )
    people = _found(text).get("person", set())
    assert people == {"Dorian Enrique Halvorsen-Quintero", "Tobias Lindqvist-Varga"}, people


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("24 OKAFOR BRIGHTWATER, TOBIAS M 6/28/1984 KESTRELIA 4/23/2015\n",
         ["Tobias Okafor Brightwater"]),
        ("12\nQuintero Halvorsen, Emil Andres M 4/29/1962 KESTRELIA 6/13/2016\n",
         ["Emil Andres Quintero Halvorsen"]),
        ("Dana Okafor, Marisol Quintero and Tobias Lindqvist attended.\n",
         ["Dana Okafor", "Marisol Quintero", "Tobias Lindqvist"]),
        ("Judge OKAFOR, DANA\n", ["Dana Okafor"]),
    ],
)  # fmt: skip
def test_regression_two_surnames_written_first_without_a_hyphen_are_one_name(text, people):
    """Guards registers listing Spanish and Portuguese names surname first with two surnames
    and no hyphen ("OKAFOR BRIGHTWATER, TOBIAS", "Quintero Halvorsen, Emil Andres"): the cell
    is one person, not "Tobias Brightwater" or two halves; a list of people starting with a
    first name, and a title before the surname, stay as they were."""
    assert [m.norm for m in tag_pages([text])[0] if m.kind == "person"] == people


@pytest.mark.parametrize(
    ("text", "agencies"),
    [
        ("1 HALVORSEN, Dorian M 8/8/1950 KESTRELIA 3/17/2016 Harlan Processing Center, CA Yes "
         "CDF Pending\n2 OKAFOR, Dana M 9/9/1961 KESTRELIA 2/2/2016 Alder County Jail, TX No "
         "SPC Pending\nFACILITY TYPES\nCDF (Contract Detention Facility): a facility owned and "
         "run by a contractor.\nSPC (Service Processing Center): a facility owned by the "
         "government.\n", {"Harlan Processing Center", "Alder County Jail"}),
        ("Yes CDF\nDetention Facility,\nTX\n", set()),
    ],
)  # fmt: skip
def test_regression_facility_type_codes_and_kinds_are_no_agency(text, agencies):
    """Guards detention registers whose type column codes a kind of facility that the legend
    defines ("CDF (Contract Detention Facility)", "SPC (Service Processing Center)"), and a
    kind standing alone in a cell ("Detention Facility"): a kind names no
    facility, so neither it nor its code is an agency; the facilities named stay."""
    assert _found(text).get("agency", set()) == agencies


@pytest.mark.parametrize(
    ("text", "agencies"),
    [
        ("MARISOL QUINTERO, ) No. ED104417\n )\nAppellant, ) Appeal from the Circuit Court of\n"
         " ) Harlan County, Kestrelia\nvs. ) No. 1811-CC00417\n )\n",
         {"Circuit Court of Harlan County"}),
        ("Dorian Okafor\tDocket No. 2019-04-0042\n\nV.\tState File No. 41127-2019\n\n"
         "Riverton Freight, Inc.\n\n)\n)\n)\nAppeal from the Court of Workers\u2019\t)\n"
         "Compensation Claims\t)\nTobias Lindqvist, Judge\t)\n\nAffirmed\n",
         {"Court of Workers' Compensation Claims"}),
    ],
)  # fmt: skip
def test_regression_case_caption_court_wrapped_across_the_bracket_column_is_one_name(
    text, agencies
):
    """Guards case captions whose right-hand column, set off by a column of ")", wraps the
    lower court's name ("Appeal from the Circuit Court of" / " ) Harlan County", "Court of
    Workers'\\t)" / "Compensation Claims\\t)"): a line ending in "of" or a plural possessive
    goes on past the bracket, so the court is one name, not "Circuit Court" or "Court of
    Workers"; other caption lines keep their breaks."""
    assert _found(text).get("agency", set()) == agencies
    assert prepare("Plaintiff, ) No. 21-0042\n ) Judge Dana Okafor\n").text.count("\n") == 2


def test_regression_given_name_initial_surname_the_model_calls_a_facility_is_a_person():
    """Guards reference lists of reports, whose co-authors follow the first one written
    surname first ("Okafor, Will, Jacob Lindqvist and Crystal S. Park."): the model
    reads "Crystal S. Park" as a facility; a given name, a middle initial and a surname
    are a person, and so the surname alone in the text's author-year citations."""
    text = (
        "References\n"
        "Okafor, Will, Jacob Lindqvist and Crystal S. Park. \u201cThe Effects of Pretrial "
        "Detention\non Conviction.\u201d Kestrel Economic Review 108, no. 2 (2018): 201-240.\n"
    )
    people = _found(text).get("person", set())
    assert {"Will Okafor", "Jacob Lindqvist", "Crystal S. Park"} <= people, people


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("MODIFIED AND AFFIRMED.\nJustices HALVORSEN and OKAFOR did not participate in the "
         "consideration or decision of\nthis case.", ["Halvorsen", "Okafor"]),
        ("Judges Walsh, Morgan and Hayes dissent from the denial.", ["Walsh", "Morgan", "Hayes"]),
        ("The Commissioners Court and Training Center were closed.", []),
    ],
)  # fmt: skip
def test_regression_plural_title_before_surnames_names_each_person(text, people):
    """Guards opinions and minutes naming several officials under one plural title
    ("Justices HALVORSEN and OKAFOR did not participate", "Judges Walsh, Morgan and Hayes
    dissent"): each surname of the list is a person; a plural title heading a body's name
    ("Commissioners Court") names nobody."""
    assert sorted(m.norm for m in tag_pages([text])[0] if m.kind == "person") == sorted(people)


def test_regression_facility_name_wrapped_after_its_kind_word_in_a_narrow_cell_is_one_name():
    """Guards registers whose facility column is narrow, so the name wraps after a word that
    says what kind of facility follows ("Riverton Contract" / "Detention Facility,", "Harlan
    Servicing" / "Processing" / "Center,"): no facility's name ends in such a word, so the cell
    is one name, not a kind of facility left over; a line ending otherwise keeps its break."""
    text = (
        "Memorial Okafor\nHospital (MOH),\nRiverton, TX\nRiverton Contract\nDetention Facility,\n"
        "TX\nYes CDF Pending\n"
        "Harlan Medical Center,\nHarlan, AZ\nHarlan Servicing\nProcessing\nCenter, AZ\n"
        "Yes SPC Pending\n"
    )
    agencies = _found(text).get("agency", set())
    assert agencies == {
        "Riverton Contract Detention Facility",
        "Harlan Servicing Processing Center",
    }
    assert prepare("Riverton, TX\nYes CDF\n").text == "Riverton, TX\nYes CDF\n"


@pytest.mark.parametrize(
    "text",
    [
        "Kestrel Dental, Inc. (Halvorsen Ct)\tRiverton\t10\tClosure Permanent\n",
        "Okafor Foods, Inc. (Store #2191)\tSan Marcos\t36\tClosure Permanent\n",
        "Harlan Federal\nContract Facility,\nEloy, AZ\nYes DIGSA Pending\n",
        "See Lindqvist v. Harlan, 123 N.C. App. 456 (1999); write to P.O. Box 12, Riverton.\n",
    ],
)
def test_regression_table_cells_of_places_addresses_and_citations_are_no_person(text):
    """Guards registers and notices whose cells hold a town ("Eloy, AZ", "San Marcos"), a
    street in short ("Halvorsen Ct"), a box number ("P.O. Box") or a law reporter ("N.C.
    App."): the model reads them as people; a lone word before a state's code, a Spanish place
    name's first word, and a street's or reporter's abbreviation at the end say they are not.
    A signer over a town stays."""
    assert _found(text).get("person", set()) <= {"Lindqvist", "Harlan"}
    signed = "Sincerely,\nDana Okafor\nRiverton, TX\n"
    assert _found(signed).get("person", set()) == {"Dana Okafor"}


def test_regression_bond_issue_named_after_its_issuer_and_a_bare_authority_are_no_agency():
    """Guards finance authorities' minutes, which name bond issues after their issuer
    ("Kestrel Finance Authority Student Housing and Academic Facility Revenue Bonds"): the
    agency is the issuer, up to its head word, not the bond issue; "the Authority" alone, a
    short reference to it, is no agency of its own."""
    text = (
        "The Kestrel Finance Authority Student Housing and Academic Facility Revenue Bonds "
        "(Riverton University Project), Series 2019 were approved.\n"
        "A motion passed. The Authority approved the bonds.\n"
    )
    assert _found(text).get("agency", set()) == {"Kestrel Finance Authority"}


def test_regression_agenda_presenters_joined_by_hyphens_are_each_a_person():
    """Guards agendas that list an item's presenters joined by hyphens ("Karen Walsh-James
    Hayes-Rich Morgan"), which the model reads as one name: each first name and surname is a
    person; double surnames and given names ("Anna Castellanos-Reyes", "Jean-Paul Okafor")
    stay whole."""
    text = (
        "Education Programs-FY 2019 Annual Report and Advancing Higher Ed in\n"
        "Kestrel Prisons- Karen Walsh-James Hayes-Rich Morgan\n"
        "Briefing on Offender 365 - Dana Lindqvist\n"
        "Anna Castellanos-Reyes and Jean-Paul Okafor spoke.\n"
    )
    people = _found(text).get("person", set())
    assert {"Karen Walsh", "James Hayes", "Rich Morgan"} <= people, people
    assert {"Anna Castellanos-Reyes", "Jean-Paul Okafor"} <= people, people
    assert not any(p.count("-") > 1 or p.endswith("-Rich") for p in people), people


@pytest.mark.parametrize(
    ("text", "agencies"),
    [
        ("served Mr. OKAFOR with a Notice to Appear, while in Kentucky\u2019s Department of "
         "Corrections\u2019 (KY DOC) custody.", {"Kentucky's Department of Corrections"}),
        ("He wrote to New York\u2019s Office of Children and Family Services.",
         {"New York's Office of Children and Family Services"}),
        ("The city\u2019s Department of Finance paid.", {"Department of Finance"}),
    ],
)  # fmt: skip
def test_regression_state_possessive_before_an_agency_is_part_of_its_name(text, agencies):
    """Guards detainee death reports and news that name a state's body with the state's
    possessive ("Kentucky's Department of Corrections"): the state is part of the name, or the
    bare "Department of Corrections" would name no particular one; another possessive ("the
    city's") is not taken in."""
    assert _found(text).get("agency", set()) == agencies
