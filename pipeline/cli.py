"""Command line: ``congvan process|export|ocr|restore|parse|schema|eval``.

Thin wiring only: every command calls stage functions from the package.
Exit codes: 0 success, 1 an input failed (others still written), 2 usage error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import __version__, ingest
from .errors import CongvanError
from .process import Options, ToneStyle, display_text, run
from .types import Document

app = typer.Typer(
    name="congvan",
    help=(
        "Scanned Vietnamese official letters (công văn, quyết định, thông báo …) → clean "
        "Vietnamese text and a JSON record (Decree 30/2020/NĐ-CP fields).\n\n"
        "Every command runs the same stages (read → normalise → restore → parse) on a scan "
        "or a text; 'ocr', 'restore' and 'parse' stop earlier than 'process'.\n\n"
        "Example: congvan process scans/ -o out/ -j 2"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
err = Console(stderr=True)

RestoreFlag = Annotated[
    bool,
    typer.Option("--restore/--no-restore", help="Restore missing/mangled diacritics."),
]
ToneStyleOption = Annotated[
    str,
    typer.Option(
        "--tone-style",
        help="Tone-mark placement: 'new' (hòa, thủy — as in Decree 30 texts) or 'old' (hoà, thuỷ).",
    ),
]
InputArg = Annotated[
    str, typer.Argument(help="A scan (.pdf .tif .png .jpg) or a text file, or - for stdin text.")
]


def _options(restore: bool, tone_style: str) -> Options:
    if tone_style not in ("new", "old"):
        raise typer.BadParameter("must be 'new' or 'old'", param_hint="--tone-style")
    style: ToneStyle = "new" if tone_style == "new" else "old"
    return Options(restore=restore, tone_style=style)


def _fail(exc: CongvanError) -> typer.Exit:
    err.print(f"[red]error:[/red] {exc}", highlight=False)
    return typer.Exit(1)


def _input(file: str) -> ingest.Input:
    """A path, or '-' for text on stdin (the same stages as a .txt file)."""
    if file == "-":
        return ingest.from_text(sys.stdin.buffer.read())
    return ingest.identify(Path(file))


def _run(file: str, options: Options, until: str) -> tuple[ingest.Input, Document]:
    try:
        item = _input(file)
        return item, run(item, options, until)
    except CongvanError as exc:
        raise _fail(exc) from exc


@app.command()
def process(
    inputs: Annotated[
        list[Path],
        typer.Argument(help="Files or folders (recursive): .pdf .tif .tiff .png .jpg .jpeg .txt"),
    ],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")],
    jobs: Annotated[int, typer.Option("-j", "--jobs", min=1, help="Parallel workers.")] = 1,
    force: Annotated[bool, typer.Option("--force", help="Redo inputs already done.")] = False,
    restore: RestoreFlag = True,
    tone_style: ToneStyleOption = "new",
    pdf: Annotated[
        bool,
        typer.Option(
            "--pdf", help="Also write OUT/<stem>.pdf per scan: its pages with the text searchable."
        ),
    ] = False,
) -> None:
    """Process scans and texts into OUT/<stem>.json plus OUT/summary.csv.

    A failing input gets an error record and a summary row; the batch goes on. A rerun skips
    inputs whose JSON already holds a record of the same file (resume); --force redoes them.
    --pdf adds a searchable PDF (PDF/A-2b) of each scan: the input pages as images under an
    invisible layer of the restored text.

    Example: congvan process samples/ ../archive/box12/*.pdf -o out/ -j 2
    """
    from .batch import collect_jobs, run_batch
    from .executors import get_executor

    options = _options(restore, tone_style)
    try:
        job_list = collect_jobs(inputs, out)
    except FileNotFoundError as exc:
        raise typer.BadParameter(str(exc), param_hint="INPUTS") from exc
    if not job_list:
        raise typer.BadParameter("no supported files found", param_hint="INPUTS")
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("processing", total=len(job_list))

        def done(row: dict[str, object]) -> None:
            progress.advance(task)
            if row["status"] == "error":
                progress.console.print(f"[red]error:[/red] {row['error_message']}", highlight=False)

        table = run_batch(
            job_list,
            out,
            executor=get_executor(None, jobs),
            force=force,
            options=options,
            on_done=done,
            pdf=pdf,
        )
    counts = table["status"].value_counts().to_dict()
    err.print(
        f"{len(table)} input(s): {counts.get('ok', 0)} ok, {counts.get('skipped', 0)} already "
        f"done, {counts.get('error', 0)} failed → {out / 'summary.csv'}",
        highlight=False,
    )
    raise typer.Exit(1 if counts.get("error", 0) else 0)


@app.command()
def export(
    out_dir: Annotated[Path, typer.Argument(help="A 'congvan process' output folder.")],
    fmt: Annotated[
        str, typer.Option("--format", help="archive-csv, jsonl or parquet.")
    ] = "archive-csv",
    target: Annotated[Path, typer.Option("-o", "--output", help="The file to write.")] = Path(
        "records.csv"
    ),
) -> None:
    """Export the records of a batch as one file, sorted by input path (errors included).

    archive-csv: the archival metadata of Decree 30/2020 Appendix VI and Circular
    05/2025/TT-BNV (issuing body, number, symbol, date, type, subject, signer, recipients,
    pages, file name, checksum …); a value over its length limit is kept whole and named in
    the row's 'flags' column. jsonl: one record per line. parquet: one row per record.

    Example: congvan export out/ --format archive-csv -o archive.csv
    """
    from .export import FORMATS
    from .export import export as write_export

    if fmt not in FORMATS:
        raise typer.BadParameter(f"must be one of {', '.join(FORMATS)}", param_hint="--format")
    if not out_dir.is_dir():
        raise typer.BadParameter(f"{out_dir}: not a folder", param_hint="OUT_DIR")
    rows = write_export(out_dir, fmt, target)  # type: ignore[arg-type]
    err.print(f"{rows} record(s) → {target}", highlight=False)


@app.command()
def ocr(file: InputArg, tone_style: ToneStyleOption = "new") -> None:
    """Print the cleaned-up OCR text of a scan (pages separated by a form feed).

    Stages read and normalise: NFC, one tone-mark convention, header OCR fixes; no
    diacritic restoration.

    Example: congvan ocr samples/11_cong_van_office.jpg > letter.txt
    """
    options = _options(False, tone_style)
    _, doc = _run(file, options, "normalise")
    typer.echo(display_text(doc, options))


@app.command()
def restore(file: InputArg = "-", tone_style: ToneStyleOption = "new") -> None:
    """Restore Vietnamese diacritics and repair OCR confusions; same lines out as in.

    Stages read, normalise and restore (a scan is OCR'd first).

    Example: echo "cong tac xay dung Dang" | congvan restore
    """
    options = _options(True, tone_style)
    item, doc = _run(file, options, "restore")
    text = display_text(doc, options)
    if item.kind == "text":  # keep the input's final newlines, which are not lines
        raw = item.read_text()
        text += raw[len(raw.rstrip("\n")) :]
    sys.stdout.write(text if text.endswith("\n") or item.kind == "text" else text + "\n")


@app.command()
def parse(
    file: InputArg = "-", restore: RestoreFlag = True, tone_style: ToneStyleOption = "new"
) -> None:
    """Print the JSON record of one input (all stages; a scan is OCR'd first).

    Example: congvan parse letter.txt | jq .number
    """
    _, doc = _run(file, _options(restore, tone_style), "parse")
    assert doc.record is not None
    typer.echo(doc.record.model_dump_json(indent=2))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the record (draft 2020-12).

    Example: congvan schema > record.schema.json
    """
    from .record import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@app.command(name="eval")
def evaluate(
    quick: Annotated[
        bool, typer.Option("--quick", help="Skip the real scans and the OCR ablation (slow).")
    ] = False,
    markdown: Annotated[
        Path | None, typer.Option("--markdown", help="Also write the tables as Markdown here.")
    ] = None,
) -> None:
    """Print quality metrics on the project's gold sets (samples/, and ../shared when present).

    Example: congvan eval --markdown out/eval.md
    """
    from .evaluate import run_eval

    run_eval(quick=quick, markdown=markdown, console=Console())


def _version(value: bool) -> None:
    if value:
        typer.echo(f"congvan {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """congvan command line."""
