"""Reader processes where each file gets a time limit and each process a memory limit.

``concurrent.futures`` cannot stop one task that hangs, and a decompression bomb must not take
the whole run down; so each reader is a process we can kill and replace, and a file that kills
its reader becomes a recorded failure while the run goes on.

Readers are plain subprocesses talking over two pipes rather than ``multiprocessing`` children:
Dask runs its workers as daemonic processes, which ``multiprocessing`` forbids to have children,
and the cluster path (:mod:`index.distributed`) needs the same sandbox as a local run.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

import psutil

# Numeric libraries start a thread per core, each reserving address space that counts against
# RLIMIT_AS; one reader per core already uses the cores, so one thread each is enough.
THREAD_ENV = {
    "OMP_THREAD_LIMIT": "1",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}
# The time limit counts the CPU seconds a reader and its helpers (tesseract, soffice) spend, so
# an overloaded machine does not fail files that are merely waiting for a core; a reader that
# waits on nothing at all is still stopped after this many times the limit of wall time.
WALL_FACTOR = 3
POLL_SECONDS = 0.5
# Starting a reader (Python, the readers' libraries) is not the file's time: its clock starts
# when the reader says it is ready, and a reader that never gets ready is stopped after this.
STARTUP_SECONDS = 120
_READY = ("ready",)
_PR_SET_PDEATHSIG = 1


@dataclass
class TaskOutcome:
    key: Any
    result: Any = None
    error: str | None = None  # set when the reader died, ran out of time or could not start


def target_name(func: Callable) -> str:
    """``module:qualname`` of a function a fresh interpreter can import."""
    module, qualname = func.__module__, func.__qualname__
    if module == "__main__" or "<" in qualname:
        raise ValueError(f"{func!r} must be a module-level function to run in a reader process")
    return f"{module}:{qualname}"


def _resolve(name: str) -> Callable:
    module, _, qualname = name.partition(":")
    obj: Any = importlib.import_module(module)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


# -- the reader process ----------------------------------------------------------------------


def _limit_memory(megabytes: int) -> None:
    try:
        import resource

        # A reader that crashes must not write a core file the size of its memory limit.
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if megabytes > 0:
            limit = megabytes * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass  # not on this platform; the time limit still applies


def _die_with_parent(parent_pid: int) -> None:
    """Ask Linux to kill this reader when the ingest process dies, even by kill -9, so that an
    interrupted run leaves no reader working on for nobody."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(1)


def _start_error(err: BaseException, memory_mb: int) -> str:
    if isinstance(err, MemoryError):
        return (
            f"the reader could not start within its memory limit of {memory_mb} MB "
            "(raise EVIDENCE_FILE_MEMORY_MB)"
        )
    return f"the reader could not start ({type(err).__name__}: {str(err)[:200]})"


def child_main(argv: list[str]) -> None:
    """Entry point of a reader: ``inbox_fd outbox_fd module:function memory_mb parent_pid
    [module:warm_up]``."""
    inbox_fd, outbox_fd, target, memory_mb, parent_pid = argv[:5]
    warm_target = argv[5] if len(argv) > 5 else None
    _die_with_parent(int(parent_pid))
    _limit_memory(int(memory_mb))
    inbox = Connection(int(inbox_fd), writable=False)
    outbox = Connection(int(outbox_fd), readable=False)
    func: Callable | None = None
    start_error = None
    try:
        func = _resolve(target)
    except BaseException as err:  # reported with every task, so the run shows why
        start_error = _start_error(err, int(memory_mb))
    if func is not None and warm_target:
        _warm_up(warm_target)
    outbox.send(_READY)
    while True:
        try:
            item = inbox.recv()
        except (EOFError, OSError):
            return
        if item is None:
            # Tearing down an interpreter holding a language model took 0.2 s, which the
            # parent waited for at the end of every run; nothing of ours is left to flush.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)
        key, args = item
        if func is None:
            outbox.send((key, None, start_error))
            continue
        try:
            reply = (key, func(*args), None)
        except MemoryError:
            reply = (key, None, "too large: ran out of memory while reading it")
        except Exception as err:  # the task's own bug or a hostile file
            reply = (key, None, f"{type(err).__name__}: {str(err)[:300]}")
        try:
            outbox.send(reply)
        except MemoryError:
            outbox.send((key, None, "too large: ran out of memory while handing the text over"))


