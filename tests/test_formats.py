"""The document formats of real records: Word, spreadsheets, CSV, HTML, email (RFC 822, mbox,
Outlook .msg), OLE containers, LibreOffice formats and images. Fixtures are built here; the real
public files in ../shared/realdocs are read in place."""

from __future__ import annotations

import datetime as dt
import io
import mailbox
import struct
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest

from ingest import ocr
from ingest.extractors import ExtractOptions, extractor_for, office, table
from ingest.pipeline import process_file
from ingest.records import ExtractError
from ingest.sniff import sniff
from tests.conftest import realdoc

OPTS = ExtractOptions()
needs_libreoffice = pytest.mark.skipif(
    office.soffice() is None, reason="LibreOffice not installed (scripts/system-deps.sh --test)"
)
needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="tesseract not installed")


def extract(path: Path, options: ExtractOptions = OPTS):
    return extractor_for(sniff(path)).extract(path, options)


# --- Word .docx -------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def make_docx(path: Path | io.BytesIO, title: str | None = None, page_break: bool = True) -> Path:
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    if title is not None:
        document.core_properties.title = title
    document.add_heading("Detention Services Agreement", level=1)
    document.add_paragraph("The county agrees to house detainees for Acme Corrections LLC.")
    grid = document.add_table(rows=2, cols=2)
    grid.cell(0, 0).text = "Daily rate"
    grid.cell(0, 1).text = "$95.00"
    grid.cell(1, 0).text = "Contracting officer"
    grid.cell(1, 1).text = "Dana Whitfield"
    document.add_paragraph("Signed after the table.")
    if page_break:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("Appendix B: payment schedule of $1,250,000.")
    document.save(path)
    return path


def _edit_document_xml(path: Path, edit) -> None:
    """Rewrite word/document.xml of a .docx with ``edit(root)``."""
    from lxml import etree

    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    edit(root)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, standalone=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def test_docx_reads_paragraphs_and_tables_in_document_order(tmp_path):
    result = extract(make_docx(tmp_path / "a.docx"))
    text = result.pages[0].text
    assert result.doctype == "docx"
    order = ["house detainees", "Daily rate | $95.00", "Dana Whitfield", "Signed after the table"]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions)


def test_docx_splits_on_explicit_page_breaks(tmp_path):
    result = extract(make_docx(tmp_path / "a.docx"))
    assert [p.number for p in result.pages] == [1, 2]
    assert "Appendix B" in result.pages[1].text and "Appendix B" not in result.pages[0].text


def test_docx_without_page_breaks_is_one_page(tmp_path):
    result = extract(make_docx(tmp_path / "a.docx", page_break=False))
    assert len(result.pages) == 1 and "Appendix B" in result.pages[0].text


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Intergovernmental Service Agreement 2026", "Intergovernmental Service Agreement 2026"),
        ("Microsoft Word - isa-draft.doc", "isa-draft"),
        ("Word Document", "Detention Services Agreement"),  # a placeholder: use the heading
        (None, "Detention Services Agreement"),
    ],
)
def test_docx_title_from_properties_or_first_heading(tmp_path, title, expected):
    from ingest.titles import settle_title

    extracted = extract(make_docx(tmp_path / "a.docx", title=title))
    settle_title(extracted, "a.docx")
    assert extracted.title == expected


def test_docx_follows_words_rendered_page_breaks_when_present(tmp_path):
    """Word records where its pages began; those are the page numbers a reader cites."""
    path = make_docx(tmp_path / "a.docx", page_break=False)

    def mark_second_paragraph(root):
        from lxml import etree

        second = list(root.iter(_w("p")))[1]
        first_run = second.find(_w("r"))
        first_run.insert(0, etree.Element(_w("lastRenderedPageBreak")))

    _edit_document_xml(path, mark_second_paragraph)
    result = extract(path)
    assert len(result.pages) == 2
    assert "Detention Services Agreement" in result.pages[0].text
    assert result.pages[1].text.startswith("The county agrees")


