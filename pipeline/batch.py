"""Batch runner: many inputs → one JSON per input, ``summary.csv`` and the record tables.

Guarantees a user of an archive batch relies on: a failing input (bad file, over the time or
memory limit, a crashed worker) leaves an error record and the batch goes on; every file is
written atomically (temp file + rename), so an interrupted run never leaves half a file; a
rerun skips inputs whose JSON already holds a record of the same bytes (sha256), so it
resumes where it stopped, and retries failed ones only when asked (``retry_failed``). The
tables (``records.jsonl``, ``records.parquet``; ``congvan.tables``) are rebuilt from the
per-input JSONs at the end of every run, so they always match them.
"""

from __future__ import annotations

import json
import os
import resource
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import ingest, tables
from .errors import CongvanError
from .executors import Executor, SerialExecutor, TaskFailure
from .ingest import SUPPORTED_SUFFIXES, Input, identify, sha256_of
from .process import DEFAULT_OPTIONS, Options, run
from .record import ErrorInfo, ErrorRecord, ErrorSource, Record
from .types import Document

SUMMARY_COLUMNS = (
    "path", "status", "error_type", "error_message", "doc_type", "number", "symbol",
    "date", "place", "issuer", "subject", "signer", "pages", "ocr_confidence",
    "warnings", "seconds", "peak_rss_mb",
)  # fmt: skip


PAGE_COUNT_LIMIT = 2000  # up to this many inputs to run, they are ordered by page count


@dataclass(frozen=True, slots=True)
class Job:
    """One input file and where its JSON goes."""

    source: Path
    output: Path


def collect_jobs(inputs: Iterable[Path], out_dir: Path) -> list[Job]:
    """Expand folders (recursively, supported suffixes only) into jobs, in a stable order.

    A folder's files keep their path relative to that folder under ``out_dir``; two inputs
    that would share an output name get their extension kept in the name.
    """
    pairs: list[tuple[Path, Path]] = []
    for item in inputs:
        if item.is_dir():
            for path in sorted(item.rglob("*")):
                if path.is_file() and path.suffix.lower() in SUPPORTED_SUFFIXES:
                    pairs.append((path, path.relative_to(item)))
        elif item.exists():
            pairs.append((item, Path(item.name)))
        else:
            raise FileNotFoundError(f"{item}: no such file or folder")
    pairs = [p for p in pairs if not p[0].name.endswith((".gold.json", ".gt.txt", ".header.txt"))]
    stems: dict[Path, int] = {}
    for _, rel in pairs:
        key = rel.with_suffix("")
        stems[key] = stems.get(key, 0) + 1
    jobs = []
    for source, rel in pairs:
        key = rel.with_suffix("")
        name = f"{rel.name}.json" if stems[key] > 1 else f"{rel.stem}.json"
        jobs.append(Job(source=source, output=out_dir / rel.parent / name))
    return jobs


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temp path in ``path``'s folder that is renamed to ``path`` when the block ends
    without error (and removed otherwise): readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8) via a temp file in the same folder and rename."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


