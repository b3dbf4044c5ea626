"""Large Whoosh batches are written by several processes, one segment each: the index must
hold exactly what one writer would have written."""

from __future__ import annotations

import random

import pytest
from whoosh import query as wq

from index import engine
from index.engine import PageDoc
from ingest import workers

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"]


def _pages(n: int, seed: int = 3) -> list[PageDoc]:
    rng = random.Random(seed)
    return [
        PageDoc(
            f"d{i // 5}",
            i % 5 + 1,
            f"f{i // 5}.pdf",
            "Title",
            " ".join(rng.choice(WORDS) for _ in range(40)),
            "pdf",
            person=[rng.choice(["renata tolliver", "dale okafor"])],
            amount=[float(rng.randint(1, 10_000))],
        )
        for i in range(n)
    ]


def _contents(data_dir) -> dict:
    ix = engine.open_index(data_dir, create=False)
    with ix.searcher() as s:
        every = [h["pid"] for h in s.search(wq.Every(), limit=None)]
        return {
            "pids": sorted(every),
            "gamma": sorted(h["pid"] for h in s.search(wq.Term("text", "gamma"), limit=None)),
            "phrase": sorted(
                h["pid"] for h in s.search(wq.Phrase("text", ["alpha", "beta"]), limit=None)
            ),
            "person": sorted(
                h["pid"] for h in s.search(wq.Term("person", "dale okafor"), limit=None)
            ),
            "amount": sorted(
                h["pid"] for h in s.search(wq.NumericRange("amount", 100, 5000), limit=None)
            ),
        }


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(engine, "PARALLEL_MIN_PAGES", 10)


@pytest.mark.parametrize("procs", [2, 3])
def test_parallel_write_equals_one_writer(tmp_path, small_batches, procs):
    pages = _pages(40)
    engine.write_pages(tmp_path / "one", pages)
    engine.write_pages(tmp_path / "many", pages, procs=procs)
    assert _contents(tmp_path / "many") == _contents(tmp_path / "one")


def test_parallel_rewrite_replaces_pages_and_drops_documents(tmp_path, small_batches):
    first, second = _pages(40, seed=1), _pages(30, seed=2)  # same ids, new text
    for data, procs in ((tmp_path / "one", 1), (tmp_path / "many", 2)):
        engine.write_pages(data, first, procs=procs)
        engine.write_pages(data, second, delete_docs=["d7"], procs=procs)
    many = _contents(tmp_path / "many")
    assert many == _contents(tmp_path / "one")
    assert len(many["pids"]) == len(set(many["pids"])) == 35  # 40 - d7's 5, none twice


def test_regression_pages_of_a_failed_writer_process_are_not_lost(
    tmp_path, small_batches, monkeypatch
):
    real = workers.run_tasks

    def one_fails(func, tasks, *args, **kwargs):
        tasks = list(tasks)
        yield from real(func, tasks[1:], *args, **kwargs)
        yield workers.TaskOutcome(tasks[0][0], error="the reader crashed")

    monkeypatch.setattr(workers, "run_tasks", one_fails)
    pages = _pages(40)
    engine.write_pages(tmp_path / "many", pages, procs=2)
    engine.write_pages(tmp_path / "one", pages)
    assert _contents(tmp_path / "many") == _contents(tmp_path / "one")


def test_small_batches_stay_in_process(tmp_path, monkeypatch):
    def no_processes(*args, **kwargs):
        raise AssertionError("a small batch started writer processes")

    monkeypatch.setattr(workers, "run_tasks", no_processes)
    engine.write_pages(tmp_path, _pages(12), procs=4)
    assert len(_contents(tmp_path)["pids"]) == 12


def test_regression_index_writers_started_during_a_run_are_gone_after_it(tmp_path):
    """A run with fewer files than workers starts the index writers beside its reader; they
    must not outlive the run, used or not."""
    import psutil

    from tests.conftest import ingest_paths

    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "memo.txt").write_text("Memo from Renata Tolliver to the Marlow County Sheriff.\n")
    report = ingest_paths([folder], tmp_path / "data", workers=2)
    assert report.new == 1
    alive = [p for p in psutil.Process().children(recursive=True) if p.is_running()]
    assert not [p for p in alive if p.status() != psutil.STATUS_ZOMBIE]
