"""Batch runner: many inputs → one JSON per input + ``summary.csv``.

Guarantees a user of an archive batch relies on: a failing input leaves an error record and
the batch goes on; every file is written atomically (temp file + rename), so an interrupted
run never leaves half a JSON; a rerun skips inputs whose JSON already holds a record of the
same bytes (sha256), so it resumes where it stopped.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import CongvanError
from .executors import Executor, SerialExecutor
from .ingest import SUPPORTED_SUFFIXES, Input, identify, sha256_of
from .process import DEFAULT_OPTIONS, Options, run
from .record import ErrorInfo, ErrorRecord, ErrorSource, Record
from .types import Document

SUMMARY_COLUMNS = (
    "path", "status", "error_type", "error_message", "doc_type", "number", "symbol",
    "date", "place", "issuer", "subject", "signer", "pages", "ocr_confidence",
    "warnings", "seconds",
)  # fmt: skip


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


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write via a temp file in the same folder and rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
    """What a worker returns: the record (or error record) as JSON text, timing, and other
    files for the parent to write beside the JSON (suffix → bytes: ``.pdf``)."""

    json: str
    seconds: float
    files: dict[str, bytes] = field(default_factory=dict)


def _cached_record(job: Job, digest: str | None) -> dict[str, Any] | None:
    """The record already written for this exact input (same sha256), if any: resume support."""
    try:
        data = json.loads(job.output.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if "error" in data or data.get("source", {}).get("sha256") != digest:
        return None  # failed inputs are retried; changed inputs are redone
    return data


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
    return Outcome(record.model_dump_json(indent=2) + "\n", time.perf_counter() - start, files)


def _pdf_file(item: Input, doc: Document, options: Options) -> dict[str, bytes]:
    """The searchable PDF of a scan; a failure to build it is a warning on a good record."""
    from .pdf import searchable_pdf  # pikepdf is loaded only when PDFs are asked for

    assert doc.record is not None
    try:
        return {".pdf": searchable_pdf(item, doc, options.tone_style)}
    except Exception as exc:  # the record stands without its PDF
        doc.record.quality.warnings.append(f"searchable PDF not written: {exc}")
        return {}


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
    options: Options = DEFAULT_OPTIONS,
    on_done: Callable[[dict[str, Any]], None] | None = None,
    pdf: bool = False,
) -> pd.DataFrame:
    """Run every job (skipping finished ones unless ``force``) on ``executor`` (serial by
    default), write each record as it arrives and then ``summary.csv``. With ``pdf``, each
    scan also gets ``<stem>.pdf`` beside its JSON (searchable PDF; a finished input without
    one is redone).

    Rows come back in input order whatever order workers finish in, so the summary is
    deterministic. ``on_done`` is called once per input (progress display).
    """
    rows: dict[int, dict[str, Any]] = {}
    tasks: list[Task] = []
    todo: list[int] = []
    for i, job in enumerate(jobs):
        digest = _digest(job.source)
        cached = None if force else _cached_record(job, digest)
        if cached is not None and pdf and cached["source"]["kind"] != "text":
            cached = cached if job.output.with_suffix(".pdf").exists() else None
        if cached is None:
            todo.append(i)
            tasks.append(Task(job.source, digest, options, pdf))
            continue
        rows[i] = summary_row(cached) | {"status": "skipped"}
        if on_done:
            on_done(rows[i])
    for k, outcome in (executor or SerialExecutor()).map_unordered(run_task, tasks):
        i = todo[k]
        for suffix, data in outcome.files.items():
            write_atomic(jobs[i].output.with_suffix(suffix), data)
        write_atomic(jobs[i].output, outcome.json)
        rows[i] = summary_row(json.loads(outcome.json)) | {"seconds": round(outcome.seconds, 2)}
        if on_done:
            on_done(rows[i])
    table = pd.DataFrame([rows[i] for i in range(len(jobs))], columns=list(SUMMARY_COLUMNS))
    write_atomic(out_dir / "summary.csv", table.to_csv(index=False))
    return table
