"""Parties named in case citations: "Sessions v. Dimaya", "Alasaad v. Mayorkas, 988 F.3d 8",
"Grant, et al v. Gusman".

Court opinions, motions and FOIA litigation cite cases by the parties' surnames alone, where
neither the model (one capitalised word, no first name) nor the first-name lists find them. A
party of one to three name words on either side of "v." is a person unless a word of it names a
government, a place or a firm ("United States", "City of El Paso", "Bell Atl. Corp.").
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from ingest.entities.people import word_set

RULE_ID = "rule:case_party"
FIRM_ID = "rule:case_firm"
_FIRM_WORDS = word_set("co co. corp corp. inc inc. llc ltd ltd. lp llp company corporation bank")

_WORD = r"(?:Mc|Mac|O'|D')?[^\W\d_a-z][^\W\d_]*(?:[-'\u2019][^\W\d_a-z][^\W\d_]*)*"
_RELATOR = r"(?:ex[ ]rel\.|EX[ ]REL\.)"
_PARTY = rf"{_WORD}(?:[ ](?:[A-Z]\.|{_RELATOR}|{_WORD})){{0,4}}"
# "Sessions v. Dimaya", "Grant, et al v. Gusman", "v." on a caption's line of its own. Only a
# lower-case "v." or "vs.": "John V. Smith" has a middle initial. A capital "V." only after
# "ET AL." or a firm's "LLC", where no middle initial stands: a caption or running head in
# capitals ("ROMAN, ET AL. V. WOLF, ET AL.", "SURPLUS, LLC V. STATE EX REL. COOPER").
_CASE = re.compile(
    rf"(?P<a>{_PARTY})?\.?(?:(?:,?[ ]et[ ]al\.?)?(?:^|[ \t]*\n?[ \t]*(?<=\s))vs?\.|"
    rf",?[ ](?:ET[ ]AL\.|(?P<firm>LLC|L\.L\.C\.|INC\.|CORP\.))[ ]+VS?\.)"
    rf"[ \t]*\n?[ \t]*(?P<b>{_PARTY})",
    re.MULTILINE,
)
# Words a citation starts with, not a party's: "See Sessions v. Dimaya".
_SIGNALS = word_set("see cf in but accord compare also and citing quoting under contra e.g the")
# A party with any of these words is a body, a place or a firm.
_NOT_PERSON = word_set(
    """
    united states state states people commonwealth nation city county town township village
    borough parish district department dept board bureau office agency authority commission
    comm'n council committee court government gov't secretary attorney general sheriff police
    co corp inc llc ltd lp llp company corporation bank trust fund union association ass'n
    society services service partners group holdings industries enterprises systems school
    schools university college hospital church america american national international
    federal republic kingdom estate matter re ex rel parte unknown doe does roe et al
    plaintiff plaintiffs defendant defendants appellant appellee petitioner
    respondent regents trustees members lessee lessor heirs intervenor claimant debtor creditor relator immigration customs enforcement homeland security justice labor transportation corrections
    detention center facility jail prison insurance mutual life casualty motors airlines
    network communications news media press times post herald tribune journal technologies
    products foods energy oil gas water power electric railroad railway north south east west
    alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
    hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
    michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon
    pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming york jersey
    hampshire carolina dakota mexico rhode island columbia el la los las san santa st fort
    """
)


# Words after the second party that a joined line or heading adds: "Herrmann / Opinion of the
# Court".
# "HERRMANN ET AL.": the others the caption does not name are no part of the party.
_AFTER_PARTY = word_set(
    "opinion syllabus cite per curiam decided argued page held justice judge et"
)


def _party_words(text: str) -> list[str]:
    words = text.split()
    signals = [i for i, w in enumerate(words) if w.lower().rstrip(".,") in _SIGNALS]
    return words[signals[-1] + 1 :] if signals else words


def _is_person(words: list[str]) -> bool:
    if not words or len(words) > 3:
        return False
    for w in words:
        low = w.lower().rstrip(".,")
        if low in _NOT_PERSON or any(part in _NOT_PERSON for part in low.split("-")):
            return False
    return True


def party_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of the parties in ``text``'s case citations that are people."""
    return [(a, b) for a, b, person in parties(text) if person]


