"""Measurements of the restorer (``congvan eval`` calls :func:`evaluate` and :func:`bench`).

All metrics count Vietnamese syllables of the reference (letter runs that are structurally
valid syllables); tone placement is normalised on both sides before comparing.
"""

from __future__ import annotations

import random
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import regex

from . import ocrpairs
from .ocrpairs import OcrStyle
from .syllables import is_structural_syllable, place_tone, retone, split_tone

_WORD = regex.compile(r"\p{L}+")


def strip_marks(text: str) -> str:
    """Remove every Vietnamese diacritic (and đ→d), keeping case and layout."""
    text = text.replace("đ", "d").replace("Đ", "D")
    nfd = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in nfd if not unicodedata.combining(c)))


def syllable_counts(refs: Sequence[str], outs: Sequence[str]) -> tuple[int, int]:
    """(correct, total) over reference syllables, aligned by whitespace token and letter run;
    a token whose letter runs no longer align counts as wrong."""
    correct = total = 0
    for ref, out in zip(refs, outs, strict=True):
        for rt, ot in zip(ref.split(), out.split(), strict=False):
            rw, ow = _WORD.findall(rt), _WORD.findall(ot)
            for k, w in enumerate(rw):
                if not is_structural_syllable(w):
                    continue
                total += 1
                correct += k < len(ow) and len(rw) == len(ow) and retone(w) == retone(ow[k])
        total += sum(is_structural_syllable(w) for t in ref.split()[len(out.split()):]
                     for w in _WORD.findall(t))
    return correct, total


def _restorer():  # imported late: evaluation helpers above need no models
    from . import get_restorer

    return get_restorer()


def _accuracy(docs: dict[str, list[str]], damage, restorer) -> tuple[float, int]:
    correct = total = 0
    for lines in docs.values():
        out, _ = restorer.restore_lines([damage(ln) for ln in lines])
        c, t = syllable_counts(lines, out)
        correct, total = correct + c, total + t
    return correct / max(total, 1), total


def _change_rate(docs: dict[str, list[str]], restorer) -> tuple[float, int]:
    """Share of reference syllables that the restorer alters in already-correct text."""
    changed = total = 0
    for lines in docs.values():
        ref = [retone(w) for ln in lines for w in _WORD.findall(ln)]
        out, _ = restorer.restore_lines(lines)
        hyp = [retone(w) for ln in out for w in _WORD.findall(ln)]
        total += len(ref)
        changed += sum(a != b for a, b in zip(ref, hyp, strict=False)) + abs(len(ref) - len(hyp))
    return changed / max(total, 1), total


def impossible_rate(lines: Sequence[str]) -> tuple[float, int]:
    """Share of marked lower-case or Title-case words that cannot be Vietnamese syllables
    ("câp", "đươc"): a reference-free damage measure for OCR output. Capitals-only words
    are codes and abbreviations (NĐ, HĐND) and are not counted."""
    words = [w for ln in lines for w in _WORD.findall(ln)
             if w != strip_marks(w) and len(w) > 1 and not w[1:].isupper()]
    bad = sum(not is_structural_syllable(w) for w in words)
    return bad / max(len(words), 1), len(words)


def corpus_sample(shared: Path, split: str = "heldout", max_lines: int = 1500,
                  ) -> dict[str, list[str]]:
    """A deterministic slice of the corpus documents of ``split`` ("tuning" or
    "heldout"), all kept out of training."""
    from .build import corpus_split_documents

    out: dict[str, list[str]] = {}
    budget = max_lines
    for i, doc in enumerate(corpus_split_documents(shared, split)):
        lines = doc[:min(budget, 150)]
        out[f"corpus{i}"] = lines
        budget -= len(lines)
        if budget <= 0:
            break
    return out


def evaluate(shared_dir: Path, split: str = "heldout", restorer=None,
             real_ocr: bool = True) -> list[dict]:
    """Rows {metric, split, value, n} for ``congvan eval``: the letters and corpus
    documents of ``split`` ("heldout" for reported numbers, "tuning" while choosing
    settings) stripped, with simulated OCR damage, and unchanged (no-harm); the
    impossible-syllable rate on ../shared/ocr_samples; with ``real_ocr``, real OCR of the
    split's letters in every style of ``REAL_OCR_STYLES`` (reads cached)."""
    from .build import letter_lines

    restorer = restorer or _restorer()
    letters = letter_lines(shared_dir, split)
    corpus = corpus_sample(shared_dir, split)
    rows = []
    for name, docs in ((f"{split}_letters", letters), (f"{split}_corpus", corpus)):
        acc, n = _accuracy(docs, strip_marks, restorer)
        rows.append({"metric": "restore_stripped_syllable_acc", "split": name, "value": acc,
                     "n": n})
        rng = random.Random(13)
        acc, n = _accuracy(docs, lambda ln, rng=rng: ocr_damage(ln, rng), restorer)
        rows.append({"metric": "restore_ocr_sim_syllable_acc", "split": name, "value": acc,
                     "n": n})
        rate, n = _change_rate(docs, restorer)
        rows.append({"metric": "restore_noharm_change_rate", "split": name, "value": rate,
                     "n": n})
    samples = sorted((shared_dir / "ocr_samples").glob("*.md"))
    before_lines = [ln for p in samples for ln in p.read_text("utf-8").splitlines()]
    after_lines: list[str] = []
    for p in samples:
        after_lines += restorer.restore_lines(p.read_text("utf-8").splitlines())[0]
    for name, lines in (("ocr_samples_before", before_lines), ("ocr_samples_after",
                                                               after_lines)):
        rate, n = impossible_rate(lines)
        rows.append({"metric": "restore_impossible_syllable_rate", "split": name,
                     "value": rate, "n": n})
    if real_ocr:
        for style in REAL_OCR_STYLES:
            rows += real_ocr_accuracy(shared_dir, style, split, restorer)
    return rows


