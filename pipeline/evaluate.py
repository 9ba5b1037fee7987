"""``congvan eval``: quality on the project's gold sets, printed as tables.

Sets: the generated ``samples/`` (always), and when ``../shared`` is present the 28 real
letters (text), the real letters annotated in ``gold/letters`` (text read from the shared
corpus, see ``corpus_letters.py``) and the 15 real Quảng Ngãi scans, each split into the
documents used while developing rules ("dev") and those kept out of that loop ("heldout",
see ``splits.py``).
Stage-level numbers (restoration accuracy, OCR cleanup ablation) come from the stage
modules' own evaluation functions; this module only runs them and lays out the tables.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein
from rich.console import Console
from rich.table import Table

from .corpus_letters import corpus_letters
from .ingest import SUPPORTED_SUFFIXES
from .paths import gold_dir, samples_dir, shared_dir
from .process import Options, process_file, process_text
from .scoring import aggregate, score_document
from .splits import split_of

# Fields in the order the accuracy table shows them.
FIELDS = (
    "number", "symbol", "date", "place", "issuer.name", "issuer.parent", "doc_type",
    "subject", "signer.name", "signer.title", "signer.authority", "recipients", "cc",
    "references", "action_items", "action_items.assignee", "action_items.deadline", "urgency",
    "confidentiality",
)  # fmt: skip


@dataclass
class SetResult:
    """Scores of one gold set part (e.g. "letters/dev")."""

    name: str
    docs: int = 0
    pages: int = 0
    seconds: float = 0.0
    scores: list[dict[str, Any]] = field(default_factory=list)
    char_errors: int = 0
    char_total: int = 0
    word_errors: int = 0
    word_total: int = 0
    failures: list[str] = field(default_factory=list)

    def add_text(self, hyp: str, ref: str) -> None:
        hyp_n, ref_n = _norm_text(hyp), _norm_text(ref)
        self.char_errors += Levenshtein.distance(hyp_n, ref_n)
        self.char_total += len(ref_n)
        hyp_w, ref_w = hyp_n.split(), ref_n.split()
        self.word_errors += Levenshtein.distance(hyp_w, ref_w)
        self.word_total += len(ref_w)

    @property
    def cer(self) -> float | None:
        return self.char_errors / self.char_total if self.char_total else None

    @property
    def wer(self) -> float | None:
        return self.word_errors / self.word_total if self.word_total else None


def _norm_text(text: str) -> str:
    """Compare texts line-agnostically: one space between words, no form feeds."""
    return " ".join(text.replace("\f", "\n").split())


def _find_scan(gold: Path) -> Path | None:
    stem = gold.name.removesuffix(".gold.json")
    for suffix in sorted(SUPPORTED_SUFFIXES - {".txt"}):
        candidate = gold.with_name(stem + suffix)
        if candidate.exists():
            return candidate
    return None


@dataclass(frozen=True)
class EvalDoc:
    """One gold document to score: how to produce its record, its gold, and the ground-truth
    text where there is one."""

    stem: str
    gold: dict[str, Any]
    run: Callable[[], dict[str, Any]]
    reference: str | None = None


def _file_doc(source: Path, gold: Path, reference: Path | None = None) -> EvalDoc:
    """A document whose input and gold are files (reference text optional)."""
    return EvalDoc(
        gold.name.removesuffix(".gold.json"),
        json.loads(gold.read_text(encoding="utf-8")),
        partial(_process, source),
        reference.read_text(encoding="utf-8") if reference and reference.exists() else None,
    )


def _run_docs(docs: Iterable[EvalDoc], set_name: str) -> dict[str, SetResult]:
    """Process and score documents, grouped by dev/heldout split."""
    results: dict[str, SetResult] = {}
    for doc in docs:
        part = f"{set_name}/{split_of(doc.stem)}" if set_name != "samples" else set_name
        result = results.setdefault(part, SetResult(part))
        start = time.perf_counter()
        try:
            record = doc.run()
        except Exception as exc:  # an evaluation must report a failure, not stop
            result.failures.append(f"{doc.stem}: {exc}")
            record = {}
        result.seconds += time.perf_counter() - start
        result.docs += 1
        result.pages += int(record.get("source", {}).get("pages", 1) or 1)
        result.scores.append(score_document(record, doc.gold))
        if doc.reference is not None and record:
            result.add_text(record["text"], doc.reference)
    return results


def _process(path: Path) -> dict[str, Any]:
    return process_file(path, Options()).model_dump(mode="json")


def _process_text(text: str, name: str) -> dict[str, Any]:
    return process_text(text, name).model_dump(mode="json")


def evaluate_samples(folder: Path) -> dict[str, SetResult]:
    docs = [
        _file_doc(scan, gold, gold.with_name(gold.name.replace(".gold.json", ".gt.txt")))
        for gold in sorted(folder.glob("*.gold.json"))
        if (scan := _find_scan(gold)) is not None
    ]
    return _run_docs(docs, "samples")


def evaluate_letters(shared: Path) -> dict[str, SetResult]:
    docs = [
        _file_doc(txt, txt.with_suffix(".gold.json"))
        for txt in sorted((shared / "letters").glob("*.txt"))
        if txt.with_suffix(".gold.json").exists()
    ]
    return _run_docs(docs, "letters")


def evaluate_corpus_letters(shared: Path) -> dict[str, SetResult]:
    """The letters annotated in ``gold/letters``, their text read from the shared corpus and
    processed like a .txt input."""
    docs = [
        EvalDoc(letter.stem, letter.gold, partial(_process_text, letter.text, letter.stem))
        for letter in corpus_letters(shared)
    ]
    return _run_docs(docs, "corpus-letters")


# Real-scan folders of ../shared/scans and where their gold lives: next to the scans
# (quangngai) or in the project's own gold/scans/<folder> (annotated by the project).
SCAN_FOLDERS = ("quangngai", "dhdl", "bgddt", "web_images", "negative")


def evaluate_scans(shared: Path, folders: Sequence[str] = SCAN_FOLDERS) -> dict[str, SetResult]:
    """Every real scan with gold, one set per folder and split ("scans:dhdl/dev" …)."""
    results: dict[str, SetResult] = {}
    for folder in folders:
        docs = [
            _file_doc(scan, gold)
            for gold in _scan_golds(shared, folder)
            if (scan := _find_scan(shared / "scans" / folder / gold.name)) is not None
        ]
        results |= _run_docs(docs, f"scans:{folder}")
    return results


def _scan_golds(shared: Path, folder: str) -> list[Path]:
    own = gold_dir() / "scans" / folder
    return sorted((own if own.is_dir() else shared / "scans" / folder).glob("*.gold.json"))


@dataclass(frozen=True)
class Report:
    """One result table: printed with rich on a terminal, or written as Markdown."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def rich(self) -> Table:
        table = Table(title=self.title)
        for i, header in enumerate(self.headers):
            table.add_column(header, justify="left" if i == 0 else "right")
        for row in self.rows:
            table.add_row(*row)
        return table

    def markdown(self) -> str:
        lines = [f"**{self.title}**", "", "| " + " | ".join(self.headers) + " |"]
        lines.append("|" + "|".join("---" for _ in self.headers) + "|")
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines) + "\n"


