"""Executors: how a batch's tasks are spread over processes or machines.

OCRmyPDF's executor seam: the batch runner hands an executor a picklable function and its
tasks and gets ``(index, result)`` pairs back as they finish; it never knows whether they
ran in this process, in a process pool or on a cluster. Workers only compute and return;
the parent writes every file, so workers need to read their inputs but never share an
output folder.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, ClassVar


class Executor(ABC):
    """Runs ``fn`` over tasks; results come back in completion order with their index."""

    name: ClassVar[str]

    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, workers)

    @abstractmethod
    def map_unordered(
        self, fn: Callable[[Any], Any], tasks: Sequence[Any]
    ) -> Iterator[tuple[int, Any]]:
        """``(i, fn(tasks[i]))`` for every task, as each finishes. ``fn`` must be a
        module-level function and tasks picklable (they may cross process boundaries)."""


class SerialExecutor(Executor):
    """In this process, one task after the other (``-j 1``; easiest to debug)."""

    name: ClassVar[str] = "serial"

    def map_unordered(
        self, fn: Callable[[Any], Any], tasks: Sequence[Any]
    ) -> Iterator[tuple[int, Any]]:
        for i, task in enumerate(tasks):
            yield i, fn(task)


class ProcessExecutor(Executor):
    """A pool of worker processes on this machine (``-j N``); each process keeps its models
    loaded across tasks."""

    name: ClassVar[str] = "process"

    def map_unordered(
        self, fn: Callable[[Any], Any], tasks: Sequence[Any]
    ) -> Iterator[tuple[int, Any]]:
        if not tasks:
            return
        with ProcessPoolExecutor(max_workers=min(self.workers, len(tasks))) as pool:
            futures = {pool.submit(fn, task): i for i, task in enumerate(tasks)}
            for future in as_completed(futures):
                yield futures[future], future.result()


EXECUTORS: dict[str, type[Executor]] = {
    SerialExecutor.name: SerialExecutor,
    ProcessExecutor.name: ProcessExecutor,
}


def get_executor(name: str | None = None, workers: int = 1, **settings: Any) -> Executor:
    """The executor called ``name``; by default serial for one worker, else a process pool."""
    name = name or ("serial" if workers <= 1 else "process")
    try:
        cls = EXECUTORS[name]
    except KeyError:
        raise ValueError(f"unknown executor {name!r}; known: {', '.join(EXECUTORS)}") from None
    return cls(workers, **settings)
