"""The corpus-wide alias sweep: matching, exact spans, which aliases are safe, speed.

All names and texts are invented for these tests, except the read-only check against real
public records in ../shared/realdocs.
"""

from __future__ import annotations

import random
import re
import string
import time
from pathlib import Path

import pytest

from ingest.entities.sweep import Sweeper, sweep_aliases

REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "realdocs"

ALIASES = [
    ("U.S. Immigration and Customs Enforcement", "ice", "agency"),
    ("Immigration and Customs Enforcement", "ice", "agency"),
    ("ICE", "ice", "agency"),
    ("Customs Enforcement Division", "ced", "agency"),
    ("Bay County Sheriff's Office", "bcso", "agency"),
    ("Renata J. Tolliver", "tolliver", "person"),
    ("Renata Tolliver", "tolliver", "person"),
    ("Ms. Tolliver", "tolliver", "person"),
    ("TOLLIVER, RENATA", "tolliver", "person"),
    ("R. J. Tolliver", "tolliver", "person"),
    ("Daniel Okafor", "okafor", "person"),
    ("Sheriff Okafor", "okafor", "person"),
    ("Tobias Price", "price", "person"),
    ("Mr. Price", "price", "person"),
    ("Will Price", "wprice", "person"),
    ("Jean-Pierre Dubois", "dubois", "person"),
    ("Jose Hernandez", "hernandez", "person"),
    ("Quillon Systems LLC", "quillon", "org"),
]


@pytest.fixture(scope="module")
def sweeper() -> Sweeper:
    return Sweeper(ALIASES)


def _found(sweeper: Sweeper, text: str) -> list[tuple[str, str]]:
    hits = sweeper.find(text)
    for h in hits:
        assert text[h.start : h.end] == h.text  # spans are exact
    return [(h.text, h.entity_key) for h in hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "an agreement with U.S. Immigration and\nCustoms Enforcement (ICE) today",
            [("U.S. Immigration and\nCustoms Enforcement", "ice"), ("ICE", "ice")],
            id="line-break-inside-name-and-acronym",
        ),
        pytest.param(
            "signed by Renata Tol-\nliver, director",
            [("Renata Tol-\nliver", "tolliver")],
            id="line-break-hyphenation",
        ),
        pytest.param(
            "signed by Renata Tol-\r\n  liver",
            [("Renata Tol-\r\n  liver", "tolliver")],
            id="crlf-hyphenation",
        ),
        pytest.param("DANIEL OKAFOR, SHERIFF", [("DANIEL OKAFOR", "okafor")], id="upper-case"),
        pytest.param("Daniel\t\tOkafor", [("Daniel\t\tOkafor", "okafor")], id="tabs"),
        pytest.param("Daniel\u00a0Okafor", [("Daniel\u00a0Okafor", "okafor")], id="nbsp"),
        pytest.param("said sheriff Okafor.", [("sheriff Okafor", "okafor")], id="lower-title"),
        pytest.param(
            "NOTICE: the police chief and notice of ice cream; Ice storm; Justice",
            [],
            id="ice-not-in-notice-police-or-ice-cream",
        ),
        pytest.param("ICE-\nled raids", [("ICE", "ice")], id="acronym-before-line-hyphen"),
        pytest.param("ICE's office, ICE/ERO", [("ICE", "ice"), ("ICE", "ice")], id="ice-punct"),
        pytest.param(
            "the price of the contract; Price; the vendor will price each item",
            [],
            id="price-the-word",
        ),
        pytest.param(
            "Mr. Price and Tobias Price met Will Price.",
            [("Mr. Price", "price"), ("Tobias Price", "price"), ("Will Price", "wprice")],
            id="price-the-person",
        ),
        pytest.param(
            "U.S. Immigration and Customs Enforcement Division",
            [("U.S. Immigration and Customs Enforcement", "ice")],
            id="longest-match-wins-leftmost",
        ),
        pytest.param(
            "the Customs Enforcement Division of the agency",
            [("Customs Enforcement Division", "ced")],
            id="shorter-alias-alone",
        ),
        pytest.param(
            "Renata J. Tolliver signed",
            [("Renata J. Tolliver", "tolliver")],
            id="longest-person-form",
        ),
        pytest.param(
            "Tolliver, Renata (Booking #4411)",
            [("Tolliver, Renata", "tolliver")],
            id="last-first",
        ),
        pytest.param(
            "R.J. Tolliver and R. J. Tolliver",
            [("R.J. Tolliver", "tolliver"), ("R. J. Tolliver", "tolliver")],
            id="initials-spacing",
        ),
        pytest.param(
            "Renata Tolliver's office", [("Renata Tolliver", "tolliver")], id="possessive"
        ),
        pytest.param("Renata Tolliver-Hayes", [], id="hyphenated-surname-is-someone-else"),
        pytest.param("Renata Tollivers", [], id="word-boundary-end"),
        pytest.param("XRenata Tolliver", [], id="word-boundary-start"),
        pytest.param(
            "the Bay County Sheriff\u2019s Office and BAY COUNTY SHERIFF'S OFFICE",
            [
                ("Bay County Sheriff\u2019s Office", "bcso"),
                ("BAY COUNTY SHERIFF'S OFFICE", "bcso"),
            ],
            id="curly-apostrophe",
        ),
        pytest.param(
            "Jean-\nPierre Dubois and Jean-Pierre Dubois",
            [("Jean-\nPierre Dubois", "dubois"), ("Jean-Pierre Dubois", "dubois")],
            id="hyphenated-given-name-split",
        ),
        pytest.param(
            "JOS\u00c9 HERN\u00c1NDEZ and Jos\u00e9 Hern\u00e1ndez",
            [("JOS\u00c9 HERN\u00c1NDEZ", "hernandez"), ("Jos\u00e9 Hern\u00e1ndez", "hernandez")],
            id="accents",
        ),
        pytest.param(
            "\ufb01led by Quillon Systems, LLC.",
            [("Quillon Systems, LLC", "quillon")],
            id="ligature-before-and-comma-inside",
        ),
        pytest.param(
            "Bay County Sheriff's O\ufb03ce, Stra\u00dfe 4",
            [("Bay County Sheriff's O\ufb03ce", "bcso")],
            id="ligature-inside-alias-span-end",
        ),
        pytest.param("", [], id="empty"),
    ],
)
def test_find(sweeper, text, expected):
    assert _found(sweeper, text) == expected