# Fields a rendered real letter is scored on: its header and footer are printed from the gold
# record, while its body is cut short, so body-derived fields (references, actions) are not.
RENDERED_FIELDS = ("issuer", "doc_type", "number", "symbol", "place", "date", "subject",
                   "recipients", "signer", "cc", "urgency", "confidentiality")  # fmt: skip
RENDERED_BODY_CHARS = 2500


def _letter_body(text: str, gold: dict[str, Any]) -> list[str]:
    """The body paragraphs of a real letter's text: after the header block (date line,
    title, subject, Kính gửi) and before "Nơi nhận", cut to about one page."""
    lines = [line.strip() for line in text.splitlines()]
    header = " ".join(filter(None, [gold.get("subject") or "", *gold.get("recipients", [])]))
    start = next((i + 1 for i, line in enumerate(lines) if "tháng" in line and "năm" in line), 0)
    while start < len(lines) and (
        not lines[start]
        or lines[start].isupper()
        or lines[start].startswith(("Kính gửi", "V/v", "-"))
        or lines[start] in header
    ):
        start += 1
    body: list[str] = []
    for line in lines[start:]:
        if line.startswith("Nơi nhận") or sum(map(len, body)) > RENDERED_BODY_CHARS:
            break
        if line:
            body.append(line)
    return body


