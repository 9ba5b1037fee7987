"""OCR measurements the ``congvan eval`` command reports (or ``python -m congvan.ocr_eval``).

- ``header_cer``: page-1 header of every transcribed real scan (``SCAN_FOLDERS``) against
  its ``*.p1.header.txt``: CER and character recall, raw ``tesseract`` vs the full cleanup +
  layout pipeline, per folder and dev/heldout split (``header_summary``).
- ``ablation``: CER and syllable accuracy per degradation profile × cleanup variant on
  generated one-page letters (``synth_samples``, the samples' house look), raw Tesseract as
  the baseline; on the varied evaluation letters (``eval_samples``) of the tuning seeds
  (settings are chosen there) or the report seeds (``congvan eval`` shows those).
- ``cost``: seconds per page, cleanup + OCR vs raw ``tesseract`` CLI on the same image.
"""

from __future__ import annotations

import argparse
import os
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz.distance import Levenshtein

from .cleanup import CleanupOptions, clean_page
from .engines import get_engine
from .engines.tesseract import cli_seconds
from .ingest import SUPPORTED_SUFFIXES, identify, iter_pages
from .ocr import OcrOptions, ocr_page
from .paths import repo_root, shared_dir
from .splits import split_of
from .types import OcrLine, Page

LINE_OK = 0.95  # a header line counts as read when 1 − CER reaches this
MAX_SKIP = 4  # leading lines a reading may have before the header (stamp print)
SPLITS = ("dev", "heldout")


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def cer(gold: str, hyp: str) -> float:
    """Character error rate: edit distance over the gold length (whitespace collapsed)."""
    g, h = _norm(gold), _norm(hyp)
    return Levenshtein.distance(g, h) / max(1, len(g))


def syllable_accuracy(gold: str, hyp: str) -> float:
    """Share of gold syllables matched in an alignment of the two syllable sequences."""
    g, h = _norm(gold).split(), _norm(hyp).split()
    if not g:
        return 1.0
    ops = Levenshtein.editops(g, h)
    wrong = sum(1 for op in ops if op.tag in ("replace", "delete"))
    return 1.0 - wrong / len(g)


def best_window(gold_lines: Sequence[str], hyp_lines: Sequence[str]) -> tuple[float, list[str]]:
    """Lowest CER of the gold header against a run of consecutive hypothesis lines that
    starts within the first MAX_SKIP lines (the reading goes on past the header)."""
    gold = "\n".join(gold_lines)
    best: tuple[float, list[str]] = (cer(gold, ""), [])
    n = len(gold_lines)
    for start in range(min(MAX_SKIP, len(hyp_lines)) + 1):
        for k in range(max(1, n - 4), n + 5):
            window = list(hyp_lines[start : start + k])
            score = cer(gold, "\n".join(window))
            if score < best[0]:
                best = (score, window)
    return best


def line_scores(gold_lines: Sequence[str], hyp_lines: Sequence[str]) -> list[float]:
    """Per gold line, 1 − CER of the most similar hypothesis line."""
    return [max((1.0 - min(1.0, cer(g, h)) for h in hyp_lines), default=0.0) for g in gold_lines]


def char_recall(gold: str, hyp: str) -> float:
    """Share of gold characters kept in the best alignment (whitespace collapsed): stray
    text around the header (stamps, notes) does not count against it, lost letters do."""
    g, h = _norm(gold), _norm(hyp)
    if not g:
        return 1.0
    lost = sum(1 for op in Levenshtein.editops(g, h) if op[0] in ("replace", "delete"))
    return 1.0 - lost / len(g)


# Folders of ``../shared/scans`` with page-1 header transcriptions (``<stem>.p1.header.txt``
# next to the scan, or under ``gold/scans/<folder>/`` in the repository).
SCAN_FOLDERS = ("quangngai", "dhdl", "bgddt", "web_images")


def gold_root() -> Path:
    """The repository's own gold annotations (``gold/``; ``CONGVAN_GOLD`` overrides)."""
    return Path(os.environ.get("CONGVAN_GOLD", repo_root() / "gold"))


@dataclass(frozen=True)
class HeaderGold:
    folder: str
    stem: str
    gold: Path  # the .p1.header.txt transcription
    scan: Path


