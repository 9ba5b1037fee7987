"""Syllable n-gram language model: modified Kneser-Ney trigram, built with numpy on integer
ids and stored as sorted key arrays (backoff form, like ARPA) for vectorised look-ups."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import regex

from .syllables import has_syllable_shape

# Artefact file names in models/.
VOCAB_FILE = "restore_vocab.txt"
LM_FORWARD = "restore_lm_fwd.npz"
LM_BACKWARD = "restore_lm_bwd.npz"
LEXICON_PAIRS = "restore_lexicon_pairs.npy"
NAME_PAIRS = "restore_name_pairs.npz"
CHANNEL_FILE = "restore_channel.json"

UNK, BOS, EOS, NUM = 0, 1, 2, 3
PUNCT = (",", ".", ";", ":", "(", ")", "-", "/", '"', "<p>")
# <abbr>: capitals that are no syllable (UBND, VHTTDL, TTg), which follow "Sở", "Ủy ban",
# "số" … in their own way, unlike other unknown words.
SPECIALS = ("<unk>", "<s>", "</s>", "<num>", *PUNCT, "<abbr>")
ABBR = len(SPECIALS) - 1
BITS = 20  # ids < 2**20
MASK = (1 << BITS) - 1
# How a line is cut into LM tokens: letter runs, digit runs, single other characters.
LM_TOKEN = regex.compile(r"\p{L}+|\p{N}+|[^\s\p{L}\p{N}]")


def is_abbreviation(token: str) -> bool:
    """A letter run with two or more capitals that cannot be a syllable: UBND, HĐND, TTg
    (stripped "VIET" can)."""
    return sum(c.isupper() for c in token) >= 2 and not has_syllable_shape(token)


@dataclass(frozen=True)
class NgramLM:
    """Backoff representation of an interpolated modified-KN trigram (natural logs)."""

    lp1: np.ndarray  # float32[V]
    bow1: np.ndarray  # float32[V]
    keys2: np.ndarray  # int64 sorted, (w1 << BITS) | w2
    lp2: np.ndarray  # float32
    bow2: np.ndarray  # float32
    keys3: np.ndarray  # int64 sorted, (w1 << 2*BITS) | (w2 << BITS) | w3
    lp3: np.ndarray  # float32

    @cached_property
    def word_starts(self) -> np.ndarray:
        """Where the bigrams of each first word begin in keys2."""
        return np.searchsorted(self.keys2, np.arange(len(self.lp1) + 1) << BITS)

    @cached_property
    def context_starts(self) -> np.ndarray:
        """Where the trigrams of bigram context keys2[i] begin in keys3 (every trigram
        context is in keys2): a trigram is then searched among its context's few."""
        return np.searchsorted(self.keys3, np.append(self.keys2, self.keys2[-1] + 1) << BITS)

    def logprob(self, w1: np.ndarray, w2: np.ndarray, w3: np.ndarray) -> np.ndarray:
        """log P(w3 | w1 w2) for aligned id arrays."""
        w1 = w1.astype(np.int64)
        w2 = w2.astype(np.int64)
        w3 = w3.astype(np.int64)
        k3 = (w1 << (2 * BITS)) | (w2 << BITS) | w3
        i3 = np.searchsorted(self.keys3, k3)
        i3c = np.minimum(i3, len(self.keys3) - 1)
        hit3 = self.keys3[i3c] == k3
        k23 = (w2 << BITS) | w3
        i2 = np.minimum(np.searchsorted(self.keys2, k23), len(self.keys2) - 1)
        hit2 = self.keys2[i2] == k23
        low = np.where(hit2, self.lp2[i2], self.bow1[w2] + self.lp1[w3])
        k12 = (w1 << BITS) | w2
        j2 = np.minimum(np.searchsorted(self.keys2, k12), len(self.keys2) - 1)
        ctx = np.where(self.keys2[j2] == k12, self.bow2[j2], 0.0)
        return np.where(hit3, self.lp3[i3c], ctx + low).astype(np.float32)

    def save(self, path: Path) -> None:
        """Compact binary: float16 scores, int64 keys (deflated npz)."""
        np.savez_compressed(
            path,
            lp1=self.lp1, bow1=self.bow1,
            keys2=self.keys2, lp2=self.lp2.astype(np.float16), bow2=self.bow2.astype(np.float16),
            keys3=self.keys3, lp3=self.lp3.astype(np.float16),
        )

    @classmethod
    def load(cls, path: Path) -> NgramLM:
        with np.load(path) as z:
            return cls(
                lp1=z["lp1"].astype(np.float32), bow1=z["bow1"].astype(np.float32),
                keys2=z["keys2"], lp2=z["lp2"].astype(np.float32),
                bow2=z["bow2"].astype(np.float32),
                keys3=z["keys3"], lp3=z["lp3"].astype(np.float32),
            )