def _warm_up(target: str) -> None:
    """Call the warm-up (which starts loading what every task needs, in a thread of its own,
    so that the first task's own work runs meanwhile); a warm-up that fails is left to the
    task to hit."""
    with contextlib.suppress(Exception):
        _resolve(target)()


# Threads started to load what a process needs while it works (a reader's warm-up). A fork
# copies the locks they hold but not the threads, so nothing is forked while one runs.
_BACKGROUND: list[threading.Thread] = []


def start_background(target: Callable[[], None], name: str) -> None:
    """Run ``target`` in a daemon thread that :func:`map_forked` waits for before it forks."""
    thread = threading.Thread(target=target, name=name, daemon=True)
    _BACKGROUND.append(thread)
    thread.start()


def _background_done() -> None:
    while _BACKGROUND:
        _BACKGROUND.pop().join()


def map_forked(func: Callable[[Any], Any], chunks: list) -> list:
    """``[func(c) for c in chunks]``, the chunks after the first each computed in a forked
    copy of this process meanwhile: a reader that was told the run has cores to spare (one file
    added to a corpus) uses them for its one file, with the model it already loaded and no
    process to start. A copy that fails or cannot be made leaves its chunk to this process, so
    the result is the same either way. The copies are in the reader's process group and die
    with it (a reader over its time limit is killed with its group)."""
    import pickle

    from ingest import timing

    if len(chunks) < 2 or not hasattr(os, "fork"):
        return [func(c) for c in chunks]
    # A copy forked while the warm-up imports would wait forever for that module's lock.
    _background_done()
    parent = os.getpid()
    copies: list[tuple[int | None, int | None]] = []
    for chunk in chunks[1:]:
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            copies.append((None, None))
            continue
        if pid == 0:  # the copy: compute, hand the result over, leave without any clean-up
            code = 1
            try:
                os.close(read_end)
                _die_with_parent(parent)
                before = timing.snapshot()
                result = func(chunk)
                data = pickle.dumps((result, timing.since(before)), pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as out:
                    out.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        copies.append((pid, read_end))
    started = time.monotonic()
    try:
        results = [func(chunks[0])]
    except BaseException:
        # A copy blocked on a full pipe would wait for a reader that no longer reads it.
        for pid, read_end in copies:
            if pid is not None and read_end is not None:
                _stop_copy(pid, read_end)
        raise
    deadline = time.monotonic() + max(
        COPY_GRACE_SECONDS, COPY_FACTOR * (time.monotonic() - started)
    )
    for (pid, read_end), chunk in zip(copies, chunks[1:], strict=True):
        data = b""
        if pid is not None and read_end is not None:
            data = _result_of_copy(pid, read_end, deadline)
        if data:
            result, stages = pickle.loads(data)
            timing.add_from_copy(stages)
            results.append(result)
        else:
            results.append(func(chunk))
    return results


# The parts are of about equal work, so a copy still busy this many times the reader's own
# part after it (and a grace for a loaded machine) is stuck, on whatever it inherited: the
# reader stops it and reads the part itself, a slower run instead of a file that times out.
COPY_FACTOR = 3
COPY_GRACE_SECONDS = 30.0


def _result_of_copy(pid: int, read_end: int, deadline: float) -> bytes:
    """What the copy handed over, or nothing when it failed or was stopped at ``deadline``."""
    import select

    blocks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([read_end], [], [], left)[0]:
            _stop_copy(pid, read_end)
            return b""
        block = os.read(read_end, 1 << 20)
        if not block:
            break
        blocks.append(block)
    os.close(read_end)
    _, status = os.waitpid(pid, 0)
    return b"".join(blocks) if status == 0 else b""


def _stop_copy(pid: int, read_end: int) -> None:
    os.close(read_end)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


# -- the parent side -------------------------------------------------------------------------


def _pythonpath() -> str:
    # The reader must import the same code as this process, also when run from a checkout.
    return os.pathsep.join(p for p in sys.path if p)


class Reader:
    """One reader process, reused task after task, killed and replaced when a task goes wrong."""

    def __init__(self, func: Callable, memory_mb: int, warm_up: Callable | None = None):
        self.memory_mb = memory_mb
        self.func, self.warm_up = func, warm_up
        child_reads, parent_writes = os.pipe()
        parent_reads, child_writes = os.pipe()
        env = {**os.environ, **THREAD_ENV, "PYTHONPATH": _pythonpath()}
        args = [str(child_reads), str(child_writes), target_name(func), str(memory_mb)]
        warm = [target_name(warm_up)] if warm_up is not None else []
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "ingest.workers", *args, str(os.getpid()), *warm],
                pass_fds=(child_reads, child_writes),
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=2,  # whatever a library prints must not mix into `--json` output
                start_new_session=True,  # its own process group: Ctrl-C reaches only the parent
            )
        finally:
            os.close(child_reads)
            os.close(child_writes)
        self.outbox = Connection(parent_writes, readable=False)
        self.inbox = Connection(parent_reads, writable=False)
        self.key: Any = None
        self.ready = False
        self.started = 0.0
        self.cpu_start = 0.0

    @property
    def busy(self) -> bool:
        return self.key is not None

    def does(self, func: Callable, memory_mb: int, warm_up: Callable | None) -> bool:
        return (self.func, self.memory_mb, self.warm_up) == (func, memory_mb, warm_up)

    def submit(self, key: Any, args: tuple) -> None:
        self.key = key
        self.started = time.monotonic()
        self.cpu_start = self.cpu_seconds()
        self.outbox.send((key, args))

    def cpu_seconds(self) -> float:
        """CPU time of the reader and its helper processes, finished or running."""
        try:
            proc = psutil.Process(self.proc.pid)
            t = proc.cpu_times()
            total = t.user + t.system + t.children_user + t.children_system
            for child in proc.children(recursive=True):
                try:
                    ct = child.cpu_times()
                    total += ct.user + ct.system
                except psutil.Error:
                    continue
            return total
        except psutil.Error:
            return 0.0

    def over_time(self, timeout: float) -> bool:
        if not self.ready:
            return time.monotonic() - self.started > max(STARTUP_SECONDS, WALL_FACTOR * timeout)
        if timeout <= 0:
            return False
        if time.monotonic() - self.started > WALL_FACTOR * timeout:
            return True
        return self.cpu_seconds() - self.cpu_start > timeout

    def receive(self) -> TaskOutcome | None:
        """The outcome of the task in hand (an error outcome when the reader died doing it), or
        None when the message was only the reader saying it is ready: then the task's clock
        starts and the caller waits on."""
        key = self.key
        try:
            message = self.inbox.recv()
        except (EOFError, OSError):
            self.key = None
            return TaskOutcome(key, error=self._death_reason())
        if message == _READY:
            self.ready = True
            if key is not None:
                self.started = time.monotonic()
                self.cpu_start = self.cpu_seconds()
            return None
        self.key = None
        got_key, result, error = message
        return TaskOutcome(got_key, result, error)

    def _death_reason(self) -> str:
        try:
            code = self.proc.wait(5)
        except subprocess.TimeoutExpired:
            code = None
        if code is not None and code < 0:
            sig = -code
            try:
                name = signal.Signals(sig).name
            except ValueError:
                name = f"signal {sig}"
            if sig == signal.SIGKILL:
                return f"the reader was killed ({name}); possibly out of memory"
            return f"the reader crashed ({name}); possibly too large or malformed"
        return "the reader crashed; possibly too large or malformed"

    def kill(self) -> None:
        """Stop the reader and whatever it started (tesseract, soffice in its own session)."""
        try:
            helpers = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.Error:
            helpers = []
        for proc in helpers:
            with contextlib.suppress(psutil.Error):
                proc.kill()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.kill()
        self.proc.wait()
        self._close_pipes()

    def close(self) -> None:
        """Let an idle reader finish on its own; kill it if it does not."""
        with contextlib.suppress(OSError):
            self.outbox.send(None)
        try:
            self.proc.wait(2)
        except subprocess.TimeoutExpired:
            self.kill()
            return
        self._close_pipes()

    def _close_pipes(self) -> None:
        for conn in (self.outbox, self.inbox):
            with contextlib.suppress(OSError):
                conn.close()

    def run(self, key: Any, args: tuple, timeout: float) -> TaskOutcome:
        """Do one task and wait for it. After an error outcome from a dead or overdue reader
        the reader is gone: check :attr:`alive` and start a new one."""
        self.submit(key, args)
        outcome = None
        while outcome is None:
            if not wait([self.inbox], timeout=POLL_SECONDS):
                if self.over_time(timeout):
                    self.key = None
                    self.kill()
                    return TaskOutcome(key, error=timeout_reason(timeout))
                continue
            outcome = self.receive()
        if self.proc.poll() is not None:
            self._close_pipes()
        return outcome

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None and not self.inbox.closed


