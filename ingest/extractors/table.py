"""Spreadsheets and CSV files: every data row is its own record (a Page), cited by its row.

A row's text is one ``Header: value`` line per non-empty cell, so a search for a name or an
amount finds the row, and the entity tagger sees which column a value came from.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from ingest import textnorm
from ingest.extractors.base import ExtractOptions, Extractor, register
from ingest.extractors.text import decode
from ingest.records import Extracted, ExtractError, Page

MAX_ROWS = 200_000
_DELIMITERS = (",", "\t", "|", ";")
_SNIFF_LINES = 50
_NUMBER = re.compile(r"[-+(]?[$€£]?\d[\d,.]*%?\)?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def cell_text(value) -> str:
    """A cell value as a person would read it: 10680.0 -> 10680, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def looks_like_header(cells: Sequence[str]) -> bool:
    """Whether a first row names its columns rather than holding data: every filled cell is
    text that is not a number or a date, and no name repeats."""
    filled = [c.strip() for c in cells if c.strip()]
    if not filled:
        return False
    if any(_NUMBER.fullmatch(c) or _ISO_DATE.match(c) for c in filled):
        return False
    return len(set(filled)) == len(filled)


def column_names(header: Sequence[str] | None, width: int) -> list[str]:
    names = [h.strip() for h in header] if header else []
    names += [""] * (width - len(names))
    return [name or f"Column {i + 1}" for i, name in enumerate(names)]


def row_text(names: list[str], cells: Sequence[str]) -> str:
    if len(cells) > len(names):
        names = column_names(names, len(cells))
    lines = []
    for name, value in zip(names, cells, strict=False):
        value = textnorm.normalise(value)
        if value:
            lines.append(f"{name}: {value}")
    return "\n".join(lines)


def rows_to_pages(
    rows: Iterable[Sequence[str]],
    warnings: list[str],
    where: str,
    start_number: int = 1,
    sheet: str | None = None,
) -> list[Page]:
    """Pages for the data rows of one table. ``rows`` are all rows of the table, the first one
    being row 1; blank rows still count, so row numbers match what a spreadsheet program shows.
    Page numbers run on from ``start_number`` when ``sheet`` is given (several sheets share a
    document), else they are the row numbers."""
    pages: list[Page] = []
    names: list[str] | None = None
    for row_number, raw in enumerate(rows, start=1):
        cells = [cell_text(c) for c in raw]
        if not any(cells):
            continue
        if names is None:
            if looks_like_header(cells):
                names = column_names(cells, len(cells))
                continue
            names = column_names(None, len(cells))
        if len(pages) == MAX_ROWS:
            warnings.append(f"{where}: more than {MAX_ROWS:,} rows; only the first were read")
            break
        text = row_text(names, cells)
        if sheet is None:
            pages.append(Page(number=row_number, text=text, label=f"row {row_number}"))
        else:
            number = start_number + len(pages)
            pages.append(Page(number=number, text=text, label=f"{sheet} row {row_number}"))
    return pages


def sniff_delimiter(sample: str) -> str:
    """The delimiter that splits the first lines into the most consistent number of fields;
    quoted fields with commas inside ("SANTA CLARA, COUNTY OF") are parsed, not counted."""
    lines = sample.splitlines()[:_SNIFF_LINES]
    if len(lines) > 1 and not sample.endswith("\n"):
        lines = lines[:-1]  # the sample may cut the last line short
    best, best_score = ",", -1.0
    for delimiter in _DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=delimiter) if r]
        except csv.Error:
            continue
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        if width < 2:
            continue
        score = count / len(widths) + width / 1000  # consistency first, then more columns
        if score > best_score:
            best, best_score = delimiter, score
    return best


@register
class CsvExtractor(Extractor):
    name = "csv"
    kinds = ("csv",)

    def extract(self, path: Path, options: ExtractOptions) -> Extracted:
        text = decode(path.read_bytes())
        if not text.strip():
            raise ExtractError("empty: the file has no text")
        delimiter = sniff_delimiter(text[:65536])
        warnings: list[str] = []
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            pages = rows_to_pages(_capped(reader, options), warnings, "table")
        except csv.Error as err:
            raise ExtractError(f"not a readable CSV file: {err}") from err
        if not pages:
            raise ExtractError("empty: the table has a header but no rows")
        return Extracted(pages=pages, doctype="csv", warnings=warnings)


def _capped(rows: Iterable[Sequence[str]], options: ExtractOptions) -> Iterator[list[str]]:
    for row in rows:
        yield [c[: options.max_page_chars] for c in row]


@register
class XlsxExtractor(Extractor):
    name = "xlsx"
    kinds = ("xlsx",)

    def extract(self, path: Path, options: ExtractOptions) -> Extracted:
        import zipfile

        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as err:
            raise ExtractError(f"not a readable Excel workbook: {err}") from err
        warnings: list[str] = []
        pages: list[Page] = []
        try:
            for sheet in book.worksheets:
                # The stored dimension is sometimes wrong (written by other tools as "A1") and
                # read-only mode would cut every row to it.
                sheet.reset_dimensions()
                rows = sheet.iter_rows(min_row=1, values_only=True)
                pages += rows_to_pages(
                    rows, warnings, sheet.title, start_number=len(pages) + 1, sheet=sheet.title
                )
            title = (book.properties.title or "").strip() or None
            creator = (book.properties.creator or "").strip()
        finally:
            book.close()
        if not pages:
            raise ExtractError("empty: the workbook has no data rows")
        metadata = {"author": creator} if creator else {}
        return Extracted(
            pages=pages, doctype="xlsx", title=title, metadata=metadata, warnings=warnings
        )
