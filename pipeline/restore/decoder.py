"""Exact second-order Viterbi over a syllable lattice, scored by a forward and a backward
trigram LM (so that both left and right context weigh in) plus channel costs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from . import kernel
from .kernel import find, search
from .lm import BITS, BOS, EOS, NgramLM

_PAD_BOS = np.array([BOS], dtype=np.int64)
_PAD_EOS = np.array([EOS], dtype=np.int64)
_ZERO = np.zeros(1, dtype=np.float32)
_max = np.maximum.reduce
_NO_VALUES = np.zeros(0, dtype=np.float32)


def _swap_bounds(ids: np.ndarray) -> np.ndarray:
    """Backward-LM ids: <s> and </s> trade places when the stream is reversed."""
    out = ids.copy()
    out[ids == BOS] = EOS
    out[ids == EOS] = BOS
    return out


class PairBonus(NamedTuple):
    """Log-score bonus for adjacent candidates whose packed pair is in ``keys`` (sorted);
    ``slots`` (one flag per slot) limits it to pairs of flagged slots."""

    keys: np.ndarray
    weight: float
    slots: np.ndarray | None = None
    strength: np.ndarray | None = None  # per key, multiplies ``weight``


def _lookup(keys: np.ndarray, query: np.ndarray, shift: int = BITS,
            ) -> tuple[np.ndarray, np.ndarray]:
    """Position of each packed query in sorted ``keys`` (clipped) and whether it is there;
    ``shift`` unpacks a key's leading id (the compiled search looks only among keys that
    share it)."""
    if find is None or not len(query):
        i = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
        return i, keys[i] == query
    starts = np.searchsorted(keys, np.arange(int(query.max() >> shift) + 2) << shift)
    return find(keys, starts, shift, query)


def _pair_scores(lm: NgramLM, xs: np.ndarray, ys: np.ndarray, reverse: bool = False,
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For aligned ids (x, y) = (xs, ys), or for the backward LM (``reverse``) (swapped ys,
    swapped xs): log P(y | x) (bigram level), the backoff weight of context (x, y), which is
    0 exactly when (x, y) was never a trigram context, and the index of (x, y) in the
    bigram table (meaningful where that weight is not 0)."""
    if kernel.pair_scores is not None and find is not None:
        return kernel.pair_scores(reverse, xs, ys, lm.keys2, lm.word_starts, lm.lp2, lm.bow2,
                                  lm.bow1, lm.lp1, BITS, BOS, EOS)
    x, y = (_swap_bounds(ys), _swap_bounds(xs)) if reverse else (xs, ys)
    i, hit = _lookup(lm.keys2, (x << BITS) | y)
    low = np.where(hit, lm.lp2[i], lm.bow1[x] + lm.lp1[y])
    ctx = np.where(hit, lm.bow2[i], np.float32(0.0))
    return low.astype(np.float32), ctx.astype(np.float32), i