def parties(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is a person) of every party in ``text``'s case citations, without the
    signal words before it ("See") and the heading words after it ("Opinion")."""
    out = []
    for m in _CASE.finditer(text):
        for group in ("a", "b"):
            start, end = m.span(group)
            if start < 0:
                continue
            raw = text[start:end]
            words = _party_words(raw)
            person = True
            # The relator is the person: "State ex rel. Perdue", "STATE EX REL. COOPER".
            rel = [k for k, w in enumerate(words) if w.lower() == "rel."]
            words = words[rel[-1] + 1 :] if rel else words
            # A party ends at its name: "Dimaya, 138 S. Ct." is cut by the comma already, a
            # heading joined on after it or "ET AL." is not part of it.
            cut = [k for k, w in enumerate(words) if w.lower() in _AFTER_PARTY]
            if group == "b" or (cut and words[cut[0]].lower() == "et"):
                words = words[: cut[0]] if cut else words
            if re.match(r"[ \t]*&", text[end : end + 3]) or (group == "a" and m.group("firm")):
                person = False  # "Detroit Timber & Lumber Co.", "GIFT SURPLUS, LLC"
            if not words:
                continue
            person = person and _is_person(words)
            first = raw.index(words[0])
            last = raw.index(words[-1], first) + len(words[-1])
            out.append((start + first, start + last, person))
    return out


@Language.component("evidence_case_parties")
def tag_case_parties(doc: Doc) -> Doc:
    """PERSON spans (id ``rule:case_party``) for the people among case parties; a model's
    guess overlapping one gives way, a rule's span does not."""
    if "v" not in doc.text and "V" not in doc.text:
        return doc
    found, firms = [], []
    for start, end, person in parties(doc.text):
        mode = "contract" if person else "expand"
        span = doc.char_span(start, end, label="PERSON", alignment_mode=mode)
        if span is None or not len(span):
            continue
        if person:
            found.append(Span(doc, span.start, span.end, label="PERSON", span_id=RULE_ID))
        else:
            # "Bell Atl. Corp.": the abbreviations before the firm word belong to it.
            begin = span.start
            while begin > max(0, span.start - 4) and (
                doc[begin - 1].text == "." or doc[begin - 1].is_title
            ):
                begin -= 1
            if any(t.lower_ in _FIRM_WORDS for t in span):
                firms.append(Span(doc, begin, span.end, label="ORG", span_id=FIRM_ID))
    if not found and not firms:
        return doc
    # "Bell Atl. Corp." is a firm, read whole: neither the model's "Bell Atl" inside it nor
    # the first-name rule after this makes a person of it.
    ents = list(doc.ents)
    for firm in firms:
        clash = [e for e in ents if e.start < firm.end and firm.start < e.end]
        if not any(e.ent_id_ for e in clash):
            ents = [e for e in ents if e not in clash] + [firm]
    added = []
    for new in found:
        clash = [e for e in ents if e.start < new.end and new.start < e.end]
        # "REYES, ET" (of "REYES, ET AL."): the last-first rule took "ET" for a given name.
        ruled = [e for e in clash if e.ent_id_ and e[-1].lower_ != "et"]
        if any(e.label_ != "PERSON" for e in ruled):
            continue  # a rule or the gazetteer read these words as something else
        if ruled:
            # "CHAD F. WOLLASTON, Acting Secretary": a rule read part of the name and the title.
            start = min(new.start, *(e.start for e in ruled))
            end = max(new.end, *(e.end for e in ruled))
            new = Span(doc, start, end, label="PERSON", span_id=RULE_ID)
            clash = [e for e in ents if e.start < end and start < e.end]
        added.append(new)
        ents = [e for e in ents if e not in clash]
    doc.ents = [*ents, *added]
    return doc
