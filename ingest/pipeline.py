"""One file in, pages with entities out: the work a worker process does for each file.

It never touches the index: it returns a :class:`FileResult` and the index writer takes it from
there, so the same function runs in a local process pool or on a Dask cluster.
"""

from __future__ import annotations

import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ingest import timing
from ingest.extractors import ExtractOptions, extractor_for
from ingest.records import DateMention, Extracted, ExtractError, Mention
from ingest.redactions import Exemption, find_exemptions
from ingest.signatures import min_words, page_signature
from ingest.sniff import sniff
from ingest.titles import settle_title

MAX_CHILD_DEPTH = 3
RECORD_TYPES = {"csv", "xlsx"}

UNSUPPORTED = {
    "empty": "empty: the file has no content",
    "binary": "unsupported: not a document type evidence can read",
    "pst": "unsupported: Outlook .pst mailboxes (export the messages as .msg or .eml)",
    "djvu": "unsupported: DjVu (convert it to PDF first, e.g. with ddjvu -format=pdf)",
}


@dataclass
class FileResult:
    name: str
    kind: str
    extracted: Extracted | None = None
    langs: list[str] = field(default_factory=list)
    mentions: list[list[Mention]] = field(default_factory=list)  # per page, same order
    dates: list[list[DateMention]] = field(default_factory=list)  # per page, same order
    exemptions: list[list[Exemption]] = field(default_factory=list)  # per page, same order
    # per page: (word count, exact key, MinHash bytes) for grouping duplicates
    signatures: list[tuple[int, str | None, bytes | None]] = field(default_factory=list)
    error: str | None = None
    children: list[FileResult] = field(default_factory=list)
    child_data: list[bytes] = field(default_factory=list)  # raw bytes of each child, for hashing
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage, children included


def process_file(
    path: Path,
    options: ExtractOptions,
    tag: bool = True,
    depth: int = 0,
    name: str | None = None,
) -> FileResult:
    """Extract, detect languages and tag one file. Errors become ``FileResult.error``.
    ``name``: the file's own name when ``path`` is a temporary copy (an attachment).
    ``options.cores``: how many the run has for this file (more than one when it reads fewer
    files than it has readers), for its OCR and its tagging."""
    before = timing.snapshot()
    result = _process(Path(path), options, tag, depth, name or Path(path).name)
    result.stages = timing.since(before)
    return result


def _process(path: Path, options: ExtractOptions, tag: bool, depth: int, name: str) -> FileResult:
    try:
        kind = sniff(path)
    except OSError as err:
        return FileResult(path.name, "unknown", error=f"cannot read the file: {err.strerror}")
    result = FileResult(name, kind)
    extractor = extractor_for(kind)
    if extractor is None:
        result.error = UNSUPPORTED.get(kind, f"unsupported: no reader for {kind} files")
        return result
    try:
        with timing.timed("extract"):
            extracted = extractor.extract(path, options)
    except ExtractError as err:
        result.error = str(err)
        return result
    except MemoryError:
        result.error = "too large: ran out of memory while reading it"
        return result
    except Exception as err:  # a reader library choking on a hostile file
        result.error = f"cannot read it ({type(err).__name__}: {str(err)[:200]})"
        return result
    no_text = not extracted.pages or not any(p.text.strip() for p in extracted.pages)
    if no_text and not extracted.children:
        result.error = "no text: nothing readable in it" + (
            " (" + "; ".join(extracted.warnings) + ")" if extracted.warnings else ""
        )
        return result
    settle_title(extracted, name)
    result.extracted = extracted
    texts = [p.text for p in extracted.pages]
    records = extracted.doctype in RECORD_TYPES
    result.langs, result.mentions = analyse(texts, tag, records=records, cores=options.cores)
    if tag and not records:
        _read_dates(result, texts)
    result.exemptions = [find_exemptions(p.text, len(p.boxes)) for p in extracted.pages]
    with timing.timed("dedup"):
        limit = min_words()
        result.signatures = [page_signature(p.text, limit) for p in extracted.pages]
    if depth < MAX_CHILD_DEPTH:
        for child in extracted.children:
            result.children.append(_process_child(child.name, child.data, options, tag, depth))
            result.child_data.append(child.data)
    return result


