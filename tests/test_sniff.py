"""Files are recognised by content, not by extension."""

import pytest

from ingest.sniff import sniff
from tests.conftest import realdoc


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (b"%PDF-1.7\n...", "report.txt", "pdf"),
        (b"\x89PNG\r\n\x1a\n....", "scan.pdf", "image"),
        (b"\xff\xd8\xff\xe0....", "a.jpg", "image"),
        (b"II*\x00....", "fax.tif", "image"),
        (b"From: a@example.org\nTo: b@example.org\nSubject: hi\nDate: x\n\nbody", "m.txt", "email"),
        (b"From a@example.org Mon Jan 1\nFrom: a@example.org\nSubject: x\n\nbody", "box", "mbox"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "page.txt", "html"),
        (b"name,amount\nA,1\nB,2\n", "t.csv", "csv"),
        (b"plain words here", "notes.pdf", "text"),
        (b"", "empty.pdf", "empty"),
        (b"\x00\x01\x02\x03binary", "x.pdf", "binary"),
    ],
)
def test_sniff_by_content(tmp_path, data, name, kind):
    path = tmp_path / name
    path.write_bytes(data)
    assert sniff(path) == kind


@pytest.mark.parametrize(
    ("relpath", "kind"),
    [
        ("alephdata-ingest-file/empty.pdf", "empty"),
        ("alephdata-ingest-file/fnf.msg", "email"),  # an RFC 822 message saved as .msg
        ("alephdata-ingest-file/plan.mbox", "mbox"),
        ("freelawproject-doctor/word-docx.docx", "docx"),
        ("freelawproject-doctor/word-perfect.wpd", "wpd"),
        ("freelawproject-doctor/word-doc.doc", "ole"),
        ("freelawproject-juriscraper/cand_1.txt", "email"),
        ("freelawproject-juriscraper/calag_example.html", "html"),
        ("freelawproject-doctor/broken-mime.pdf", "pdf"),
        ("uwchr-ice/15_16_17_18_19_20_RHU_admission_Redacted.xlsx", "xlsx"),
    ],
)
def test_sniff_real_files(relpath, kind):
    assert sniff(realdoc(relpath)) == kind
