"""The windowed EntityRuler must find exactly what spaCy's EntityRuler finds, only faster."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import spacy

from ingest.entities import fastruler
from ingest.entities import nlp as nlp_mod
from ingest.entities.gazetteer import DATA, read_jsonl, ruler_patterns
from ingest.entities.prep import prepare
from ingest.extractors import ExtractOptions, extractor_for
from tests.conftest import CORPUS, REALDOCS

CONFIG = {"phrase_matcher_attr": "LOWER", "overwrite_ents": False, "validate": False}
CAPITALISED = {"TEXT": {"REGEX": "^[A-Z]"}}

# Invented sentences that exercise every kind of rule: leading runs of capitalised words,
# optional tokens, titles with stacked modifiers, "LAST, FIRST", acronyms, spans at the
# first and last token, and rules whose anchor word repeats within reach of itself.
SENTENCES = [
    "Harlow County Sheriff's Office and the Bay County Sheriffs Dept. signed.",
    "The Department of Homeland Security and Dept. of Motor Vehicles and Licensing agreed.",
    "Acting Deputy Field Office Director Renata J. Tolliver met Sheriff Okafor.",
    "TOLLIVER, RENATA J. and Okafor, Dale were booked by Sgt. Marsh.",
    "ICE, DHS and U.S. Immigration and Customs Enforcement (ICE) share data.",
    "Sheriff",
    "Department of",
    "State of Oregon Department of Corrections and the Oregon State Police.",
    "Superior Court of Alder Valley County; Alder Valley County Superior Court.",
    "Sheriff Sheriff Sheriff's Office Office Police Department Police Dept",
    "Commissioner Dale Okafor moved; Chairwoman Lina Marsh-Okafor seconded.",
    "the city of chicago and City of Chicago Department of Public Works",
]


@pytest.fixture(scope="module")
def rulers():
    """A blank pipeline with the project's tokenizer and both rulers on the same patterns."""
    nlp = spacy.blank("en")
    nlp.tokenizer = nlp_mod.load_rules_nlp().tokenizer
    stock = nlp.add_pipe("entity_ruler", name="stock", config=CONFIG)
    fast = nlp.add_pipe("evidence_entity_ruler", name="fast", config=CONFIG)
    patterns = [p for name in nlp_mod.PATTERN_FILES for p in read_jsonl(DATA / name)]
    patterns += ruler_patterns(nlp.make_doc)
    stock.add_patterns(patterns)
    fast.add_patterns(patterns)
    return nlp, stock, fast


def _texts() -> list[str]:
    texts = list(SENTENCES)
    pdfs = sorted(CORPUS.glob("*.pdf"))
    if REALDOCS.exists():
        pdfs += sorted(REALDOCS.glob("*/*.pdf"))
    pdf = extractor_for("pdf")
    for path in pdfs:
        try:
            pages = pdf.extract(path, ExtractOptions(ocr="never")).pages
        except Exception:  # unreadable test files (encrypted, empty) are not the point here
            continue
        texts += [prepare(p.text).text for p in pages if p.text.strip()]
    return texts


def _applied(nlp, ruler, matches, text):
    doc = nlp.make_doc(text)
    ruler.set_annotations(doc, matches)
    return [(e.start, e.end, e.label_, e.ent_id_) for e in doc.ents]


def test_windowed_matches_equal_stock_matches(rulers):
    nlp, stock, fast = rulers
    texts = _texts()
    assert len(texts) > len(SENTENCES), "no PDF pages to compare on"
    for text in texts:
        doc = nlp.make_doc(text)
        want, got = stock.match(doc), fast.match(doc)
        assert set(got) == set(want), text[:200]
        assert _applied(nlp, fast, got, text) == _applied(nlp, stock, want, text), text[:200]


def test_pipeline_uses_the_windowed_ruler_under_the_stock_name():
    nlp = nlp_mod.load_nlp()
    assert isinstance(nlp.get_pipe("entity_ruler"), fastruler.WindowedEntityRuler)