def _ragged(entries: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each entry repeated ``counts`` times, with a running index 0..count-1 inside it."""
    rep = np.repeat(entries, counts)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return rep, np.arange(len(rep)) - starts


def viterbi(
    slots: list[tuple[np.ndarray, np.ndarray]],
    forward: NgramLM,
    backward: NgramLM | None,
    backward_weight: float = 0.5,
    bonuses: Sequence[PairBonus] = (),
) -> list[int]:
    """Index of the chosen candidate in every slot (slot = (vocab ids, channel costs)).

    The sequence score is (1-b)·log P_fwd + b·log P_bwd − cost, plus each bonus's weight for
    every adjacent pair found in its list (dictionary words, proper names); every term
    factors into trigram windows, so the search over (previous, current) states is exact.
    A window's score is the backoff sum of two pair terms, computed once per
    adjacent pair, plus sparse corrections where the LM has the trigram; trigram look-ups
    are made only for contexts the LM has seen. Windows that involve the padding score the
    same for every path.
    """
    if not slots:
        return []
    cand = [_PAD_BOS, _PAD_BOS, *(s[0] for s in slots), _PAD_EOS, _PAD_EOS]
    n = len(cand)
    wf = 1.0 - backward_weight if backward is not None else 1.0
    wb = backward_weight if backward is not None else 0.0
    lens = np.array([len(c) for c in cand])
    offs = np.concatenate([[0], np.cumsum(lens)])
    flat = np.concatenate(cand).astype(np.int64)
    flat_cost = np.concatenate([_ZERO, _ZERO, *(s[1] for s in slots), _ZERO, _ZERO])
    # pair p covers positions (p, p+1); entry e = (x index, y index) in row-major order
    sizes = lens[:-1] * lens[1:]
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    pair_of = np.repeat(np.arange(n - 1), sizes)
    k = np.arange(bounds[-1]) - bounds[pair_of]
    ylen = lens[pair_of + 1]
    xi, yi = k // ylen, k % ylen
    xs, ys = flat[offs[pair_of] + xi], flat[offs[pair_of + 1] + yi]
    low_f, ctx_f, i_f = _pair_scores(forward, xs, ys)
    pair_keys = (xs << BITS) | ys
    left = wf * ctx_f  # pair as the (a, b) of a window
    right = wf * low_f - flat_cost[offs[pair_of + 1] + yi]  # pair as the (b, c) of a window
    if backward is not None:
        low_b, ctx_b, i_b = _pair_scores(backward, xs, ys, reverse=True)
        left = left + wb * low_b
        right = right + wb * ctx_b
    for bonus in bonuses:
        if not len(bonus.keys) or not bonus.weight:
            continue
        if bonus.slots is None:
            i, hit = _lookup(bonus.keys, pair_keys)
        else:  # only pairs of flagged slots can score: look up just those
            mask = np.concatenate([[False, False], bonus.slots, [False, False]])
            where = np.nonzero(mask[pair_of] & mask[pair_of + 1])[0]
            i = np.zeros(len(pair_keys), dtype=np.intp)
            hit = np.zeros(len(pair_keys), dtype=bool)
            i[where], hit[where] = _lookup(bonus.keys, pair_keys[where])
        gain = hit if bonus.strength is None else np.where(hit, bonus.strength[i], 0)
        right = right + bonus.weight * gain
    if search is not None and kernel.corrections is not None:
        flat_corr = [_compiled_corrections(forward, False, wf, ctx_f, low_f, i_f, lens, offs,
                                           flat, bounds, pair_of, xi, yi, xs, ys)]
        if backward is not None:
            flat_corr.append(_compiled_corrections(backward, True, wb, ctx_b, low_b, i_b, lens,
                                                   offs, flat, bounds, pair_of, xi, yi, xs, ys))
        else:
            flat_corr.append(_flat_by_window(None, lens))
        path = search(lens, bounds, left.astype(right.dtype), right, *flat_corr[0],
                      *flat_corr[1])
        return path[2:-2].tolist()
    corrections = [_forward_corrections(forward, wf, ctx_f, low_f, n, lens, offs, flat,
                                        bounds, pair_of, xi, yi, xs, ys)]
    if backward is not None:
        corrections.append(_backward_corrections(backward, wb, ctx_b, low_b, lens, offs, flat,
                                                 bounds, pair_of, xi, yi, xs, ys))
    # Per window j: the (a, b) and (b, c) score blocks, and the corrections as dense (a, b, c)
    # blocks (adding 0.0 elsewhere changes nothing), so the loop body is a handful of small
    # numpy calls.
    ln, bd = lens.tolist(), bounds.tolist()  # plain ints: cheaper to index in the loop
    wsize = lens[:-2] * lens[1:-1] * lens[2:]  # window j covers positions j-2, j-1, j
    wstart = np.concatenate([[0, 0, 0], np.cumsum(wsize)])
    ws = wstart.tolist()
    dense = [_dense_by_window(corr, lens, wstart) for corr in corrections]
    delta = np.zeros((1, 1), dtype=np.float32)
    backs: list[np.ndarray | None] = []
    for j in range(2, n):
        na, nb, nc = ln[j - 2], ln[j - 1], ln[j]
        total = (delta + left[bd[j - 2]:bd[j - 1]].reshape(na, nb))[:, :, None] + right[
            bd[j - 1]:bd[j]].reshape(nb, nc)
        for values, present in dense:
            if present[j]:
                total += values[ws[j]:ws[j + 1]].reshape(na, nb, nc)
        if na == 1:  # a single history: nothing to choose
            backs.append(None)
            delta = total[0]
        else:
            backs.append(total.argmax(axis=0))  # (b, c)
            delta = _max(total, axis=0)
    # trace back from the best final state
    b, c = divmod(int(delta.argmax()), delta.shape[1])
    path = [c, b]
    for best_a in reversed(backs):
        path.append(0 if best_a is None else int(best_a[path[-1], path[-2]]))
    path.reverse()  # indices for positions 0..n-1
    return path[2:-2]


Corrections = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _flat_by_window(corr: Corrections | None, lens: np.ndarray,
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(starts per window, flat index into the window's (a, b, c) block, value)."""
    if corr is None:
        return np.zeros(len(lens) + 1, dtype=np.int64), np.zeros(0, np.int64), _NO_VALUES
    starts, ia, ib, ic, val = corr
    j = np.repeat(np.arange(len(lens)), np.diff(starts))
    return starts, (ia * lens[j - 1] + ib) * lens[j] + ic, val


def _compiled_corrections(lm: NgramLM, backward: bool, weight: float, ctx: np.ndarray,
                          low: np.ndarray, ctx_index: np.ndarray, lens: np.ndarray,
                          offs: np.ndarray, flat: np.ndarray, bounds: np.ndarray,
                          pair_of: np.ndarray, xi: np.ndarray, yi: np.ndarray,
                          xs: np.ndarray, ys: np.ndarray,
                          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The compiled form of the corrections, as ``_flat_by_window`` lays them out."""
    window, index, value = kernel.corrections(
        backward, np.float32(weight), ctx, low, ctx_index, lm.keys3, lm.context_starts,
        lm.lp3, lens, offs, flat, bounds, pair_of, xi, yi, xs, ys, BITS, BOS, EOS)
    return np.searchsorted(window, np.arange(len(lens) + 1)), index, value


def _dense_by_window(corr: Corrections, lens: np.ndarray, wstart: np.ndarray,
                     ) -> tuple[np.ndarray, list[bool]]:
    """All windows' (a, b, c) correction blocks laid out flat from ``wstart`` (0 where there
    is none), and whether window j has any."""
    starts, idx, val = _flat_by_window(corr, lens)
    values = np.zeros(int(wstart[-1]), dtype=np.float32)
    values[wstart[np.repeat(np.arange(len(lens)), np.diff(starts))] + idx] = val
    return values, (np.diff(starts) > 0).tolist()


def _grouped(n: int, j: np.ndarray, ia: np.ndarray, ib: np.ndarray, ic: np.ndarray,
             val: np.ndarray) -> Corrections:
    """Corrections (already in window order: they are built pair by pair) with start
    offsets per window (index j → [lo, hi))."""
    return np.searchsorted(j, np.arange(n + 1)), ia, ib, ic, val.astype(np.float32)


def _forward_corrections(lm: NgramLM, weight: float, ctx: np.ndarray, low: np.ndarray,
                         n: int, lens: np.ndarray, offs: np.ndarray, flat: np.ndarray,
                         bounds: np.ndarray, pair_of: np.ndarray, xi: np.ndarray,
                         yi: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> Corrections:
    """Trigram (a, b, c) hits for seen contexts (a, b): replace backoff by the trigram."""
    e = np.nonzero(ctx)[0]
    e = e[pair_of[e] + 2 < n]
    e_rep, ci = _ragged(e, lens[pair_of[e] + 2])
    p = pair_of[e_rep]
    c_ids = flat[offs[p + 2] + ci]
    i, hit = _lookup(lm.keys3, (xs[e_rep] << (2 * BITS)) | (ys[e_rep] << BITS) | c_ids,
                     2 * BITS)
    e_rep, ci, p, i = e_rep[hit], ci[hit], p[hit], i[hit]
    right_e = bounds[p + 1] + yi[e_rep] * lens[p + 2] + ci
    val = weight * (lm.lp3[i] - ctx[e_rep] - low[right_e])
    return _grouped(n, p + 2, xi[e_rep], yi[e_rep], ci, val)


def _backward_corrections(lm: NgramLM, weight: float, ctx: np.ndarray, low: np.ndarray,
                          lens: np.ndarray, offs: np.ndarray, flat: np.ndarray,
                          bounds: np.ndarray, pair_of: np.ndarray, xi: np.ndarray,
                          yi: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> Corrections:
    """Backward trigram hits: P_bwd(a | c, b) for seen contexts (c, b) of pair (b, c)."""
    n = len(lens)
    e = np.nonzero(ctx)[0]
    e = e[pair_of[e] >= 1]
    e_rep, ai = _ragged(e, lens[pair_of[e] - 1])
    p = pair_of[e_rep]
    a_ids = _swap_bounds(flat[offs[p - 1] + ai])
    key = (_swap_bounds(ys[e_rep]) << (2 * BITS)) | (_swap_bounds(xs[e_rep]) << BITS) | a_ids
    i, hit = _lookup(lm.keys3, key, 2 * BITS)
    e_rep, ai, p, i = e_rep[hit], ai[hit], p[hit], i[hit]
    left_e = bounds[p - 1] + ai * lens[p] + xi[e_rep]
    val = weight * (lm.lp3[i] - low[left_e] - ctx[e_rep])
    return _grouped(n, p + 1, ai, xi[e_rep], yi[e_rep], val)