def warm_up() -> None:
    """Start loading the language identifier and the English pipeline (what nearly every file
    needs) in a thread; a reader calls this as it starts (:func:`ingest.workers.run_tasks`).
    The lock is taken here, before the thread runs, so a file that reaches the tagger first
    waits for the load instead of importing spaCy beside it."""
    if not _MODELS_LOCK.acquire(blocking=False):
        return
    from ingest.workers import start_background

    start_background(_load_models, "warm-up")


def _load_models() -> None:
    try:
        from ingest.entities.lang import load_identifier
        from ingest.entities.nlp import load_nlp

        # Loaded directly: classifying a short text such as "warm up" loads nothing
        load_identifier()
        load_nlp()
        _first_use()
    except Exception:  # the file's own tagging meets it again and reports it
        pass
    finally:
        _MODELS_LOCK.release()


# A short page of every kind of finding, invented: reading it once does what the tagger and the
# date reader otherwise do on a reader's first file (the model's first batch, word lists and
# patterns loaded on first use), about a fifth of a second of that file's time. A watcher's
# readers wait loaded, so the file added to its corpus no longer pays it.
_FIRST_USE_TEXT = (
    "AGREEMENT between the Marlow County Sheriff's Office and Quillfield Data Services LLC.\n"
    "On March 3, 2026 Director Renata Okafor approved a payment of $12,500.00 (twelve thousand "
    "five hundred dollars) to the vendor.\nSigned: Tobias Vantreece, Procurement Officer"
)


def _first_use() -> None:
    from ingest.entities.tagger import tag_pages
    from ingest.textdates import find_dates

    tag_pages([_FIRST_USE_TEXT], ["en"])
    find_dates(_FIRST_USE_TEXT, "en")


# Held while the models load, so that a file waits for the warm-up.
_MODELS_LOCK = threading.Lock()


def analyse(
    texts: list[str], tag: bool = True, records: bool = False, cores: int = 1
) -> tuple[list[str], list[list[Mention]]]:
    """Page languages and mentions. ``records`` are spreadsheet rows ("Header: value" lines):
    they get the rules (patterns, gazetteer, first names, money) but not the statistical model,
    which finds little in them and would take minutes on a 15,000-row sheet; the corpus-wide
    alias sweep still finds every known name in them."""
    from ingest.entities.lang import detect_language

    with _MODELS_LOCK:  # the warm-up, if it is still loading; never import spaCy beside it
        if tag:
            import ingest.entities.tagger  # noqa: F401
    with timing.timed("lang"):
        if records:
            sample = detect_language("\n".join(texts[:50]))
            langs = [sample] * len(texts)
        else:
            langs = [detect_language(t) for t in texts]
    if not tag:
        return langs, [[] for _ in texts]
    from ingest.entities.tagger import tag_pages

    with timing.timed("tag"):
        return langs, tag_pages(texts, langs, model=not records, cores=cores)


def _read_dates(result: FileResult, texts: list[str]) -> None:
    """The dates written on each page, and the document's date from them (with the reason)
    unless a header already gives one."""
    from ingest.textdates import document_date, find_dates

    with timing.timed("dates"):
        result.dates = [find_dates(t, lang) for t, lang in zip(texts, result.langs, strict=True)]
    found = document_date(result.dates)
    if found is not None and result.extracted is not None:
        result.extracted.metadata["text_date"], result.extracted.metadata["text_date_reason"] = (
            found
        )


def _process_child(name: str, data: bytes, options: ExtractOptions, tag: bool, depth: int):
    suffix = Path(name).suffix[:16]
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        tmp.write(data)
        tmp.flush()
        return process_file(Path(tmp.name), options, tag, depth + 1, name=name)
