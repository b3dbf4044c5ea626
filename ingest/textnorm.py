"""Text clean-up shared by every extractor, so that all pages reach the index in one form."""

from __future__ import annotations

import re
import unicodedata

# pdfium marks a soft (line-end) hyphen with U+FFFE or U+0002 and joins the line itself.
_SOFT_HYPHENS = re.compile("[\ufffe\u0002\u00ad]")
# ... also at the end of a line of a double surname, "OKAFOR-" / "Brightwater": kept as a hyphen,
# as join_hyphens does below.
_SOFT_HYPHEN_CAP = re.compile("(?<=[^\\W\\d_])[\ufffe\u0002](?=[A-Z][a-z])")
# A word broken at a line end: "notifi-\ncation" -> "notification". Only when both sides are
# letters and the continuation starts lower-case, so "Castellanos-\nReyes" keeps its hyphen
# (joined without the line break) and list dashes are untouched.
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])-[ \t]*\n[ \t]*(?=[a-z])")
_HYPHEN_BREAK_CAP = re.compile(r"(?<=[^\W\d_])-[ \t]*\n[ \t]*(?=[A-Z][a-z])")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_MANY_BLANK = re.compile(r"\n{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalise(text: str) -> str:
    """NFKC (ligatures, full-width forms), unified line ends, control characters dropped,
    line-break hyphenation joined."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SOFT_HYPHENS.sub("", _SOFT_HYPHEN_CAP.sub("-", text))
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub("", text)
    text = join_hyphens(text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _MANY_BLANK.sub("\n\n", text)
    return text.strip()


def join_hyphens(text: str) -> str:
    text = _HYPHEN_BREAK.sub("", text)
    return _HYPHEN_BREAK_CAP.sub("-", text)


def first_heading(text: str, max_len: int = 120) -> str | None:
    """The first line that looks like a heading: short, has letters, not a page number."""
    for line in text.splitlines()[:15]:
        line = line.strip()
        if 4 <= len(line) <= max_len and sum(c.isalpha() for c in line) >= 4:
            return line
    return None
