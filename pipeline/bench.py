"""``make bench``: speed, printed as ratios against a baseline measured in the same run.

- whole pipeline seconds per page vs raw ``tesseract -l vie`` on the same page images
  (target ≤ 1.10×);
- restoration syllables per second vs the 50,000 syllables/s target (stripped text and text
  with OCR damage), model load time, and peak memory of ``congvan restore`` (≤ 500 MB);
- parser documents per second on the sample ground-truth texts;
- the handwritten-number re-read (``handwriting.reread``: Số, day and month gaps read by the
  digit reader) in seconds per page, target ≤ 0.2 s.

Benchmarks are not tests: they print numbers and never fail the build.
"""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from . import ingest
from .ocr_eval import raw_tesseract_seconds
from .parse import parse_text
from .paths import samples_dir
from .process import DEFAULT_OPTIONS, process_file

RESTORE_TARGET_SYLLABLES_PER_S = 50_000
RESTORE_TARGET_PEAK_MB = 500
DIGITS_TARGET_S_PER_PAGE = 0.2


def _bench_images() -> list[Path]:
    return sorted(p for p in samples_dir().glob("*.png") if not p.name.startswith("."))[:3]


def raw_seconds(path: Path) -> tuple[float, int]:
    """Plain ``tesseract -l vie`` seconds over every page of ``path`` (rendered like ingest)."""
    pages = list(ingest.iter_pages(ingest.identify(path)))
    return sum(raw_tesseract_seconds(page) for page in pages), len(pages)


def pipeline_seconds(path: Path) -> float:
    start = time.perf_counter()
    process_file(path, DEFAULT_OPTIONS)
    return time.perf_counter() - start


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


def main() -> None:
    console = Console()
    table = Table(title="congvan bench (ratios: ours ÷ baseline, same machine, same run)")
    for col in ("what", "ours", "baseline", "ratio", "target"):
        table.add_column(col, justify="left" if col == "what" else "right")

    images = _bench_images()
    if images:
        raw = ours = 0.0
        pages = 0
        process_file(images[0], DEFAULT_OPTIONS)  # warm-up: model loading is not per page
        for path in images:
            seconds, n = raw_seconds(path)
            raw += seconds
            pages += n
            ours += pipeline_seconds(path)
        table.add_row(
            f"pipeline s/page ({pages} sample pages)",
            f"{ours / pages:.2f}",
            f"{raw / pages:.2f} (tesseract -l vie)",
            f"{ours / raw:.2f}×",
            "≤ 1.10×",
        )

    if images:
        per_page, load = digit_seconds(images)
        table.add_row(
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
        table.add_row(
            f"restoration syllables/s ({kind.replace('_sim', ' damage')} text, one core)",
            f"{speed:,.0f}",
            f"{RESTORE_TARGET_SYLLABLES_PER_S:,} (target)",
            f"{speed / RESTORE_TARGET_SYLLABLES_PER_S:.2f}×",
            "≥ 1.00×",
        )
    table.add_row("restoration model load s", f"{float(rb['load_s']):.2f}", "1.00 (target)",
                  f"{float(rb['load_s']):.2f}×", "≤ 1.00×")  # fmt: skip
    peak = float(rb["restore_peak_mb"])
    table.add_row(f"congvan restore peak MB ({int(rb['memory_syllables']):,} syllables)",
                  f"{peak:.0f}", f"{RESTORE_TARGET_PEAK_MB} (target)",
                  f"{peak / RESTORE_TARGET_PEAK_MB:.2f}×", "≤ 1.00×")  # fmt: skip

    texts = [p.read_text(encoding="utf-8") for p in sorted(samples_dir().glob("*.gt.txt"))]
    if texts:
        start = time.perf_counter()
        for text in texts:
            parse_text(text)
        per_doc = (time.perf_counter() - start) / len(texts)
        table.add_row("parser s/document", f"{per_doc:.4f}", "–", "–", "–")
    console.print(table)


if __name__ == "__main__":
    main()