INF = math.inf


@pytest.mark.parametrize(
    ("pattern", "anchor", "before", "after"),
    [
        # "{1,4} capitalised words" then a literal: anchored on the literal, 4 back.
        ([{**CAPITALISED, "OP": "{1,4}"}, {"LOWER": "sheriff"}], {"sheriff"}, [4], [0]),
        # Stop words ("of") are not anchors when a rarer literal exists.
        (
            [{"TEXT": {"IN": ["Department", "Dept"]}}, {"LOWER": "of"}, CAPITALISED],
            {"department", "dept"},
            [],
            [0, 1, 1],
        ),
        # An unbounded run of literal words before the anchor is followed word by word.
        (
            [{"LOWER": {"IN": ["acting", "deputy"]}, "OP": "*"}, {"LOWER": "director"}],
            {"director"},
            [INF],
            [0],
        ),
        # The anchor's own repeats reach after it.
        ([{"LOWER": "ice", "OP": "+"}], {"ice"}, [], [INF]),
        ([{"ORTH": "ICE"}, {"ORTH": ".", "OP": "?"}], {"ice"}, [], [0, 1]),
    ],
)
def test_plan(pattern, anchor, before, after):
    p = fastruler.plan(pattern)
    assert p is not None
    assert p.anchor == frozenset(anchor)
    assert [r.tokens for r in p.before] == before
    assert [r.tokens for r in p.after] == after


@pytest.mark.parametrize(
    "pattern",
    [
        [{**CAPITALISED, "OP": "+"}, {"LOWER": "office"}],  # unbounded over any word
        [{**CAPITALISED}, {"LOWER": "of", "OP": "?"}],  # no mandatory literal
        [{"LOWER": "office", "OP": "!"}],  # a negation is no anchor
    ],
)
def test_unbounded_patterns_stay_on_whole_pages(pattern):
    assert fastruler.plan(pattern) is None


def test_regression_whole_page_patterns_still_match():
    """A pattern the windows cannot bound is matched over the whole page, not dropped."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("evidence_entity_ruler", config=CONFIG)
    ruler.add_patterns(
        [{"label": "ORG", "pattern": [{**CAPITALISED, "OP": "+"}, {"LOWER": "holdings"}]}]
    )
    doc = nlp("shares of Alder Valley Holdings rose")
    assert [(e.text, e.label_) for e in ruler(doc).ents][-1] == ("Alder Valley Holdings", "ORG")


def test_tagger_results_do_not_change(monkeypatch):
    """The whole tagger on the demo corpus with the stock ruler and with the windowed one."""
    from ingest.entities import tagger

    stock_nlp = spacy.load(nlp_mod.model_name(), exclude=nlp_mod.NOT_NEEDED)
    nlp_mod.use_numpy_blas(stock_nlp.get_pipe("ner").model)
    ruler = stock_nlp.add_pipe("entity_ruler", config=CONFIG, before="ner")
    # The same model reading as load_nlp's, so that only the ruler differs.
    stock_nlp.add_pipe("evidence_sparse_ner", after="ner")
    stock_nlp.disable_pipe("ner")
    patterns = [p for name in nlp_mod.PATTERN_FILES for p in read_jsonl(DATA / name)]
    ruler.add_patterns(patterns + ruler_patterns(stock_nlp.make_doc))
    stock_nlp.add_pipe("evidence_case_parties")
    stock_nlp.add_pipe("evidence_first_names")
    stock_nlp.add_pipe("evidence_acronyms")
    pdf = extractor_for("pdf")
    for path in sorted(Path(CORPUS).glob("*.pdf")):
        texts = [p.text for p in pdf.extract(path, ExtractOptions(ocr="never")).pages]
        fast = tagger.tag_pages(texts)
        with monkeypatch.context() as m:
            m.setattr(tagger, "load_nlp", lambda: stock_nlp)
            stock = tagger.tag_pages(texts)
        assert fast == stock, path.name
