"""Compiled (numba) forms of the decoder's hot parts, used when numba is installed.

The numpy search in ``decoder`` makes ~8 small array calls per lattice position, and that
call overhead (not the arithmetic) held it near 30 k syllables/s; the table look-ups were
the next cost. These functions do the same float32/float64 additions in the same order and
break ties the same way (first maximum), so the decoder's choices are identical with or
without them (tests/test_restore.py compares both). Each is None without numba.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

try:
    from numba import njit
except ImportError:  # optional accelerator
    njit = None


def _search(lens: np.ndarray, bounds: np.ndarray, left: np.ndarray, right: np.ndarray,
            f_starts: np.ndarray, f_idx: np.ndarray, f_val: np.ndarray,
            b_starts: np.ndarray, b_idx: np.ndarray, b_val: np.ndarray) -> np.ndarray:
    """Best path (candidate index per position) of the second-order lattice: window j scores
    left[a, b] of pair j-2 plus right[b, c] of pair j-1, then the forward and the backward
    corrections of window j (``*_starts[j]:*_starts[j+1]``, flat (a, b, c) indices)."""
    n = len(lens)
    back = np.zeros(bounds[-1], dtype=np.int64)  # per pair (b, c): best a
    width = 1
    for k in range(n):
        width = max(width, lens[k])
    delta = np.zeros(width * width, dtype=right.dtype)
    new = np.zeros(width * width, dtype=right.dtype)
    total = np.zeros(width * width * width, dtype=right.dtype)
    for j in range(2, n):
        na, nb, nc = lens[j - 2], lens[j - 1], lens[j]
        lo, ro = bounds[j - 2], bounds[j - 1]
        for a in range(na):
            for b in range(nb):
                x = delta[a * nb + b] + left[lo + a * nb + b]
                for c in range(nc):
                    total[(a * nb + b) * nc + c] = x + right[ro + b * nc + c]
        for k in range(f_starts[j], f_starts[j + 1]):
            total[f_idx[k]] += f_val[k]
        for k in range(b_starts[j], b_starts[j + 1]):
            total[b_idx[k]] += b_val[k]
        for b in range(nb):
            for c in range(nc):
                best = total[b * nc + c]
                arg = 0
                for a in range(1, na):
                    t = total[(a * nb + b) * nc + c]
                    if t > best:
                        best = t
                        arg = a
                new[b * nc + c] = best
                back[ro + b * nc + c] = arg
        delta, new = new, delta
    path = np.zeros(n, dtype=np.int64)
    nb, nc = lens[n - 2], lens[n - 1]
    best = delta[0]
    for k in range(1, nb * nc):
        if delta[k] > best:
            best = delta[k]
            path[n - 2], path[n - 1] = k // nc, k % nc
    for j in range(n - 1, 1, -1):
        path[j - 2] = back[bounds[j - 1] + path[j - 1] * lens[j] + path[j]]
    return path


def _find(keys: np.ndarray, starts: np.ndarray, shift: int, query: np.ndarray,
          ) -> tuple[np.ndarray, np.ndarray]:
    """``np.searchsorted(keys, query)`` (clipped to the last key) and whether each query is
    there, searching only the keys that share the query's leading id (``starts``: where
    each leading id's keys begin): a few cache-friendly steps instead of a search of the
    whole table."""
    pos = np.empty(len(query), dtype=np.int64)
    hit = np.empty(len(query), dtype=np.bool_)
    last = len(keys) - 1
    for k in range(len(query)):
        q = query[k]
        row = q >> shift
        i = min(_lower_bound(keys, starts[row], starts[row + 1], q), last)
        pos[k] = i
        hit[k] = keys[i] == q
    return pos, hit


def _lower_bound(keys: np.ndarray, lo: int, hi: int, q: int) -> int:
    while lo < hi:
        mid = (lo + hi) >> 1
        if keys[mid] < q:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _swap(w: int, bos: int, eos: int) -> int:
    return eos if w == bos else bos if w == eos else w


def _corrections(backward: bool, weight: np.float32, ctx: np.ndarray, low: np.ndarray,
                 ctx_index: np.ndarray, keys3: np.ndarray, starts3: np.ndarray,
                 lp3: np.ndarray, lens: np.ndarray, offs: np.ndarray, flat: np.ndarray,
                 bounds: np.ndarray, pair_of: np.ndarray, xi: np.ndarray, yi: np.ndarray,
                 xs: np.ndarray, ys: np.ndarray, bits: int, bos: int, eos: int,
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Trigram corrections of one LM, as ``decoder._forward_corrections`` /
    ``_backward_corrections`` then ``_flat_by_window`` compute them (same float32 terms,
    same order): (window of each, flat (a, b, c) index in it, value)."""
    n = len(lens)
    size = 0
    for e in range(len(ctx)):
        p = pair_of[e]
        if ctx[e] != 0 and (p >= 1 if backward else p + 2 < n):
            size += lens[p - 1] if backward else lens[p + 2]
    window = np.empty(size, dtype=np.int64)
    index = np.empty(size, dtype=np.int64)
    value = np.empty(size, dtype=np.float32)
    m = 0
    last = len(keys3) - 1
    for e in range(len(ctx)):
        p = pair_of[e]
        if ctx[e] == 0 or not (p >= 1 if backward else p + 2 < n):
            continue
        if backward:  # P_bwd(a | c, b) for the pair (b, c) = (xs, ys)
            w1, w2, other = _swap(ys[e], bos, eos), _swap(xs[e], bos, eos), p - 1
        else:  # P_fwd(c | a, b) for the pair (a, b) = (xs, ys)
            w1, w2, other = xs[e], ys[e], p + 2
        prefix = (w1 << (2 * bits)) | (w2 << bits)
        for k in range(lens[other]):
            w3 = flat[offs[other] + k]
            if backward:
                w3 = _swap(w3, bos, eos)
            q = prefix | w3
            row = ctx_index[e]  # the trigrams of context (w1, w2)
            i = min(_lower_bound(keys3, starts3[row], starts3[row + 1], q), last)
            if keys3[i] != q:
                continue
            if backward:
                left_e = bounds[p - 1] + k * lens[p] + xi[e]
                value[m] = weight * (lp3[i] - low[left_e] - ctx[e])
                window[m] = p + 1
                index[m] = (k * lens[p] + xi[e]) * lens[p + 1] + yi[e]
            else:
                right_e = bounds[p + 1] + yi[e] * lens[p + 2] + k
                value[m] = weight * (lp3[i] - ctx[e] - low[right_e])
                window[m] = p + 2
                index[m] = (xi[e] * lens[p + 1] + yi[e]) * lens[p + 2] + k
            m += 1
    return window[:m], index[:m], value[:m]


