"""The restorer: candidates from the channel, scored by both language models, decoded
exactly (see the package docstring)."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import regex

from . import lm
from .channel import Channel, LearntChannel
from .decoder import PairBonus, viterbi
from .lm import BOS, EOS, SPECIALS, UNK, NgramLM
from .syllables import (
    apply_case,
    case_pattern,
    has_marks,
    has_syllable_shape,
    is_structural_syllable,
    retone,
    skeleton,
)

_SPLIT = regex.compile(r"(\s+)")
_MERGED = regex.compile(r"(\p{Ll}\p{L}*|\p{Lu}\p{Ll}+)(\p{N}+)")  # "ngay26", "Ngay26"
_LETTERS = regex.compile(r"\p{L}+")
_WORDS2 = regex.compile(r"\p{L}{2,}")
_CODE_CHARS = regex.compile(r"[/&_@]")
_FINAL_FRAGMENT = regex.compile(r"c|ch|m|n|ng|nh|p|t")
# letters, or word endings, that Vietnamese never has ("gov", "docx", "New")
_FOREIGN = regex.compile(r"[fjwz]|(?<!n)g$|(?<![cn])h$|[bdlqrsvx]$|(?<!a)k$")
_ADDRESS = regex.compile(r"\p{Ll}\.\p{Ll}|\p{L}[_@]\p{L}|://|^www\.")
# A token of letters mixed with what OCR prints for letters: digits, ¢ © € &, and inside a
# word @ ’ ' # ? (Latin OCR: "nu@c" nước, "dug’c" được, "cht#c" chức).
_OCR_WORD = regex.compile(r"([^\p{L}\p{N}¢©€&]*)([\p{L}\p{N}¢©€&](?:[\p{L}\p{N}¢©€&@’'#?]*"
                          r"[\p{L}\p{N}¢©€&])?)([^\p{L}\p{N}¢©€&]*)")
_INNER_SYMBOL = regex.compile(r"[@’'#?]")
_SENTENCE_BREAK = [(np.array([i], np.int64), np.zeros(1, np.float32))
                   for i in (EOS, EOS, BOS, BOS)]
_ZERO_COST = np.zeros(1, np.float32)
_NO_CANDIDATES = (np.empty(0, np.int64), np.empty(0, np.float32))
_OCR_TOKENS = regex.compile(r"[\p{L}\p{N}&¢©€]+")
_ROMAN = frozenset("IVXLCDM")
_SMALL_ROMAN = regex.compile(r"i{2,3}|iv|ix|vi{2,3}|xi{2,3}")  # list items "(ii)", "iv)"
# Share of word-like tokens with no syllable skeleton above which a document is taken for
# Latin-OCR output (measured: ≥ 0.17 there, ≤ 0.07 in ocr_samples and clean letters).
LATIN_OCR_DOCUMENT = 0.10
LATIN_OCR_MIN_WORDS = 3  # a short line with one foreign word is no evidence
TOKEN_CACHE = 200_000  # whitespace tokens whose pieces are remembered
WRAPPED_LINE_WORDS = 8  # shorter lines are headings or fields, not wrapped body text
# Single capital letters that are words (Ở, Á, Ý …) rather than Roman numerals or initials.
_CAPITAL_VOWEL_WORDS = frozenset("AOUEY")
_END_OF_SENTENCE = (".", ";", ":", "!", "?")
# Share of marked words below which a document counts as stripped, and above which as
# normally marked; in between the cost of adding marks grows linearly.
STRIPPED_DOCUMENT = 0.25
MARKED_DOCUMENT = 0.55
# Cost of reading an unmarked token as a marked one inside normally marked text.
UNMARKED_IN_MARKED_TEXT = 3.0
# Cost of leaving a structurally valid but unknown word as it is (unknown words pay
# ChannelCosts.keep_unknown).
KEEP_STRUCTURAL = 6.0
# Candidates kept per token (by channel cost minus a share of the unigram log-probability).
MAX_CANDIDATES = 16
PRIOR_WEIGHT = 0.5
# Log-score bonus for two adjacent syllables that form (part of) a dictionary word.
PAIR_BONUS = 1.0
# Log-score bonus for two adjacent Title-case words that the corpus writes as a name
# (scaled by log10 of how often, full from 1,000 times).
NAME_BONUS = 4.0
# OCR confidence (0–100) from which a token's change costs start to grow.
CONFIDENT = 80.0
# Learnt channel (Latin-OCR documents): readings within this many nats are candidates, and
# their cost is scaled by this weight against the language model.
LEARNT_BUDGET = 10.0
LEARNT_WEIGHT = 1.0
# Slots decoded in one lattice: a document is cut at sentence breaks into chunks of about
# this size, which gives the same result as one lattice with bounded memory.
CHUNK_SLOTS = 2_000


class _Mode(NamedTuple):
    """Document-level damage estimate that sets the channel's behaviour."""

    unmarked_cost: float
    latin_ocr: bool


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
    """Restores marks on stripped or OCR-damaged Vietnamese; a document (list of lines) is
    decoded as one lattice so that sentences running over line breaks keep their context
    and the damage estimate (stripped / marked / Latin-OCR) is made per document."""

    def __init__(self, model_dir: Path, backward_weight: float = 0.5) -> None:
        vocab = (model_dir / lm.VOCAB_FILE).read_text("utf-8").splitlines()
        self.vocab = vocab
        self.index = {w: i for i, w in enumerate(vocab)}
        self.forward = NgramLM.load(model_dir / lm.LM_FORWARD)
        self.backward = NgramLM.load(model_dir / lm.LM_BACKWARD)
        self.backward_weight = backward_weight
        self.pairs = np.load(model_dir / lm.LEXICON_PAIRS)
        with np.load(model_dir / lm.NAME_PAIRS) as z:
            self.names = z["keys"]
            self.name_strength = np.minimum(z["log10_count"].astype(np.float32) / 3, 1.0)
        self.pair_bonus = PAIR_BONUS
        self.name_bonus = NAME_BONUS
        self.channel = Channel(vocab, len(SPECIALS))
        emissions = json.loads((model_dir / lm.CHANNEL_FILE).read_text("utf-8"))
        self.latin = LearntChannel(emissions["eng"], vocab, len(SPECIALS))
        # the first search loads (or compiles) the numba kernel: do it here, not in a document
        self._decode([(np.array([BOS, EOS]), np.zeros(2, np.float32))] * 2, np.zeros(2, bool))
        self._cache: dict[tuple[str, float, float], list[tuple]] = {}

    # -- tokenisation -------------------------------------------------------------------
    def _fixed_id(self, tok: str) -> int:
        if tok[0].isdigit():
            return lm.NUM
        if tok[0].isalpha():
            return lm.ABBR if lm.is_abbreviation(tok) else self.index.get(retone(tok.lower()), UNK)
        return self.index[tok] if tok in lm.PUNCT else self.index["<p>"]

    def _pieces(self, li: int, parts: list[str], mode: _Mode,
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
            key = (part, mode, scale)
            templates = self._cache.get(key)
            if templates is None:
                templates = self._token_pieces(part, mode, scale)
                if len(self._cache) < TOKEN_CACHE:
                    self._cache[key] = templates
            out += [_Piece(li, pi, *t) for t in templates]
        return out

    def _token_pieces(self, part: str, mode: _Mode, scale: float) -> list[tuple]:
        """Pieces of one whitespace token, without their position (cached per token)."""
        ocr_word = _OCR_WORD.fullmatch(part)
        if ocr_word and self._is_ocr_word(ocr_word.group(2), mode.latin_ocr):
            core = ocr_word.group(2)
            if mode.latin_ocr:
                ids, costs = self._learnt(core, case_pattern(core), scale)
            else:
                ids, costs = self._with_keep(*self.channel.ocr_candidates(core.lower()), core)
            if len(ids):
                return [(ocr_word.start(2), ocr_word.end(2), ids, costs, True,
                         case_pattern(core))]
        out = []
        letter_runs = len(_LETTERS.findall(part))
        for m in lm.LM_TOKEN.finditer(part):
            tok = m.group()
            if tok[0].isalpha() and self._restorable(tok, part, m.start(), m.end(),
                                                     letter_runs, mode.latin_ocr):
                case = case_pattern(tok)
                case = "lower" if case == "mixed" else case  # "dAu": capitals misread
                ids, costs = self._candidates(tok, case, mode, scale)
                if len(ids):
                    out.append((m.start(), m.end(), ids, costs, True, case))
                    continue
            out.append((m.start(), m.end(), np.array([self._fixed_id(tok)], np.int64),
                         _ZERO_COST, False, "lower"))
        return out

    @staticmethod
    def _restorable(tok: str, part: str, start: int, end: int, letter_runs: int,
                    latin_ocr: bool) -> bool:
        """Whether a letter run is a word to restore rather than part of a code, a number
        ("18h00", "15/QD-UBND", "TP.HCM"), an abbreviation or a Roman numeral; a small
        word after a slash is a unit ("0,55%/tháng")."""
        case = case_pattern(tok)
        if case == "mixed":  # "TTg", "iPhone"; in Latin-OCR output also "dAu" (đầu)
            return latin_ocr and tok[0].islower() and has_syllable_shape(tok)
        if _SMALL_ROMAN.fullmatch(tok):
            return False
        if tok.isupper() and len(tok) == 1:  # Latin OCR drops whole vowels: "B" for "Bộ"
            return tok in _CAPITAL_VOWEL_WORDS or (latin_ocr and tok not in _ROMAN)
        if case == "upper" and (letter_runs > 1 or _CODE_CHARS.search(part)
                                or any(ch.isdigit() for ch in part)):
            return False
        if _ADDRESS.search(part):  # file names, web and mail addresses: "phu-luc.docx"
            return False
        before = part[start - 1] if start else " "
        after = part[end] if end < len(part) else " "
        unit = before == "/" and case == "lower" and len(tok) > 1  # "6,6%/năm", "5 lần/ngày"
        return not (before.isdigit() or after.isdigit()
                    or (any(ch.isdigit() for ch in part) and "/" in (before, after)
                        and not unit))

    def _candidates(self, tok: str, case: str, mode: _Mode,
                    scale: float) -> tuple[np.ndarray, np.ndarray]:
        low = tok.lower()
        abbreviation = case == "upper" and not has_syllable_shape(low)  # UBND, not VIET
        if mode.latin_ocr:  # "bé", "vé", "Pang" stand for "bộ", "về", "Đảng" there
            if abbreviation and len(low) > 1:
                return _NO_CANDIDATES
            return self._learnt(tok, case, scale)
        ids, costs = self.channel.candidates(low, mode.unmarked_cost, scale)
        # known words, and unmarked words that stripping explains, need no OCR readings
        known = retone(low) in self.index
        if known or (len(ids) and low == skeleton(low)):
            return self._prune(ids, costs)
        if abbreviation:
            return ids, costs  # no OCR readings for abbreviations
        if (mode.unmarked_cost > 0 and low == skeleton(low)
                and (case != "lower" or _FOREIGN.search(low))):
            return ids, costs  # foreign word or name in marked text: "Vina", "Stt", "gov"
        o_ids, o_costs = self.channel.ocr_candidates(low)
        ids, costs = np.concatenate([ids, o_ids]), np.concatenate([costs, o_costs])
        if known or (len(ids) and low == skeleton(low)):
            return self._prune(ids, costs)
        return self._with_keep(ids, costs, tok)

    def _learnt(self, tok: str, case: str, scale: float) -> tuple[np.ndarray, np.ndarray]:
        """Candidates of a token of Latin-OCR output under the learnt ``eng`` channel; an
        unknown token may also stay as printed."""
        ids, costs = self.latin.candidates(tok, case, LEARNT_BUDGET)
        costs *= LEARNT_WEIGHT * scale
        if retone(tok.lower()) in self.index:
            return self._prune(ids, costs)
        return self._with_keep(ids, costs, tok)

    def _with_keep(self, ids: np.ndarray, costs: np.ndarray,
                   tok: str) -> tuple[np.ndarray, np.ndarray]:
        """Add the option of leaving an unknown token as it is, then keep the best few."""
        if len(ids) == 0:
            return ids, costs
        keep = (KEEP_STRUCTURAL if is_structural_syllable(tok) or len(tok) == 1
                else self.channel.costs.keep_unknown)
        ids, costs = self._prune(ids, costs)
        return (np.concatenate([ids, np.array([UNK], np.int64)]),
                np.concatenate([costs, np.array([keep], np.float32)]))

    def _prune(self, ids: np.ndarray, costs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Keep the MAX_CANDIDATES best by channel cost minus unigram log-probability: the
        lattice size (and decoding time) grows with the cube of this number."""
        if len(ids) <= MAX_CANDIDATES:
            return ids, costs
        order = np.argsort(costs - PRIOR_WEIGHT * self.forward.lp1[ids], kind="stable")
        keep = order[:MAX_CANDIDATES]
        return ids[keep], costs[keep]

    @staticmethod
    def _is_ocr_word(core: str, latin_ocr: bool) -> bool:
        """Letters mixed with digits or symbols that OCR puts for letters ("1anh", "x3",
        "hi¢n", in Latin-OCR output "nu@c"), but not codes such as "QH15", "H5N1" or "C3"
        (in Latin-OCR output a single capital with a digit, "B6", is a word: "Bộ")."""
        letters = [c for c in core if c.isalpha()]
        if not letters or len(core) > 8 or not any(not c.isalpha() for c in core):
            return False
        if _INNER_SYMBOL.search(core) and not latin_ocr:
            return False  # "it's", "a@b" in ordinary text
        if all(c.isupper() for c in letters) and not (latin_ocr and len(letters) == 1):
            return False
        return not any(c.isdigit() and c not in "013456" for c in core)

    def _mode(self, lines: Sequence[str]) -> _Mode:
        """How this document was damaged: stripped, normally marked, or Latin-OCR output
        (many words whose skeleton is no syllable at all, "cdc", "ctia", or whose marks are
        impossible, "hién", "Quyét")."""
        text = "\n".join(lines)  # one pass; tokens never span lines, distinct words once
        words = junk = 0
        for w, count in Counter(_OCR_TOKENS.findall(text)).items():
            if len(w) > 1 and not w.isupper() and any(c.isalpha() for c in w):
                words += count
                if (skeleton(w) not in self.channel.by_skeleton
                        or (has_marks(w) and not is_structural_syllable(w))):
                    junk += count
        latin = junk >= LATIN_OCR_MIN_WORDS and junk > LATIN_OCR_DOCUMENT * words
        return _Mode(self._unmarked_cost(text), latin)

    @staticmethod
    def _unmarked_cost(text: str) -> float:
        """Cost of marking an unmarked word, from how often this document's words carry
        marks: ~75 % in normal text, none in stripped text, a few in Latin-OCR output."""
        words = Counter(_WORDS2.findall(text))
        if not words:
            return 0.0
        marked = sum(c for w, c in words.items() if has_marks(w)) / sum(words.values())
        share = (marked - STRIPPED_DOCUMENT) / (MARKED_DOCUMENT - STRIPPED_DOCUMENT)
        return UNMARKED_IN_MARKED_TEXT * min(max(share, 0.0), 1.0)

    # -- public API ---------------------------------------------------------------------
    def restore_lines(self, lines: Sequence[str],
                      confidences: Sequence[Sequence[float] | None] | None = None,
                      ) -> tuple[list[str], int]:
        """Restore a document; a line that does not end a sentence is decoded together with
        the next one. ``confidences``: optional per-line lists of per-token OCR confidences
        (as for :meth:`restore_line`). Returns (lines, number of whitespace tokens changed);
        the number of lines never changes."""
        lines = [unicodedata.normalize("NFC", ln) for ln in lines]
        mode = self._mode(lines)
        split = [self._split_merged(_SPLIT.split(ln)) for ln in lines]
        if mode.latin_ocr:
            split = [_join_split_finals(parts) for parts in split]
        edits: list[tuple[_Piece, int]] = []
        chunk: list[list[_Piece]] = []
        segment: list[_Piece] = []
        size = 0
        for li, parts in enumerate(split):
            conf = confidences[li] if confidences is not None and li < len(confidences) else None
            segment.extend(self._pieces(li, parts, mode, conf))
            nxt = lines[li + 1] if li + 1 < len(lines) else ""
            if _continues(lines[li], nxt) and len(segment) < CHUNK_SLOTS:
                continue  # (a run-on "sentence" is cut at a line break past CHUNK_SLOTS)
            if any(p.restorable and len(p.ids) > 1 for p in segment):
                chunk.append(segment)
                size += len(segment)
                if size >= CHUNK_SLOTS:
                    edits += self._decode_segments(chunk)
                    chunk, size = [], 0
            segment = []
        edits += self._decode_segments(chunk)
        for p, word_id in sorted(edits, key=lambda e: (e[0].line, e[0].part, -e[0].start)):
            self._apply(split, p, word_id)
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
    def _decode_segments(self, segments: list[list[_Piece]]) -> list[tuple[_Piece, int]]:
        """(piece, chosen word id) for every restorable piece whose choice is a word.
        The segments form one lattice, joined by </s> </s> <s> <s>, whose windows score the
        same for every path: this equals decoding each segment apart."""
        slots: list[tuple[np.ndarray, np.ndarray]] = []
        pieces: list[_Piece | None] = []
        for seg in segments:
            if slots:
                slots += _SENTENCE_BREAK
                pieces += [None] * len(_SENTENCE_BREAK)
            slots += [(p.ids, p.costs) for p in seg]
            pieces += seg
        titles = np.array([p is not None and p.restorable and p.case == "title"
                           for p in pieces], dtype=bool)
        choice = self._decode(slots, titles)
        return [(p, int(p.ids[k])) for p, k in zip(pieces, choice, strict=True)
                if p is not None and p.restorable and p.ids[k] != UNK]

    def _decode(self, slots: list[tuple[np.ndarray, np.ndarray]], titles: np.ndarray,
                ) -> list[int]:
        return viterbi(slots, self.forward, self.backward, self.backward_weight,
                       (PairBonus(self.pairs, self.pair_bonus),
                        PairBonus(self.names, self.name_bonus, titles, self.name_strength)))

    def _split_merged(self, parts: list[str]) -> list[str]:
        """"ngay26" → "ngay 26" when the letter run can be a syllable (OCR merged tokens)."""
        out = []
        for part in parts:
            m = _MERGED.fullmatch(part) if part[-1:].isdigit() else None
            # "bả0" is one word misread ("bảo"); "ngay26" is two words run together
            misread = len(m.group(2)) == 1 and len(self.channel.ocr_candidates(
                part.lower())[0]) > 0 if m else False
            if m and not misread and skeleton(m.group(1)) in self.channel.by_skeleton:
                out.extend((m.group(1), " ", m.group(2)))
            else:
                out.append(part)
        return out

    def _apply(self, split: list[list[str]], p: _Piece, word_id: int) -> None:
        part = split[p.line][p.part]
        new = apply_case(self.vocab[word_id], p.case)
        if retone(part[p.start:p.end], "new") == new:
            return  # the same syllable with its tone placed the old way: keep it as printed
        split[p.line][p.part] = part[:p.start] + new + part[p.end:]


def _join_split_finals(parts: list[str]) -> list[str]:
    """Latin OCR sometimes cuts a word before its final consonants ("nu c" for nước,
    "hu ng" for hướng): a lone final (c, ch, m, n, ng, nh, p, t) after a word that ends in a
    vowel is joined to it when together they have a syllable's shape."""
    out: list[str] = []
    for part in parts:
        if (_FINAL_FRAGMENT.fullmatch(part) and len(out) >= 2 and out[-1].isspace()
                and out[-2].isalpha() and skeleton(out[-2][-1]) in "aeiouy"
                and has_syllable_shape(out[-2] + part)):
            out.pop()
            out[-1] += part
        else:
            out.append(part)
    return out


def _continues(line: str, nxt: str) -> bool:
    """Whether one sentence or name runs over these two lines: a full-width line that
    does not end a sentence followed by one that starts with a word ("… thị xã Đức" /
    "Phổ, tỉnh …"), neither an all-capitals heading; or two all-capitals lines, as a
    wrapped body or title is printed ("THỦ TƯỚNG CHÍNH" / "PHỦ")."""
    line, nxt = line.strip(), nxt.strip()
    if not nxt or line.endswith(_END_OF_SENTENCE) or not nxt[0].isalpha():
        return False
    if _is_heading(line) and _is_heading(nxt):
        return True
    if len(line.split()) < WRAPPED_LINE_WORDS:
        return False
    return not (_is_heading(line) or _is_heading(nxt))


def _is_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)
