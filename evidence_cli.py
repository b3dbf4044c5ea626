"""The ``evidence`` command: a thin click layer over ``ingest`` and ``index``.

Every command prints human-readable text, or one JSON object per line with ``--json``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from ingest import settings
from ingest.textdates import roles as date_roles

DATA_HELP = "Data folder (default: $EVIDENCE_DATA, else ./evidence-data)."


def _data(value: str | None) -> Path:
    return settings.data_dir(value)


def _require_index(data: Path) -> None:
    from index import engine

    if engine.open_index(data, create=False) is None:
        raise click.ClickException(
            f"no index in {data}. Ingest some documents first: evidence ingest PATH --data {data}"
        )


def _emit(obj: dict) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="evidence")
def main() -> None:
    """Search obtained documents with cited excerpts.

    \b
    Quick tour:
      evidence ingest corpus/                 # read PDFs, text, emails ... into ./evidence-data
      evidence search '"booking data" AND agency:ICE'
      evidence status
      evidence app                            # the web app on http://127.0.0.1:8501
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--data", help=DATA_HELP)
@click.option("--workers", type=int, help="Worker processes (default: the CPU count).")
@click.option(
    "--ocr", type=click.Choice(["auto", "always", "never"]), help="OCR pages: auto (default)."
)
@click.option(
    "--ocr-lang",
    help="Tesseract languages, e.g. eng+spa (default auto: English, and a page detected as "
    "Dutch or Spanish is read again in it).",
)
@click.option("--password", help="Password to try on encrypted files.")
@click.option("--prune", is_flag=True, help="Forget files under PATHS that are gone.")
@click.option("--strict", is_flag=True, help="Exit with status 1 if any file failed.")
@click.option("--timeout", type=float, help="CPU seconds one file may take to read (default 300).")
@click.option("--scheduler", help="Dask scheduler address to run extraction on a cluster.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@click.option(
    "--watch",
    is_flag=True,
    help="Keep running: ingest again whenever files under PATHS change (Ctrl-C stops).",
)
@click.option(
    "--settle",
    type=float,
    help="With --watch: seconds files must stay unchanged before they are read (default 0.5, "
    "EVIDENCE_WATCH_SETTLE).",
)
def ingest(
    paths,
    data,
    workers,
    ocr,
    ocr_lang,
    password,
    prune,
    strict,
    timeout,
    scheduler,
    quiet,
    as_json,
    watch,
    settle,
):
    """Read documents under PATHS into the index (folders are walked).

    Unchanged files are skipped on a re-run; a changed file replaces its old pages; files that
    cannot be read are listed with the reason and the run goes on.

    With --watch the command stays, and each time files under PATHS are added, changed or
    removed it runs again; its readers stay loaded, so a new file is searchable in a second
    or two. Each run prints its summary line (one JSON line each with --json).

    \b
    Example:
      evidence ingest corpus/ ~/foia/release-2026-04 --data ./evidence-data
      evidence ingest ~/foia/release-2026-04 --watch      # keep it up to date
    """
    from tqdm import tqdm

    from index.build import ingest as run_ingest
    from index.build import options_from_settings

    if watch and strict:
        raise click.ClickException(
            "--strict ends with the run's status; it cannot be used with --watch"
        )
    if settle is not None and not watch:
        raise click.ClickException("--settle is for --watch runs; add --watch")

    data_dir = _data(data)
    options = options_from_settings(
        workers=workers,
        ocr=ocr,
        ocr_lang=ocr_lang,
        password=password,
        prune=prune,
        timeout=timeout,
        scheduler=scheduler,
    )
    bar = None

    def on_file(progress, relpath, error):
        nonlocal bar
        if quiet or as_json:
            if error and not as_json:
                click.echo(f"failed: {relpath}: {error}", err=True)
            return
        if bar is None:
            bar = tqdm(total=progress.files_total, unit="file", dynamic_ncols=True, file=sys.stderr)
        elapsed = max(1e-6, bar.format_dict["elapsed"])
        bar.set_postfix(
            pages=progress.pages_done,
            pages_s=f"{progress.pages_done / elapsed:.1f}",
            failed=progress.failures,
            refresh=False,
        )
        bar.update(1)
        if error:
            bar.write(f"failed: {relpath}: {error}", file=sys.stderr)

    def on_run(report):
        nonlocal bar
        if bar is not None:
            bar.close()
            bar = None
        _print_run(report, data_dir, as_json)

    try:
        if watch:
            _watch(list(paths), data_dir, options, on_run, on_file, settle, as_json)
            return
        report = run_ingest(list(paths), data_dir, options, on_file=on_file)
    except FileNotFoundError as err:
        raise click.ClickException(f"no such file or folder: {err}") from err
    except RuntimeError as err:
        if not scheduler:
            raise
        raise click.ClickException(
            f"{err}. Check the Dask scheduler address (e.g. tcp://10.0.0.5:8786), or run "
            "without --scheduler to use this machine's workers"
        ) from err
    on_run(report)
    if strict and report.failures:
        sys.exit(1)