def test_ambiguous_alias_is_not_swept():
    s = Sweeper(
        [
            ("Sheriff Okafor", "okafor-daniel", "person"),
            ("Sheriff Okafor", "okafor-miriam", "person"),
            ("Daniel Okafor", "okafor-daniel", "person"),
        ]
    )
    assert "sheriff okafor" in s.ambiguous
    assert _found(s, "Sheriff Okafor and Daniel Okafor") == [("Daniel Okafor", "okafor-daniel")]


def test_variant_never_overrides_another_entitys_alias():
    # "R. J." spelled "R.J." is a variant for one entity; it must not shadow a real alias.
    s = Sweeper([("R. J. Tolliver", "a", "person"), ("R.J. Tolliver", "b", "person")])
    assert _found(s, "R.J. Tolliver") == [("R.J. Tolliver", "b")]


def test_empty_sweeper():
    s = Sweeper([])
    assert len(s) == 0
    assert s.find("anything at all") == []


def test_hits_sorted_and_non_overlapping(sweeper):
    text = "ICE and Renata Tolliver; U.S. Immigration and Customs Enforcement; Mr. Price " * 3
    hits = sweeper.find(text)
    assert [h.start for h in hits] == sorted(h.start for h in hits)
    assert all(a.end <= b.start for a, b in zip(hits, hits[1:], strict=False))
    assert len(hits) == 12


def _mangle(rng: random.Random, alias: str) -> str:
    """Write an alias the way a scan or a typist might: case, spacing, a line-break hyphen."""
    words = alias.split(" ")
    out = []
    for w in words:
        if rng.random() < 0.3 and len(w) > 4 and w.isalpha():
            cut = rng.randint(2, len(w) - 2)
            w = f"{w[:cut]}-\n{w[cut:]}"
        out.append(w.upper() if rng.random() < 0.3 else w)
    seps = [rng.choice([" ", "  ", "\n", " \n "]) for _ in out[1:]]
    return out[0] + "".join(s + w for s, w in zip(seps, out[1:], strict=True))


