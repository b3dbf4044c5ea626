"""Column names of spreadsheet rows, which name no entity of the row they head.

A table row reaches the tagger as "column_name: value" lines (:mod:`ingest.extractors.table`);
"PDF URL: https://..." heads a column of every row, and that another row spells out
"Prairieland Detention Facility (PDF)" does not make the column's name that agency, neither
for the tagger's acronym uses nor for the corpus-wide alias sweep.
"""

from __future__ import annotations

import re

_FIELD_LABEL = re.compile(r"[A-Za-z][\w]*(?:[ _][\w]+){0,4}")
_FIELD_LINES = re.compile(r"^[A-Za-z][\w]*(?:[ _][\w]+){0,4}:[ \t]", re.MULTILINE)
# A page of fields has a few of them near its top.
_MIN_FIELD_LINES = 3
_LOOK = 4000


def in_field_label(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` the start of a column name of a page of "name: value" lines?"""
    if start and text[start - 1] != "\n":
        return False
    colon = text.find(":", end, end + 40)
    if colon < 0 or "\n" in text[end:colon] or not _FIELD_LABEL.fullmatch(text[start:colon]):
        return False
    return len(_FIELD_LINES.findall(text, 0, _LOOK)) >= _MIN_FIELD_LINES
