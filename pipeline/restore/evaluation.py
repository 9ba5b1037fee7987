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
from typing import TYPE_CHECKING

import numpy as np
import regex

from .syllables import is_structural_syllable, place_tone, retone, split_tone

if TYPE_CHECKING:
    from PIL.Image import Image

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


def _accuracy_rows(metric: str, docs: dict[str, list[str]], damage) -> tuple[float, int]:
    r = _restorer()
    correct = total = 0
    for lines in docs.values():
        out, _ = r.restore_lines([damage(ln) for ln in lines])
        c, t = syllable_counts(lines, out)
        correct, total = correct + c, total + t
    return correct / max(total, 1), total


def _change_rate(docs: dict[str, list[str]]) -> tuple[float, int]:
    """Share of reference syllables that the restorer alters in already-correct text."""
    r = _restorer()
    changed = total = 0
    for lines in docs.values():
        ref = [retone(w) for ln in lines for w in _WORD.findall(ln)]
        out, _ = r.restore_lines(lines)
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


def corpus_sample(shared: Path, max_lines: int = 1500) -> dict[str, list[str]]:
    """A deterministic slice of the held-out corpus documents, for the no-harm check."""
    from .build import heldout_corpus_documents

    out: dict[str, list[str]] = {}
    budget = max_lines
    for i, doc in enumerate(heldout_corpus_documents(shared)):
        lines = doc[:min(budget, 150)]
        out[f"corpus{i}"] = lines
        budget -= len(lines)
        if budget <= 0:
            break
    return out


def evaluate(shared_dir: Path) -> list[dict]:
    """Rows {metric, split, value, n} for ``congvan eval``."""
    from .build import heldout_letter_lines

    letters = heldout_letter_lines(shared_dir)
    corpus = corpus_sample(shared_dir)
    rows = []
    for split, docs in (("heldout_letters", letters), ("heldout_corpus", corpus)):
        acc, n = _accuracy_rows("stripped", docs, strip_marks)
        rows.append({"metric": "restore_stripped_syllable_acc", "split": split, "value": acc,
                     "n": n})
        rng = random.Random(13)
        acc, n = _accuracy_rows("ocr", docs, lambda ln, rng=rng: ocr_damage(ln, rng))
        rows.append({"metric": "restore_ocr_sim_syllable_acc", "split": split, "value": acc,
                     "n": n})
        rate, n = _change_rate(docs)
        rows.append({"metric": "restore_noharm_change_rate", "split": split, "value": rate,
                     "n": n})
    samples = sorted((shared_dir / "ocr_samples").glob("*.md"))
    before_lines = [ln for p in samples for ln in p.read_text("utf-8").splitlines()]
    r = _restorer()
    after_lines: list[str] = []
    for p in samples:
        after_lines += r.restore_lines(p.read_text("utf-8").splitlines())[0]
    for split, lines in (("ocr_samples_before", before_lines), ("ocr_samples_after",
                                                                after_lines)):
        rate, n = impossible_rate(lines)
        rows.append({"metric": "restore_impossible_syllable_rate", "split": split,
                     "value": rate, "n": n})
    return rows


_BENCH_TEXT = (
    "Thuc hien Quyet dinh so 15/QD-UBND ngay 03/4/2024 cua Uy ban nhan dan tinh ve viec "
    "tang cuong lanh dao, chi dao cong tac xay dung Dang va he thong chinh tri o co so."
)


def bench(shared: Path | None = None, repeat: int = 200) -> dict:
    """Load time (import + artefacts, fresh process, wall clock) and decoding speed on one
    core (CPU seconds, empty token cache) for stripped text: a slice of the held-out
    corpus when ../shared is there, else a built-in sentence repeated."""
    import subprocess
    import sys

    from ..paths import shared_dir

    code = ("import time; t=time.perf_counter(); from congvan.restore import get_restorer; "
            "get_restorer(); print(time.perf_counter()-t)")
    load = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout)
    r = _restorer()
    shared = shared or shared_dir()
    docs = ([[strip_marks(ln) for ln in doc] for doc in corpus_sample(shared, 600).values()]
            if shared else [[_BENCH_TEXT] * repeat])
    n = sum(len(_WORD.findall(ln)) for doc in docs for ln in doc)
    r._cache.clear()
    t = time.process_time()  # CPU time of this process: one core, robust to shared machines
    for doc in docs:
        r.restore_lines(doc)
    dt = time.process_time() - t
    return {"syllables_per_s": n / dt, "load_s": load, "syllables": n}


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


def _aligned_syllable_accuracy(refs: Sequence[str], hyps: Sequence[str]) -> float:
    """Share of reference syllables matched in order by the hypothesis (difflib alignment),
    for outputs whose tokenisation differs from the reference (real OCR)."""
    import difflib

    ref = [retone(w.lower()) for ln in refs for w in _WORD.findall(ln)
           if is_structural_syllable(w)]
    hyp = [retone(w.lower()) for ln in hyps for w in _WORD.findall(ln)]
    sm = difflib.SequenceMatcher(None, ref, hyp, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks()) / max(len(ref), 1)


def render_lines(lines: Sequence[str], width_chars: int = 80) -> Image:
    """Typeset text lines (wrapped) as a clean 300-dpi-like greyscale image."""
    import textwrap

    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 34)
    wrapped = [w for ln in lines for w in (textwrap.wrap(ln, width_chars) or [""])]
    img = Image.new("L", (2400, 60 * len(wrapped) + 120), 255)
    draw = ImageDraw.Draw(img)
    for i, ln in enumerate(wrapped):
        draw.text((60, 60 + 60 * i), ln, font=font, fill=0)
    return img


def real_ocr_accuracy(shared_dir: Path, lang: str = "eng", scale: float = 1.0,
                      blur: float = 0.0, max_letters: int = 7) -> list[dict]:
    """Real OCR damage: held-out letters are typeset, optionally shrunk (``scale``) and
    blurred, read with Tesseract ``-l lang`` and restored; syllable accuracy before and
    after. ``eng`` gives Latin-only damage ("Quyét", "1anh"); ``vie`` on a degraded image
    gives the pipeline's own kind of errors. Slow (Tesseract), so not part of
    :func:`evaluate`."""
    from PIL import Image as PilImage
    from PIL import ImageFilter

    from ..engines import get_engine
    from .build import heldout_letter_lines

    r = _restorer()
    refs: list[str] = []
    raw: list[str] = []
    out: list[str] = []
    for lines in list(heldout_letter_lines(shared_dir).values())[:max_letters]:
        img = render_lines(lines)
        if scale != 1.0:
            size = (int(img.width * scale), int(img.height * scale))
            img = img.resize(size, PilImage.BILINEAR)
        if blur:
            img = img.filter(ImageFilter.GaussianBlur(blur))
        text = get_engine().read_text(np.asarray(img.convert("L")), lang=lang, layout="block")
        ocr_lines = text.splitlines()
        refs += lines
        raw += ocr_lines
        out += r.restore_lines(ocr_lines)[0]
    split = f"{lang} scale={scale} blur={blur}"
    return [
        {"metric": "restore_real_ocr_syllable_acc_before", "split": split,
         "value": _aligned_syllable_accuracy(refs, raw), "n": len(refs)},
        {"metric": "restore_real_ocr_syllable_acc_after", "split": split,
         "value": _aligned_syllable_accuracy(refs, out), "n": len(refs)},
    ]