def _watch(paths, data_dir, options, on_run, on_file, settle, as_json) -> None:
    from index.watch import watch
    from ingest import settings

    wait = float(settings.get("watch_settle", settle))
    if wait < 0:
        raise click.ClickException(f"--settle must be 0 or more seconds, not {wait:g}")

    runs = 0

    def announce(report) -> None:
        nonlocal runs
        on_run(report)
        runs += 1
        if runs == 1 and not as_json:
            click.echo(f"watching {', '.join(map(str, paths))} (Ctrl-C to stop)", err=True)

    try:
        watch(paths, data_dir, options, on_run=announce, on_file=on_file, settle=wait)
    except KeyboardInterrupt:
        if not as_json:
            click.echo("stopped watching", err=True)


def _print_run(report, data_dir: Path, as_json: bool) -> None:
    summary = {
        "data": str(data_dir),
        "files": report.files,
        "new": report.new,
        "skipped_unchanged": report.skipped,
        "duplicates": report.duplicates,
        "pages": report.pages,
        "indexed_pages": report.indexed_pages,
        "removed_documents": report.removed_docs,
        "pruned_paths": report.pruned,
        "failures": [{"path": p, "reason": r} for p, r in report.failures],
        "seconds": round(report.seconds, 2),
    }
    if as_json:
        _emit(summary)
    else:
        rate = report.pages / report.seconds if report.seconds else 0
        click.echo(
            f"{report.new} new file(s), {report.pages} pages ({rate:.1f} pages/s), "
            f"{report.skipped} unchanged, {report.duplicates} duplicate(s), "
            f"{len(report.failures)} failed, in {report.seconds:.1f} s -> {data_dir}"
        )
        for path, reason in report.failures:
            click.echo(f"  failed: {path}: {reason}")


@main.command()
@click.argument("query")
@click.option("--data", help=DATA_HELP)
@click.option("--limit", "-n", type=int, default=None, help="Number of hits (default 10).")
@click.option("--offset", type=int, default=0, help="Skip this many hits (paging).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit.")
@click.option(
    "--no-collapse", is_flag=True, help="Show every duplicate page (the query term dup:all too)."
)
@click.option("--expand", is_flag=True, help="List each hit's duplicate pages (twins).")
def search(query, data, limit, offset, as_json, no_collapse, expand):
    """Search the index. Whoosh syntax: AND OR NOT, "phrases", "a b"~5, wild*, fuzzy~,
    field:value (title, path, type, person, agency, org, amount, sender, subject).

    Near-duplicate pages (the same email or form in several files) are one hit, "also on N
    pages"; --expand lists them, --no-collapse or dup:all shows each as its own hit.

    \b
    Examples:
      evidence search '"booking data" AND agency:ICE'
      evidence search 'person:"Renata Tolliver" amount:>1000000' --json
      evidence search 'amount:[500K TO 1M]'
      evidence search 'booking feed dup:all'
    """
    from index.search import QueryError
    from index.search import search as run_search

    data_dir = _data(data)
    _require_index(data_dir)
    limit = limit or settings.get_int("limit")
    try:
        result = run_search(
            data_dir, query, limit=limit, offset=offset, collapse=not no_collapse, expand=expand
        )
    except QueryError as err:
        raise click.ClickException(f"{err}. See: evidence search --help") from err
    if as_json:
        for hit in result.hits:
            _emit(hit.as_json())
        if not result.hits:
            click.echo(_no_hits_message(result), err=True)
        return
    if not result.hits:
        click.echo(_no_hits_message(result))
        return
    click.echo(f"{result.total} hit(s) for {query}")
    if result.hidden:
        click.echo(
            f"({result.hidden} duplicate page(s) folded into these; --no-collapse shows them)"
        )
    for rank, hit in enumerate(result.hits, start=offset + 1):
        click.echo("")
        click.secho(f"{rank}. {hit.title}", bold=True)
        also = (
            f", also on {hit.also_on} page{'' if hit.also_on == 1 else 's'}" if hit.also_on else ""
        )
        click.echo(f"   {hit.path}, page {hit.page}  (score {hit.score:.2f}{also})")
        click.echo("   " + _highlight_terminal(hit.excerpt, hit.highlights).replace("\n", " "))
        for twin in hit.twins or ():
            click.echo(f"   = {twin.path}, page {twin.page}" + (" (exact)" if twin.exact else ""))


