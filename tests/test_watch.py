"""`evidence ingest --watch`: runs again when files under the folders change, with its readers
kept loaded between runs; a reader pool reuses live readers and drops dead ones."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import ingest.workers as workers
from evidence_cli import main as cli
from index.search import search
from index.status import status
from index.watch import watch
from ingest.workers import ReaderPool, run_tasks
from tests.conftest import CORPUS


def pid_of_reader(_):
    return os.getpid()


class Watcher:
    """``watch`` in a thread, its reports collected; stopped at the end of the test."""

    def __init__(self, paths, data_dir: Path, settle: float = 0.2, prune: bool = False):
        from index.build import IngestOptions

        self.reports = []
        self.started: list[float] = []  # when each run began
        self.ran = threading.Condition()
        self.stop = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(
            target=self._run, args=(paths, data_dir, IngestOptions(workers=1, prune=prune), settle)
        )
        self.thread.start()

    def _run(self, paths, data_dir, options, settle):
        try:
            watch(paths, data_dir, options, on_run=self._on_run, settle=settle, stop=self.stop)
        except BaseException as err:  # shown by the test that waits
            self.error = err
            with self.ran:
                self.ran.notify_all()

    def _on_run(self, report):
        with self.ran:
            self.reports.append(report)
            self.started.append(time.monotonic() - report.seconds)
            self.ran.notify_all()

    def wait_for_run(self, n: int, timeout: float = 120.0):
        with self.ran:
            ok = self.ran.wait_for(lambda: len(self.reports) >= n or self.error, timeout)
        if self.error is not None:
            raise self.error
        assert ok, f"no run {n} within {timeout} s ({len(self.reports)} runs)"
        return self.reports[n - 1]

    def close(self):
        self.stop.set()
        self.thread.join(30)
        assert not self.thread.is_alive()


@pytest.fixture
def watched(tmp_path):
    folder = tmp_path / "release"
    folder.mkdir()
    shutil.copy(CORPUS / "foia-response-2026-0412.pdf", folder)
    watchers = []

    def start(data_dir: Path, **kwargs) -> Watcher:
        w = Watcher([folder], data_dir, **kwargs)
        watchers.append(w)
        return w

    yield folder, start
    for w in watchers:
        w.close()


def test_reader_pool_keeps_readers_between_runs():
    with ReaderPool() as pool:
        first = {
            o.result
            for o in run_tasks(pid_of_reader, [(i, (i,)) for i in range(4)], 2, 60, 0, pool=pool)
        }
        assert len(pool) == 2
        second = {o.result for o in run_tasks(pid_of_reader, [(0, (0,))], 2, 60, 0, pool=pool)}
        assert second <= first  # one task, one of the same two readers
        assert len(pool) == 2
    assert len(pool) == 0


def other_task(_):
    return os.getpid()


def test_reader_pool_keeps_readers_of_another_task_for_their_next_run():
    with ReaderPool() as pool:
        (reader,) = {o.result for o in run_tasks(pid_of_reader, [(0, (0,))], 1, 60, 0, pool=pool)}
        (writer,) = {o.result for o in run_tasks(other_task, [(0, (0,))], 1, 60, 0, pool=pool)}
        assert writer != reader and len(pool) == 2
        (again,) = {o.result for o in run_tasks(pid_of_reader, [(0, (0,))], 1, 60, 0, pool=pool)}
        assert again == reader


def test_reader_pool_drops_a_reader_that_died_while_idle():
    with ReaderPool() as pool:
        (dead,) = {o.result for o in run_tasks(pid_of_reader, [(0, (0,))], 1, 60, 0, pool=pool)}
        os.kill(dead, signal.SIGKILL)
        time.sleep(0.5)
        (outcome,) = run_tasks(pid_of_reader, [(0, (0,))], 1, 60, 0, pool=pool)
        assert outcome.error is None and outcome.result != dead


@pytest.mark.slow
def test_watch_reads_a_file_added_later_without_starting_readers_again(
    watched, data_dir, monkeypatch
):
    folder, start = watched
    started = []
    real = workers.Reader

    class Counted(real):
        def __init__(self, *args, **kwargs):
            started.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(workers, "Reader", Counted)
    w = start(data_dir)
    first = w.wait_for_run(1)
    assert first.new == 1
    # After the first run the pool holds one loaded reader for the next file.
    readers_before = len(started)
    shutil.copy(CORPUS / "board-minutes-2026-03-12.pdf", folder / "minutes.pdf")
    second = w.wait_for_run(2)
    assert (second.new, second.skipped) == (1, 1)
    assert len(started) == readers_before  # the loaded reader read it
    hits = search(data_dir, "minutes").hits
    assert any(h.path == "minutes.pdf" for h in hits)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="closes are reported on Linux")
def test_watch_waits_for_a_file_still_being_written_and_no_longer_once_it_is_closed(
    watched, data_dir
):
    folder, start = watched
    w = start(data_dir, settle=3.0)
    w.wait_for_run(1)
    data = (CORPUS / "board-minutes-2026-03-12.pdf").read_bytes()
    with open(folder / "minutes.pdf", "wb") as fh:
        fh.write(data[: len(data) // 2])
        fh.flush()
        time.sleep(1.5)
        assert len(w.reports) == 1  # half a file, still open: not read
        fh.write(data[len(data) // 2 :])
    closed = time.monotonic()
    second = w.wait_for_run(2)
    assert second.new == 1 and not second.failures
    assert w.started[1] - closed < 1.0  # not the 3 s settle: the file was closed


@pytest.mark.slow
def test_watch_ignores_its_own_reads_and_a_data_folder_inside_the_watched_one(watched):
    folder, start = watched
    w = start(folder / "evidence-data")
    assert w.wait_for_run(1).new == 1
    # Reading the file and writing the data folder are not changes: no second run.
    time.sleep(3)
    assert len(w.reports) == 1


@pytest.mark.slow
def test_watch_with_prune_forgets_a_removed_file_and_status_shows_the_watcher(watched, data_dir):
    folder, start = watched
    w = start(data_dir, prune=True)
    w.wait_for_run(1)
    shown = status(data_dir)["watching"]
    assert shown["paths"] == [str(folder.resolve())] and shown["runs"] == 1
    printed = CliRunner().invoke(cli, ["status", "--data", str(data_dir)]).output
    assert f"watching: {folder.resolve()}" in printed
    (folder / "foia-response-2026-0412.pdf").unlink()
    w.wait_for_run(2)
    assert status(data_dir)["documents"] == 0
    w.close()
    assert status(data_dir)["watching"] is None


def test_watch_of_a_missing_folder_names_it(tmp_path, data_dir):
    with pytest.raises(FileNotFoundError, match="gone"):
        watch([tmp_path / "gone"], data_dir)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--watch", "--strict"], "cannot be used with --watch"),
        (["--settle", "2"], "add --watch"),
        (["--watch", "--settle", "-1"], "0 or more seconds"),
    ],
)
def test_watch_options_that_do_not_fit_say_why(tmp_path, args, message):
    result = CliRunner().invoke(
        cli, ["ingest", str(tmp_path), "--data", str(tmp_path / "d"), *args]
    )
    assert result.exit_code != 0
    assert message in result.output
