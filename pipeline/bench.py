"""``make bench``: speed, printed as ratios against baselines measured in the same run.

- seconds per page of the whole pipeline vs raw one-thread ``tesseract -l vie`` on the same
  page images, on generated samples and on real scans (target ≤ 1.00×); born-digital PDF
  pages, read from their text layer (target ≤ 0.2 s);
- the batch on real scans (``congvan process``, fresh processes): ``-j 2`` over ``-j 1``
  (≥ 1.85× on 2 cores), dask with two local workers vs ``-j 2`` (within 10 %), the batch
  layer vs the pipeline called in a loop (≤ 3 % more), and peak memory per worker
  (≤ 500 MB), a 26-page document included;
- restoration syllables per second vs the 50,000 syllables/s target (stripped text and text
  with OCR damage), model load time, and peak memory of ``congvan restore`` (≤ 500 MB);
  parser seconds per document;
- the handwritten-number re-read (``handwriting.reread``: Số, day and month gaps read by the
  digit reader) in seconds per page, target ≤ 0.2 s.

The real scans are the Quảng Ngãi dev scans that are not born-digital (``--full``: all 8,
28 pages; by default 4 of them, 10 pages, to keep ``make bench`` to a few minutes). Rows
that need ``../shared`` are skipped without it. Benchmarks are not tests: they print
numbers and never fail the build.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table

from . import ingest
from .ocr_eval import raw_tesseract_seconds
from .parse import parse_text
from .paths import samples_dir, shared_dir
from .process import DEFAULT_OPTIONS, process_file, warm_up
from .splits import split_of

RESTORE_TARGET_SYLLABLES_PER_S = 50_000
RESTORE_TARGET_PEAK_MB = 500
DIGITS_TARGET_S_PER_PAGE = 0.2
REAL_SUBSET = ("01CT_", "2770__", "46_TB", "89_QD_CT")  # 10 pages: 3 + 3 + 2 + 2
LONG_DOCUMENT = (  # 14 + 10 + 2 = 26 pages: the longest PDF of ../shared/scans first
    "negative/2195-2025-VIS-BIEN13H.pdf",
    "quangngai/16CT.signed_20250510_124909.pdf",
    "quangngai/89_QD_CT.signed_20250513_163504.pdf",
)


def _bench_images() -> list[Path]:
    return sorted(p for p in samples_dir().glob("*.png") if not p.name.startswith("."))[:3]


def raw_seconds(path: Path) -> tuple[float, int]:
    """Plain ``tesseract -l vie`` seconds over every page of ``path`` (rendered like ingest)."""
    pages = list(ingest.iter_pages(ingest.identify(path)))
    return sum(raw_tesseract_seconds(page) for page in pages), len(pages)


def pipeline_seconds(path: Path) -> tuple[float, int]:
    start = time.perf_counter()
    record = process_file(path, DEFAULT_OPTIONS)
    return time.perf_counter() - start, record.source.pages


def digit_seconds(paths: list[Path]) -> tuple[float, float]:
    """Seconds per page of re-reading the written gaps of page 1 (the pages cleaned and
    OCR'd beforehand, untimed), and the digit reader's one-off load time."""
    from . import cleanup, handwriting, ocr
    from .engines import get_digit_reader

    start = time.perf_counter()
    reader = get_digit_reader("ppocr")
    load = time.perf_counter() - start
    total = 0.0
    for path in paths:
        page = cleanup.clean_page(next(iter(ingest.iter_pages(ingest.identify(path)))))
        lines = ocr.ocr_page(page, options=ocr.OcrOptions(digits=None))
        start = time.perf_counter()
        handwriting.reread(page.image, page.pen, lines, reader)
        total += time.perf_counter() - start
    return total / len(paths), load


def _real_scans(shared: Path, full: bool) -> tuple[list[Path], list[Path]]:
    """Dev-split Quảng Ngãi scans (``full``: all; else REAL_SUBSET) and born-digital PDFs."""
    from . import textlayer

    scans, born = [], []
    for pdf in sorted((shared / "scans" / "quangngai").glob("*.pdf")):
        if split_of(pdf.name.removesuffix(".pdf")) != "dev":
            continue
        if textlayer.trusted_pages(pdf, ingest.pdf_pages(pdf), ingest.PDF_DPI):
            born.append(pdf)
        elif full or pdf.name.startswith(REAL_SUBSET):
            scans.append(pdf)
    return scans, born


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(cmd: Sequence[str | Path]) -> tuple[float, float]:
    """Wall and CPU seconds (the whole process tree: workers and their task children are
    reaped) of a command in a fresh process. CPU time is what other jobs on a shared
    machine cannot inflate much."""
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run(cmd, check=False, capture_output=True)
    return time.perf_counter() - start, _children_cpu() - cpu


def _batch(args: Sequence[str], out: Path) -> tuple[float, float, pd.DataFrame]:
    """Wall and CPU seconds of ``congvan process ARGS -o OUT --force``, and its summary."""
    congvan = Path(sys.executable).with_name("congvan")
    wall, cpu = _timed([congvan, "process", *args, "-o", str(out), "--force"])
    return wall, cpu, pd.read_csv(out / "summary.csv")


def _loop(paths: Sequence[Path]) -> tuple[float, float]:
    """Wall and CPU seconds of the pipeline called in a loop in a fresh process (the batch
    layer's baseline: same imports and model loading, no executor, no files written)."""
    code = (
        "import sys; from congvan.process import process_file, warm_up; warm_up(); "
        "[process_file(p) for p in sys.argv[1:]]"
    )
    return _timed([sys.executable, "-c", code, *map(str, paths)])


class _Rows:
    """The result table, each row also printed as soon as it is measured."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.table = Table(title="congvan bench (ratios: ours ÷ baseline, same machine, same run)")
        for col in ("what", "ours", "baseline", "ratio", "target"):
            self.table.add_column(col, justify="left" if col == "what" else "right")

    def add(self, *cells: str) -> None:
        self.table.add_row(*cells)
        self.console.print(" | ".join(cells), highlight=False)


def _per_page_rows(rows: _Rows, label: str, paths: Sequence[Path]) -> None:
    raw = ours = 0.0
    pages = 0
    for path in paths:
        seconds, n = raw_seconds(path)
        raw += seconds
        pages += n
        ours += pipeline_seconds(path)[0]
    rows.add(f"pipeline s/page ({pages} {label} pages)", f"{ours / pages:.2f}",
             f"{raw / pages:.2f} (tesseract -l vie)", f"{ours / raw:.2f}×", "≤ 1.00×")  # fmt: skip


def _batch_rows(rows: _Rows, scans: list[Path], shared: Path, tmp: Path) -> None:
    paths = [str(p) for p in scans]
    loop, loop_cpu = _loop(scans)
    one, one_cpu, s1 = _batch([*paths, "-j", "1"], tmp / "j1")
    two, two_cpu, s2 = _batch([*paths, "-j", "2"], tmp / "j2")
    dask, dask_cpu, _ = _batch([*paths, "--executor", "dask", "-j", "2"], tmp / "dask")
    what = f"{len(scans)} real scans, {int(s1['pages'].sum())} pages"
    rows.add(f"batch -j 1 vs pipeline in a loop, CPU s ({what})", f"{one_cpu:.1f}",
             f"{loop_cpu:.1f}", f"{one_cpu / loop_cpu:.3f}×", "≤ 1.03×")  # fmt: skip
    rows.add("  the same, wall s", f"{one:.1f}", f"{loop:.1f}", f"{one / loop:.3f}×", "–")
    rows.add(f"speed-up -j 2 over -j 1, wall s ({what})", f"{two:.1f}", f"{one:.1f}",
             f"{one / two:.2f}×", "≥ 1.85×")  # fmt: skip
    rows.add("  CPU s -j 2 vs -j 1 (work added by parallelism)", f"{two_cpu:.1f}",
             f"{one_cpu:.1f}", f"{two_cpu / one_cpu:.2f}×", "–")  # fmt: skip
    rows.add(f"dask, 2 local workers, vs -j 2, wall s ({what})", f"{dask:.1f}", f"{two:.1f}",
             f"{dask / two:.2f}×", "≤ 1.10×")  # fmt: skip
    rows.add("  the same, CPU s", f"{dask_cpu:.1f}", f"{two_cpu:.1f}",
             f"{dask_cpu / two_cpu:.2f}×", "–")  # fmt: skip
    peak = max(float(s["peak_rss_mb"].max()) for s in (s1, s2))
    rows.add(f"peak RSS per worker MB ({what})", f"{peak:.0f}", "500 (target)",
             f"{peak / 500:.2f}×", "≤ 1.00×")  # fmt: skip
    long_pdf = tmp / "long.pdf"
    subprocess.run(["pdfunite", *(str(shared / "scans" / p) for p in LONG_DOCUMENT),
                    str(long_pdf)], check=True)  # fmt: skip
    seconds, _, s_long = _batch([str(long_pdf), "-j", "1"], tmp / "long")
    peak = float(s_long["peak_rss_mb"].max())
    rows.add(f"peak RSS MB, a {int(s_long['pages'].iloc[0])}-page document ({seconds:.0f} s)",
             f"{peak:.0f}", "500 (target)", f"{peak / 500:.2f}×", "≤ 1.00×")  # fmt: skip


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m congvan.bench", description=__doc__)
    parser.add_argument("--full", action="store_true", help="all 8 real dev scans (28 pages)")
    args = parser.parse_args(argv)
    console = Console()
    rows = _Rows(console)
    load = os.getloadavg()[0]
    console.print(
        f"load average {load:.1f} on {os.cpu_count()} cores before the run: "
        "wall-time ratios (the speed-up above all) assume free cores",
        highlight=False,
    )
    warm_up()  # model loading is once per worker, not per page
    images = _bench_images()
    if images:
        _per_page_rows(rows, "generated", images)
    shared = shared_dir()
    if shared is not None:
        scans, born = _real_scans(shared, args.full)
        _per_page_rows(rows, "real scanned", scans)
        timed = [pipeline_seconds(p) for p in born]
        pages = sum(n for _, n in timed)
        per_page = sum(s for s, _ in timed) / pages
        rows.add(f"born-digital s/page ({pages} pages, text layer)", f"{per_page:.3f}",
                 "0.20 (target)", f"{per_page / 0.2:.2f}×", "≤ 1.00×")  # fmt: skip
        with tempfile.TemporaryDirectory(prefix="congvan_bench_") as tmp:
            _batch_rows(rows, scans, shared, Path(tmp))

    if images:
        per_page, load = digit_seconds(images)
        rows.add(
            f"digit re-read s/page ({len(images)} pages; model load {load:.2f} s once)",
            f"{per_page:.3f}",
            f"{DIGITS_TARGET_S_PER_PAGE} (target)",
            f"{per_page / DIGITS_TARGET_S_PER_PAGE:.2f}×",
            "≤ 1.00×",
        )

    from .restore.evaluation import bench as restore_bench

    rb = restore_bench()
    for kind in ("stripped", "ocr_sim"):
        speed = float(rb[f"{kind}_syllables_per_s"])
        rows.add(
            f"restoration syllables/s ({kind.replace('_sim', ' damage')} text, one core)",
            f"{speed:,.0f}",
            f"{RESTORE_TARGET_SYLLABLES_PER_S:,} (target)",
            f"{speed / RESTORE_TARGET_SYLLABLES_PER_S:.2f}×",
            "≥ 1.00×",
        )
    rows.add("restoration model load s", f"{float(rb['load_s']):.2f}", "1.00 (target)",
             f"{float(rb['load_s']):.2f}×", "≤ 1.00×")  # fmt: skip
    peak = float(rb["restore_peak_mb"])
    rows.add(f"congvan restore peak MB ({int(rb['memory_syllables']):,} syllables)",
             f"{peak:.0f}", f"{RESTORE_TARGET_PEAK_MB} (target)",
             f"{peak / RESTORE_TARGET_PEAK_MB:.2f}×", "≤ 1.00×")  # fmt: skip

    texts = [p.read_text(encoding="utf-8") for p in sorted(samples_dir().glob("*.gt.txt"))]
    if texts:
        start = time.perf_counter()
        for text in texts:
            parse_text(text)
        per_doc = (time.perf_counter() - start) / len(texts)
        rows.add("parser s/document", f"{per_doc:.4f}", "–", "–", "–")
    console.print(rows.table)


if __name__ == "__main__":
    main()