def test_spans_exact_on_generated_pages():
    rng = random.Random(20240611)
    people = [("Renata Tolliver", "t"), ("Daniel Okafor", "o"), ("Marcus Whitfield", "w")]
    s = Sweeper([(a, k, "person") for a, k in people] + [("ICE", "ice", "agency")])
    filler = ["the", "board", "met", "on", "tuesday", "notice", "was", "given", "to", "police"]
    # Non-ASCII filler sends pages through the folding path whose offsets are composed.
    filler += [
        "about",
        "ice",
        "price",
        "will",
        "caf\u00e9",
        "stra\u00dfe",
        "\u201cnotice\u201d",
        "\ufb01le",
    ]
    for _ in range(200):
        parts, planted = [], []
        pos = 0
        for _ in range(rng.randint(1, 6)):
            pre = " ".join(rng.choice(filler) for _ in range(rng.randint(1, 8))) + " "
            alias, key = rng.choice(people)
            written = _mangle(rng, alias)
            planted.append((pos + len(pre), pos + len(pre) + len(written), key))
            parts.append(pre + written + ". ")
            pos += len(pre) + len(written) + 2
        text = "".join(parts)
        got = [(h.start, h.end, h.entity_key) for h in s.find(text)]
        assert got == planted, text


def test_sweep_speed_5000_aliases_2000_pages(capsys):
    rng = random.Random(7)

    def word() -> str:
        return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 9)))

    firsts = [word().title() for _ in range(600)]
    lasts = [word().title() for _ in range(900)]
    aliases = [
        (f"{rng.choice(firsts)} {rng.choice(lasts)}", f"p{i}", "person") for i in range(4500)
    ]
    aliases += [(word().upper()[:5], f"a{i}", "agency") for i in range(500)]
    vocab = [word() for _ in range(4000)] + ["notice", "police", "service"]
    pages = []
    for _ in range(2000):
        words = [rng.choice(vocab) for _ in range(450)]
        for _ in range(5):
            words[rng.randrange(450)] = rng.choice(aliases)[0]
        pages.append(" ".join(words))
    t0 = time.perf_counter()
    s = Sweeper(aliases)
    t1 = time.perf_counter()
    found = sum(len(s.find(p)) for p in pages)
    t2 = time.perf_counter()
    with capsys.disabled():
        print(f"\nsweep: build {t1 - t0:.2f}s for 5000 aliases, scan {t2 - t1:.2f}s for 2000 pages")
    assert found >= 2000 * 5 * 0.9
    assert t2 - t0 < 120  # only catches pathological slowness; the printed time is the measure


@pytest.mark.parametrize(
    ("kind", "canonical", "aliases", "expected"),
    [
        pytest.param(
            "person",
            "Renata J. Tolliver",
            ["Tolliver", "Renata", "Ms. Tolliver", "TOLLIVER, RENATA", "R. Tolliver", "Tolliver's"],
            ["Renata J. Tolliver", "Ms. Tolliver", "TOLLIVER, RENATA", "R. Tolliver"],
            id="person-forms",
        ),
        pytest.param(
            "person",
            "Daniel Okafor",
            [
                "Sheriff Okafor",
                "Chief Deputy",
                "Dr",
                "Okafor",
                "D.",
                "Daniel Okafor's",
                "Okafor, D.",
            ],
            ["Daniel Okafor", "Sheriff Okafor", "Okafor, D."],
            id="title-surname-and-junk",
        ),
        pytest.param(
            "person",
            "Tobias Price",
            ["Price", "Mr. Price"],
            ["Tobias Price", "Mr. Price"],
            id="price",
        ),
        pytest.param(
            "person",
            "Daniel Okafor",
            ["DANIEL OKAFOR", "daniel okafor", "Daniel  Okafor"],
            ["Daniel Okafor"],
            id="dedup-by-key",
        ),
        pytest.param(
            "agency",
            "U.S. Immigration and Customs Enforcement",
            ["ICE", "Ice", "US", "Immigration", "Enforcement", "the agency", "POLICE"],
            ["U.S. Immigration and Customs Enforcement", "ICE"],
            id="agency-acronym-not-common-words",
        ),
        pytest.param(
            "agency",
            "Bay County Sheriff's Office",
            [
                "Sheriff's Office",
                "the Sheriff's Office",
                "County Sheriff",
                "BCSO",
                "Police Department",
            ],
            ["Bay County Sheriff's Office", "BCSO"],
            id="generic-agency-names-not-swept",
        ),
        pytest.param(
            "org",
            "Quillon Systems LLC",
            ["Quillon", "Systems LLC", "the Company", "QSL", "Quillon Systems, L.L.C."],
            ["Quillon Systems LLC", "QSL", "Quillon Systems, L.L.C."],
            id="org",
        ),
        pytest.param("money", "12500.0", ["$12,500"], [], id="money-never"),
    ],
)
def test_sweep_aliases(kind, canonical, aliases, expected):
    assert sweep_aliases(kind, canonical, aliases) == expected


