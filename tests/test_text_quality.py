"""Our PDF text (pypdfium2, 30-100x faster) against pdfplumber's ``extract_text`` on real
single-column PDFs: the same words, in the same order, page by page.

Where the two differ on these files it is in side-by-side blocks (a signature block with two
columns, a court's filing stamp beside the caption): pdfplumber reads across both, pypdfium2
keeps each block together. The thresholds leave room for exactly that and nothing more.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from functools import cache

import pytest

from ingest.extractors import ExtractOptions, extractor_for
from tests.conftest import realdoc

pdfplumber = pytest.importorskip("pdfplumber")

_WORD = re.compile(r"[^\W_]+")
_BREAK_HYPHEN = re.compile(r"-[ \t]*\n[ \t]*")

# (file under ../shared/realdocs, least share of words in common, least share in the same order)
SINGLE_COLUMN = [
    ("freelawproject-doctor/broken-mime.pdf", 0.99, 0.99),  # state supreme court opinion
    ("freelawproject-doctor/vector-pdf.pdf", 0.99, 0.99),  # US Supreme Court slip opinion
    ("freelawproject-doctor/ca8_.pdf", 0.99, 0.95),  # letter to a court clerk
    ("ice-detention-mortality/ddr-MAVINGA.pdf", 0.99, 0.98),  # ICE detainee death reports
    ("ice-detention-mortality/ddrKesleyVial.pdf", 0.99, 0.98),
    ("ice-detention-mortality/ddrAnthonyJones.pdf", 0.99, 0.98),
    ("ice-detention-mortality/ddrPEREZIsidro.pdf", 0.99, 0.98),
    # A 287(g) agreement; its last page has a two-column signature block.
    ("appelson-Tracking_287g/gilchristCoSheriffOffice_WSO_MOA_02.20.2025.pdf", 0.985, 0.94),
]
MIN_WORDS = 30  # pages with less (a cover, a signature page) say little about order


def words(text: str) -> list[str]:
    """Lower-cased words, with line-break hyphenation joined (pdfplumber keeps "Tol-\\nliver",
    our extractor joins it)."""
    return [w.lower() for w in _WORD.findall(_BREAK_HYPHEN.sub("", text))]


def bag_share(ours: list[str], theirs: list[str]) -> float:
    """Words the two have in common, counted with multiplicity, over the longer list."""
    common = sum((Counter(ours) & Counter(theirs)).values())
    return common / max(len(ours), len(theirs), 1)


def order_share(ours: list[str], theirs: list[str]) -> float:
    """Words in matching runs of the same order, over the longer list."""
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return same / max(len(ours), len(theirs), 1)


@cache  # pdfplumber takes seconds per document; both tests read the same pages
def page_pairs(path):
    ours = [p.text for p in extractor_for("pdf").extract(path, ExtractOptions(ocr="never")).pages]
    with pdfplumber.open(path) as pdf:
        theirs = [page.extract_text() or "" for page in pdf.pages]
    assert len(ours) == len(theirs)
    return tuple(zip(ours, theirs, strict=True))


@pytest.mark.parametrize(("relpath", "min_bag", "min_order"), SINGLE_COLUMN)
def test_pypdfium2_text_has_pdfplumbers_words_in_its_order(relpath, min_bag, min_order):
    pairs = page_pairs(realdoc(relpath))
    checked = 0
    for number, (ours, theirs) in enumerate(pairs, start=1):
        a, b = words(ours), words(theirs)
        if len(b) < MIN_WORDS:
            continue
        checked += 1
        assert bag_share(a, b) >= min_bag, f"{relpath} p.{number}: different words"
        assert order_share(a, b) >= min_order, f"{relpath} p.{number}: different order"
    assert checked, f"{relpath}: no page with {MIN_WORDS} words to compare"


@pytest.mark.parametrize(("relpath", "min_bag", "min_order"), SINGLE_COLUMN)
def test_whole_documents_read_the_same(relpath, min_bag, min_order):
    pairs = page_pairs(realdoc(relpath))
    a = [w for ours, _ in pairs for w in words(ours)]
    b = [w for _, theirs in pairs for w in words(theirs)]
    assert bag_share(a, b) >= max(min_bag, 0.99)
    assert order_share(a, b) >= max(min_order, 0.97)


@pytest.mark.parametrize(
    ("ours", "theirs", "bag", "order"),
    [
        ("a b c d", "a b c d", 1.0, 1.0),
        ("a b c d", "d c b a", 1.0, 0.25),
        ("a b c d", "a b x y", 0.5, 0.5),
        ("Tol-\nliver signed", "Tolliver signed", 1.0, 1.0),
    ],
)
def test_measures(ours, theirs, bag, order):
    a, b = words(ours), words(theirs)
    assert bag_share(a, b) == pytest.approx(bag)
    assert order_share(a, b) == pytest.approx(order)
