"""Executors: how a batch's tasks are spread over processes or machines.

OCRmyPDF's executor seam: the batch runner hands an executor a picklable function and its
tasks and gets ``(index, result)`` pairs back as they finish; it never knows whether they
ran in this process, in a process pool or on a dask cluster. Workers only compute and
return; the caller writes every file, so workers need to read their inputs but never share
an output folder.

Every executor runs each task under the same guard (``Limits``): a worker first loads what
every task needs (``warm_up``, once per worker process), then runs each task in a forked
child that shares those models copy-on-write. A child that runs past the time limit or
grows past the memory limit is killed, and one that dies (a crash in a C library) leaves
its worker intact; either way the task's result is a ``TaskFailure`` and the batch goes on.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import select
import signal
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar, Final

M_MMAP_THRESHOLD: Final = -3  # mallopt option (glibc)
PR_SET_PDEATHSIG: Final = 1  # prctl option: a signal for the child when its parent dies
POLL_S: Final = 0.05  # how often a guard looks at its child's clock and memory
_PAGE_BYTES: Final = os.sysconf("SC_PAGE_SIZE")


def default_workers() -> int:
    """The cores this process may use (what ``-j`` defaults to, as in OCRmyPDF)."""
    return len(os.sched_getaffinity(0))


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-task limits; None = unlimited. Both unlimited: tasks run in the worker itself."""

    seconds: float | None = None
    memory_mb: float | None = None

    @property
    def active(self) -> bool:
        return self.seconds is not None or self.memory_mb is not None


@dataclass(frozen=True, slots=True)
class TaskFailure:
    """A task that returned nothing: ``kind`` is ``timeout``, ``memory_limit`` or
    ``worker_died``."""

    kind: str
    message: str


_warmed: set[bytes] = set()  # the warm-ups this worker process has run (pickled, by value)


