"""Page text as the entity pipelines should see it, with a map back to the page's offsets.

PDF text wraps names across lines ("U.S. Immigration and\\nCustoms Enforcement",
"Tol-\\nliver") and lays columns out with runs of spaces. spaCy makes every newline a token,
so a wrapped name would never match a pattern. Here soft wraps become spaces, hyphenation is
joined, columns and short lines stay separated by a newline, and curly quotes become straight
ones; every character of the result knows where it came from, so mention spans still index
the original text exactly.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass

# A line that reaches most of the page's usual width is a wrapped paragraph line; shorter
# lines are headings, signature blocks, table rows and addresses, whose breaks separate.
SOFT_WRAP_MIN_LINE = 40
SOFT_WRAP_WIDTH_SHARE = 0.6
_LABEL_LINE = re.compile(r"[>\s]*[A-Z][\w ./()-]{0,30}:(?:\s|$)")
# A spreadsheet row's "column_name: value" lines (see ingest.extractors.table).
# Lines of a spreadsheet row, "column_name: value" (see ingest.extractors.table): a line break
# between two of them separates, even before a lower-case column name ("amount: 12.00").
_FIELD_LINE = re.compile(r"[A-Za-z][\w]*(?:[ _][\w]+){0,4}:(?:[ \t]|$)")
# A line ending in one of these words goes on: no heading, name or table cell ends "of".
_OPEN_END = re.compile(r"(?:^|[ \t])(?:of|and|for|the|&)$")
# Nor does a facility's name end in a word that says what kind of facility follows: a
# register's narrow cell wraps "Riverton Contract" / "Detention Facility", "Harlan Servicing" /
# "Processing" / "Center".
_OPEN_MODIFIER = re.compile(
    r"(?:^|[ \t])(?:Contract|Contracted|Processing|Servicing|Correctional|Detention|Juvenile|"
    r"Intergovernmental|Residential|Transitional)$"
)
# A name wrapped mid-name before the acronym that defines it ("National Transportation Safety" /
# "Board (NTSB)", "Federal Aviation" / "Administration (FAA)"): the next line's capitalised
# words, then the acronym in brackets (on that line or the one after).
_ACRONYM_AHEAD = re.compile(
    r"((?:[A-Z][\w'\u2019-]*[ \t]+(?:(?:of|and|for|the|on|&)[ \t]+)*){0,6})"
    r"[ \t]*\n?[ \t]*\(([A-Z]{2,8})\)"
)
# A register's name cell in capitals wrapped after the surname's comma ("AZURDIA-" /
# "HERNANDEZ," / "JOSE MANUEL"): the given names on the next line belong to it.
_SURNAME_COMMA_LINE = re.compile(r"(?:\d+[ \t]+)?[A-Z][A-Z'-]+(?:[ \t]+[A-Z][A-Z'-]+)?,")
# A case caption's right-hand column wrapped, its ")" before or after the break (see
# _caption_wraps).
_CAPTION_WRAP = re.compile(r"[ \t]*(?:\)[ \t]*)?(?:\r\n|\r|\n)[ \t]*(?:\)[ \t]*)?(?=[A-Z])")
_PLURAL_POSSESSIVE = re.compile(r"[a-z]s['\u2019]$")
_CAPITAL_WORD = re.compile(r"[A-Z][\w'\u2019-]*")
_SMALL_WORD = re.compile(r"(?:of|and|for|the|on|&)")
# Word processors' hyphens (U+2010, U+2011) join a double surname in tables exported to PDF
# ("OKAFOR\u2010Brightwater, Tobias"): the rules know the ASCII one.
_QUOTES = str.maketrans(
    {
        **{"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"'},
        **{"\u2010": "-", "\u2011": "-"},
    }
)
# A "|" between cells separates them as a tab does ("Okafor, Dana|2019-03-02|2019" is a
# spreadsheet's joined key); one between two letters is more likely an OCR'd "l" or "I".
_SPECIAL = re.compile(
    r"(?P<hyphen>(?<=[^\W\d_])[-\u2010\u2011][ \t]*(?:\r\n|\r|\n)[ \t]*(?=[^\W\d_]))"
    r"|(?P<newline>[ \t\f\v]*(?:\r\n|\r|\n)\s*)"
    r"|(?P<column>\t[ \t]*|[ ]{3,}|[ \t]*(?:(?<![^\W\d_])\||\|(?![^\W\d_]))[ \t]*)"
    r"|(?P<spaces>[ \f\v]{2,})"
)


@dataclass(frozen=True)
class Prepared:
    """``text`` for the pipelines; ``index[i]`` is where ``text[i]`` is in the original."""

    text: str
    index: array

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) of the prepared text[start:end] (end > start)."""
        return self.index[start], self.index[end - 1] + 1