def timeout_reason(timeout: float) -> str:
    return f"timed out: took over {timeout:g} s (raise --timeout to allow more)"


class ReaderPool:
    """Readers kept alive between runs, for a process that ingests again and again (``evidence
    ingest --watch``): a reader's start (Python, spaCy and its model, the language identifier)
    was a second of every small run. Readers come back after each run, idle and ready; one
    that died or was killed is not kept. Close the pool to stop them."""

    def __init__(self) -> None:
        self._idle: list[Reader] = []

    def __enter__(self) -> ReaderPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __len__(self) -> int:
        return len(self._idle)

    def start(self, func: Callable, memory_mb: int, warm_up: Callable | None, n: int) -> None:
        """Start readers of ``func`` until ``n`` are idle, so that even the first file finds
        one loaded."""
        have = sum(r.does(func, memory_mb, warm_up) for r in self._idle)
        self._idle.extend(Reader(func, memory_mb, warm_up) for _ in range(n - have))

    def take(
        self, func: Callable, memory_mb: int, warm_up: Callable | None, n: int
    ) -> list[Reader]:
        """``n`` readers of ``func``: idle ones first, then new ones. Readers of other tasks
        (the index writers) stay in the pool."""
        taken, kept = [], []
        for reader in self._idle:
            if not reader.alive:
                reader.kill()
            elif len(taken) < n and reader.does(func, memory_mb, warm_up):
                taken.append(reader)
            else:
                kept.append(reader)
        self._idle = kept
        return taken + [Reader(func, memory_mb, warm_up) for _ in range(n - len(taken))]

    def give_back(self, reader: Reader) -> None:
        if reader.busy or not reader.alive:
            reader.kill()
        else:
            self._idle.append(reader)

    def close(self, kill: bool = False) -> None:
        """Stop the idle readers: let them exit, or ``kill`` them (one still starting would
        only exit once it has loaded its libraries)."""
        idle, self._idle = self._idle, []
        for reader in idle:
            if kill:
                reader.kill()
            else:
                reader.close()