def _map_large_blocks() -> None:
    """Have glibc map every block of 1 MiB or more on its own and give it back when freed.
    Its default raises that threshold as page images come and go, after which they stay in
    the heap: a worker's memory then grows page after page (a 26-page scan in a task's child:
    peak 578 MB with the default, 524 MB with this; a 10-page one: 397 and 376 MB)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).mallopt(M_MMAP_THRESHOLD, 1 << 20)


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * _PAGE_BYTES / 2**20
    except (OSError, IndexError, ValueError):
        return 0.0


def _child(fn: Callable[[Any], Any], task: Any, out: int) -> None:
    """In the forked child: run the task, send its pickled outcome, never return."""
    code = 0
    try:
        os.setpgid(0, 0)  # its own group: a kill also ends the programs it started
        with contextlib.suppress(OSError, AttributeError):  # die with the worker (Linux)
            ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        try:
            outcome: tuple[bool, Any] = (True, fn(task))
        except Exception as exc:
            outcome = (False, exc)
        data = pickle.dumps(outcome)
        with os.fdopen(out, "wb") as fh:
            fh.write(data)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def guarded(
    fn: Callable[[Any], Any], limits: Limits, warm_up: Callable[[], None] | None, task: Any
) -> Any:
    """``fn(task)`` within ``limits``, or a ``TaskFailure``. Runs in a worker."""
    key = pickle.dumps(warm_up)
    if key not in _warmed:
        _map_large_blocks()
        if warm_up is not None:
            warm_up()
        _warmed.add(key)
    if not limits.active:
        return fn(task)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(fn, task, write_end)
    os.close(write_end)
    start = time.monotonic()
    chunks: list[bytes] = []
    failure: TaskFailure | None = None
    with os.fdopen(read_end, "rb", buffering=0) as pipe:
        while True:
            ready, _, _ = select.select([pipe], [], [], POLL_S)
            if ready:
                chunk = pipe.read(1 << 20)
                if not chunk:
                    break  # the child closed the pipe: done (or died)
                chunks.append(chunk)
            elapsed, rss = time.monotonic() - start, _rss_mb(pid)
            if limits.seconds is not None and elapsed > limits.seconds:
                failure = TaskFailure("timeout", f"stopped after {limits.seconds:g} s")
            elif limits.memory_mb is not None and rss > limits.memory_mb:
                failure = TaskFailure(
                    "memory_limit", f"stopped at {rss:.0f} MB (limit {limits.memory_mb:g} MB)"
                )
            if failure is not None:
                _kill_group(pid)
                break
    _, status = os.waitpid(pid, 0)
    if failure is not None:
        return failure
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0 or not chunks:
        how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else "no result"
        return TaskFailure("worker_died", f"the worker process died ({how})")
    ok, value = pickle.loads(b"".join(chunks))
    if not ok:
        raise value
    return value


def _kill_group(pid: int) -> None:
    for target in (-pid, pid):  # the group, or the child alone if it had no time to make one
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(target, signal.SIGKILL)


class Executor(ABC):
    """Runs ``fn`` over tasks; results come back in completion order with their index."""

    name: ClassVar[str]

    def __init__(
        self,
        workers: int = 1,
        *,
        limits: Limits = Limits(),
        warm_up: Callable[[], None] | None = None,
    ) -> None:
        self.workers = max(1, workers)
        self.limits = limits
        self.warm_up = warm_up

    def _guarded(self, fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
        return partial(guarded, fn, self.limits, self.warm_up)

    @abstractmethod
    def map_unordered(
        self, fn: Callable[[Any], Any], tasks: Sequence[Any]
    ) -> Iterator[tuple[int, Any]]:
        """``(i, fn(tasks[i]))`` for every task, as each finishes (a ``TaskFailure`` for a
        task stopped by the limits). ``fn`` must be a module-level function and tasks
        picklable (they may cross process and machine boundaries)."""


class SerialExecutor(Executor):
    """In this process, one task after the other (easiest to debug)."""

    name: ClassVar[str] = "serial"

    def map_unordered(
        self, fn: Callable[[Any], Any], tasks: Sequence[Any]
    ) -> Iterator[tuple[int, Any]]:
        run = self._guarded(fn)
        for i, task in enumerate(tasks):
            yield i, run(task)


class ProcessExecutor(Executor):
    """A pool of worker processes on this machine (``-j N``); each keeps its models loaded
    across tasks."""

    name: ClassVar[str] = "process"

    def map_unordered(
        self, fn: Callable[[Any], Any], tasks: Sequence[Any]
    ) -> Iterator[tuple[int, Any]]:
        if not tasks:
            return
        run = self._guarded(fn)
        with ProcessPoolExecutor(max_workers=min(self.workers, len(tasks))) as pool:
            futures = {pool.submit(run, task): i for i, task in enumerate(tasks)}
            for future in as_completed(futures):
                yield futures[future], future.result()


class DaskExecutor(Executor):
    """dask.distributed: the workers of a running scheduler (``scheduler`` =
    ``tcp://host:port``), or a ``LocalCluster`` of ``workers`` processes with one thread
    each. Inputs must be readable by every worker (a shared file system); results come back
    to this process, which writes them."""

    name: ClassVar[str] = "dask"

    def __init__(self, workers: int = 1, *, scheduler: str | None = None, **settings: Any) -> None:
        super().__init__(workers, **settings)
        self.scheduler = scheduler

    def map_unordered(
        self, fn: Callable[[Any], Any], tasks: Sequence[Any]
    ) -> Iterator[tuple[int, Any]]:
        import dask
        from distributed import Client, LocalCluster
        from distributed import as_completed as dask_completed

        if not tasks:
            return
        cluster = None
        if self.scheduler is None:
            # workers forked from this process start in a second, not after a fresh import
            with dask.config.set({"distributed.worker.multiprocessing-method": "fork"}):
                cluster = LocalCluster(
                    n_workers=min(self.workers, len(tasks)),
                    threads_per_worker=1,
                    processes=True,
                    memory_limit=0,  # the task guard limits memory per input
                    dashboard_address=None,
                )
        client = Client(cluster or self.scheduler)
        try:
            futures = client.map(self._guarded(fn), tasks, pure=False)
            index = {future.key: i for i, future in enumerate(futures)}
            for future in dask_completed(futures):
                try:
                    result = future.result()
                except Exception as exc:  # the worker itself died (KilledWorker)
                    result = TaskFailure("worker_died", f"{type(exc).__name__}: {exc}")
                future.release()
                yield index[future.key], result
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


EXECUTORS: dict[str, type[Executor]] = {
    SerialExecutor.name: SerialExecutor,
    ProcessExecutor.name: ProcessExecutor,
    DaskExecutor.name: DaskExecutor,
}


def get_executor(name: str | None = None, workers: int = 1, **settings: Any) -> Executor:
    """The executor called ``name``; by default serial for one worker, else a process pool."""
    name = name or ("serial" if workers <= 1 else "process")
    try:
        cls = EXECUTORS[name]
    except KeyError:
        raise ValueError(f"unknown executor {name!r}; known: {', '.join(EXECUTORS)}") from None
    return cls(workers, **settings)
