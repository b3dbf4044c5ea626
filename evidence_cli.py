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
@click.option("--ocr-lang", help="Tesseract languages, e.g. eng+spa (default eng).")
@click.option("--password", help="Password to try on encrypted files.")
@click.option("--prune", is_flag=True, help="Forget files under PATHS that are gone.")
@click.option("--strict", is_flag=True, help="Exit with status 1 if any file failed.")
@click.option("--timeout", type=float, help="Seconds one file may take (default 300).")
@click.option("--scheduler", help="Dask scheduler address to run extraction on a cluster.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
def ingest(paths, data, workers, ocr, ocr_lang, password, prune, strict, timeout, scheduler,
           quiet, as_json):
    """Read documents under PATHS into the index (folders are walked).

    Unchanged files are skipped on a re-run; a changed file replaces its old pages; files that
    cannot be read are listed with the reason and the run goes on.

    \b
    Example:
      evidence ingest corpus/ ~/foia/release-2026-04 --data ./evidence-data
    """
    from tqdm import tqdm

    from index.build import ingest as run_ingest
    from index.build import options_from_settings

    data_dir = _data(data)
    options = options_from_settings(
        workers=workers, ocr=ocr, ocr_lang=ocr_lang, password=password, prune=prune,
        timeout=timeout, scheduler=scheduler,
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
        bar.set_postfix(pages=progress.pages_done, pages_s=f"{progress.pages_done / elapsed:.1f}",
                        failed=progress.failures, refresh=False)
        bar.update(1)
        if error:
            bar.write(f"failed: {relpath}: {error}", file=sys.stderr)

    try:
        report = run_ingest(list(paths), data_dir, options, on_file=on_file)
    except FileNotFoundError as err:
        raise click.ClickException(f"no such file or folder: {err}") from err
    if bar is not None:
        bar.close()
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
    if strict and report.failures:
        sys.exit(1)


@main.command()
@click.argument("query")
@click.option("--data", help=DATA_HELP)
@click.option("--limit", "-n", type=int, default=None, help="Number of hits (default 10).")
@click.option("--offset", type=int, default=0, help="Skip this many hits (paging).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit.")
def search(query, data, limit, offset, as_json):
    """Search the index. Whoosh syntax: AND OR NOT, "phrases", "a b"~5, wild*, fuzzy~,
    field:value (title, path, type, person, agency, org, amount, sender, subject).

    \b
    Examples:
      evidence search '"booking data" AND agency:ICE'
      evidence search 'person:"Renata Tolliver" amount:>1000000' --json
      evidence search 'amount:[500K TO 1M]'
    """
    from index.search import QueryError
    from index.search import search as run_search

    data_dir = _data(data)
    _require_index(data_dir)
    limit = limit or settings.get_int("limit")
    try:
        result = run_search(data_dir, query, limit=limit, offset=offset)
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
    for rank, hit in enumerate(result.hits, start=offset + 1):
        click.echo("")
        click.secho(f"{rank}. {hit.title}", bold=True)
        click.echo(f"   {hit.path}, page {hit.page}  (score {hit.score:.2f})")
        click.echo("   " + _highlight_terminal(hit.excerpt, hit.highlights).replace("\n", " "))


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
    click.echo(f"index size: {info['index_bytes'] / 1048576:.1f} MB")
    if info["last_run"]:
        run = info["last_run"]
        click.echo(
            f"last run: {run['when']}, {run['files']} files, {run['pages']} new pages, "
            f"{run['failures']} failures, {run['seconds']:.1f} s"
        )
    click.echo(f"failures: {len(info['failures'])}")
    for f in info["failures"]:
        click.echo(f"  {f['path']}: {f['reason']}")


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
        sys.executable, "-m", "streamlit", "run", str(app_py),
        "--server.port", str(port), "--server.address", host,
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]
    click.echo(f"evidence app on http://{host}:{port} (data: {env['EVIDENCE_DATA']})")
    raise SystemExit(subprocess.call(cmd, env=env))


if __name__ == "__main__":
    main()