def header_golds(
    shared: Path, folders: Sequence[str] = SCAN_FOLDERS, splits: Sequence[str] = SPLITS
) -> list[HeaderGold]:
    """Every real scan with a page-1 header transcription, by folder then stem."""
    out = []
    for folder in folders:
        scans = {p.stem: p for p in (shared / "scans" / folder).glob("*")
                 if p.suffix.lower() in SUPPORTED_SUFFIXES - {".txt"}}  # fmt: skip
        golds: dict[str, Path] = {}
        for where in (shared / "scans" / folder, gold_root() / "scans" / folder):
            for g in sorted(where.glob("*.p1.header.txt")):
                golds.setdefault(g.name.removesuffix(".p1.header.txt"), g)
        for stem in sorted(golds):
            if stem in scans and split_of(stem) in splits:
                out.append(HeaderGold(folder, stem, golds[stem], scans[stem]))
    return out


@dataclass(frozen=True)
class HeaderRow:
    folder: str
    stem: str
    split: str
    cer: float
    recall: float  # gold characters kept (``char_recall``)
    lines_ok: float  # share of gold header lines read with 1 − CER ≥ LINE_OK
    mean_line: float
    raw_cer: float | None
    raw_recall: float | None
    seconds: float
    raw_seconds: float | None


def page_one(path: Path) -> Page:
    """Page 1 of a scan as the pipeline ingests it (PDFs rendered at 300 dpi)."""
    return next(iter_pages(identify(path)))


def _raw_lines(page: Page) -> tuple[list[str], float]:
    start = time.perf_counter()
    text = get_engine().read_text(page.image, lang="vie", layout="auto")
    return [ln for ln in (x.strip() for x in text.splitlines()) if ln], time.perf_counter() - start


def header_cer(
    shared_dir: Path,
    *,
    raw: bool = True,
    golds: Iterable[HeaderGold] | None = None,
    options: OcrOptions | None = None,
    cleanup: CleanupOptions | None = None,
) -> list[HeaderRow]:
    """Page-1 header CER and character recall of every transcribed real scan (full cleanup
    + layout OCR; raw Tesseract on the same page when ``raw``)."""
    rows = []
    for item in header_golds(shared_dir) if golds is None else golds:
        gold_text = item.gold.read_text(encoding="utf-8")
        gold = [ln.strip() for ln in gold_text.splitlines() if ln.strip()]
        page = page_one(item.scan)
        start = time.perf_counter()
        cleaned = clean_page(page, cleanup or CleanupOptions())
        lines = [
            ln.text
            for ln in ocr_page(cleaned, header=True, footer=False, options=options or OcrOptions())
        ]
        seconds = time.perf_counter() - start
        score, window = best_window(gold, lines)
        per_line = line_scores(gold, window)
        raw_score = raw_recall = raw_seconds = None
        if raw:
            raw_lines, raw_seconds = _raw_lines(page)
            raw_score, raw_window = best_window(gold, raw_lines)
            raw_recall = char_recall("\n".join(gold), "\n".join(raw_window))
        rows.append(
            HeaderRow(
                item.folder,
                item.stem,
                split_of(item.stem),
                score,
                char_recall("\n".join(gold), "\n".join(window)),
                sum(s >= LINE_OK for s in per_line) / len(per_line),
                float(np.mean(per_line)),
                raw_score,
                raw_recall,
                seconds,
                raw_seconds,
            )
        )
    return rows


def header_summary(rows: Sequence[HeaderRow]) -> list[dict[str, Any]]:
    """Mean CER and character recall per folder and split (pipeline and raw Tesseract)."""
    groups: dict[tuple[str, str], list[HeaderRow]] = {}
    for r in rows:
        groups.setdefault((r.folder, r.split), []).append(r)
    out = []
    for (folder, split), group in sorted(groups.items()):
        raws = [r for r in group if r.raw_cer is not None]
        out.append({
            "folder": folder,
            "split": split,
            "docs": len(group),
            "cer": float(np.mean([r.cer for r in group])),
            "recall": float(np.mean([r.recall for r in group])),
            "raw_cer": float(np.mean([r.raw_cer for r in raws])) if raws else None,
            "raw_recall": float(np.mean([r.raw_recall for r in raws])) if raws else None,
        })  # fmt: skip
    return out