@pytest.mark.parametrize(
    ("word", "common", "swept"),
    [
        ("Quillon", {"systems", "price"}, True),
        ("Systems", {"systems", "price"}, False),  # generic organisation word
        ("Price", {"systems", "price"}, False),  # an ordinary word in this corpus
        ("Quillon", None, False),  # without a vocabulary a single word is never safe
    ],
)
def test_sweep_aliases_single_word_needs_vocabulary(word, common, swept):
    got = sweep_aliases("org", "Quillon Systems LLC", [word], common_words=common)
    assert (word in got) is swept


def _pdf_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


@pytest.mark.parametrize(
    "relpath",
    [
        "appelson-Tracking_287g/gilchristCoSheriffOffice_WSO_MOA_02.20.2025.pdf",
        "appelson-Tracking_287g/287gWSO_BayCoFl2019-10-15.pdf",
        "appelson-Tracking_287g/coralCablesPoliceDeptFL_TFM_MOA_03.05.25.pdf",
    ],
)
def test_real_agreement_ice_mentions_match_regex_oracle(relpath):
    path = REALDOCS / relpath
    if not path.exists():
        pytest.skip(f"real documents not available: {path}")
    text = _pdf_text(path)
    s = Sweeper(
        [
            ("U.S. Immigration and Customs Enforcement", "ice", "agency"),
            ("ICE", "ice", "agency"),
        ]
    )
    hits = s.find(text)
    for h in hits:
        assert text[h.start : h.end] == h.text
    acronym = [h.start for h in hits if h.text == "ICE"]
    full = [h.start for h in hits if h.text != "ICE"]
    oracle_acronym = [m.start() for m in re.finditer(r"(?<![A-Za-z0-9])ICE(?![A-Za-z0-9])", text)]
    oracle_full = [
        m.start()
        for m in re.finditer(r"U\.\s*S\.\s+Immigration\s+and\s+Customs\s+Enforcement", text, re.I)
    ]
    assert acronym == oracle_acronym
    assert full == oracle_full
    assert acronym, "these agreements name ICE"


def test_regression_column_name_of_a_row_is_no_sweep_hit():
    """Guards spreadsheet rows swept with an acronym another row defines: "PDF URL:" heads a
    column of every row, so "PDF" there is not "Harlan Detention Facility (PDF)"; the same
    acronym in a value, or on a line that is no page of fields, is."""
    sweeper = Sweeper([("PDF", "hdf", "agency"), ("Harlan Detention Facility", "hdf", "agency")])
    row = (
        "Subject: Row two\nFacility Name: Riverton County Jail\nNotes: moved from PDF in May\n"
        "PDF URL: https://example.org/b.pdf\n"
    )
    assert _found(sweeper, row) == [("PDF", "hdf")]
    assert row.index("PDF") == sweeper.find(row)[0].start  # the one in the notes
    assert _found(sweeper, "PDF URL: https://example.org/b.pdf\n") == [("PDF", "hdf")]