_BENCH_TEXT = (
    "Thuc hien Quyet dinh so 15/QD-UBND ngay 03/4/2024 cua Uy ban nhan dan tinh ve viec "
    "tang cuong lanh dao, chi dao cong tac xay dung Dang va he thong chinh tri o co so."
)


MEMORY_SYLLABLES = 42_000  # size of the text ``bench`` feeds ``congvan restore``
# ``congvan restore`` reporting its own peak RSS (KB) on stderr: RUSAGE_CHILDREN of the
# caller would be the largest of all its children, Tesseract runs of the evaluation included.
_PEAK_OF_RESTORE = ("import resource, sys\nfrom congvan.cli import app\ntry:\n    app()\n"
                    "finally:\n    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
                    "file=sys.stderr)")


def bench(shared: Path | None = None, repeat: int = 200) -> dict:
    """Load time (import + artefacts, fresh process, wall clock); decoding speed on one
    core (CPU seconds, empty token cache) on stripped text and on text with simulated OCR
    damage (a slice of the held-out corpus when ../shared is there, else a built-in
    sentence repeated); peak memory (max RSS) of ``congvan restore`` on a stripped text of
    ``MEMORY_SYLLABLES`` syllables."""
    import subprocess
    import sys
    import tempfile

    from ..paths import shared_dir

    code = ("import time; t=time.perf_counter(); from congvan.restore import get_restorer; "
            "get_restorer(); print(time.perf_counter()-t)")
    load = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout)
    r = _restorer()
    shared = shared or shared_dir()
    sample = corpus_sample(shared, "heldout", 600) if shared else {"text": [_BENCH_TEXT] * repeat}
    out: dict[str, float] = {"load_s": load}
    rng = random.Random(5)
    for name, damage in (("stripped", strip_marks),
                         ("ocr_sim", lambda ln: ocr_damage(ln, rng))):
        docs = [[damage(ln) for ln in doc] for doc in sample.values()]
        n = sum(len(_WORD.findall(ln)) for doc in docs for ln in doc)
        r._cache.clear()
        t = time.process_time()  # CPU time of this process: one core, robust to sharing
        for doc in docs:
            r.restore_lines(doc)
        out[f"{name}_syllables_per_s"] = n / (time.process_time() - t)
        out["syllables"] = n
    lines: list[str] = []
    count = 0
    text_docs = (corpus_sample(shared, "heldout", 10**6).values() if shared
                 else [[_BENCH_TEXT] * 10**4])
    for line in (ln for doc in text_docs for ln in doc):
        lines.append(strip_marks(line))
        count += len(_WORD.findall(line))
        if count >= MEMORY_SYLLABLES:
            break
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
        f.flush()
        done = subprocess.run([sys.executable, "-c", _PEAK_OF_RESTORE, "restore", f.name],
                              check=True, capture_output=True, text=True)
    out["restore_peak_mb"] = int(done.stderr.split()[-1]) / 1024
    out["memory_syllables"] = count
    return out


# OCR-damage simulator. Mark damage follows the mix of corrections the restorer makes on
# ../shared/ocr_samples (tone lost on a modified vowel, tone confused, modifier lost, đ/d),
# at a higher rate than those fairly clean files show (≈2.3 % of words there); character
# confusions are those of Latin-only OCR (issue 3).
MARK_DAMAGE = 0.08  # share of syllables whose marks are damaged
CHAR_DAMAGE = 0.02  # share of syllables with a character confusion
_TONE_SWAPS = {1: (3, 2), 2: (1, 3), 3: (4, 1), 4: (3, 1), 5: (0, 1)}
_CHAR_CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("l", "1"), ("ô", "6"), ("ố", "6"), ("ó", "6"), ("o", "0"), ("â", "4"), ("ã", "3"),
    ("ệ", "¢"), ("m", "rn"), ("đ", "b"), ("Đ", "P"), ("ư", "ir"), ("ử", "ti"), ("ũ", "ili"),
    ("ự", "y"), ("ứ", "r"), ("ế", "é"), ("ố", "é"), ("ể", "é"), ("ậ", "a"), ("ầ", "à"),
)