@dataclass(frozen=True, slots=True)
class Task:
    """What a worker gets: the input, its digest (hashed once, by the parent), options, and
    whether to make the searchable PDF."""

    source: Path
    sha256: str | None
    options: Options
    pdf: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a worker returns: the record (or error record) as JSON text, its wall time, the
    worker's peak memory, and other files for the parent to write beside the JSON
    (suffix → bytes: ``.pdf``)."""

    json: str
    seconds: float
    peak_rss_mb: float | None = None
    files: dict[str, bytes] = field(default_factory=dict)


def _cached_record(job: Job, digest: str | None, retry_failed: bool) -> dict[str, Any] | None:
    """The record already written for this exact input (same sha256), if any: resume support."""
    try:
        data = json.loads(job.output.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if digest is None or data.get("source", {}).get("sha256") != digest:
        return None  # changed (or unreadable) inputs are redone
    if "error" in data and retry_failed:
        return None
    return data


def _pages(path: Path, digest: str | None) -> int:
    """Pages of a PDF or image file; 0 for text and unusable files (the worker reports
    those)."""
    try:
        item = ingest.identify(path, digest)
        return 0 if item.kind == "text" else ingest.page_count(item)
    except (OSError, CongvanError):
        return 0


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _digest(path: Path) -> str | None:
    try:
        return sha256_of(path)
    except OSError:
        return None  # unreadable: the worker reports it


def run_task(task: Task) -> Outcome:
    """Process one input into its record JSON (and its searchable PDF when asked); never
    raises for a bad input (the error becomes an error record). Runs in a worker: writes
    nothing."""
    start = time.perf_counter()
    files: dict[str, bytes] = {}
    try:
        item = identify(task.source, task.sha256)
        doc = run(item, task.options)
        assert doc.record is not None
        record: Record | ErrorRecord = doc.record
        if task.pdf and item.kind != "text":
            files = _pdf_file(item, doc, task.options)
    except CongvanError as exc:
        record = _error_record(task.source, task.sha256, exc.kind, str(exc))
    except Exception as exc:  # a bug or an unexpected library failure: report, never abort
        record = _error_record(
            task.source, task.sha256, type(exc).__name__, f"{task.source}: {exc}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    seconds = time.perf_counter() - start
    return Outcome(record.model_dump_json(indent=2) + "\n", seconds, peak, files)


def _pdf_file(item: Input, doc: Document, options: Options) -> dict[str, bytes]:
    """The searchable PDF of a scan; a failure to build it is a warning on a good record."""
    from .pdf import searchable_pdf  # pikepdf is loaded only when PDFs are asked for

    assert doc.record is not None
    try:
        return {".pdf": searchable_pdf(item, doc, options.tone_style)}
    except Exception as exc:  # the record stands without its PDF
        doc.record.quality.warnings.append(f"searchable PDF not written: {exc}")
        return {}


def _failure_outcome(task: Task, failure: TaskFailure) -> Outcome:
    """A task stopped by the executor's limits (or whose worker died) as an error record."""
    record = _error_record(
        task.source, task.sha256, failure.kind, f"{task.source}: {failure.message}"
    )
    return Outcome(record.model_dump_json(indent=2) + "\n", float("nan"))  # time unknown


def _error_record(path: Path, digest: str | None, kind: str, message: str) -> ErrorRecord:
    return ErrorRecord(source=ErrorSource(path=str(path), sha256=digest),
                       error=ErrorInfo(type=kind, message=message))  # fmt: skip


def summary_row(data: dict[str, Any]) -> dict[str, Any]:
    """One ``summary.csv`` row from a record or error record (as JSON data)."""
    row: dict[str, Any] = dict.fromkeys(SUMMARY_COLUMNS)
    row["path"] = data["source"]["path"]
    if "error" in data:
        row.update(status="error", error_type=data["error"]["type"],
                   error_message=data["error"]["message"])  # fmt: skip
        return row
    row.update(
        status="ok",
        doc_type=data["doc_type"],
        number=data["number"],
        symbol=data["symbol"],
        date=data["date"],
        place=data["place"],
        issuer=data["issuer"]["name"],
        subject=data["subject"],
        signer=data["signer"]["name"],
        pages=data["source"]["pages"],
        ocr_confidence=data["quality"]["ocr_confidence"],
        warnings="; ".join(data["quality"]["warnings"]),
    )
    return row