def evaluate_rendered_letters(shared: Path, profile: str = "office") -> dict[str, SetResult]:
    """The real letters typeset as scans (``synth``), degraded, and read back by the whole
    pipeline: the parser on OCR output of real layouts and wording."""
    import tempfile

    from . import synth

    docs = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, txt in enumerate(sorted((shared / "letters").glob("*.txt"))):
            gold_path = txt.with_suffix(".gold.json")
            if not gold_path.exists():
                continue
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            gold = {k: gold[k] for k in RENDERED_FIELDS if k in gold}
            letter = synth.letter_from_gold(gold, _letter_body(txt.read_text("utf-8"), gold), i)
            written = synth.write_sample(letter, Path(tmp), txt.stem, "tif", profile)
            scored_gold = written[0].with_suffix(".gold.json")
            scored_gold.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
            docs.append(_file_doc(written[0], scored_gold))
        return _run_docs(docs, f"letters-as-scans ({profile})")


def field_report(
    results: Sequence[SetResult],
    title: str = (
        "Field accuracy (exact match; F1 for lists; subject: similarity ≥ 0.9; "
        "action_items.assignee/deadline: accuracy over the items matched by text)"
    ),
) -> Report:
    aggregates = [aggregate(r.scores) for r in results]
    rows = []
    for name in FIELDS:
        cells = tuple(_fmt(agg.get(name)) for agg in aggregates)
        if any(c != "–" for c in cells):
            rows.append((name, *cells))
    return Report(
        title,
        ("field", *(f"{r.name} ({r.docs})" for r in results)),
        tuple(rows),
    )


def text_report(results: Sequence[SetResult]) -> Report:
    rows = tuple(
        (
            r.name,
            str(r.docs),
            str(r.pages),
            _pct(r.cer),
            _pct(r.wer),
            f"{r.seconds / max(r.pages, 1):.2f}",
            str(len(r.failures)),
        )
        for r in results
    )
    return Report(
        "Whole pipeline: text error rates (vs ground truth, where there is one) and speed",
        ("set", "docs", "pages", "CER", "WER", "s/page", "failures"),
        rows,
    )


def identity_report(results: Sequence[SetResult]) -> Report:
    """Number and date on the real scans: accuracy, and how often a wrong value was given
    instead of none (a wrong number or date is worse than null)."""
    rows = []
    for r in results:
        if not r.docs:
            continue
        cells: list[str] = [r.name, str(r.docs)]
        wrong_docs = 0
        for name in ("number", "date"):
            scored = [doc[name] for doc in r.scores if name in doc]
            right = sum(s.correct for s in scored)
            wrong = sum(not s.correct and s.pred is not None for s in scored)
            cells += [_fmt(right / len(scored) if scored else None),
                      _fmt(wrong / len(scored) if scored else None)]
        for doc in r.scores:
            wrong_docs += any(
                name in doc and not doc[name].correct and doc[name].pred is not None
                for name in ("number", "date")
            )
        cells.append(_fmt(wrong_docs / r.docs))
        rows.append(tuple(cells))
    return Report(
        "Real scans: number and date (accuracy; wrong = a wrong value given, not null)",
        ("set", "docs", "number", "number wrong", "date", "date wrong",
         "docs with a wrong number or date"),
        tuple(rows),
    )


