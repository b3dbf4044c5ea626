"""One file read with the cores a run has to spare (ingest.workers.map_forked): a scanned PDF's
pages are OCR'd and its English pages tagged in parts by forked copies of the reader, with the
same result as in one part."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest import timing
from ingest.entities import tagger
from ingest.extractors import ExtractOptions
from ingest.pipeline import process_file
from ingest.workers import map_forked
from tests.conftest import CORPUS, realdoc

OPTS = ExtractOptions(ocr="never")


def _mentions(result) -> list[list[tuple]]:
    return [[(m.kind, m.start, m.end, m.text, m.norm, m.method) for m in p] for p in result]


def _square_unless_copy(parent: int, n: int) -> int:
    if os.getpid() != parent:
        raise RuntimeError("a copy that fails")
    return n * n


def test_map_forked_gives_each_chunks_result_in_order():
    assert map_forked(lambda n: (n, os.getpid()), [1, 2, 3])[0] == (1, os.getpid())
    assert [r[0] for r in map_forked(lambda n: (n, os.getpid()), [1, 2, 3])] == [1, 2, 3]
    pids = {r[1] for r in map_forked(lambda n: (n, os.getpid()), [1, 2, 3])}
    assert len(pids) == 3  # the later chunks ran in copies


def test_regression_a_failing_copy_leaves_its_chunk_to_the_reader():
    parent = os.getpid()
    assert map_forked(lambda n: _square_unless_copy(parent, n), [2, 3, 4]) == [4, 9, 16]


def _fail_in_reader(parent: int, n: int) -> bytes:
    if os.getpid() == parent:
        raise RuntimeError("the reader's own part fails")
    return b"x" * 1_000_000  # more than a pipe holds: the copy waits to hand it over


def test_regression_a_reader_whose_own_part_fails_leaves_no_copy_behind():
    import psutil

    parent = os.getpid()
    with pytest.raises(RuntimeError):
        map_forked(lambda n: _fail_in_reader(parent, n), [1, 2])
    assert psutil.Process().children() == []


def test_counters_of_the_copies_are_added_but_not_their_wall_time():
    def work(n: int) -> int:
        with timing.timed("forked_test"):
            timing.count("forked_test_items", n)
        return n

    before = timing.snapshot()
    map_forked(work, [1, 2, 3])
    spent = timing.since(before)
    assert spent["forked_test_items"] == 6
    assert spent["forked_test"] < 1.0


def test_parts_are_consecutive_pages_of_about_equal_length():
    clean = ["x" * 5000] * 6
    assert tagger._parts(list(range(6)), clean, 2) == [[0, 1, 2], [3, 4, 5]]
    assert tagger._parts(list(range(6)), clean, 1) == [list(range(6))]
    # A short document is read in one part: a copy would cost more than it saves.
    assert tagger._parts([0, 1], ["short page"] * 2, 2) == [[0, 1]]


def _demo_pages() -> list[str]:
    pages = []
    for path in sorted(CORPUS.glob("*.pdf")):
        result = process_file(path, OPTS, tag=False)
        if result.extracted is not None:  # the scan has no text without OCR
            pages.extend(p.text for p in result.extracted.pages)
    return pages


def test_regression_tagging_in_parts_finds_what_one_part_finds(monkeypatch):
    pages = _demo_pages()
    assert sum(map(len, pages)) >= tagger.MIN_SPLIT_CHARS
    whole = tagger.tag_pages(pages, cores=1)
    forks = []
    real_fork = os.fork

    def counting_fork():
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", counting_fork)
    in_parts = tagger.tag_pages(pages, cores=2)
    assert forks, "the pages were not split"
    assert _mentions(in_parts) == _mentions(whole)


@pytest.mark.parametrize(
    "relpath",
    [
        "pdfplumber-tests/federal-register-2020-17221.pdf",
        "city-bureau-city-scrapers/SSA21_MeetingMinutes_1.29.18.pdf",
    ],
)
def test_a_real_release_read_with_two_cores_has_the_same_mentions(relpath):
    path: Path = realdoc(relpath)
    one = process_file(path, OPTS)
    two = process_file(path, ExtractOptions(ocr="never", cores=2))
    assert one.error is None and two.error is None
    assert _mentions(two.mentions) == _mentions(one.mentions)
    assert two.langs == one.langs


@pytest.mark.slow
def test_a_scanned_release_ocrd_in_parts_reads_the_same_pages():
    import pypdfium2 as pdfium

    from ingest import ocr
    from ingest.extractors.pdf import PdfExtractor, _parts

    if not ocr.available():
        pytest.skip("tesseract is not installed")
    path = realdoc("freelawproject-doctor/image-pdf.pdf")  # two scanned pages
    pdf = pdfium.PdfDocument(str(path))
    try:
        assert len(_parts(pdf, ExtractOptions(cores=2))) == 2
    finally:
        pdf.close()
    one = PdfExtractor().extract(path, ExtractOptions(cores=1))
    two = PdfExtractor().extract(path, ExtractOptions(cores=2))
    assert [vars(p) for p in two.pages] == [vars(p) for p in one.pages]
    assert [p.number for p in two.pages] == list(range(1, len(one.pages) + 1))
    assert any(p.ocr for p in two.pages)


def _import_in_copy(parent: int, name: str) -> int:
    import importlib
    import signal

    if os.getpid() != parent:
        signal.alarm(20)  # a copy stuck on a lock it inherited dies, and the reader reads its part
    importlib.import_module(name)
    return os.getpid()


def test_regression_a_copy_is_not_forked_while_the_warm_up_imports(tmp_path, monkeypatch):
    """A reader's warm-up imports the model's libraries in a thread while the first file is
    read. A copy forked meanwhile inherited the lock of the module being imported, held by a
    thread it does not have, and waited for it forever: a 10-page scan timed out in CI."""
    import sys
    import threading

    from ingest.workers import start_background

    name = f"slow_import_{os.getpid()}"
    (tmp_path / f"{name}.py").write_text("import time\ntime.sleep(1.0)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, name, raising=False)
    started = threading.Event()

    def warm_up() -> None:
        started.set()
        __import__(name)

    start_background(warm_up, "test-warm-up")
    started.wait()
    parent = os.getpid()
    pids = map_forked(lambda _: _import_in_copy(parent, name), [0, 1])
    assert pids[0] == parent
    assert pids[1] != parent  # the copy imported the module: it was not left waiting


def _hang_in_copy(parent: int, n: int) -> int:
    import time

    if os.getpid() != parent:
        time.sleep(600)
    return n * n


def test_regression_a_stuck_copy_is_stopped_and_its_part_read_by_the_reader(monkeypatch):
    """A copy that waits on something it inherited must cost a slower file, not a file that
    times out after its reader's whole wall-time limit."""
    import time

    import psutil

    from ingest import workers

    monkeypatch.setattr(workers, "COPY_GRACE_SECONDS", 1.0)
    parent = os.getpid()
    began = time.monotonic()
    assert map_forked(lambda n: _hang_in_copy(parent, n), [2, 3, 4]) == [4, 9, 16]
    assert time.monotonic() - began < 10
    assert psutil.Process().children() == []
