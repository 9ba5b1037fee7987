"""Confusion channel: which vocabulary syllables an observed token may stand for, and at
what cost (negative log-probability, in nats).

``Channel`` serves stripped text and text with marks (the pipeline's own Tesseract ``vie``
output): lost or wrong diacritics (the skeleton is kept) at set costs, and a few OCR
character confusions that change the skeleton (``1``→``l``, ``rn``→``m``) for tokens that
are no word. ``LearntChannel`` serves Latin-only OCR output, where nearly every word is
damaged: per-character emissions learnt from real OCR of typeset text
(``channel_learn``), searched over the whole syllable inventory.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .syllables import TONE_OF_MARK, skeleton


def mark_signature(syllable: str) -> tuple[int, frozenset[tuple[str, str]], bool]:
    """(tone id, vowel modifiers as (base letter, mark) pairs, has đ) of a lower-case word."""
    tone = 0
    mods: set[tuple[str, str]] = set()
    base = ""
    for ch in unicodedata.normalize("NFD", syllable):
        if not unicodedata.combining(ch):
            base = ch
            continue
        t = TONE_OF_MARK.get(ch)
        if t is None:
            mods.add((base, ch))
        else:
            tone = t
    return tone, frozenset(mods), "đ" in syllable


Rules = dict[str, tuple[tuple[str, float], ...]]
CONFUSIONS_FILE = Path(__file__).resolve().parents[1] / "data" / "restore" / "ocr_confusions.tsv"


def _load_confusions(path: Path) -> dict[str, Rules]:
    """OCR confusions that change the skeleton (observed substring → (skeleton reading,
    cost)) by where they apply: ``any``, ``inner`` (inside a word only) or ``initial``. A
    data table, not code: it grows with every OCR style we meet."""
    tables: dict[str, dict[str, list[tuple[str, float]]]] = {}
    rows = (ln.split("\t") for ln in path.read_text("utf-8").splitlines() if ln[:1] != "#")
    next(rows)  # header
    for where, observed, reading, cost in rows:
        tables.setdefault(where, {}).setdefault(observed, []).append((reading, float(cost)))
    return {w: {k: tuple(v) for k, v in t.items()} for w, t in tables.items()}


_CONFUSIONS = _load_confusions(CONFUSIONS_FILE)
OCR_RULES: Rules = _CONFUSIONS["any"]
OCR_INNER_RULES: Rules = _CONFUSIONS["inner"]
OCR_INITIAL_RULES: Rules = _CONFUSIONS["initial"]
MAX_RULES = 2  # rule applications per token
EDIT_COST = 3.5  # one free insertion/deletion/substitution on the skeleton (invalid tokens)


def _readings(observed: str) -> dict[str, float]:
    """Skeleton readings of an observed token under OCR_RULES, with their cheapest cost."""
    out: dict[str, float] = {}

    def walk(i: int, acc: str, cost: float, used: int) -> None:
        if i == len(observed):
            if cost < out.get(acc, 1e9):
                out[acc] = cost
            return
        ch = observed[i]
        if ch.isalpha():
            walk(i + 1, acc + skeleton(ch), cost, used)
        if used >= MAX_RULES:
            return
        rules = OCR_INITIAL_RULES if i == 0 else OCR_INNER_RULES
        for table in (rules, OCR_RULES):
            for pat, options in table.items():
                if observed.startswith(pat, i):
                    for rep, c in options:
                        walk(i + len(pat), acc + rep, cost + c, used + 1)

    walk(0, "", 0.0, 0)
    return out


@dataclass(frozen=True)
class ChannelCosts:
    """Costs in nats; the defaults were chosen on the tuning split (models/README.md)."""

    unmarked: float = 0.0  # observed token has no marks at all (stripped text)
    tone: float = 5.0  # observed tone differs
    modifier: float = 4.0  # one vowel modifier (mũ/trăng/móc) differs
    stroke: float = 3.0  # đ vs d differs
    keep_unknown: float = 9.0  # keeping a token that is no known syllable (names, foreign words)
    ocr_marks: float = 0.3  # mark costs are scaled by this once the skeleton was changed


@dataclass
class Channel:
    """Candidate generator over a fixed vocabulary (ids index into ``vocab``)."""

    vocab: list[str]
    first_syllable: int
    costs: ChannelCosts = field(default_factory=ChannelCosts)

    def __post_init__(self) -> None:
        by_skeleton: dict[str, list[int]] = {}
        for i in range(self.first_syllable, len(self.vocab)):
            by_skeleton.setdefault(skeleton(self.vocab[i]), []).append(i)
        self.by_skeleton = {k: np.array(v, dtype=np.int64) for k, v in by_skeleton.items()}
        self.index = {w: i for i, w in enumerate(self.vocab)}
        self.signatures = [mark_signature(w) for w in self.vocab]
        deletes: dict[str, set[str]] = {}
        for sk in self.by_skeleton:
            for k in range(len(sk)):
                deletes.setdefault(sk[:k] + sk[k + 1:], set()).add(sk)
        self.deletes = deletes

    def _near(self, sk: str) -> set[str]:
        """Known skeletons one edit away from ``sk`` (symmetric-delete lookup)."""
        found = set(self.deletes.get(sk, ()))
        for k in range(len(sk)):
            d = sk[:k] + sk[k + 1:]
            if d in self.by_skeleton:
                found.add(d)
            found |= self.deletes.get(d, set())
        found.discard(sk)
        return found

    def _mark_cost(self, observed_sig: tuple[int, frozenset[tuple[int, str]], bool],
                   word_id: int) -> float:
        tone, mods, stroke = observed_sig
        t2, m2, s2 = self.signatures[word_id]
        c = self.costs
        return c.tone * (t2 != tone) + c.modifier * len(mods ^ m2) + c.stroke * (s2 != stroke)

    def ocr_candidates(self, observed: str) -> tuple[np.ndarray, np.ndarray]:
        """Candidates whose skeleton differs from the observed one: OCR rule readings, and
        one free edit for tokens that match nothing. Costs include a scaled mark cost."""
        obs_sk = skeleton(observed)
        sig = mark_signature(observed)
        unmarked = observed == obs_sk
        best: dict[int, float] = {}

        def add(sk: str, base: float) -> None:
            for i in self.by_skeleton.get(sk, ()):
                # a changed skeleton garbles modifiers; only a printed tone still counts
                mark = 0.0 if unmarked or sig[0] == 0 else (
                    self.costs.ocr_marks * self.costs.tone * (self.signatures[i][0] != sig[0]))
                cost = base + mark
                if cost < best.get(int(i), 1e9):
                    best[int(i)] = cost

        readings = _readings(observed)
        for sk, cost in readings.items():
            if sk != obs_sk and cost > 0:
                add(sk, cost)
        # one free edit only for words with a vowel: "Th", "Stt", "3b" are abbreviations
        if (not best and obs_sk not in self.by_skeleton and len(obs_sk) > 1
                and any(ch in "aeiouy" for ch in obs_sk)):
            for sk in self._near(obs_sk):
                add(sk, EDIT_COST)
        if not best:
            return np.empty(0, np.int64), np.empty(0, np.float32)
        ids = np.fromiter(best, dtype=np.int64, count=len(best))
        return ids, np.fromiter(best.values(), dtype=np.float32, count=len(best))

    def candidates(self, observed: str, unmarked_cost: float | None = None,
                   scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
        """(vocabulary ids, costs) for a lower-case NFC observed token; empty if none."""
        ids = self.by_skeleton.get(skeleton(observed))
        if ids is None:
            return np.empty(0, np.int64), np.empty(0, np.float32)
        c = self.costs
        own = self.index.get(observed, -1)
        if observed == skeleton(observed):
            base = c.unmarked if unmarked_cost is None else unmarked_cost
            costs = np.full(len(ids), base * scale, dtype=np.float32)
            costs[ids == own] = 0.0
            return ids, costs
        sig = mark_signature(observed)
        # an unknown marked token is OCR damage: its marks are weak evidence
        weight = scale if own >= 0 else c.ocr_marks
        costs = np.empty(len(ids), dtype=np.float32)
        for k, i in enumerate(ids):
            costs[k] = 0.0 if i == own else max(self._mark_cost(sig, int(i)) * weight, 0.3)
        return ids, costs


class LearntChannel:
    """Candidates for one OCR style under emissions learnt from real OCR
    (``channel_learn``): the cost of reading a vocabulary syllable as the observed token is
    the cheapest sum of its characters' emission costs. The search walks a trie of the
    vocabulary from the observed token's side (Dijkstra over (observed position, trie
    node)), so only emissions that the token actually shows are tried and any syllable
    within ``budget`` nats is found, not only those with the same skeleton."""

    def __init__(self, emissions: dict[str, dict[str, float]], vocab: list[str],
                 first_syllable: int, max_deletions: int = 1) -> None:
        self.inverse: dict[str, list[tuple[str, float]]] = {}
        self.deletions: list[tuple[str, float]] = []
        for printed, table in emissions.items():
            for observed, cost in table.items():
                if observed:
                    self.inverse.setdefault(observed, []).append((printed, cost))
                else:
                    self.deletions.append((printed, cost))
        self.max_emit = max((len(o) for o in self.inverse), default=1)
        self.max_deletions = max_deletions
        self.children: list[dict[str, int]] = [{}]
        self.word: list[int] = [-1]
        self.depth: list[int] = [0]
        for i in range(first_syllable, len(vocab)):
            node = 0
            for ch in vocab[i]:
                nxt = self.children[node].get(ch)
                if nxt is None:
                    nxt = self.children[node][ch] = len(self.children)
                    self.children.append({})
                    self.word.append(-1)
                    self.depth.append(self.depth[node] + 1)
                node = nxt
            self.word[node] = i

    def candidates(self, observed: str, case: str, budget: float,
                   limit: int = 64) -> tuple[np.ndarray, np.ndarray]:
        """(vocabulary ids, costs) of the syllables that ``observed`` (as printed, case
        kept) can be a reading of, cheapest first, within ``budget`` nats; ``case`` is
        the token's case pattern (``syllables.case_pattern``), which says which printed
        letters were capitals."""
        import heapq

        m = len(observed)
        heap: list[tuple[float, int, int, int]] = [(0.0, 0, 0, 0)]
        settled: set[tuple[int, int, int]] = set()
        found: dict[int, float] = {}
        while heap and len(found) < limit:
            cost, j, node, dels = heapq.heappop(heap)
            if cost > budget:
                break
            if (j, node, dels) in settled:
                continue
            settled.add((j, node, dels))
            if j == m and self.word[node] >= 0 and self.word[node] not in found:
                found[self.word[node]] = cost
            kids = self.children[node]
            capital = case == "upper" or (case == "title" and self.depth[node] == 0)
            moves = [(j + k, self.inverse.get(observed[j:j + k], ()))
                     for k in range(1, min(self.max_emit, m - j) + 1)]
            if dels < self.max_deletions:
                moves.append((j, self.deletions))
            for j2, options in moves:
                for printed, c in options:
                    if printed.isupper() != capital and printed.lower() != printed.upper():
                        continue
                    child = kids.get(printed.lower())
                    if child is not None and cost + c <= budget:
                        heapq.heappush(heap, (cost + c, j2, child, dels + (j2 == j)))
        ids = np.fromiter(found, dtype=np.int64, count=len(found))
        return ids, np.fromiter(found.values(), dtype=np.float32, count=len(found))