def test_docx_keeps_text_boxes_and_tracked_deletions(tmp_path):
    """Regression: python-docx's paragraph.text drops both; a missed name is the worst failure."""
    path = make_docx(tmp_path / "a.docx", page_break=False)

    def add_box_and_deletion(root):
        from lxml import etree

        paragraph = next(root.iter(_w("p")))
        deleted = etree.SubElement(paragraph, _w("del"))
        etree.SubElement(etree.SubElement(deleted, _w("r")), _w("delText")).text = "Marlow Fenn"
        run = etree.SubElement(paragraph, _w("r"))
        box = etree.SubElement(etree.SubElement(run, _w("pict")), _w("txbxContent"))
        inner = etree.SubElement(etree.SubElement(box, _w("p")), _w("r"))
        etree.SubElement(inner, _w("t")).text = "Sidebar: Warden Ines Okoro"

    _edit_document_xml(path, add_box_and_deletion)
    text = extract(path).pages[0].text
    assert "Sidebar: Warden Ines Okoro" in text
    assert "[deleted] Marlow Fenn" in text


def test_docx_real_file_reads(realdocs):
    result = extract(realdoc("freelawproject-doctor/word-docx.docx"))
    text = "\n".join(p.text for p in result.pages)
    assert "Naval Discharge Review Board" in text or "NAVAL DISCHARGE REVIEW BOARD" in text
    assert "Nonjudicial punishment" in text  # from the footer, which paragraph.text misses
    assert len(result.pages) > 1


# --- spreadsheets and CSV ---------------------------------------------------------------------


