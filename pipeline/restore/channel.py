"""Confusion channel: which vocabulary syllables an observed token may stand for, and at
what cost (negative log-probability, in nats).

Two sources of damage are modelled: lost or wrong diacritics (the skeleton is kept), and
OCR character confusions that change the skeleton (``1``→``l``, ``rn``→``m``, ``P``→``Đ``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import numpy as np

from pipeline.restore.syllables import TONE_OF_MARK, skeleton


def mark_signature(syllable: str) -> tuple[int, frozenset[tuple[int, str]], bool]:
    """(tone id, vowel modifiers by letter position, has đ) of a lower-case syllable."""
    tone = 0
    mods: set[tuple[int, str]] = set()
    pos = -1
    for ch in unicodedata.normalize("NFD", syllable):
        if not unicodedata.combining(ch):
            pos += 1
            continue
        t = TONE_OF_MARK.get(ch)
        if t is None:
            mods.add((pos, ch))
        else:
            tone = t
    return tone, frozenset(mods), "đ" in syllable


@dataclass(frozen=True)
class ChannelCosts:
    """Costs in nats; the defaults were set on dev letters (see models/README.md)."""

    unmarked: float = 0.0  # observed token has no marks at all (stripped text)
    tone: float = 4.0  # observed tone differs
    modifier: float = 3.0  # one vowel modifier (mũ/trăng/móc) differs
    stroke: float = 3.0  # đ vs d differs
    invalid_bonus: float = 3.0  # subtracted from every change cost when the token is invalid


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
        self.by_skeleton = {k: np.array(v, dtype=np.int32) for k, v in by_skeleton.items()}
        self.index = {w: i for i, w in enumerate(self.vocab)}
        self.signatures = [mark_signature(w) for w in self.vocab]

    def candidates(self, observed: str, unmarked_cost: float | None = None,
                   scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
        """(vocabulary ids, costs) for a lower-case NFC observed token; empty if none."""
        ids = self.by_skeleton.get(skeleton(observed))
        if ids is None:
            return np.empty(0, np.int32), np.empty(0, np.float32)
        c = self.costs
        own = self.index.get(observed, -1)
        if observed == skeleton(observed):
            base = c.unmarked if unmarked_cost is None else unmarked_cost
            costs = np.full(len(ids), base * scale, dtype=np.float32)
            costs[ids == own] = 0.0
            return ids, costs
        tone, mods, stroke = mark_signature(observed)
        bonus = c.invalid_bonus if own < 0 else 0.0
        costs = np.empty(len(ids), dtype=np.float32)
        for k, i in enumerate(ids):
            if i == own:
                costs[k] = 0.0
                continue
            t2, m2, s2 = self.signatures[i]
            cost = (c.tone * (t2 != tone) + c.modifier * len(mods ^ m2)
                    + c.stroke * (s2 != stroke))
            costs[k] = max(cost * scale - bonus, 0.5)
        return ids, costs