def _damage_marks(word: str, rng: random.Random) -> str:
    base, tone = split_tone(word)
    roll = rng.random()
    if roll < 0.45 and tone:
        return base  # tone lost: "cấp" → "câp"
    if roll < 0.75 and tone:
        swaps = _TONE_SWAPS[tone]
        return place_tone(base, swaps[rng.randrange(len(swaps))])
    if roll < 0.9:
        nfd = unicodedata.normalize("NFD", base)
        stripped = "".join(c for c in nfd if c not in "\u0302\u0306\u031b")
        return place_tone(unicodedata.normalize("NFC", stripped), tone)
    if "đ" in word or "Đ" in word:
        return word.replace("đ", "d").replace("Đ", "D")
    return word.replace("d", "đ", 1) if word.startswith("d") else strip_marks(word)


def ocr_damage(line: str, rng: random.Random, mark_rate: float = MARK_DAMAGE,
               char_rate: float = CHAR_DAMAGE) -> str:
    """Simulated OCR output for a correct line (seeded ``rng``; whitespace kept)."""
    def damage(m: regex.Match[str]) -> str:
        word = m.group()
        if not is_structural_syllable(word):
            return word
        if rng.random() < mark_rate:
            word = _damage_marks(word, rng)
        if rng.random() < char_rate:
            options = [(a, b) for a, b in _CHAR_CONFUSIONS if a in word]
            if options:
                a, b = options[rng.randrange(len(options))]
                word = word.replace(a, b, 1)
        return word

    return _WORD.sub(damage, line)


def _aligned_syllable_accuracy(refs: Sequence[str], hyps: Sequence[str]) -> tuple[float, int]:
    """Share of reference syllables matched in order by the hypothesis (difflib alignment),
    for outputs whose tokenisation differs from the reference (real OCR); and their
    number."""
    import difflib

    ref = [retone(w.lower()) for ln in refs for w in _WORD.findall(ln)
           if is_structural_syllable(w)]
    hyp = [retone(w.lower()) for ln in hyps for w in _WORD.findall(ln)]
    sm = difflib.SequenceMatcher(None, ref, hyp, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks()) / max(len(ref), 1), len(ref)


# Real OCR styles measured by ``evaluate``: the old Latin-only OCR archives hold (Tesseract
# ``eng``) on four fonts, one of them on a shrunk, blurred, noisy page, and the pipeline's
# own ``vie`` on degraded pages.
REAL_OCR_STYLES: tuple[OcrStyle, ...] = (
    OcrStyle("eng", "dejavu-serif"),
    OcrStyle("eng", "liberation-serif", 40),
    OcrStyle("eng", "liberation-sans"),
    OcrStyle("eng", "dejavu-sans"),
    OcrStyle("eng", "liberation-serif", 40, scale=0.6, blur=0.5, noise=8.0),
    OcrStyle("vie", "dejavu-serif", scale=0.4, blur=0.6),
    OcrStyle("vie", "dejavu-serif", scale=0.3, blur=0.8),
)


def real_ocr_accuracy(shared_dir: Path, style: OcrStyle, split: str = "heldout",
                      restorer=None) -> list[dict]:
    """Real OCR damage: each letter of ``split`` typeset and read in ``style``
    (``ocrpairs``), then restored; syllable accuracy before and after (aligned, since OCR
    changes the tokenisation)."""
    from .build import letter_lines

    restorer = restorer or _restorer()
    refs: list[str] = []
    raw: list[str] = []
    out: list[str] = []
    for lines in letter_lines(shared_dir, split).values():
        ocr_lines = ocrpairs.read(lines, style)
        refs += lines
        raw += ocr_lines
        out += restorer.restore_lines(ocr_lines)[0]
    name = f"{split}_letters {style.name}"
    rows = []
    for when, hyps in (("before", raw), ("after", out)):
        acc, n = _aligned_syllable_accuracy(refs, hyps)
        rows.append({"metric": f"restore_real_ocr_syllable_acc_{when}", "split": name,
                     "value": acc, "n": n})
    return rows


def main() -> None:
    """``python -m congvan.restore.evaluation [tuning|heldout] [--no-real-ocr] [--bench]``:
    the restoration rows of one split as a table (``congvan eval`` shows the held-out
    ones)."""
    import sys

    from ..paths import shared_dir

    shared = shared_dir()
    if shared is None:
        sys.exit("../shared not found (set CONGVAN_SHARED)")
    split = next((a for a in sys.argv[1:] if not a.startswith("-")), "heldout")
    for row in evaluate(shared, split, real_ocr="--no-real-ocr" not in sys.argv):
        print(f"{row['metric']:40s} {row['split']:55s} {row['value']:.4f} {row['n']}",
              flush=True)
    if "--bench" in sys.argv:
        for key, value in bench(shared).items():
            print(f"{key:40s} {value:,.3f}")


if __name__ == "__main__":
    main()
