"""Per-field accuracy of the parser alone on the shared gold sets, by split (dev / heldout).

Usage: ``python -m congvan.parse.evalletters [--split dev] [--errors] [--headers]
[--corpus] [--scans FOLDER…]``. Only the dev split is printed unless asked for: rules are
tuned on dev documents and held-out outputs are not looked at while developing.

``evaluate_letters`` is the function ``congvan eval`` calls; ``evaluate_scan_headers`` scores
the header fields on the exact page-1 header transcriptions of the scans (a parser-only check
of the layout the OCR reading order gives: left column, then right column);
``score_scans`` runs the parser on the OCR lines of real scans, read once and cached, so a rule
change is measured on real OCR in seconds. Action items also get the accuracy of their
assignee and deadline on the items matched to a gold item that gives them.
"""

from __future__ import annotations

import argparse
import json
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import scoring
from ..corpus_letters import corpus_letters
from ..errors import CongvanError
from ..paths import gold_dir, repo_root, shared_dir
from ..splits import split_of
from ..types import OcrLine
from . import parse_lines, parse_text

Scored = tuple[str, str, dict[str, scoring.FieldScore]]
# Where the OCR lines of scans are cached (ignored by git); delete it after an OCR change.
OCR_CACHE = repo_root() / ".cache" / "parse-ocr"


def _gold(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def score_letters(shared: Path) -> list[Scored]:
    """(stem, split, field scores) for every letter with a gold file."""
    out = []
    for gold_path in sorted((shared / "letters").glob("*.gold.json")):
        stem = gold_path.name.removesuffix(".gold.json")
        text = (shared / "letters" / f"{stem}.txt").read_text(encoding="utf-8")
        pred = parse_text(text).fields
        out.append((stem, split_of(stem), scoring.score_document(pred, _gold(gold_path))))
    return out


def score_corpus_letters(shared: Path) -> list[Scored]:
    """(stem, split, field scores) for every corpus letter of ``gold/letters``."""
    return [
        (x.stem, split_of(x.stem), scoring.score_document(parse_text(x.text).fields, x.gold))
        for x in corpus_letters(shared)
    ]


def aggregate(scored: Iterable[Scored], split: str) -> dict[str, Any]:
    docs = [s for _, sp, s in scored if sp == split]
    return {"split": split, "documents": len(docs), **scoring.aggregate(docs)}


def evaluate_letters(shared: Path) -> list[dict[str, Any]]:
    """One row per split: {"split", "documents", <field>: score} (accuracy or micro-F1)."""
    scored = score_letters(shared)
    return [
        aggregate(scored, split)
        for split in ("dev", "heldout")
        if any(sp == split for _, sp, _ in scored)
    ]


HEADER_FIELDS = ("issuer", "doc_type", "number", "symbol", "place", "date", "subject", "recipients")


def evaluate_scan_headers(shared: Path) -> list[dict[str, Any]]:
    """One row per split: header-field scores on the scans' ``*.p1.header.txt``."""
    scored: list[Scored] = []
    for path in sorted((shared / "scans" / "quangngai").glob("*.p1.header.txt")):
        stem = path.name.removesuffix(".p1.header.txt")
        gold = _gold(path.parent / f"{stem}.gold.json")
        gold = {k: v for k, v in gold.items() if k in HEADER_FIELDS}
        pred = parse_text(path.read_text(encoding="utf-8")).fields
        scored.append((stem, split_of(stem), scoring.score_document(pred, gold)))
    return [
        aggregate(scored, split)
        for split in ("dev", "heldout")
        if any(sp == split for _, sp, _ in scored)
    ]


def ocr_lines(scan: Path) -> tuple[list[OcrLine], list[OcrLine]]:
    """Restored and raw OCR lines of a scan, read through the pipeline once and cached."""
    from ..ingest import identify
    from ..process import run

    cache = OCR_CACHE / scan.parent.name / f"{scan.name}.pkl"
    if cache.exists():
        lines, raw = pickle.loads(cache.read_bytes())
        return lines, raw
    try:
        doc = run(identify(scan), until="restore")
        lines, raw = doc.lines, doc.raw_lines
    except CongvanError:  # a blank or unreadable page: no lines, as the pipeline would
        lines, raw = [], []
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps((lines, raw)))
    return lines, raw


def score_scans(scan_dir: Path, gold_dir: Path, split: str) -> list[Scored]:
    """The parser on the cached OCR of the scans in ``scan_dir`` that have a gold file in
    ``gold_dir`` and belong to ``split`` (other scans are not even read)."""
    out = []
    for gold_path in sorted(gold_dir.glob("*.gold.json")):
        stem = gold_path.name.removesuffix(".gold.json")
        if split not in ("all", split_of(stem)):
            continue
        scan = next((p for p in sorted(scan_dir.glob(f"{stem}.*")) if p.suffix != ".txt"
                     and not p.name.endswith((".gold.json", ".header.txt"))), None)  # fmt: skip
        if scan is None:
            continue
        lines, raw = ocr_lines(scan)
        pred = parse_lines(lines, raw).fields
        out.append((stem, split_of(stem), scoring.score_document(pred, _gold(gold_path))))
    return out


def _print_errors(scored: list[Scored]) -> None:
    for stem, _, scores in scored:
        for key, s in scores.items():
            if s.kind == "exact" and not s.correct and s.total:
                print(f"{stem}\t{key}\tpred={s.pred!r}\tgold={s.gold!r}")
            elif s.kind == "list" and (s.fp or s.fn):
                print(f"{stem}\t{key}\ttp={s.tp} fp={s.fp} fn={s.fn}")


def _print_table(rows: list[dict[str, Any]]) -> None:
    fields = list(dict.fromkeys(k for r in rows for k in r if k not in ("split", "documents")))
    print("field".ljust(22) + "".join(f"{r['split']}({r['documents']})".rjust(14) for r in rows))
    for key in fields:
        print(key.ljust(22) + "".join(f"{r.get(key, float('nan')):14.3f}" for r in rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=["dev", "heldout", "all"], default="dev")
    parser.add_argument("--errors", action="store_true", help="list the errors")
    parser.add_argument("--headers", action="store_true", help="score the scans' header texts")
    parser.add_argument("--corpus", action="store_true", help="the corpus letters of gold/letters")
    parser.add_argument(
        "--scans", nargs="*", metavar="FOLDER",
        help="parse cached OCR of shared/scans/FOLDER (default quangngai; gold from gold/scans)",
    )  # fmt: skip
    args = parser.parse_args()
    shared = shared_dir()
    if shared is None:
        raise SystemExit("shared data folder not found (set CONGVAN_SHARED)")
    splits = ("dev", "heldout") if args.split == "all" else (args.split,)
    if args.headers:
        _print_table([r for r in evaluate_scan_headers(shared) if r["split"] in splits])
        return
    if args.scans is not None:
        scored = []
        for folder in args.scans or ["quangngai"]:
            own = gold_dir() / "scans" / folder
            gold = own if own.is_dir() else shared / "scans" / folder
            scored += score_scans(shared / "scans" / folder, gold, args.split)
    else:
        letters = score_corpus_letters(shared) if args.corpus else score_letters(shared)
        scored = [s for s in letters if s[1] in splits]
    if args.errors:
        _print_errors(scored)
        return
    _print_table([aggregate(scored, sp) for sp in splits if any(s[1] == sp for s in scored)])


if __name__ == "__main__":
    main()