# --- ablation on generated samples ---------------------------------------------------------
@dataclass(frozen=True)
class Sample:
    """One generated page: image, resolution, ground-truth text, degradation profile."""

    profile: str
    image: np.ndarray
    dpi: int
    truth: str
    page: int = 1  # page number in its letter: only page 1 has the two-column header


@dataclass(frozen=True)
class AblationRow:
    profile: str
    variant: str
    cer: float
    syllable_accuracy: float
    pages: int
    seconds_per_page: float


PROFILES = ("clean", "office", "archive", "harsh")
# Generated evaluation letters (``synth.make_letter(varied=True)`` in the
# ``synth.EVAL_PROFILES`` damages): cleanup settings are chosen on the tuning seeds and
# reported on the report seeds, never the other way round.
TUNING_SEEDS = range(7000, 7006)
REPORT_SEEDS = range(9000, 9006)


def synth_samples(per_profile: int = 3, seed: int = 0) -> list[Sample]:
    """One-page generated letters (each with red seal and blue signature) degraded in every
    profile; the same letters in each profile, so profiles compare like with like."""
    from . import synth  # generator is only needed here

    letters = []
    k = seed
    while len(letters) < per_profile:
        letter = synth.make_letter(k)
        k += 1
        if len(letter.pages) == 1 and letter.pages[0].seals and letter.pages[0].signatures:
            letters.append(letter)
    out = []
    for profile in PROFILES:
        for letter in letters:
            img = synth.degrade(synth.render(letter)[0], profile, letter.seed)
            bgr = np.ascontiguousarray(np.asarray(img.convert("RGB"))[:, :, ::-1])
            dpi = round(img.info.get("dpi", (300, 300))[0])
            out.append(Sample(profile, bgr, dpi, "\n".join(letter.pages[0].gt)))
    return out


def eval_samples(seeds: Iterable[int], profiles: Sequence[str] | None = None) -> list[Sample]:
    """Every page of the varied evaluation letter of each seed, in each evaluation profile
    (all of ``synth.EVAL_PROFILES`` unless given), each page with its own drawn damage."""
    from . import synth

    letters = [synth.make_letter(seed, varied=True) for seed in seeds]
    rendered = [(letter, synth.render(letter)) for letter in letters]
    out = []
    for profile in profiles or tuple(synth.EVAL_PROFILES):
        for letter, pages in rendered:
            for i, page in enumerate(pages):
                key = letter.seed * 10 + i
                img = synth.damage(page, synth.draw_damage(profile, key), key)
                bgr = np.ascontiguousarray(np.asarray(img.convert("RGB"))[:, :, ::-1])
                dpi = round(img.info["dpi"][0])
                out.append(Sample(profile, bgr, dpi, "\n".join(letter.pages[i].gt), i + 1))
    return out


def variants() -> dict[str, CleanupOptions | None]:
    """raw (no cleanup, whole page), each step alone, the default set without (or, for a
    step off by default, with) each step, and the default set ("full")."""
    off = CleanupOptions(**{f.name: False for f in fields(CleanupOptions)})
    full = CleanupOptions()
    out: dict[str, CleanupOptions | None] = {"raw": None, "no_cleanup": off}
    for f in fields(CleanupOptions):
        out[f"only_{f.name}"] = replace(off, **{f.name: True})
    for f in fields(CleanupOptions):
        on = getattr(full, f.name)
        out[f"{'without' if on else 'with'}_{f.name}"] = replace(full, **{f.name: not on})
    out["full"] = full
    return out


def _read(sample: Sample, options: CleanupOptions | None) -> str:
    """The page's text: plain Tesseract (psm 3) when ``options`` is None, else cleanup with
    ``options`` and the layout-aware OCR."""
    page = Page(index=sample.page, image=sample.image, dpi=sample.dpi)
    if options is None:
        return "\n".join(_raw_lines(page)[0])
    lines: list[OcrLine] = ocr_page(clean_page(page, options), footer=True)
    return "\n".join(ln.text for ln in lines)