def run_batch(
    jobs: list[Job],
    out_dir: Path,
    *,
    executor: Executor | None = None,
    force: bool = False,
    retry_failed: bool = False,
    options: Options = DEFAULT_OPTIONS,
    on_done: Callable[[dict[str, Any]], None] | None = None,
    pdf: bool = False,
) -> pd.DataFrame:
    """Run every job on ``executor`` (serial by default), write each record as it arrives,
    then ``summary.csv`` and the record tables. With ``pdf``, each scan also gets
    ``<stem>.pdf`` beside its JSON (searchable PDF; a finished input without one is redone).

    Finished inputs are skipped unless ``force``; inputs that failed in an earlier run keep
    their error record unless ``retry_failed`` (or ``force``). Rows come back in input order
    whatever order workers finish in, so the summary and tables are deterministic.
    ``on_done`` is called once per input (progress display); rows of inputs not processed
    in this run have ``cached`` set and status ``skipped`` (done before) or ``error``.
    """
    rows: dict[int, dict[str, Any]] = {}
    digests: dict[int, str | None] = {}
    todo: list[int] = []
    for i, job in enumerate(jobs):
        digests[i] = digest = _digest(job.source)
        cached = None if force else _cached_record(job, digest, retry_failed)
        if cached is not None and pdf and cached["source"]["kind"] != "text":
            cached = cached if job.output.with_suffix(".pdf").exists() else None
        if cached is None:
            todo.append(i)
            continue
        rows[i] = summary_row(cached) | {"cached": True}  # not a summary column
        rows[i]["status"] = "skipped" if rows[i]["status"] == "ok" else "error"
        if on_done:
            on_done(rows[i])
    # Longest inputs first: no worker is left with a long document while the others have
    # finished, which is what limits the speed-up. Pages measure the work (one pdfinfo run
    # per PDF, ≈ 10 ms); beyond PAGE_COUNT_LIMIT inputs the tail matters less than the
    # counting, and file size stands in.
    count = len(todo) <= PAGE_COUNT_LIMIT
    todo.sort(
        key=lambda i: (-_pages(jobs[i].source, digests[i]) if count else 0, -_size(jobs[i].source))
    )
    tasks = [Task(jobs[i].source, digests[i], options, pdf) for i in todo]
    for k, result in (executor or SerialExecutor()).map_unordered(run_task, tasks):
        outcome = _failure_outcome(tasks[k], result) if isinstance(result, TaskFailure) else result
        i = todo[k]
        for suffix, data in outcome.files.items():
            write_atomic(jobs[i].output.with_suffix(suffix), data)
        write_atomic(jobs[i].output, outcome.json)
        rows[i] = summary_row(json.loads(outcome.json)) | {
            "seconds": round(outcome.seconds, 2),
            "peak_rss_mb": None if outcome.peak_rss_mb is None else round(outcome.peak_rss_mb),
        }
        if on_done:
            on_done(rows[i])
    table = pd.DataFrame([rows[i] for i in range(len(jobs))], columns=list(SUMMARY_COLUMNS))
    write_atomic(out_dir / "summary.csv", table.to_csv(index=False))
    write_tables(out_dir, [job.output for job in jobs])
    return table


def write_tables(out_dir: Path, outputs: list[Path]) -> None:
    """``records.jsonl`` and ``records.parquet`` from the per-input JSONs, in input order
    (streamed, so an archive-sized batch never sits in memory whole)."""

    def records() -> Iterator[dict[str, Any]]:
        for path in outputs:
            yield json.loads(path.read_text(encoding="utf-8"))

    with atomic_path(out_dir / "records.jsonl") as tmp, tmp.open("w", encoding="utf-8") as fh:
        for record in records():
            fh.write(tables.jsonl_line(record))
    with atomic_path(out_dir / "records.parquet") as tmp:
        tables.write_parquet(records(), tmp)


@dataclass(slots=True)
class Tally:
    """Running counts for the progress display and the final line: documents and pages
    processed in this run, failures, inputs done before, and the speed so far."""

    total: int
    start: float = field(default_factory=time.perf_counter)
    done: int = 0
    skipped: int = 0
    pages: int = 0
    failed: int = 0

    def add(self, row: dict[str, Any]) -> None:
        if row.get("cached"):
            self.skipped += 1
        else:
            self.done += 1
            self.pages += int(row["pages"] or 0)
        self.failed += row["status"] == "error"

    @property
    def wall(self) -> float:
        return time.perf_counter() - self.start

    def progress(self) -> str:
        """Pages per second and the estimated time left (from this run's documents)."""
        if not self.done:
            return "starting"
        left = self.total - self.done - self.skipped
        eta = self.wall / self.done * left
        return f"{self.pages / self.wall:.2f} pages/s, ETA {_clock(eta)}"

    def final_line(self) -> str:
        return (
            f"{self.pages} pages, {self.done} documents processed, {self.skipped} already done, "
            f"{self.failed} failed, wall {_clock(self.wall)}"
        )


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
