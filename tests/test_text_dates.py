"""Dates written in page text: forms and languages, roles, the document's date chosen from
them, the `pagedate:` and `date:` searches, the CLI and the exports that cite the date."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from evidence_cli import main
from index.dates import document_date
from index.search import search
from index.store import Store
from ingest.textdates import document_date as text_document_date
from ingest.textdates import find_dates
from tests.conftest import ingest_paths, realdoc


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("20 July, 2015", "en", "2015-07-20"),
        ("July 20, 2015", "en", "2015-07-20"),
        ("Sept. 3 2020", "en", "2020-09-03"),
        ("7/20/15", "en", "2015-07-20"),
        ("2015-07-20", "en", "2015-07-20"),
        ("3 maart 2021", "nl", "2021-03-03"),
        ("15 de marzo de 2019", "es", "2019-03-15"),
        ("3. März 2020", "de", "2020-03-03"),
        ("12 février 2018", "fr", "2018-02-12"),
        ("20.07.2015", "de", "2015-07-20"),
    ],
)
def test_date_forms_and_languages(text, lang, value):
    found = find_dates(f"Written on {text} in the office.", lang)
    assert [d.value for d in found] == [value]
    assert found[0].text == text


@pytest.mark.parametrize(
    "text",
    ["31 June 2015", "13/13/2020", "2/30/2019", "Page 3 of 12", "section 3/4", "1.5.2", "v2.10.3"],
)
def test_impossible_dates_and_page_numbers_are_not_dates(text):
    assert find_dates(f"See {text} here.", "en") == []


def test_roles_from_the_words_before_a_date():
    text = (
        "Washington, D.C., July 20, 2015\n\nDear Ms. Achterberg,\n"
        "Your request received 7/14/15 was processed.\n"
        "The agreement is effective as of 1 August 2015.\n"
        "Period of performance: 08/01/2015 through 07/31/2016.\n"
        "REQUEST DATE: 06/02/2015\nDOB: 01/02/1980\n"
    )
    roles = [(d.value, d.role) for d in find_dates(text, "en")]
    assert roles == [
        ("2015-07-20", "dateline"),
        ("2015-07-14", "received"),
        ("2015-08-01", "effective"),
        ("2015-08-01", "period_start"),
        ("2016-07-31", "period_end"),
        ("2015-06-02", "requested"),
        ("1980-01-02", "birth"),
    ]
    dated = text_document_date([find_dates(text, "en")])
    assert dated == ("2015-07-20", "letter dateline")


def test_minutes_are_dated_by_their_meeting_and_a_contract_by_its_effective_date():
    minutes = "BOARD OF SUPERVISORS\nMinutes of the meeting held on March 12, 2026\n"
    assert text_document_date([find_dates(minutes, "en")]) == ("2026-03-12", "meeting date")
    contract = "AGREEMENT\nThis agreement is effective February 1, 2026 between the parties.\n"
    assert text_document_date([find_dates(contract, "en")]) == ("2026-02-01", "effective date")


def test_text_dates_in_search_timeline_cli_and_export(tmp_path):
    """Guards the document date from text: a letter with a dateline is dated by it (not by the
    file), `date:` and `pagedate:` find it, and exports cite the date and its source."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "letter.txt").write_text(
        "Den Haag, 3 maart 2021\n\nGeachte heer Okafor,\n"
        "De vergadering van 15 april 2021 is verplaatst.\n"
    )
    (docs / "memo.txt").write_text("MEMO\nDate: July 20, 2015\nThe contract ends 12/31/2016.\n")
    data = tmp_path / "data"
    assert not ingest_paths([docs], data).failures
    with Store(data) as store:
        metas = {
            r["relpath"]: json.loads(r["metadata"])
            for r in store.db.execute(
                "SELECT p.relpath, d.metadata FROM documents d JOIN paths p ON p.doc_id = d.id"
            )
        }
    letter = document_date(metas["letter.txt"])
    assert (str(letter.day), letter.source) == ("2021-03-03", "letter dateline")
    assert str(document_date(metas["memo.txt"]).day) == "2015-07-20"
    assert {h.path for h in search(data, "date:[2021-01-01 TO 2021-12-31]").hits} == {"letter.txt"}
    assert {h.path for h in search(data, "date:>2020").hits} == {"letter.txt"}
    assert {h.path for h in search(data, "pagedate:[2016-12-01 TO 2016-12-31]").hits} == {
        "memo.txt"
    }
    runner = CliRunner()
    out = runner.invoke(main, ["dates", "--data", str(data), "--from", "2016-01-01", "--json"])
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.output.splitlines()]
    assert [(r["path"], r["value"], r["text"]) for r in rows] == [  # oldest first
        ("memo.txt", "2016-12-31", "12/31/2016"),
        ("letter.txt", "2021-03-03", "3 maart 2021"),
        ("letter.txt", "2021-04-15", "15 april 2021"),
    ]
    out = runner.invoke(main, ["timeline", "--data", str(data), "--json"])
    months = {json.loads(line)["month"]: json.loads(line) for line in out.output.splitlines()}
    assert months["2021-03"]["documents"] == 1 and months["2016-12"]["mentions"] == 1
    bad = runner.invoke(main, ["dates", "--data", str(data), "--from", "July"])
    assert bad.exit_code != 0 and "YYYY-MM-DD" in bad.output
    csv_path = tmp_path / "out.csv"
    out = runner.invoke(
        main, ["export", "--data", str(data), "--query", "vergadering", "-o", str(csv_path)]
    )
    assert out.exit_code == 0, out.output
    assert "2021-03-03 (letter dateline)" in csv_path.read_text()


@pytest.mark.parametrize(
    ("relpath", "month", "reason"),
    [
        ("freelawproject-doctor/ca8_.pdf", "2023-01", "letter dateline"),
        ("city-bureau-city-scrapers/SSA21_MeetingMinutes_1.29.18.pdf", "2018-01", "meeting date"),
    ],
)
def test_real_letter_and_minutes_are_dated_from_their_text(relpath, month, reason, tmp_path):
    path = realdoc(relpath)
    data = tmp_path / "data"
    assert not ingest_paths([path], data).failures
    with Store(data) as store:
        (meta,) = store.db.execute("SELECT metadata FROM documents").fetchone()
        dates = [r[0] for r in store.db.execute("SELECT value FROM dates")]
    dated = document_date(meta)
    assert dated.day.strftime("%Y-%m") == month and dated.source == reason
    assert dates and all("1900" <= d <= "2100" for d in dates)