def _pair_scores(reverse: bool, xs: np.ndarray, ys: np.ndarray, keys2: np.ndarray,
                 starts2: np.ndarray, lp2: np.ndarray, bow2: np.ndarray, bow1: np.ndarray,
                 lp1: np.ndarray, bits: int, bos: int, eos: int,
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``decoder._pair_scores`` of the pairs (xs, ys), or with ``reverse`` of the
    backward-LM pairs (swapped ys, swapped xs)."""
    low = np.empty(len(xs), dtype=np.float32)
    ctx = np.empty(len(xs), dtype=np.float32)
    pos = np.empty(len(xs), dtype=np.int64)
    last = len(keys2) - 1
    for e in range(len(xs)):
        if reverse:
            x, y = _swap(ys[e], bos, eos), _swap(xs[e], bos, eos)
        else:
            x, y = xs[e], ys[e]
        q = (x << bits) | y
        i = min(_lower_bound(keys2, starts2[x], starts2[x + 1], q), last)
        pos[e] = i
        if keys2[i] == q:
            low[e] = lp2[i]
            ctx[e] = bow2[i]
        else:
            low[e] = bow1[x] + lp1[y]
            ctx[e] = 0.0
    return low, ctx, pos


def _compiled(function: Callable) -> Callable | None:
    """The numba version of ``function``, cached on disk (the first compile of all of them
    takes ~3 s, loading them ~0.2 s) unless no cache location is writable; None without
    numba."""
    if njit is None:
        return None
    try:
        return njit(cache=True, nogil=True)(function)
    except RuntimeError:  # numba finds no writable cache directory
        return njit(nogil=True)(function)


if njit is not None:  # helpers of the functions below, inlined by numba
    _lower_bound = njit(nogil=True)(_lower_bound)
    _swap = njit(nogil=True)(_swap)
search: Callable[..., np.ndarray] | None = _compiled(_search)
find: Callable[..., tuple[np.ndarray, np.ndarray]] | None = _compiled(_find)
corrections: Callable[..., tuple[np.ndarray, np.ndarray, np.ndarray]] | None = _compiled(
    _corrections)
pair_scores: Callable[..., tuple[np.ndarray, np.ndarray, np.ndarray]] | None = _compiled(
    _pair_scores)