def _no_hits_message(result) -> str:
    msg = f"No hits for {result.query}."
    if result.suggestions:
        msg += " Did you mean: " + ", ".join(result.suggestions) + "?"
    return msg


def _highlight_terminal(text: str, marks) -> str:
    out, last = [], 0
    for s, e in marks:
        out.append(text[last:s])
        out.append(click.style(text[s:e], bold=True, fg="yellow"))
        last = e
    out.append(text[last:])
    return "".join(out)


@main.command()
@click.option("--data", help=DATA_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def status(data, as_json):
    """What is in the data folder: documents, pages, OCR'd pages, failures, index size.

    \b
    Example:
      evidence status --json
    """
    from index.status import status as get_status

    info = get_status(_data(data))
    if as_json:
        _emit(info)
        return
    click.echo(f"data folder: {info['data']}")
    for key in ("documents", "pages", "ocr_pages", "entities", "mentions"):
        click.echo(f"{key.replace('_', ' ')}: {info[key]:,}")
    click.echo(
        f"pages in duplicate groups: {info.get('duplicate_pages', 0):,} "
        f"({info.get('duplicate_groups', 0):,} groups)"
    )
    click.echo(f"index size: {info['index_bytes'] / 1048576:.1f} MB")
    if info.get("ocr") and info["ocr"]["pages"]:
        from index.status import ocr_line

        click.echo(ocr_line(info["ocr"]))
    red = info.get("redactions")
    if red and red["documents"]:
        codes = ", ".join(f"{c} x{n}" for c, n in red["exemptions"].items()) or "no codes"
        click.echo(
            f"redactions: {red['redacted_pages']} page(s) in {red['documents']} document(s), "
            f"{red['boxes']} box(es), {red['bad_redactions']} bad; {codes} "
            "(evidence redactions)"
        )
    if info["last_run"]:
        run = info["last_run"]
        if run["finished"]:
            click.echo(
                f"last run: {run['when']}, {run['files']} files, {run['pages']} new pages, "
                f"{run['failures']} failures, {run['seconds']:.1f} s"
            )
        else:
            click.echo(
                f"last run: {run['when']}, interrupted; run the same evidence ingest again to "
                "finish it (nothing already indexed is lost)"
            )
    if info.get("watching"):
        w = info["watching"]
        click.echo(
            f"watching: {', '.join(w['paths'])} since {w['since']}, {w['runs']} run(s) "
            f"(evidence ingest --watch, pid {w['pid']})"
        )
    click.echo(f"failures: {len(info['failures'])}")
    for f in info["failures"]:
        click.echo(f"  {f['path']}: {f['reason']}")
    warnings = info.get("warnings") or []
    if warnings:
        click.echo(f"documents with warnings: {len(warnings)}")
        for w in warnings:
            for text in w["warnings"]:
                click.echo(f"  {w['path']}: {text}")


@main.command()
@click.option("--data", help=DATA_HELP)
@click.option("--port", type=int, help="Port (default 8501).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
def app(data, port, host):
    """Start the web app (Streamlit) on http://127.0.0.1:8501.

    \b
    Example:
      evidence app --data ./evidence-data --port 8502
    """
    import subprocess

    port = port or settings.get_int("port")
    env = {**os.environ, "EVIDENCE_DATA": str(_data(data))}
    app_py = Path(__file__).resolve().with_name("app.py")
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app_py),
        "--server.port",
        str(port),
        "--server.address",
        host,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        # No reloading on file changes (a server for reading, not developing) and no Deploy menu.
        "--server.fileWatcherType",
        "none",
        "--client.toolbarMode",
        "minimal",
    ]
    click.echo(f"evidence app on http://{host}:{port} (data: {env['EVIDENCE_DATA']})")
    raise SystemExit(subprocess.call(cmd, env=env))


