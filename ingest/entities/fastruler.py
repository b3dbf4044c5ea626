"""An EntityRuler that finds exactly the same matches, faster, by matching token patterns only
in windows around the words they cannot match without.

spaCy's Matcher starts a partial match at every token a pattern's first token accepts. Our
agency rules start with "one to four capitalised words" ("Harlow County Sheriff's Office"), so
on a contract page nearly every capitalised word starts a match for each of thirty patterns,
and the ruler cost a third of the tagging time. Yet every match of such a pattern contains one
of a few literal words ("sheriff", "department"), and its tokens lie within a bounded distance
of that word. So for each pattern we pick such an anchor and the furthest its match can reach
either side of it, run the Matcher only on the (merged) windows around anchors found in the
page, and shift the matches back. Predicates here look at one token at a time (TEXT, LOWER,
ORTH, REGEX, IN, NOT_IN), so a match inside a window is a match in the page and every match in
the page lies inside a window: the result is the stock ruler's, which a test checks on real
and generated pages. Patterns we cannot bound stay on a whole-page Matcher.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass

from spacy.attrs import LOWER
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

_LITERAL_KEYS = ("LOWER", "ORTH", "TEXT")
_RANGE = re.compile(r"^\{(\d*)(?:(,)(\d*))?\}$")


@dataclass(frozen=True)
class _Reach:
    """How far one token spec can extend a match away from the anchor: at most ``tokens``
    tokens (``math.inf`` for ``*``/``+``), and when unbounded only over words in ``words``."""

    tokens: float
    words: frozenset[str] | None


def _repeats(op: str | None) -> tuple[int, float]:
    """(minimum, maximum) tokens a spec with operator ``op`` consumes."""
    if op in (None, "!"):
        return 1, 1
    if op == "?":
        return 0, 1
    if op == "*":
        return 0, math.inf
    if op == "+":
        return 1, math.inf
    m = _RANGE.match(op)
    if m is None:
        raise ValueError(f"unknown operator {op!r}")
    low = int(m.group(1) or 0)
    if m.group(2) is None:
        return low, low
    return low, int(m.group(3)) if m.group(3) else math.inf


def _literal_words(spec: dict) -> frozenset[str] | None:
    """Lower-cased words a token must be one of to satisfy ``spec``, if it says so (a superset
    is fine: it only decides where to look)."""
    if spec.get("OP") == "!":
        return None
    found: frozenset[str] | None = None
    for key in _LITERAL_KEYS:
        value = spec.get(key, spec.get(key.lower()))
        if isinstance(value, str):
            words = frozenset({value.lower()})
        elif isinstance(value, dict) and set(value) == {"IN"}:
            words = frozenset(str(v).lower() for v in value["IN"])
        else:
            continue
        found = words if found is None else found & words
    return found


def _reaches(specs: list[dict]) -> tuple[_Reach, ...] | None:
    """Reach of each spec walking away from the anchor, or None when one is unbounded over
    arbitrary words (the pattern then runs on whole pages)."""
    out = []
    for spec in specs:
        _, most = _repeats(spec.get("OP"))
        words = _literal_words(spec) if math.isinf(most) else None
        if math.isinf(most) and words is None:
            return None
        out.append(_Reach(most, words))
    return tuple(out)


@dataclass(frozen=True)
class _Plan:
    anchor: frozenset[str]
    before: tuple[_Reach, ...]  # specs before the anchor, nearest first
    after: tuple[_Reach, ...]  # the anchor's own extra repeats, then the specs after it


def plan(pattern: list[dict]) -> _Plan | None:
    """Where to look for ``pattern``: its anchor words and reach, or None for whole pages."""
    best: tuple[tuple, _Plan] | None = None
    for j, spec in enumerate(pattern):
        least, most = _repeats(spec.get("OP"))
        words = _literal_words(spec)
        if least < 1 or not words:
            continue
        before = _reaches(list(reversed(pattern[:j])))
        extra = [{**spec, "OP": "*" if math.isinf(most) else f"{{0,{int(most) - 1}}}"}]
        after = _reaches(extra + pattern[j + 1 :])
        if before is None or after is None:
            continue
        # Common words ("of", "the") would open a window at every other token.
        common = any(w in STOP_WORDS or len(w) < 3 for w in words)
        key = (common, sum(r.tokens for r in before + after), len(words))
        if best is None or key < best[0]:
            best = (key, _Plan(words, before, after))
    return best[1] if best else None


def _extend(lowers: list[str], pos: int, reaches: tuple[_Reach, ...], step: int) -> int:
    """The furthest token index a match can reach from the anchor at ``pos`` going in
    direction ``step`` (-1 or 1): every bounded spec taken at its maximum, every unbounded one
    over the run of its words that follows."""
    last = len(lowers) - 1
    for reach in reaches:
        if math.isinf(reach.tokens):
            while 0 <= pos + step <= last and lowers[pos + step] in reach.words:
                pos += step
        else:
            pos = min(last, max(0, pos + step * int(reach.tokens)))
    return pos


class WindowedEntityRuler(EntityRuler):
    """:class:`spacy.pipeline.EntityRuler` with windowed matching of its token patterns."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._compile()

    def add_patterns(self, patterns) -> None:
        super().add_patterns(patterns)
        self._compile()

    def clear(self) -> None:
        super().clear()
        self._compile()

    def _compile(self) -> None:
        vocab = self.nlp.vocab
        self._whole = Matcher(vocab, validate=False)
        # One Matcher per anchor word set: a window found for "sheriff" runs only the
        # patterns anchored on it.
        self._groups: dict[frozenset[str], tuple[Matcher, list[_Plan]]] = {}
        for key, patterns in self.token_patterns.items():
            for pattern in patterns:
                p = plan(pattern)
                if p is None:
                    self._whole.add(key, [pattern])
                    continue
                matcher, plans = self._groups.setdefault(
                    p.anchor, (Matcher(vocab, validate=False), [])
                )
                matcher.add(key, [pattern])
                if p not in plans:
                    plans.append(p)
        self._by_word: dict[int, list[frozenset[str]]] = {}
        for anchor in self._groups:
            for word in anchor:
                self._by_word.setdefault(vocab.strings.add(word), []).append(anchor)

    def windows(self, doc: Doc) -> dict[frozenset[str], list[tuple[int, int]]]:
        """Per anchor group, merged ``[start, end)`` token windows holding every match of its
        patterns in ``doc``."""
        found: dict[frozenset[str], list[tuple[int, int]]] = {}
        lowers: list[str] | None = None
        for i, h in enumerate(doc.to_array([LOWER]).tolist() if len(doc) else []):
            anchors = self._by_word.get(h)
            if anchors is None:
                continue
            if lowers is None:
                lowers = [t.lower_ for t in doc]
            for anchor in anchors:
                spans = found.setdefault(anchor, [])
                for p in self._groups[anchor][1]:
                    spans.append(
                        (_extend(lowers, i, p.before, -1), _extend(lowers, i, p.after, 1) + 1)
                    )
        return {anchor: _merge(spans) for anchor, spans in found.items()}

    def match(self, doc: Doc):
        self._require_patterns()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="\\[W036")
            matches = list(self._whole(doc)) if len(self._whole) else []
            for anchor, spans in self.windows(doc).items():
                matcher = self._groups[anchor][0]
                for start, end in spans:
                    matches.extend(
                        (key, start + s, start + e) for key, s, e in matcher(doc[start:end])
                    )
            matches.extend(self.phrase_matcher(doc))
        # From here on exactly as EntityRuler.match.
        final = {(m_id, start, end) for m_id, start, end in matches if start != end}
        return sorted(final, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


@Language.factory(
    "evidence_entity_ruler",
    default_config={
        "phrase_matcher_attr": None,
        "matcher_fuzzy_compare": {"@misc": "spacy.levenshtein_compare.v1"},
        "validate": False,
        "overwrite_ents": False,
        "ent_id_sep": "||",
        "scorer": {"@scorers": "spacy.entity_ruler_scorer.v1"},
    },
)
def make_windowed_ruler(
    nlp: Language,
    name: str,
    phrase_matcher_attr,
    matcher_fuzzy_compare,
    validate: bool,
    overwrite_ents: bool,
    ent_id_sep: str,
    scorer,
) -> WindowedEntityRuler:
    return WindowedEntityRuler(
        nlp,
        name,
        phrase_matcher_attr=phrase_matcher_attr,
        matcher_fuzzy_compare=matcher_fuzzy_compare,
        validate=validate,
        overwrite_ents=overwrite_ents,
        ent_id_sep=ent_id_sep,
        scorer=scorer,
    )
