"""Diacritic restoration and OCR-confusion repair for Vietnamese text.

Design: (a) per-token candidates from a confusion channel (``channel``), (b) forward and
backward modified-KN syllable trigram LMs (``lm``), (c) exact Viterbi search (``decoder``).
Case, punctuation, numbers and document codes pass through untouched.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import regex

from pipeline.paths import models_dir
from pipeline.restore.channel import Channel
from pipeline.restore.decoder import viterbi
from pipeline.restore.lm import (
    LM_BACKWARD,
    LM_FORWARD,
    LM_TOKEN,
    NUM,
    PUNCT,
    SPECIALS,
    UNK,
    VOCAB_FILE,
    NgramLM,
)
from pipeline.restore.syllables import apply_case, case_pattern, has_marks, retone, skeleton

__all__ = ["Restorer", "get_restorer"]

_SPLIT = regex.compile(r"(\s+)")
_MERGED = regex.compile(r"(\p{Ll}\p{L}*|\p{Lu}\p{Ll}+)(\p{N}+)")  # "ngay26", "Ngay26"
_LETTERS = regex.compile(r"\p{L}+")
_CODE_CHARS = regex.compile(r"[/&_@]")
_END_OF_SENTENCE = (".", ";", ":", "!", "?")
# A document whose words carry marks less often than this is treated as stripped text.
STRIPPED_DOCUMENT = 0.15
# Cost of reading an unmarked token as a marked one inside normally marked text.
UNMARKED_IN_MARKED_TEXT = 3.0
# OCR confidence (0–100) from which a token's change costs start to grow.
CONFIDENT = 80.0


@dataclass
class _Piece:
    """One letter run (or fixed token) inside a whitespace token of a line."""

    line: int
    part: int
    start: int
    end: int
    ids: np.ndarray
    costs: np.ndarray
    restorable: bool
    case: str = "lower"


class Restorer:
    """Restores marks on stripped or OCR-damaged Vietnamese, line by line."""

    def __init__(self, model_dir: Path, backward_weight: float = 0.5) -> None:
        vocab = (model_dir / VOCAB_FILE).read_text("utf-8").splitlines()
        self.vocab = vocab
        self.index = {w: i for i, w in enumerate(vocab)}
        self.forward = NgramLM.load(model_dir / LM_FORWARD)
        self.backward = NgramLM.load(model_dir / LM_BACKWARD)
        self.backward_weight = backward_weight
        self.channel = Channel(vocab, len(SPECIALS))

    # -- tokenisation -------------------------------------------------------------------
    def _fixed_id(self, tok: str) -> int:
        if tok[0].isdigit():
            return NUM
        if tok[0].isalpha():
            return self.index.get(retone(tok.lower()), UNK)
        return self.index[tok] if tok in PUNCT else self.index["<p>"]

    def _pieces(self, li: int, parts: list[str], unmarked_cost: float,
                confidences: Sequence[float] | None) -> list[_Piece]:
        out: list[_Piece] = []
        word_no = -1
        for pi, part in enumerate(parts):
            if not part or part.isspace():
                continue
            word_no += 1
            scale = 1.0
            if confidences is not None and word_no < len(confidences):
                scale += max(0.0, confidences[word_no] - CONFIDENT) / (100 - CONFIDENT) * 2
            code_like = any(ch.isdigit() for ch in part)
            letter_runs = len(_LETTERS.findall(part))
            for m in LM_TOKEN.finditer(part):
                tok = m.group()
                piece = _Piece(li, pi, m.start(), m.end(),
                               np.array([self._fixed_id(tok)], np.int32),
                               np.zeros(1, np.float32), False)
                if tok[0].isalpha() and not code_like:
                    case = case_pattern(tok)
                    # capitals glued to other letters or code punctuation: "QD-UBND", "TP.HCM"
                    in_code = case == "upper" and (letter_runs > 1 or _CODE_CHARS.search(part))
                    if case != "mixed" and not in_code and not (case == "title" and
                                                               tok.isupper()):
                        ids, costs = self.channel.candidates(tok.lower(), unmarked_cost, scale)
                        if len(ids):
                            piece.ids, piece.costs = ids, costs
                            piece.restorable, piece.case = True, case
                out.append(piece)
        return out

    @staticmethod
    def _unmarked_cost(lines: Sequence[str]) -> float:
        words = [w for line in lines for w in regex.findall(r"\p{L}{2,}", line)]
        if not words:
            return 0.0
        marked = sum(has_marks(w) for w in words) / len(words)
        return 0.0 if marked < STRIPPED_DOCUMENT else UNMARKED_IN_MARKED_TEXT

    # -- public API ---------------------------------------------------------------------
    def restore_lines(self, lines: Sequence[str],
                      confidences: Sequence[Sequence[float] | None] | None = None,
                      ) -> tuple[list[str], int]:
        """Restore a document; a line that does not end a sentence is decoded together with
        the next one. Returns (lines, number of whitespace tokens changed)."""
        lines = [unicodedata.normalize("NFC", ln) for ln in lines]
        unmarked_cost = self._unmarked_cost(lines)
        split = [self._split_merged(_SPLIT.split(ln)) for ln in lines]
        segments: list[list[_Piece]] = [[]]
        for li, parts in enumerate(split):
            conf = confidences[li] if confidences is not None else None
            segments[-1].extend(self._pieces(li, parts, unmarked_cost, conf))
            nxt = lines[li + 1].lstrip() if li + 1 < len(lines) else ""
            if lines[li].rstrip().endswith(_END_OF_SENTENCE) or not nxt[:1].islower():
                segments.append([])
        for seg in segments:
            if any(p.restorable and len(p.ids) > 1 for p in seg):
                choice = viterbi([(p.ids, p.costs) for p in seg], self.forward,
                                 self.backward, self.backward_weight)
                for p, k in zip(seg, choice, strict=True):
                    if p.restorable:
                        self._apply(split, p, int(p.ids[k]))
        changed = 0
        out = []
        for line, parts in zip(lines, split, strict=True):
            new = "".join(parts)
            out.append(new)
            if new != line:
                changed += sum(a != b for a, b in zip(line.split(), new.split(), strict=False))
                changed += abs(len(line.split()) - len(new.split()))
        return out, changed

    def restore_line(self, text: str, confidences: Sequence[float] | None = None,
                     ) -> tuple[str, int]:
        """Restore one line; ``confidences`` are per-whitespace-token OCR confidences
        (0–100): a confident valid token changes only when the LM strongly prefers another."""
        lines, changed = self.restore_lines([text], [confidences] if confidences else None)
        return lines[0], changed

    # -- helpers ------------------------------------------------------------------------
    def _split_merged(self, parts: list[str]) -> list[str]:
        """"ngay26" → "ngay 26" when the letter run can be a syllable (OCR merged tokens)."""
        out = []
        for part in parts:
            m = _MERGED.fullmatch(part)
            if m and skeleton(m.group(1)) in self.channel.by_skeleton:
                out.extend((m.group(1), " ", m.group(2)))
            else:
                out.append(part)
        return out

    def _apply(self, split: list[list[str]], p: _Piece, word_id: int) -> None:
        part = split[p.line][p.part]
        old = part[p.start:p.end]
        new = apply_case(self.vocab[word_id], p.case)
        if new != old:
            if len(new) != len(old):  # keep later piece offsets valid
                raise ValueError("restored syllable must keep the token length")
            split[p.line][p.part] = part[:p.start] + new + part[p.end:]


@lru_cache(maxsize=1)
def get_restorer() -> Restorer:
    """The shared restorer built from the committed artefacts in ``models/``."""
    return Restorer(models_dir())
