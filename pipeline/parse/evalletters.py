"""Per-field accuracy of ``parse_text`` on the shared gold letters, by split (dev / heldout).

Usage: ``python -m congvan.parse.evalletters [--errors dev] [--headers]``.
``evaluate_letters`` is the function ``congvan eval`` calls; ``evaluate_scan_headers`` scores
the header fields on the exact page-1 header transcriptions of the scans (a parser-only check
of the layout the OCR reading order gives: left column, then right column).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from .. import scoring
from ..paths import shared_dir
from ..splits import split_of
from . import parse_text


def score_letters(shared: Path) -> list[tuple[str, str, dict[str, scoring.FieldScore]]]:
    """(stem, split, field scores) for every letter with a gold file."""
    out = []
    for gold_path in sorted((shared / "letters").glob("*.gold.json")):
        stem = gold_path.name.removesuffix(".gold.json")
        text = (shared / "letters" / f"{stem}.txt").read_text(encoding="utf-8")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pred = parse_text(text).fields
        out.append((stem, split_of(stem), scoring.score_document(pred, gold)))
    return out


def evaluate_letters(shared: Path) -> list[dict[str, Any]]:
    """One row per split: {"split", "documents", <field>: score} (accuracy or micro-F1)."""
    scored = score_letters(shared)
    rows = []
    for split in ("dev", "heldout"):
        docs = [s for _, sp, s in scored if sp == split]
        if docs:
            rows.append({"split": split, "documents": len(docs), **scoring.aggregate(docs)})
    return rows


HEADER_FIELDS = ("issuer", "doc_type", "number", "symbol", "place", "date", "subject", "recipients")


def evaluate_scan_headers(shared: Path) -> list[dict[str, Any]]:
    """One row per split: header-field scores on the scans' ``*.p1.header.txt``."""
    per_split: dict[str, list[dict[str, scoring.FieldScore]]] = {"dev": [], "heldout": []}
    for path in sorted((shared / "scans" / "quangngai").glob("*.p1.header.txt")):
        stem = path.name.removesuffix(".p1.header.txt")
        gold = json.loads((path.parent / f"{stem}.gold.json").read_text(encoding="utf-8"))
        gold = {k: v for k, v in gold.items() if k in HEADER_FIELDS}
        pred = parse_text(path.read_text(encoding="utf-8")).fields
        per_split[split_of(stem)].append(scoring.score_document(pred, gold))
    return [
        {"split": split, "documents": len(docs), **scoring.aggregate(docs)}
        for split, docs in per_split.items()
        if docs
    ]


def _print_errors(shared: Path, split: str) -> None:
    for stem, sp, scores in score_letters(shared):
        if sp != split:
            continue
        for key, s in scores.items():
            if s.kind == "exact" and not s.correct:
                print(f"{stem}\t{key}\tpred={s.pred!r}\tgold={s.gold!r}")
            elif s.kind == "list" and (s.fp or s.fn):
                print(f"{stem}\t{key}\ttp={s.tp} fp={s.fp} fn={s.fn}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", choices=["dev", "heldout"], help="list the errors of a split")
    parser.add_argument("--headers", action="store_true", help="score the scans' header texts")
    args = parser.parse_args()
    shared = shared_dir()
    if shared is None:
        raise SystemExit("shared data folder not found (set CONGVAN_SHARED)")
    if args.errors:
        _print_errors(shared, args.errors)
        return
    rows = evaluate_scan_headers(shared) if args.headers else evaluate_letters(shared)
    fields = [k for k in rows[0] if k not in ("split", "documents")]
    print("field".ljust(18) + "".join(f"{r['split']}({r['documents']})".rjust(14) for r in rows))
    for key in fields:
        print(key.ljust(18) + "".join(f"{r.get(key, float('nan')):14.3f}" for r in rows))


if __name__ == "__main__":
    main()
