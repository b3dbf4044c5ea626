"""--scheduler: the same per-file tasks on a Dask cluster (a LocalCluster here), with the same
time and memory limits per file, the one index writer staying in the ingest process."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from evidence_cli import main as cli
from index.build import IngestOptions, ingest
from index.distributed import run_on_cluster
from index.search import search
from index.status import status
from ingest.extractors import ExtractOptions
from tests.conftest import ingest_paths
from tests.test_robust import _pdf, assert_index_consistent, make_small_corpus

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def thread_cluster():
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=":0"
    ) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def process_cluster():
    """Dask worker processes are daemonic: readers must start without multiprocessing."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        yield cluster


def _mixed_corpus(folder):
    expected = make_small_corpus(folder, n_text=4, n_pdf=1, tag="dask")
    _pdf(folder / "locked.pdf", ["Sealed ref qxdasklocked"], encrypt="opensesame")
    (folder / "empty.txt").write_text("")
    return expected


def test_cluster_ingest_matches_a_local_ingest(tmp_path, thread_cluster):
    folder = tmp_path / "in"
    expected = _mixed_corpus(folder)
    options = IngestOptions(scheduler=thread_cluster.scheduler_address, timeout=120)
    report = ingest([folder], tmp_path / "cluster", options)
    local = ingest_paths([folder], tmp_path / "local")

    assert (report.new, len(report.failures)) == (local.new, len(local.failures)) == (5, 2)
    assert dict(report.failures) == dict(local.failures)
    assert dict(report.failures)["locked.pdf"].startswith("encrypted: needs a password")
    assert_index_consistent(tmp_path / "cluster", expected, failures=2, named=True)
    for token in expected:
        cluster_hit = search(tmp_path / "cluster", token).hits[0]
        local_hit = search(tmp_path / "local", token).hits[0]
        assert (cluster_hit.doc_id, cluster_hit.page) == (local_hit.doc_id, local_hit.page)


def test_cluster_tasks_keep_the_time_and_memory_limits(tmp_path, thread_cluster):
    ok, slow, huge = tmp_path / "ok.pdf", tmp_path / "slow.pdf", tmp_path / "huge.pdf"
    _pdf(ok, ["A readable page ref qxdaskok"])
    _pdf(slow, [f"Page {i} that must be OCR'd" for i in range(40)])
    _pdf(huge, [""], size=(14_400, 14_400))  # OCR would render 3.6 gigapixels
    ocr = ExtractOptions(ocr="always")
    tasks = [
        ("ok", (ok, ExtractOptions(), False)),
        ("slow", (slow, ocr, False)),
        ("huge", (huge, ExtractOptions(), False)),
    ]
    # One CPU-second is far less than forty OCR'd pages need, and far more than a text page.
    outcomes = {
        key: (result, error)
        for key, result, error in run_on_cluster(
            thread_cluster.scheduler_address, tasks, timeout=1.0, memory_mb=768
        )
    }
    result, error = outcomes["ok"]
    assert error is None and result.error is None and "qxdaskok" in result.extracted.pages[0].text
    assert outcomes["slow"][1].startswith("timed out")
    huge_result, huge_error = outcomes["huge"]
    reason = huge_error or huge_result.error
    assert reason.startswith("too large"), reason


def test_cli_scheduler_on_a_process_cluster(tmp_path, process_cluster):
    folder, data = tmp_path / "in", tmp_path / "data"
    expected = _mixed_corpus(folder)
    result = CliRunner().invoke(
        cli,
        ["ingest", str(folder), "--data", str(data), "--json"]
        + ["--scheduler", process_cluster.scheduler_address],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert summary["new"] == 5 and len(summary["failures"]) == 2
    assert_index_consistent(data, expected, failures=2, named=True)
    assert {f["path"] for f in status(data)["failures"]} == {"locked.pdf", "empty.txt"}


def test_unreachable_scheduler_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr("index.distributed.CONNECT_TIMEOUT", "2s")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Some record")
    result = CliRunner().invoke(
        cli,
        ["ingest", str(folder), "--data", str(tmp_path / "data"), "-q"]
        + ["--scheduler", "tcp://127.0.0.1:9"],
    )
    assert result.exit_code != 0
    assert "Dask scheduler" in str(result.exception) or "Dask scheduler" in result.output