def _discounts(counts: np.ndarray) -> np.ndarray:
    """Modified-KN discounts D1, D2, D3+ from counts-of-counts (Chen & Goodman)."""
    n = np.array([np.count_nonzero(counts == k) for k in (1, 2, 3, 4)], dtype=np.float64)
    y = n[0] / (n[0] + 2 * n[1])
    d = np.array([1 - 2 * y * n[1] / n[0], 2 - 3 * y * n[2] / n[1], 3 - 4 * y * n[3] / n[2]])
    return np.clip(d, 0.05, None)


def _discount_of(counts: np.ndarray, d: np.ndarray) -> np.ndarray:
    return np.where(counts >= 3, d[2], np.where(counts == 2, d[1], np.where(counts == 1, d[0], 0)))


def _context_stats(ctx: np.ndarray, counts: np.ndarray, d: np.ndarray) -> tuple[
        np.ndarray, np.ndarray, np.ndarray]:
    """For sorted context keys: unique contexts, their total count, and gamma numerators."""
    uctx, start = np.unique(ctx, return_index=True)
    total = np.add.reduceat(counts.astype(np.float64), start)
    disc = np.add.reduceat(_discount_of(counts, d), start)
    return uctx, total, disc


def train_kn(windows: np.ndarray, vocab_size: int, min_count3: int = 2) -> NgramLM:
    """Interpolated modified-KN trigram from an int64 array of packed trigram keys (one per
    token position), pruning trigrams seen fewer than ``min_count3`` times."""
    u3, c3 = np.unique(windows, return_counts=True)
    d3 = _discounts(c3)
    ctx3 = u3 >> BITS
    uctx3, tot3, disc3 = _context_stats(ctx3, c3, d3)
    # order 2 on continuation counts: distinct left extensions of each bigram
    suffix = u3 & ((1 << (2 * BITS)) - 1)
    u2, cc2 = np.unique(suffix, return_counts=True)
    d2 = _discounts(cc2)
    uctx2, tot2, disc2 = _context_stats(u2 >> BITS, cc2, d2)
    # order 1: distinct left extensions of each word
    cc1 = np.bincount((u2 & MASK).astype(np.int64), minlength=vocab_size).astype(np.float64)
    p1 = (cc1 + 0.5) / (cc1.sum() + 0.5 * vocab_size)
    gamma2 = np.ones(vocab_size)
    gamma2[uctx2] = disc2 / tot2
    tot2_full = np.ones(vocab_size)
    tot2_full[uctx2] = tot2
    # bigram table: every continuation bigram and every trigram context
    keys2 = np.union1d(u2, uctx3)
    cc2_full = np.zeros(len(keys2))
    cc2_full[np.searchsorted(keys2, u2)] = cc2
    w1b, w2b = keys2 >> BITS, keys2 & MASK
    p2 = (np.maximum(cc2_full - _discount_of(cc2_full, d2), 0) / tot2_full[w1b]
          + gamma2[w1b] * p1[w2b])
    bow2 = np.zeros(len(keys2))
    bow2[np.searchsorted(keys2, uctx3)] = np.log(disc3 / tot3)
    # trigram probabilities (kept ones only)
    keep = c3 >= min_count3
    k3, c3k = u3[keep], c3[keep].astype(np.float64)
    ctx_idx = np.searchsorted(uctx3, k3 >> BITS)
    low_idx = np.searchsorted(keys2, k3 & ((1 << (2 * BITS)) - 1))
    p3 = (np.maximum(c3k - _discount_of(c3k, d3), 0) / tot3[ctx_idx]
          + disc3[ctx_idx] / tot3[ctx_idx] * p2[low_idx])
    return NgramLM(
        lp1=np.log(p1).astype(np.float32), bow1=np.log(gamma2).astype(np.float32),
        keys2=keys2, lp2=np.log(p2).astype(np.float32), bow2=bow2.astype(np.float32),
        keys3=k3, lp3=np.log(p3).astype(np.float32),
    )


def pack_windows(ids: np.ndarray) -> np.ndarray:
    """Packed trigram keys of a padded id stream (<s> <s> w… </s> </s> per sentence, so that
    reversing it and swapping <s>/</s> gives the backward stream); windows that predict <s>
    or follow </s> are dropped."""
    ids = ids.astype(np.int64)
    w = (ids[:-2] << (2 * BITS)) | (ids[1:-1] << BITS) | ids[2:]
    return w[(ids[2:] != BOS) & (ids[1:-1] != EOS)]
