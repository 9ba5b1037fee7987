"""Command line: ``congvan process|ocr|restore|parse|schema|eval``.

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

from . import __version__
from .errors import CongvanError
from .process import Options, display_text, load_document, prepare, record_from_text

app = typer.Typer(
    name="congvan",
    help=(
        "Scanned Vietnamese official letters (công văn, quyết định, thông báo …) → clean "
        "Vietnamese text and a JSON record (Decree 30/2020/NĐ-CP fields).\n\n"
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
ToneStyle = Annotated[
    str,
    typer.Option(
        "--tone-style",
        help="Tone-mark placement: 'new' (hòa, thủy — as in Decree 30 texts) or 'old' (hoà, thuỷ).",
    ),
]


def _options(restore: bool, tone_style: str) -> Options:
    if tone_style not in ("new", "old"):
        raise typer.BadParameter("must be 'new' or 'old'", param_hint="--tone-style")
    return Options(restore=restore, tone_style=tone_style)


def _fail(exc: CongvanError) -> typer.Exit:
    err.print(f"[red]error:[/red] {exc}", highlight=False)
    return typer.Exit(1)


def _read_input(file: str) -> tuple[str, str]:
    """Text and its display name from a path or '-' (stdin)."""
    if file == "-":
        return sys.stdin.read(), "-"
    from .ingest import identify, read_text

    item = identify(Path(file))
    if item.kind != "text":
        raise typer.BadParameter(
            f"{file} is a {item.fmt} file; use 'congvan ocr' or 'congvan process' for scans",
            param_hint="FILE",
        )
    return read_text(item.path), file


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
    tone_style: ToneStyle = "new",
) -> None:
    """Process scans and texts into OUT/<stem>.json plus OUT/summary.csv.

    A failing input gets an error record and a summary row; the batch goes on. A rerun skips
    inputs whose JSON already holds a record of the same file (resume); --force redoes them.

    Example: congvan process samples/ ../archive/box12/*.pdf -o out/ -j 2
    """
    from .batch import collect_jobs, run_batch

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

        table = run_batch(job_list, out, workers=jobs, force=force, options=options, on_done=done)
    counts = table["status"].value_counts().to_dict()
    err.print(
        f"{len(table)} input(s): {counts.get('ok', 0)} ok, {counts.get('skipped', 0)} already "
        f"done, {counts.get('error', 0)} failed → {out / 'summary.csv'}",
        highlight=False,
    )
    raise typer.Exit(1 if counts.get("error", 0) else 0)


@app.command()
def ocr(
    file: Annotated[Path, typer.Argument(help="A scan: .pdf .tif .tiff .png .jpg .jpeg")],
) -> None:
    """Print the cleaned-up OCR text of a scan (pages separated by a form feed).

    The text is normalised (NFC, one tone-mark convention) but not diacritic-restored.

    Example: congvan ocr samples/11_cong_van_office.jpg > letter.txt
    """
    try:
        options = Options(restore=False)
        text = display_text(prepare(load_document(file), options), options)
    except CongvanError as exc:
        raise _fail(exc) from exc
    typer.echo(text)


@app.command()
def restore(
    file: Annotated[str, typer.Argument(help="A text file, or - for stdin.")] = "-",
    tone_style: ToneStyle = "new",
) -> None:
    """Restore Vietnamese diacritics and repair OCR confusions; same number of lines out.

    Example: echo "cong tac xay dung Dang" | congvan restore
    """
    from .normalize import decode_legacy, normalize_text
    from .restore import get_restorer

    try:
        text, _ = _read_input(file)
    except CongvanError as exc:
        raise _fail(exc) from exc
    _options(True, tone_style)
    lines = decode_legacy(text).split("\n")
    trailing_newline = lines[-1] == "" and len(lines) > 1
    if trailing_newline:
        lines.pop()
    restored, _ = get_restorer().restore_lines(
        [normalize_text(line, tone_style=tone_style) for line in lines]
    )
    out = "\n".join(normalize_text(line, tone_style=tone_style) for line in restored)
    sys.stdout.write(out + ("\n" if trailing_newline else ""))


@app.command()
def parse(
    file: Annotated[str, typer.Argument(help="A text file, or - for stdin.")] = "-",
    restore: RestoreFlag = True,
    tone_style: ToneStyle = "new",
) -> None:
    """Print the JSON record of a text input (normalised and restored first).

    Example: congvan parse letter.txt | jq .number
    """
    options = _options(restore, tone_style)
    try:
        text, name = _read_input(file)
    except CongvanError as exc:
        raise _fail(exc) from exc
    record = record_from_text(text, path=name, options=options)
    typer.echo(record.model_dump_json(indent=2))


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