def ablation(samples: Iterable[Sample], names: Sequence[str] | None = None) -> list[AblationRow]:
    """CER and syllable accuracy per profile × cleanup variant (names filter variants)."""
    chosen = {k: v for k, v in variants().items() if names is None or k in names}
    by_profile: dict[str, list[Sample]] = {}
    for s in samples:
        by_profile.setdefault(s.profile, []).append(s)
    rows = []
    for profile, group in by_profile.items():
        for name, options in chosen.items():
            errs, accs = [], []
            start = time.perf_counter()
            for s in group:
                hyp = _read(s, options)
                errs.append(cer(s.truth, hyp))
                accs.append(syllable_accuracy(s.truth, hyp))
            rows.append(
                AblationRow(
                    profile,
                    name,
                    float(np.mean(errs)),
                    float(np.mean(accs)),
                    len(group),
                    (time.perf_counter() - start) / max(1, len(group)),
                )
            )
    return rows


def as_dicts(rows: Iterable[Any]) -> list[dict[str, Any]]:
    return [{f.name: getattr(r, f.name) for f in fields(r)} for r in rows]


# --- cost ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class CostRow:
    name: str
    raw_seconds: float  # plain `tesseract <png> - -l vie`
    ours_seconds: float  # clean_page + ocr_page on the same page image
    ratio: float


def raw_tesseract_seconds(page: Page) -> float:
    """Wall seconds of the plain Tesseract CLI (``-l vie``, one thread) on ``page``'s image:
    the baseline every cost ratio is measured against."""
    return cli_seconds(page.image, page.dpi)


def cost(pages: Iterable[tuple[str, Page]]) -> list[CostRow]:
    """Seconds per page, cleanup + layout OCR vs raw Tesseract CLI, measured back to back."""
    rows = []
    for name, page in pages:
        raw = raw_tesseract_seconds(page)
        start = time.perf_counter()
        ocr_page(clean_page(page))
        ours = time.perf_counter() - start
        rows.append(CostRow(name, raw, ours, ours / raw))
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m congvan.ocr_eval header|letters|ablation|cost …``: print the
    measurements (``--help`` for the options)."""
    parser = argparse.ArgumentParser(prog="python -m congvan.ocr_eval")
    parser.add_argument("what", choices=("header", "letters", "ablation", "cost"), nargs="?",
                        default="header")
    parser.add_argument("n", type=int, nargs="?", default=None,
                        help="ablation: letters per profile; cost: pages")
    parser.add_argument("--seeds", choices=("tuning", "report"), default="tuning",
                        help="letters: the evaluation letters' seed set")
    parser.add_argument("--profile", action="append",
                        help="letters: only this damage profile (repeatable)")
    parser.add_argument("--variant", action="append",
                        help="letters, ablation: only this cleanup variant (repeatable)")
    parser.add_argument("--split", choices=SPLITS, action="append",
                        help="header: only this split (repeatable; default both)")
    parser.add_argument("--folder", choices=SCAN_FOLDERS, action="append",
                        help="header: only this folder of ../shared/scans (repeatable)")
    parser.add_argument("--no-raw", action="store_true", help="header: skip raw Tesseract")
    args = parser.parse_args(argv)
    shared = shared_dir()
    if shared is None and args.what in ("header", "cost"):
        raise SystemExit(f"{args.what} needs ../shared (or CONGVAN_SHARED)")
    if args.what == "header":
        assert shared is not None
        golds = header_golds(shared, args.folder or SCAN_FOLDERS, args.split or SPLITS)
        header_rows = header_cer(shared, raw=not args.no_raw, golds=golds)
        _print(as_dicts(header_rows))
        rows: list[dict[str, Any]] = header_summary(header_rows)
    elif args.what == "letters":
        seeds = TUNING_SEEDS if args.seeds == "tuning" else REPORT_SEEDS
        rows = as_dicts(ablation(eval_samples(seeds, args.profile), args.variant or ["full"]))
    elif args.what == "ablation":
        rows = as_dicts(ablation(synth_samples(args.n or 3), args.variant))
    else:
        assert shared is not None
        pdfs = sorted((shared / "scans" / "quangngai").glob("*.pdf"))[: args.n or 5]
        rows = as_dicts(cost((p.stem, page_one(p)) for p in pdfs))
    _print(rows)


def _print(rows: Iterable[dict[str, Any]]) -> None:
    for row in rows:
        print("\t".join(
            f"{k}={v:.4f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()
        ))  # fmt: skip


if __name__ == "__main__":
    main()