# -- mentions, exports, verify, selections, entities ------------------------------------------

ENTITY_KINDS = ("person", "agency", "org")
EXPORT_FORMATS = ("csv", "json", "md", "docx", "html")
ROLES = date_roles()


def _store(data: Path):
    from index.store import Store

    if not (data / Store.FILENAME).exists():
        raise click.ClickException(
            f"no registry in {data}. Ingest some documents first: evidence ingest PATH --data {data}"
        )
    return Store(data, create=False)


def _entity(store, name: str, kind: str | None):
    from index.mentions import EntityNotFound, require_entity

    try:
        return require_entity(store, name, kind)
    except EntityNotFound as err:
        raise click.ClickException(str(err)) from err


def _mark(text: str, start: int, end: int) -> str:
    return _highlight_terminal(text, [(start, end)]).replace("\n", " ")


@main.command()
@click.argument("name", required=False)
@click.option("--kind", type=click.Choice(ENTITY_KINDS), help="Only entities of this kind.")
@click.option(
    "--context",
    "context_chars",
    type=int,
    default=120,
    show_default=True,
    help="Characters either side when the sentence is long.",
)
@click.option(
    "--watchlist",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file of names (one a line, or CSV name,alias1,alias2) to count instead.",
)
@click.option(
    "--one-per-group", is_flag=True, help="Of duplicate pages, list only the first (default all)."
)
@click.option("--data", help=DATA_HELP)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per mention.")
def mentions(name, kind, context_chars, watchlist, one_per_group, data, as_json):
    """Every mention of a person, agency or organisation (any spelling it is known by), with
    file, page, character offsets and the sentence around it. Never a top-N: all of them.

    \b
    Examples:
      evidence mentions "Renata Tolliver"
      evidence mentions ICE --kind agency --json
      evidence mentions --watchlist officials.csv      # a table of name, mentions, documents
      evidence mentions "Renata Tolliver" --one-per-group   # one citation per repeated page
    """
    from index.mentions import list_mentions, read_watchlist, watchlist_counts

    if not name and not watchlist:
        raise click.ClickException(
            'give a NAME or --watchlist FILE, e.g. evidence mentions "Renata Tolliver"'
        )
    with _store(_data(data)) as store:
        if watchlist:
            counts = watchlist_counts(store, read_watchlist(watchlist), kind)
            if as_json:
                for c in counts:
                    rows = [
                        m
                        for eid in c.entity_ids
                        for m in list_mentions(store, eid, context_chars, one_per_group)
                    ]
                    _emit(
                        {
                            "name": c.name,
                            "line": c.line,
                            "entities": c.entities,
                            "mentions": c.mentions,
                            "documents": c.documents,
                            "error": c.error,
                            "warnings": c.warnings,
                            "items": [m.as_json() for m in rows],
                        }
                    )
                return
            width = max([len(c.name) for c in counts] + [4])
            click.echo(f"{'NAME':<{width}}  {'MENTIONS':>8}  {'DOCUMENTS':>9}  ENTITY")
            for c in counts:
                tail = c.entity if not c.error else f"error: {c.error}"
                click.echo(f"{c.name:<{width}}  {c.mentions:>8}  {c.documents:>9}  {tail}")
                for warning in c.warnings:
                    click.echo(f"{'':<{width}}  note: {warning}")
            return
        entity = _entity(store, name, kind)
        rows = list_mentions(store, entity.entity_id, context_chars, one_per_group)
    if as_json:
        for m in rows:
            _emit(m.as_json())
        return
    docs = len({m.doc_id for m in rows})
    pages = len({(m.doc_id, m.page) for m in rows})
    click.secho(
        f"{entity.canonical} ({entity.kind}): {len(rows)} mention(s) on {pages} page(s) "
        f"in {docs} document(s)",
        bold=True,
    )
    last = None
    for m in rows:
        if m.path != last:
            click.echo(f"\n{m.path}  ({m.title})")
            last = m.path
        a, b = m.span_in_context
        click.echo(f"  p.{m.page} chars {m.start}-{m.end} [{m.method}]  {_mark(m.context, a, b)}")