def _wrap_width(text: str) -> int:
    """Shortest line length that counts as wrapped: a share of the page's long lines."""
    lengths = sorted(len(line.strip()) for line in text.splitlines() if line.strip())
    if not lengths:
        return SOFT_WRAP_MIN_LINE
    typical = lengths[int(0.9 * (len(lengths) - 1))]
    return max(SOFT_WRAP_MIN_LINE, int(SOFT_WRAP_WIDTH_SHARE * typical))


def _is_soft_wrap(text: str, run_start: int, run_end: int, width: int) -> bool:
    run = text[run_start:run_end].replace("\r\n", "\n").replace("\r", "\n")
    if run.count("\n") > 1:
        return False  # a blank line: paragraph break
    nxt = text[run_end : run_end + 1]
    if nxt.islower():
        if _FIELD_LINE.match(text, run_end):
            line_start = max(text.rfind("\n", 0, run_start), text.rfind("\r", 0, run_start)) + 1
            return not _FIELD_LINE.match(text, line_start)
        return True
    if _LABEL_LINE.match(text, run_end):
        return False  # the next line is a field: "Via: ...", "Cc: ...", "Date of birth: ..."
    line_start = max(text.rfind("\n", 0, run_start), text.rfind("\r", 0, run_start)) + 1
    line = text[line_start:run_start].strip()
    if (_OPEN_END.search(line) or _OPEN_MODIFIER.search(line)) and nxt.isupper():
        return True  # "U.S. Department of" / "Transportation": a name wraps in a narrow column
    if _SURNAME_COMMA_LINE.fullmatch(line) and re.match(r"[A-Z]{2,}\b", text[run_end:]):
        return True
    if _spelt_by_acronym(line, text, run_end):
        return True
    return len(line) >= width and not line.endswith(":")


def _spelt_by_acronym(line: str, text: str, next_start: int) -> bool:
    """Do the last capitalised words of ``line`` and the first of the next line spell the
    acronym in brackets after them? Then the break is inside the name it defines."""
    ahead = _ACRONYM_AHEAD.match(text, next_start)
    if ahead is None or not ahead.group(1).strip():
        return False
    acronym = ahead.group(2)
    head = "".join(w[0] for w in _CAPITAL_WORD.findall(ahead.group(1)))
    rest = acronym[: len(acronym) - len(head)]
    if not rest or not acronym.endswith(head):
        return False
    tail = []
    for word in reversed(line.split()):
        word = word.strip("(\"'")
        if _SMALL_WORD.fullmatch(word) and tail:
            continue
        if not _CAPITAL_WORD.fullmatch(word):
            break
        tail.append(word[0])
        if len(tail) == len(rest):
            break
    return "".join(reversed(tail)) == rest


def _caption_wraps(text: str) -> list[tuple[int, int]]:
    """Where a case caption's right-hand column wraps a name, with the column's ")" on either
    side of the break: "... ) Appeal from the Circuit Court of" / " ) St. Charles County",
    "Appeal from the Court of Workers'\t)" / "Compensation Claims\t)". A name is cut there
    when the line ends in "of", "and", "for", "the" or a plural possessive."""
    spans = []
    for m in _CAPTION_WRAP.finditer(text):
        if ")" not in m.group():
            continue
        line_start = max(text.rfind(c, 0, m.start()) for c in "\n)\t") + 1
        line = text[line_start : m.start()].strip()
        if _OPEN_END.search(line) or _PLURAL_POSSESSIVE.search(line):
            spans.append(m.span())
    return spans


def prepare(text: str) -> Prepared:
    out: list[str] = []
    index = array("l")
    pos = 0
    width = _wrap_width(text)
    joins = _caption_wraps(text) if ")" in text else []
    for m in _SPECIAL.finditer(text):
        start, end = m.span()
        if start < pos:
            continue  # inside a caption's wrap, already joined
        if start > pos:
            out.append(text[pos:start])
            index.extend(range(pos, start))
        while joins and joins[0][1] <= start:
            joins.pop(0)
        if joins and joins[0][0] == start:
            out.append(" ")
            index.append(start)
            pos = joins.pop(0)[1]
            continue
        kind = m.lastgroup
        if kind == "hyphen":
            # "Tol-\nliver" -> "Tolliver"; "Castellanos-\nReyes" keeps its hyphen.
            if text[end].isupper():
                out.append("-")
                index.append(start)
        elif kind == "newline":
            out.append(" " if _is_soft_wrap(text, start, end, width) else "\n")
            index.append(start)
        elif kind == "column":
            out.append("\n")
            index.append(start)
        else:
            out.append(" ")
            index.append(start)
        pos = end
    if pos < len(text):
        out.append(text[pos:])
        index.extend(range(pos, len(text)))
    return Prepared("".join(out).translate(_QUOTES), index)