def run_tasks(
    func: Callable,
    tasks: Iterable[tuple[Any, tuple]],
    workers: int,
    timeout: float,
    memory_mb: int,
    warm_up: Callable | None = None,
    pool: ReaderPool | None = None,
) -> Iterator[TaskOutcome]:
    """Run ``func(*args)`` for each ``(key, args)`` in reader processes, yielding outcomes as
    they finish. A task over ``timeout`` CPU seconds, or whose reader dies, yields an error.
    ``warm_up()`` runs in each reader as it starts, beside its first task. With a ``pool`` the
    readers come from it and go back to it afterwards, instead of being started and stopped."""
    pending = list(tasks)
    pending.reverse()
    if not pending:
        return
    n = max(1, min(workers, len(pending)))
    if pool is not None:
        readers = pool.take(func, memory_mb, warm_up, n)
    else:
        readers = [Reader(func, memory_mb, warm_up) for _ in range(n)]
    try:
        while pending or any(r.busy for r in readers):
            for index, reader in enumerate(readers):
                if not reader.busy and pending:
                    readers[index], refused = _submit(reader, pending.pop())
                    if refused is not None:
                        yield refused
            busy = [r for r in readers if r.busy]
            if not busy:
                continue
            ready = wait([r.inbox for r in busy], timeout=POLL_SECONDS)
            for index, reader in enumerate(readers):
                if not reader.busy:
                    continue
                if reader.inbox in ready:
                    outcome = reader.receive()
                    if outcome is None:
                        continue
                    if outcome.error is not None and reader.proc.poll() is not None:
                        readers[index] = _replace(reader)
                    yield outcome
                elif reader.over_time(timeout):
                    key = reader.key
                    readers[index] = _replace(reader)
                    yield TaskOutcome(key, error=timeout_reason(timeout))
    finally:
        for reader in readers:
            if pool is not None:
                pool.give_back(reader)
            elif reader.busy:
                reader.kill()
            else:
                reader.close()


def _submit(reader: Reader, task: tuple[Any, tuple]) -> tuple[Reader, TaskOutcome | None]:
    """Hand ``task`` to ``reader``, or to a fresh reader if that one died while idle; a task
    no reader will take becomes an error outcome."""
    for _ in range(2):
        try:
            reader.submit(*task)
            return reader, None
        except OSError:
            reader = _replace(reader)
    return reader, TaskOutcome(task[0], error="the reader could not start")


def _replace(reader: Reader) -> Reader:
    reader.key = None
    reader.kill()
    return Reader(reader.func, reader.memory_mb, reader.warm_up)


if __name__ == "__main__":
    child_main(sys.argv[1:])