def rows_report(title: str, rows: Sequence[dict[str, Any]]) -> Report:
    """A report from stage-evaluation rows (flat dicts sharing keys)."""
    headers = tuple(rows[0]) if rows else ("(no rows)",)
    return Report(title, headers, tuple(tuple(_cell(r.get(h)) for h in headers) for r in rows))


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4f}" if abs(value) < 10 else f"{value:,.0f}"
    return "–" if value is None else str(value)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.2%}"


# Cleanup variants shown by ``make eval`` (``python -m congvan.ocr_eval ablation N`` shows
# every variant, each step alone included): raw, no cleanup, the default set with each step
# switched, and the default set.
ABLATION_PAGES_PER_PROFILE = 2


def _ablation_variants() -> list[str]:
    from .ocr_eval import variants

    return [name for name in variants() if not name.startswith("only_")]


def run_eval(*, quick: bool, markdown: Path | None, console: Console) -> list[Report]:
    """Run every available evaluation, printing each table as soon as it is ready."""
    from .ocr_eval import (
        REPORT_SEEDS,
        ablation,
        as_dicts,
        eval_samples,
        header_cer,
        header_summary,
        synth_samples,
    )
    from .restore.evaluation import evaluate as restore_eval

    shared = shared_dir()
    tables: list[Report] = []

    def emit(report: Report) -> None:
        tables.append(report)
        console.print(report.rich())

    sets: dict[str, SetResult] = {}
    sets |= evaluate_samples(samples_dir())
    if shared is not None:
        sets |= evaluate_letters(shared)
        sets |= evaluate_corpus_letters(shared)
        if not quick:
            sets |= evaluate_scans(shared)
            sets |= evaluate_rendered_letters(shared)
    else:
        console.print("../shared not found: evaluating samples/ only")
    ordered = [sets[k] for k in sorted(sets, key=_set_order)]
    made = [r for r in ordered if not r.name.startswith("scans:")]
    real = [r for r in ordered if r.name.startswith("scans:")]
    emit(field_report(made))
    if real:
        emit(field_report(real, "Real scans: field accuracy per folder and split"))
        emit(identity_report(real))
    emit(text_report(ordered))
    for r in ordered:
        for failure in r.failures:
            console.print(f"[red]failed[/red] {r.name}: {failure}", highlight=False)
    if shared is not None:
        emit(rows_report("Diacritic restoration", restore_eval(shared)))
        if not quick:
            header_rows = header_cer(shared)
            emit(rows_report("Real scans: page-1 header character recall and CER vs "
                             ".p1.header.txt, per folder and split", header_summary(header_rows)))
            emit(rows_report("Real scans: page-1 header per scan", as_dicts(header_rows)))
    if not quick:
        rows = ablation(eval_samples(REPORT_SEEDS), ["full"])
        emit(rows_report(
            f"Generated evaluation letters (varied typefaces, layouts, stamps; report seeds "
            f"{REPORT_SEEDS.start}–{REPORT_SEEDS.stop - 1}): CER per damage profile",
            as_dicts(rows)))  # fmt: skip
        rows = ablation(synth_samples(ABLATION_PAGES_PER_PROFILE), _ablation_variants())
        emit(rows_report(
            f"OCR cleanup ablation (generated letters with seal + signature, "
            f"{ABLATION_PAGES_PER_PROFILE} per profile)", as_dicts(rows)))  # fmt: skip
    if markdown is not None:
        markdown.parent.mkdir(parents=True, exist_ok=True)
        markdown.write_text("\n".join(t.markdown() for t in tables), encoding="utf-8")
    return tables


def _set_order(name: str) -> tuple[int, str]:
    order = defaultdict(
        lambda: 9, {"samples": 0, "letters": 1, "corpus-letters": 2, "letters-as-scans": 3}
    )
    folder = name.split("/")[0]
    if folder.startswith("scans:"):
        return 4 + SCAN_FOLDERS.index(folder.removeprefix("scans:")), name
    return order[folder.split(" ")[0]], name