@main.command()
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Dates from this day on.")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Dates up to this day.")
@click.option(
    "--role",
    type=click.Choice(ROLES),
    help="Only dates the text calls this (a letter's dateline, an effective date, ...).",
)
@click.option("--limit", type=int, help="Only the first N (default: all).")
@click.option("--data", help=DATA_HELP)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per date.")
def dates(date_from, date_to, role, limit, data, as_json):
    """Every date written in the documents' text, with file, page, character offsets, the role
    the words before it give (signed, effective, meeting, ...) and the document's own date.

    \b
    Examples:
      evidence dates --from 2015-01-01 --to 2015-12-31
      evidence dates --role effective --json
    """
    from index.timeline import list_dates

    for label, value in (("--from", date_from), ("--to", date_to)):
        if value and not _iso_day(value):
            raise click.ClickException(f"{label} wants a day as YYYY-MM-DD, e.g. 2015-07-20")
    with _store(_data(data)) as store:
        rows = list_dates(store, date_from, date_to, role, limit)
    if as_json:
        for r in rows:
            _emit(r.as_dict())
        return
    click.secho(f"{len(rows)} date(s)", bold=True)
    for r in rows:
        role_note = f" [{r.role}]" if r.role else ""
        click.echo(f"{r.value}{role_note}  {r.path} p.{r.page} chars {r.start}-{r.end}  {r.text!r}")


@main.command()
@click.option("--data", help=DATA_HELP)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per month.")
def timeline(data, as_json):
    """The corpus month by month: documents by their date (an email's Date header, a letter's
    dateline, a contract's effective date, else the file's date) and the dates written on pages.

    \b
    Examples:
      evidence timeline
      evidence timeline --json | jq 'select(.documents > 0)'
    """
    from index.timeline import corpus_timeline

    with _store(_data(data)) as store:
        rows, undated = corpus_timeline(store)
    if as_json:
        for r in rows:
            _emit({"month": r.month, "documents": r.documents, "mentions": r.mentions})
        return
    click.echo(f"{'MONTH':<8}  {'DOCUMENTS':>9}  {'DATES ON PAGES':>14}")
    for r in rows:
        click.echo(f"{r.month:<8}  {r.documents:>9}  {r.mentions:>14}")
    if undated:
        click.echo(f"{undated} document(s) have no date")


def _iso_day(value: str) -> bool:
    import datetime as dt

    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the table as CSV (one row per document and exemption).",
)
@click.option("--data", help=DATA_HELP)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document.")
def redactions(output, data, as_json):
    """Which exemptions each document cites and how often, its redaction boxes, and bad
    redactions (a box with text still under it): the facts of an appeal. Search them with
    redacted:true, exemption:b7C, badredaction:true.

    \b
    Examples:
      evidence redactions
      evidence redactions --json | jq '.exemptions'
      evidence redactions -o exemptions.csv
    """
    from index.redactions import redaction_report, totals, write_csv

    with _store(_data(data)) as store:
        report = redaction_report(store)
    if output:
        write_csv(report, output)
    if as_json:
        for d in report:
            _emit(d.as_dict())
        return
    t = totals(report)
    click.secho(
        f"{t['documents']} document(s) with redactions: {t['redacted_pages']} page(s), "
        f"{t['boxes']} box(es), {t['bad_redactions']} bad redaction(s)",
        bold=True,
    )
    if t["exemptions"]:
        click.echo("exemptions: " + ", ".join(f"{c} x{n}" for c, n in t["exemptions"].items()))
    for d in report:
        codes = ", ".join(f"{c} x{n}" for c, n in sorted(d.exemptions.items())) or "no codes"
        click.echo(f"\n{d.path}  ({len(d.redacted_pages)} of {d.pages} page(s), {d.boxes} box(es))")
        click.echo(f"  {codes}")
        for page, chars in d.bad_boxes:
            click.secho(
                f"  bad redaction: p.{page}, {chars} character(s) still under a box", fg="red"
            )
    if output:
        click.echo(f"\nwrote {output}")