def make_xlsx(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    first.title = "Awards"
    first.append(["Vendor", "Amount", "Signed"])
    first.append(["Acme Corrections LLC", 7746.24, dt.datetime(2026, 3, 2)])
    first.append([None, None, None])  # a blank row still counts in the numbering
    first.append(["Brightline Data Solutions", 10680, None])
    second = book.create_sheet("Notes")
    second["A3"] = "Topic"  # the table starts on row 3
    second["B3"] = "Note"
    second["A4"] = "Meals"
    second["B4"] = "Invoice disputed"
    book.save(path)
    return path


def test_xlsx_one_page_per_row_with_sheet_row_labels(tmp_path):
    result = extract(make_xlsx(tmp_path / "book.xlsx"))
    assert [p.label for p in result.pages] == ["Awards row 2", "Awards row 4", "Notes row 4"]
    assert [p.number for p in result.pages] == [1, 2, 3]  # running, since sheets share rows
    assert (
        result.pages[0].text == "Vendor: Acme Corrections LLC\nAmount: 7746.24\nSigned: 2026-03-02"
    )
    assert result.pages[1].text == "Vendor: Brightline Data Solutions\nAmount: 10680"
    assert result.pages[2].text == "Topic: Meals\nNote: Invoice disputed"


def test_xlsx_wrong_stored_dimension_does_not_cut_rows(tmp_path):
    """Regression: read-only openpyxl trusts <dimension ref>; some writers store "A1"."""
    path = make_xlsx(tmp_path / "book.xlsx")
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    start = sheet.index("<dimension ref=")
    end = sheet.index("/>", start) + 2
    parts["xl/worksheets/sheet1.xml"] = (
        sheet[:start] + '<dimension ref="A1"/>' + sheet[end:]
    ).encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    result = extract(path)
    assert "Amount: 7746.24" in result.pages[0].text
    assert result.pages[1].label == "Awards row 4"


def test_table_keeps_the_first_max_rows_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.setattr(table, "MAX_ROWS", 3)
    path = tmp_path / "many.csv"
    path.write_text("name,n\n" + "".join(f"row{i},{i}\n" for i in range(10)))
    result = extract(path)
    assert len(result.pages) == 3
    assert any("more than 3 rows" in w for w in result.warnings)


@pytest.mark.parametrize("delimiter", [",", "\t", "|", ";"])
@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_csv_dialect_and_encoding(tmp_path, delimiter, encoding):
    rows = [
        ["Facility", "Operator", "Amount"],
        ["Hôtel-Dieu Annex", "GEO Group, Inc.", "$1,250.00"],
        ["", "", ""],
        ["Krome SPC", "", "300"],
    ]
    lines = []
    for row in rows:
        cells = [f'"{c}"' if delimiter in c or "," in c else c for c in row]
        lines.append(delimiter.join(cells))
    path = tmp_path / "data.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    result = extractor_for("csv").extract(path, OPTS)
    assert [p.number for p in result.pages] == [2, 4]
    assert [p.label for p in result.pages] == ["row 2", "row 4"]
    assert result.pages[0].text == (
        "Facility: Hôtel-Dieu Annex\nOperator: GEO Group, Inc.\nAmount: $1,250.00"
    )
    assert result.pages[1].text == "Facility: Krome SPC\nAmount: 300"  # empty cells skipped


def test_csv_quoted_newlines_keep_record_numbers(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text('id,note\n1,"line one\nline two"\n2,plain\n')
    result = extractor_for("csv").extract(path, OPTS)
    assert [p.number for p in result.pages] == [2, 3]
    assert result.pages[0].text == "id: 1\nnote: line one\nline two"


def test_csv_without_header_keeps_first_row_as_data(tmp_path):
    """A first row of numbers is data, not column names: it must stay searchable."""
    path = tmp_path / "plain.csv"
    path.write_text("1001,Okoro,250.00\n1002,Fenn,75.50\n")
    result = extractor_for("csv").extract(path, OPTS)
    assert [p.number for p in result.pages] == [1, 2]
    assert result.pages[0].text == "Column 1: 1001\nColumn 2: Okoro\nColumn 3: 250.00"


def test_csv_header_only_is_an_error(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("a,b,c\n")
    with pytest.raises(ExtractError, match="no rows"):
        extractor_for("csv").extract(path, OPTS)


def test_real_csv_one_page_per_row_with_file_row_numbers(realdocs):
    path = realdoc("usaspending-ice-contracts/scc-ice-awards.csv")
    import csv

    with open(path, newline="", encoding="utf-8") as fh:
        records = list(csv.reader(fh))
    result = extractor_for("csv").extract(path, OPTS)
    assert len(result.pages) == len(records) - 1
    assert result.pages[0].number == 2 and result.pages[-1].number == len(records)
    first = result.pages[0].text
    assert "recipient_name: SANTA CLARA, COUNTY OF" in first
    assert "total_obligated_amount: 7746.24" in first


def test_real_pipe_delimited_csv(realdocs):
    result = extract(realdoc("uwchr-ice/bail.csv"))
    assert len(result.pages) > 1000
    assert result.pages[0].number == 2 and ": " in result.pages[0].text


def test_real_xlsx_reads_rows(realdocs):
    result = extract(realdoc("uwchr-ice/15_16_17_18_19_20_RHU_admission_Redacted.xlsx"))
    assert len(result.pages) > 1000
    assert all(" row " in p.label for p in result.pages[:50])


# --- HTML -------------------------------------------------------------------------------------


def test_html_blocks_become_lines_and_scripts_are_dropped(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(
        "<!DOCTYPE html><html><head><meta charset='windows-1252'><title>Board minutes</title>"
        "<style>p {color: red}</style><script>var secret = 'tracking';</script></head>"
        "<body><h1>Regular meeting</h1><p>Present: Commissioner Ren\xe9e Castillo</p>"
        "<ul><li>Item one</li><li>Item two</li></ul>"
        "<table><tr><td>Vendor</td><td>Amount</td></tr><tr><td>Acme</td><td>$5</td></tr></table>"
        "line<br>break</body></html>".encode("cp1252")
    )
    result = extract(path)
    text = result.pages[0].text
    assert result.title == "Board minutes"
    assert "tracking" not in text and "color" not in text
    assert "Present: Commissioner Renée Castillo" in text.splitlines()
    assert "Item one" in text.splitlines() and "Item two" in text.splitlines()
    assert "Acme $5" in text.replace("\t", " ").replace("  ", " ")
    assert "line\nbreak" in text


def test_html_title_falls_back_to_h1(tmp_path):
    path = tmp_path / "p.html"
    path.write_text("<html><body><h1>Jail population report</h1><p>x</p></body></html>")
    assert extract(path).title == "Jail population report"


@pytest.mark.parametrize(
    ("relpath", "needle"),
    [
        ("freelawproject-juriscraper/calag_example.html", "Attorney General"),
        ("city-bureau-city-scrapers/il_elections_minutes.html", "Board"),
    ],
)
def test_real_html_reads(realdocs, relpath, needle):
    result = extract(realdoc(relpath))
    assert needle in result.pages[0].text
    assert "function(" not in result.pages[0].text


# --- email ------------------------------------------------------------------------------------


def make_email(attach: bool = True) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Dana Whitfield <dana.whitfield@example.gov>"
    msg["To"] = '"Okoro, Ines" <ines@example.org>, records@example.org'
    msg["Cc"] = "Marlow Fenn <mfenn@example.com>"
    msg["Date"] = "Mon, 02 Mar 2026 09:15:00 -0500"
    msg["Subject"] = "Booking feed — renewal"
    msg.set_content("The renewal is $48,000 per year.\nPlease confirm.")
    msg.add_alternative("<p>The renewal is <b>$48,000</b> per year.</p>", subtype="html")
    if attach:
        msg.add_attachment(
            b"%PDF-1.4 fake", maintype="application", subtype="pdf", filename="quote.pdf"
        )
        inner = EmailMessage()
        inner["From"] = "vendor@example.com"
        inner["Subject"] = "Original quote"
        inner.set_content("Quote attached.")
        msg.add_attachment(inner)
    return msg


def test_email_header_block_body_metadata_and_attachments(tmp_path):
    path = tmp_path / "m.eml"
    path.write_bytes(bytes(make_email()))
    result = extract(path)
    text = result.pages[0].text
    assert text.startswith(
        "From: Dana Whitfield <dana.whitfield@example.gov>\n"
        "To: Okoro, Ines <ines@example.org>, records@example.org\n"
        "Cc: Marlow Fenn <mfenn@example.com>\n"
        "Date: 2026-03-02T09:15:00-05:00\n"
        "Subject: Booking feed — renewal\n\n"
        "The renewal is $48,000 per year."
    )
    assert "<b>" not in text  # the plain part is preferred
    assert result.title == "Booking feed — renewal"
    assert result.metadata == {
        "sender": "Dana Whitfield <dana.whitfield@example.gov>",
        "recipients": "Okoro, Ines <ines@example.org>, records@example.org, "
        "Marlow Fenn <mfenn@example.com>",
        "cc": "Marlow Fenn <mfenn@example.com>",
        "subject": "Booking feed — renewal",
        "date": "2026-03-02T09:15:00-05:00",
    }
    names = [c.name for c in result.children]
    assert names[0] == "quote.pdf" and result.children[0].data == b"%PDF-1.4 fake"
    assert names[1].endswith(".eml") and b"Original quote" in result.children[1].data


def test_email_html_only_body_is_converted_to_text(tmp_path):
    msg = EmailMessage()
    msg["From"] = "a@example.org"
    msg["Subject"] = "HTML only"
    msg.set_content(
        "<html><style>.x{}</style><body><p>Detainer lodged</p><p>by ICE ERO</p></body></html>",
        subtype="html",
    )
    path = tmp_path / "h.eml"
    path.write_bytes(bytes(msg))
    text = extract(path).pages[0].text
    assert "Detainer lodged\n" in text and "by ICE ERO" in text and ".x{}" not in text


def test_mbox_one_page_per_message(tmp_path):
    path = tmp_path / "box.mbox"
    box = mailbox.mbox(str(path))
    for n in range(3):
        msg = make_email(attach=n == 0)
        msg.replace_header("Subject", f"Message number {n + 1}")
        box.add(bytes(msg))
    box.close()
    result = extract(path)
    assert [p.label for p in result.pages] == ["message 1", "message 2", "message 3"]
    assert "Subject: Message number 2" in result.pages[1].text
    assert result.title == "Message number 1"
    assert result.metadata["sender"] == "Dana Whitfield <dana.whitfield@example.gov>"
    assert [c.name for c in result.children][0] == "message 1 - quote.pdf"


@pytest.mark.parametrize(
    ("relpath", "sender", "subject"),
    [
        ("freelawproject-juriscraper/alsd_2.txt", "tyrone@everettlawfirm.com", "Troxel"),
        ("freelawproject-juriscraper/ared_7.txt", "ecf_support@ared.uscourts.gov", "Bailey"),
        ("freelawproject-juriscraper/almd_3_plain.txt", "DCD_ECFNotice", "MANAFORT"),
        ("freelawproject-juriscraper/laed_2.txt", "Efile_Notice@laed.uscourts.gov", "Gusman"),
        ("freelawproject-juriscraper/25-112.eml", "no-reply@sc-us.gov", "Electronic Filing"),
    ],
)
def test_real_emails_give_sender_and_subject(realdocs, relpath, sender, subject):
    result = extract(realdoc(relpath))
    assert sender in result.metadata["sender"]
    assert subject in result.metadata["subject"] and result.title == result.metadata["subject"]
    assert result.pages[0].text.startswith("From: ")


def test_real_rfc822_saved_as_msg_gives_subject_and_german_text(realdocs):
    result = extract(realdoc("alephdata-ingest-file/fnf.msg"))
    assert result.metadata["subject"].startswith("Innovationskongress 2017")
    assert "Friedrich-Naumann-Stiftung" in result.metadata["sender"]
    assert "für" in result.pages[0].text
    assert result.metadata["date"] == "2017-06-06T17:24:50+02:00"


def test_real_mbox(realdocs):
    result = extract(realdoc("alephdata-ingest-file/plan.mbox"))
    assert result.pages[0].label == "message 1"
    assert result.metadata["subject"] == "Re: Our friends has a good plan"
    assert "Dzmitry Lahoda" in result.metadata["sender"]


# --- Outlook .msg and other OLE files --------------------------------------------------------


def _u16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _filetime(when: dt.datetime) -> int:
    return int((when - dt.datetime(1601, 1, 1, tzinfo=dt.UTC)).total_seconds() * 10_000_000)


def make_outlook_msg(path: Path) -> Path:
    """A minimal Outlook message (MS-OXMSG): string properties in their own streams, the
    date in the property stream, one attachment by value."""
    from extract_msg.ole_writer import OleWriter

    writer = OleWriter()
    strings = {
        "001A": "IPM.Note",
        "0037": "Booking feed invoice",
        "0C1A": "Dana Whitfield",
        "1000": "Brightline Data Solutions billed the county $48,000.",
        "0E04": "Ines Okoro; Records Unit",
        "0E03": "Marlow Fenn",
    }
    entries = b""
    for prop, value in strings.items():
        data = _u16(value)
        writer.addEntry(f"__substg1.0_{prop}001F", data)
        entries += struct.pack("<IIII", (int(prop, 16) << 16) | 0x001F, 6, len(data) + 2, 0)
    sent = dt.datetime(2026, 3, 2, 14, 30, tzinfo=dt.UTC)
    entries += struct.pack("<IIQ", (0x0039 << 16) | 0x0040, 6, _filetime(sent))
    header = b"\0" * 8 + struct.pack("<IIII", 0, 1, 0, 1) + b"\0" * 8
    writer.addEntry("__properties_version1.0", header + entries)
    att = "__attach_version1.0_#00000000"
    writer.addEntry(att, storage=True)
    payload = b"Invoice 2026-031: $48,000"
    name = _u16("invoice.txt")
    writer.addEntry(f"{att}/__substg1.0_37010102", payload)
    writer.addEntry(f"{att}/__substg1.0_3707001F", name)
    writer.addEntry(
        f"{att}/__properties_version1.0",
        b"\0" * 8
        + struct.pack("<IIQ", (0x3705 << 16) | 0x0003, 6, 1)
        + struct.pack("<IIII", (0x3707 << 16) | 0x001F, 6, len(name) + 2, 0)
        + struct.pack("<IIII", (0x3701 << 16) | 0x0102, 6, len(payload), 0),
    )
    writer.addEntry("__nameid_version1.0", storage=True)
    for stream in ("00020102", "00030102", "00040102"):
        writer.addEntry(f"__nameid_version1.0/__substg1.0_{stream}", b"")
    writer.write(str(path))
    return path


def make_ole(path: Path, streams: dict[str, bytes]) -> Path:
    from extract_msg.ole_writer import OleWriter

    writer = OleWriter()
    for name, data in streams.items():
        writer.addEntry(name, data)
    writer.write(str(path))
    return path


def test_outlook_msg_reads_headers_body_and_attachment(tmp_path):
    path = make_outlook_msg(tmp_path / "mail.msg")
    assert sniff(path) == "ole"
    result = extract(path)
    assert result.doctype == "msg"
    assert result.pages[0].text == (
        "From: Dana Whitfield\nTo: Ines Okoro, Records Unit\nCc: Marlow Fenn\n"
        "Date: 2026-03-02T14:30:00+00:00\nSubject: Booking feed invoice\n\n"
        "Brightline Data Solutions billed the county $48,000."
    )
    assert result.metadata["recipients"] == "Ines Okoro, Records Unit, Marlow Fenn"
    assert result.title == "Booking feed invoice"
    assert [(c.name, c.data) for c in result.children] == [
        ("invoice.txt", b"Invoice 2026-031: $48,000")
    ]


def _word_fib(encrypted: bool) -> bytes:
    flags = 0x0100 if encrypted else 0
    return struct.pack("<HHHHHH", 0xA5EC, 0xC1, 0, 0, 0, flags) + b"\0" * 64


def _biff(records: list[tuple[int, bytes]]) -> bytes:
    return b"".join(struct.pack("<HH", kind, len(data)) + data for kind, data in records)


@pytest.mark.parametrize(
    ("streams", "message"),
    [
        (
            {"EncryptionInfo": b"\x04\x00", "EncryptedPackage": b"\0" * 16},
            "encrypted: needs a password",
        ),
        ({"WordDocument": _word_fib(encrypted=True)}, "encrypted: needs a password"),
        (
            {"Workbook": _biff([(0x0809, b"\0" * 16), (0x002F, b"\0" * 6)])},
            "encrypted: needs a password",
        ),
        ({"Contents": b"drawing"}, "unsupported: an OLE file that is not an Office document"),
    ],
    ids=["ooxml-encrypted", "word-encrypted", "xls-filepass", "unknown"],
)
def test_ole_kinds_that_cannot_be_read(tmp_path, streams, message):
    path = make_ole(tmp_path / "file.bin", streams)
    with pytest.raises(ExtractError, match=message):
        extract(path)


def test_real_password_protected_xlsx_says_encrypted(realdocs):
    with pytest.raises(ExtractError, match="^encrypted: needs a password$"):
        extract(realdoc("alephdata-ingest-file/password_protected.xlsx"))


# --- LibreOffice formats ---------------------------------------------------------------------


def test_encrypted_odf_says_encrypted(tmp_path):
    path = tmp_path / "secret.odt"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", b"\x8f\x12 encrypted bytes")
        zf.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="content.xml">'
            "<manifest:encryption-data/></manifest:file-entry></manifest:manifest>",
        )
    with pytest.raises(ExtractError, match="^encrypted: needs a password$"):
        extract(path)


def test_real_encrypted_odt_says_encrypted(realdocs):
    with pytest.raises(ExtractError, match="^encrypted: needs a password$"):
        extract(realdoc("alephdata-ingest-file/encypted_by_libreoffice.odt"))


@pytest.mark.parametrize(
    ("relpath", "ext"),
    [
        ("freelawproject-doctor/word-perfect.wpd", "wpd"),
        ("freelawproject-doctor/word-doc.doc", "doc"),
    ],
)
def test_without_libreoffice_the_message_names_the_package(realdocs, monkeypatch, relpath, ext):
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    with pytest.raises(ExtractError) as err:
        extract(realdoc(relpath))
    assert str(err.value) == (
        f"needs LibreOffice to read .{ext} files: sudo apt-get install libreoffice-writer-nogui"
    )


def test_missing_calc_names_the_calc_package():
    assert office.install_hint("xls").endswith("libreoffice-calc-nogui")


@needs_libreoffice
@pytest.mark.parametrize(
    ("relpath", "doctype", "needle"),
    [
        ("freelawproject-doctor/word-perfect.wpd", "wpd", "Modisett"),
        ("freelawproject-doctor/word-doc.doc", "doc", "Steve Carter"),
    ],
)
def test_real_legacy_word_files_read_as_real_pages(realdocs, relpath, doctype, needle):
    result = extract(realdoc(relpath))
    assert result.doctype == doctype
    assert len(result.pages) > 1 and [p.number for p in result.pages][:2] == [1, 2]
    assert needle in "\n".join(p.text for p in result.pages)
    assert "creationdate" not in result.metadata  # the conversion's date, not the document's


@needs_libreoffice
def test_rtf_page_breaks_become_pages(tmp_path):
    path = tmp_path / "memo.rtf"
    path.write_text(
        r"{\rtf1\ansi\deff0{\fonttbl{\f0 Helvetica;}}"
        r"\f0\fs24 Memo to Sheriff Alder Quinn\par Page one text.\page "
        r"Second page names Contractor Brightline.\par}"
    )
    result = extract(path)
    assert result.doctype == "rtf"
    assert len(result.pages) == 2
    assert "Brightline" in result.pages[1].text and "Brightline" not in result.pages[0].text


@needs_libreoffice
def test_odt_and_ods_made_by_libreoffice_read(tmp_path):
    """An .odt reads as pages, an .ods as rows (converted from our own docx and xlsx)."""
    import subprocess

    docx_path = make_docx(tmp_path / "a.docx")
    xlsx_path = make_xlsx(tmp_path / "b.xlsx")
    profile = (tmp_path / "profile").as_uri()
    for source, target in ((docx_path, "odt"), (xlsx_path, "ods")):
        subprocess.run(
            [office.soffice(), "--headless", f"-env:UserInstallation={profile}",
             "--convert-to", target, "--outdir", str(tmp_path), str(source)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    odt = extract(tmp_path / "a.odt")
    assert odt.doctype == "odt" and len(odt.pages) == 2 and "Appendix B" in odt.pages[1].text
    ods = extract(tmp_path / "b.ods")
    assert ods.doctype == "ods"
    assert ods.pages[0].label == "Awards row 2" and "Acme Corrections LLC" in ods.pages[0].text


@needs_libreoffice
def test_xls_reads_as_rows(tmp_path):
    import subprocess

    xlsx_path = make_xlsx(tmp_path / "b.xlsx")
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [office.soffice(), "--headless", f"-env:UserInstallation={profile}",
         "--convert-to", "xls", "--outdir", str(tmp_path), str(xlsx_path)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    path = tmp_path / "b.xls"
    assert sniff(path) == "ole"
    result = extract(path)
    assert result.doctype == "xls"
    assert [p.label for p in result.pages] == ["Awards row 2", "Awards row 4", "Notes row 4"]


@pytest.mark.parametrize(
    ("relpath", "hint"),
    [
        ("alephdata-ingest-file/Test_rs20846.djvu", "ddjvu"),
        ("alephdata-ingest-file/testPST.pst", ".msg"),
    ],
)
def test_real_unsupported_formats_say_so_with_a_hint(realdocs, relpath, hint):
    result = process_file(realdoc(relpath), OPTS, tag=False)
    assert result.error.startswith("unsupported:") and hint in result.error


# --- images -----------------------------------------------------------------------------------


def render_text_image(lines: list[str], size=(1400, 600)):
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=40)
    for i, line in enumerate(lines):
        draw.text((60, 60 + i * 70), line, font=font, fill=0)
    return image


def _png_header_only(width: int, height: int) -> bytes:
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def test_image_with_ocr_off_says_so(tmp_path):
    path = tmp_path / "scan.png"
    render_text_image(["hello"]).save(path)
    with pytest.raises(ExtractError, match=r"^image: OCR is off \(--ocr never\)$"):
        extract(path, ExtractOptions(ocr="never"))


def test_image_decompression_bomb_is_refused_before_decoding(tmp_path):
    path = tmp_path / "bomb.png"
    path.write_bytes(_png_header_only(30_000, 30_000))
    with pytest.raises(ExtractError, match="^too large: image of 900 megapixels$"):
        extract(path)


def test_image_later_tiff_frame_over_the_limit_is_refused(tmp_path, monkeypatch):
    """Pillow checks only the first frame when opening; later TIFF pages are checked too."""
    from PIL import Image

    small = render_text_image(["page one"], size=(400, 200))
    large = Image.new("L", (2000, 2000), 255)
    path = tmp_path / "fax.tif"
    small.save(path, save_all=True, append_images=[large])
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000_000)
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "ocr_image", lambda *a, **k: ocr.OcrResult("page one", 90.0, []))
    with pytest.raises(ExtractError, match="^too large: image of 4 megapixels$"):
        extract(path)


def test_transparent_image_is_flattened_onto_white():
    from PIL import Image

    from ingest.extractors.image import prepare

    image = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    image.putpixel((5, 5), (0, 0, 0, 255))
    flat = prepare(image)
    assert flat.mode == "L" and flat.getpixel((0, 0)) == 255 and flat.getpixel((5, 5)) == 0


def test_sixteen_bit_image_is_scaled_not_clipped():
    import numpy as np
    from PIL import Image

    from ingest.extractors.image import prepare

    values = np.full((10, 10), 60000, dtype=np.uint16)
    values[2, 2] = 1000
    flat = prepare(Image.fromarray(values))
    assert flat.getpixel((0, 0)) == 255 and flat.getpixel((2, 2)) == 0


@needs_tesseract
def test_png_is_ocrd_with_word_boxes_in_pixels(tmp_path):
    path = tmp_path / "scan.png"
    render_text_image(["Inmate transferred to Krome", "Release date 03/04/2026"]).save(path)
    result = extract(path)
    page = result.pages[0]
    assert page.ocr and "Krome" in page.text and "03/04/2026" in page.text
    assert (page.width, page.height) == (1400, 600)
    krome = next(w for w in page.words if w.text.startswith("Krome"))
    assert 60 < krome.x0 < krome.x1 < 1400 and 50 < krome.top < krome.bottom < 140


@needs_tesseract
def test_multipage_tiff_gives_one_page_per_frame(tmp_path):
    first = render_text_image(["First page: Sheriff Alder Quinn"])
    second = render_text_image(["Second page: Warden Ines Okoro"])
    path = tmp_path / "fax.tif"
    first.save(path, save_all=True, append_images=[second], compression="tiff_lzw")
    result = extract(path)
    assert [p.number for p in result.pages] == [1, 2]
    assert "Quinn" in result.pages[0].text and "Okoro" in result.pages[1].text


# --- through the pipeline ---------------------------------------------------------------------


def test_email_attachments_become_child_documents(tmp_path):
    msg = EmailMessage()
    msg["From"] = "clerk@example.gov"
    msg["To"] = "desk@example.org"
    msg["Subject"] = "Records release"
    msg["Date"] = "Tue, 03 Mar 2026 10:00:00 +0000"
    msg.set_content("Attached: the agreement.")
    buf = io.BytesIO()
    make_docx(buf)  # python-docx saves to streams too
    msg.add_attachment(
        buf.getvalue(),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="agreement.docx",
    )
    path = tmp_path / "release.eml"
    path.write_bytes(bytes(msg))
    result = process_file(path, OPTS, tag=False)
    assert result.error is None and result.kind == "email"
    [child] = result.children
    assert child.name == "agreement.docx" and child.error is None
    assert "Dana Whitfield" in child.extracted.pages[0].text


def test_email_that_is_only_a_file_keeps_the_file(tmp_path):
    """Regression: a single-part message whose one part is a PDF (a scanner's "send to
    email") has no attachments to iterate; the PDF must still become a child."""
    msg = EmailMessage()
    msg["From"] = "scanner@example.gov"
    msg["Subject"] = "Scan 0042"
    msg.set_content(b"%PDF-1.4 scan", maintype="application", subtype="pdf", filename="scan.pdf")
    path = tmp_path / "scan.eml"
    path.write_bytes(bytes(msg))
    result = extract(path)
    assert [(c.name, c.data) for c in result.children] == [("scan.pdf", b"%PDF-1.4 scan")]
    assert result.pages[0].text == "From: scanner@example.gov\nSubject: Scan 0042"


def test_docx_footnote_goes_on_the_page_that_refers_to_it(tmp_path):
    path = make_docx(tmp_path / "a.docx")  # two pages; the reference is on page 2
    footnotes = (
        f'<w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:t>Source: invoice signed by Warden Ines Okoro.</w:t>'
        "</w:r></w:p></w:footnote></w:footnotes>"
    )
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts["word/footnotes.xml"] = footnotes.encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    parts["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdFoot" Target="footnotes.xml" Type="http://schemas.openxmlformats'
        '.org/officeDocument/2006/relationships/footnotes"/></Relationships>',
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        "</Types>",
        '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.footnotes+xml"/></Types>',
    ).encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)

    def refer(root):
        from lxml import etree

        last = list(root.iter(_w("p")))[-1]
        run = etree.SubElement(last, _w("r"))
        etree.SubElement(run, _w("footnoteReference")).set(_w("id"), "1")

    _edit_document_xml(path, refer)
    result = extract(path)
    assert "Ines Okoro" not in result.pages[0].text
    assert result.pages[1].text.endswith("Source: invoice signed by Warden Ines Okoro.")