@main.command()
@click.option("--query", "-q", help="Export every hit of this search.")
@click.option("--mentions", "mentions_of", metavar="NAME", help="Export every mention of NAME.")
@click.option("--selection", metavar="NAME", help="Export a selection, in its order, with notes.")
@click.option("--kind", type=click.Choice(ENTITY_KINDS), help="With --mentions: the entity kind.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    help="Output format (default: from the -o suffix).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write.",
)
@click.option("--limit", type=int, help="With --query: only the first N hits (default: all).")
@click.option(
    "--one-per-group",
    is_flag=True,
    help="Of duplicate pages, export only the first (default: every page).",
)
@click.option("--data", help=DATA_HELP)
def export(query, mentions_of, selection, kind, fmt, output, limit, one_per_group, data):
    """Write cited excerpts as an evidence memo (md, docx, html) or data (csv, json). Every
    excerpt is cited by file, page, character span and SHA-256; check the file before you
    publish it with: evidence verify FILE.

    \b
    Examples:
      evidence export --query '"booking data" AND agency:ICE' -o booking.docx
      evidence export --mentions "Renata Tolliver" --format md -o tolliver.md
      evidence export --selection memo -o memo.html
      evidence export --query 'booking feed' --one-per-group -o feed.md
    """
    sources = [s for s in (query, mentions_of, selection) if s]
    if len(sources) != 1:
        raise click.ClickException(
            "give exactly one of --query, --mentions or --selection, e.g. "
            "evidence export --query 'contract' -o hits.csv"
        )
    data_dir = _data(data)
    with _store(data_dir) as store:
        if query:
            _require_index(data_dir)
            asked, excerpts = (
                f"search {query!r}",
                _query_excerpts(data_dir, query, limit, one_per_group),
            )
        elif mentions_of:
            entity = _entity(store, mentions_of, kind)
            from index.export import excerpts_for_mentions

            asked = f"mentions of {entity.canonical} ({entity.kind})"
            excerpts = excerpts_for_mentions(store, entity.entity_id, one_per_group=one_per_group)
        else:
            asked, excerpts = f"selection {selection!r}", _selection_excerpts(store, selection)
        _write_export(store, asked, excerpts, output, fmt)


def _query_excerpts(data_dir: Path, query: str, limit: int | None, one_per_group: bool = False):
    from index.export import excerpts_for_query
    from index.search import QueryError

    try:
        return excerpts_for_query(data_dir, query, limit, one_per_group)
    except QueryError as err:
        raise click.ClickException(f"{err}. See: evidence search --help") from err


def _selection_excerpts(store, name: str):
    from index.export import excerpts_for_selection
    from index.selections import SelectionError

    try:
        return excerpts_for_selection(store, name)
    except SelectionError as err:
        raise click.ClickException(str(err)) from err


def _write_export(store, asked: str, excerpts, output: Path, fmt: str | None) -> None:
    from index.export import ExportError, make_export, write_export

    try:
        path = write_export(make_export(store, asked, excerpts), output, fmt)
    except ExportError as err:
        raise click.ClickException(
            f"{err} (pass --format or name the file e.g. memo.docx)"
        ) from err
    docs = len({e.doc_id for e in excerpts})
    if not excerpts:
        click.echo(f"warning: nothing found for {asked}; wrote an empty export", err=True)
    click.echo(f"wrote {len(excerpts)} excerpt(s) from {docs} document(s) to {path}")
    click.echo(f"check it before publishing: evidence verify {path}")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--data", help=DATA_HELP)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per citation.")
def verify(file, data, as_json):
    """Check every citation of an export (csv, json, md, html, docx): the file is still at its
    path with the same SHA-256 and the quote is on the cited page. One line per citation:
    OK, CHANGED (file or quote differs) or MISSING (file or page gone). Exit status 1 unless
    all are OK.

    \b
    Example:
      evidence verify tolliver.docx --data ./evidence-data
    """
    from index.verify import VerifyError, verify_export

    try:
        checks = verify_export(file, _data(data))
    except VerifyError as err:
        raise click.ClickException(str(err)) from err
    for c in checks:
        if as_json:
            _emit(c.as_json())
        else:
            click.echo(c.line())
    bad = [c for c in checks if not c.ok]
    tally = {s: sum(c.status == s for c in checks) for s in ("OK", "CHANGED", "MISSING")}
    click.echo(
        f"{len(checks)} citation(s): " + ", ".join(f"{n} {s}" for s, n in tally.items()), err=True
    )
    if bad:
        sys.exit(1)


@main.group()
def selection():
    """Named selections of excerpts, kept in order with notes, for a memo.

    \b
    Example:
      evidence selection new memo
      evidence selection add memo --query '"booking data"' --hit 1 --note "weekly sharing"
      evidence selection show memo
      evidence selection export memo -o memo.docx
    """


def _selection_call(data, fn, *args, **kwargs):
    from index.selections import SelectionError

    with _store(_data(data)) as store:
        try:
            return fn(store, *args, **kwargs)
        except SelectionError as err:
            raise click.ClickException(str(err)) from err


@selection.command("new")
@click.argument("name")
@click.option("--data", help=DATA_HELP)
def selection_new(name, data):
    """Create an empty selection.  Example: evidence selection new memo"""
    from index.selections import create_selection

    _selection_call(data, create_selection, name)
    click.echo(f"created selection {name!r}")


@selection.command("list")
@click.option("--data", help=DATA_HELP)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per selection.")
def selection_list(data, as_json):
    """List selections with their item counts.  Example: evidence selection list"""
    from index.selections import list_selections

    for s in _selection_call(data, list_selections):
        if as_json:
            _emit({"name": s.name, "items": s.items, "created": s.created})
        else:
            click.echo(f"{s.name}  ({s.items} item(s))")


@selection.command("show")
@click.argument("name")
@click.option("--data", help=DATA_HELP)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per item.")
def selection_show(name, data, as_json):
    """The items of a selection, numbered as note/move/remove take them.

    Example: evidence selection show memo
    """
    from index.mentions import doc_path
    from index.selections import SelectionError, items

    with _store(_data(data)) as store:
        try:
            rows = items(store, name)
        except SelectionError as err:
            raise click.ClickException(str(err)) from err
        paths = {r.doc_id: doc_path(store, r.doc_id) for r in rows}
    for r in rows:
        if as_json:
            _emit({**r.as_json(), "path": paths[r.doc_id]})
            continue
        click.secho(
            f"{r.position}. {paths[r.doc_id]} p.{r.page} chars {r.start}-{r.end}", bold=True
        )
        click.echo("   " + r.excerpt.replace("\n", " "))
        if r.note:
            click.echo(f"   note: {r.note}")


@selection.command("add")
@click.argument("name")
@click.option("--doc", "doc_id", help="Document id (doc_id in search --json).")
@click.option("--page", type=int, help="Page number.")
@click.option("--start", type=int, help="First character of the excerpt on the page.")
@click.option("--end", type=int, help="Character after the excerpt.")
@click.option("--query", "-q", help="Add a hit of this search instead.")
@click.option(
    "--hit",
    "hit_no",
    type=int,
    default=1,
    show_default=True,
    help="Which hit of --query (1 = the first).",
)
@click.option("--note", default="", help="A note kept with the excerpt.")
@click.option("--data", help=DATA_HELP)
def selection_add(name, doc_id, page, start, end, query, hit_no, note, data):
    """Add an excerpt: a span of a page, or the K-th hit of a search.

    \b
    Examples:
      evidence selection add memo --doc 3f9a0c1e2b7d4a55 --page 2 --start 120 --end 240
      evidence selection add memo --query '"booking data"' --hit 2 --note "see p.2"
    """
    from index.selections import add_item, add_search_hit

    span = (doc_id, page, start, end)
    if query and any(v is not None for v in span):
        raise click.ClickException("give either --query/--hit or --doc/--page/--start/--end")
    if query:
        _require_index(_data(data))
        item = _selection_call(data, add_search_hit, name, query, hit_no, note)
    elif all(v is not None for v in span):
        item = _selection_call(data, add_item, name, doc_id, page, start, end, None, note)
    else:
        raise click.ClickException(
            "give --doc, --page, --start and --end, or --query and --hit, e.g. "
            f"evidence selection add {name} --query 'contract' --hit 1"
        )
    click.echo(f"added item {item.position} to {name!r}: {item.excerpt[:80]!r}")


@selection.command("note")
@click.argument("name")
@click.argument("item", type=int)
@click.argument("text")
@click.option("--data", help=DATA_HELP)
def selection_note(name, item, text, data):
    """Set the note of item ITEM.  Example: evidence selection note memo 2 "signed by her" """
    from index.selections import set_note

    _selection_call(data, set_note, name, item, text)
    click.echo(f"note set on item {item} of {name!r}")


@selection.command("move")
@click.argument("name")
@click.argument("item", type=int)
@click.argument("to", type=int)
@click.option("--data", help=DATA_HELP)
def selection_move(name, item, to, data):
    """Move item ITEM to position TO.  Example: evidence selection move memo 3 1"""
    from index.selections import move_item

    _selection_call(data, move_item, name, item, to)
    click.echo(f"moved item {item} of {name!r} to position {to}")


@selection.command("remove")
@click.argument("name")
@click.argument("item", type=int)
@click.option("--data", help=DATA_HELP)
def selection_remove(name, item, data):
    """Remove item ITEM.  Example: evidence selection remove memo 2"""
    from index.selections import remove_item

    _selection_call(data, remove_item, name, item)
    click.echo(f"removed item {item} from {name!r}")


@selection.command("delete")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--data", help=DATA_HELP)
def selection_delete(name, yes, data):
    """Delete a selection with its items and notes.  Example: evidence selection delete memo --yes"""
    from index.selections import delete_selection

    if not yes:
        click.confirm(f"delete selection {name!r} and its notes?", abort=True)
    _selection_call(data, delete_selection, name)
    click.echo(f"deleted selection {name!r}")


@selection.command("export")
@click.argument("name")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    help="Output format (default: from the -o suffix).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write.",
)
@click.option("--data", help=DATA_HELP)
def selection_export(name, fmt, output, data):
    """Export a selection in its order, with notes.  Example: evidence selection export memo -o memo.md"""
    with _store(_data(data)) as store:
        _write_export(store, f"selection {name!r}", _selection_excerpts(store, name), output, fmt)


@main.command()
@click.option("--kind", type=click.Choice([*ENTITY_KINDS, "money"]), help="Only this kind.")
@click.option("--data", help=DATA_HELP)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per entity or amount.")
def entities(kind, data, as_json):
    """People, agencies and organisations with their aliases and how often they are named;
    with --kind money, every amount with its spellings and pages.

    \b
    Examples:
      evidence entities --kind person
      evidence entities --kind money --json
    """
    from dataclasses import asdict

    from index.mentions import entity_summaries, money_summaries

    with _store(_data(data)) as store:
        people = entity_summaries(store, kind) if kind != "money" else []
        money = money_summaries(store) if kind in (None, "money") else []
    for e in people:
        if as_json:
            _emit(asdict(e))
            continue
        click.echo(
            f"{e.kind:<6}  {e.canonical}  ({e.mentions} mention(s), {e.documents} "
            f"document(s))" + (f"  aka: {'; '.join(e.aliases)}" if e.aliases else "")
        )
    for m in money:
        if as_json:
            _emit(asdict(m))
            continue
        click.echo(
            f"money   {m.display}  ({m.mentions} mention(s))  written: "
            f"{'; '.join(m.surfaces)}  on: {'; '.join(m.pages)}"
        )


@main.group()
def entity():
    """Correct how names were merged into entities. Corrections are kept and re-applied
    after every ingest.

    \b
    Examples:
      evidence entity merge "Renata J. Tolliver" "R. Tolliver"
      evidence entity split "Renata J. Tolliver" "Tolliver"
    """


def _correct(data, fn, *args) -> None:
    from index.corrections import CorrectionError
    from index.mentions import EntityNotFound

    with _store(_data(data)) as store:
        try:
            result = fn(store, *args)
        except (CorrectionError, EntityNotFound) as err:
            raise click.ClickException(str(err)) from err
    click.echo(f"{result.message} ({result.changed_pages} page(s) re-indexed)")
    if not result.applied:
        sys.exit(1)


@entity.command("merge")
@click.argument("a")
@click.argument("b")
@click.option("--kind", type=click.Choice(ENTITY_KINDS), help="When a name fits several kinds.")
@click.option("--data", help=DATA_HELP)
def entity_merge(a, b, kind, data):
    """Make B the same entity as A (A's name is kept).

    Example: evidence entity merge "Renata J. Tolliver" "R. Tolliver"
    """
    from index.corrections import merge_entities

    _correct(data, merge_entities, a, b, kind)


@entity.command("split")
@click.argument("name")
@click.argument("alias")
@click.option("--kind", type=click.Choice(ENTITY_KINDS), help="When a name fits several kinds.")
@click.option("--data", help=DATA_HELP)
def entity_split(name, alias, kind, data):
    """Make the spelling ALIAS of NAME an entity of its own.

    Example: evidence entity split "Renata J. Tolliver" "T. Tolliver"
    """
    from index.corrections import split_alias

    _correct(data, split_alias, name, alias, kind)


if __name__ == "__main__":
    main()
