"""Exact second-order Viterbi over a syllable lattice, scored by a forward and a backward
trigram LM (so that both left and right context weigh in) plus channel costs."""

from __future__ import annotations

import numpy as np

from pipeline.restore.lm import BITS, BOS, EOS, NgramLM

_PAD_BOS = np.array([BOS], dtype=np.int64)
_PAD_EOS = np.array([EOS], dtype=np.int64)
_ZERO = np.zeros(1, dtype=np.float32)


def _swap_bounds(ids: np.ndarray) -> np.ndarray:
    """Backward-LM ids: <s> and </s> trade places when the stream is reversed."""
    out = ids.copy()
    out[ids == BOS] = EOS
    out[ids == EOS] = BOS
    return out


def _lookup(keys: np.ndarray, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    i = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
    return i, keys[i] == query


def _pair_scores(lm: NgramLM, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For aligned ids: log P(y | x) (bigram level) and the backoff weight of context (x, y),
    which is 0 exactly when (x, y) was never a trigram context."""
    i, hit = _lookup(lm.keys2, (x << BITS) | y)
    low = np.where(hit, lm.lp2[i], lm.bow1[x] + lm.lp1[y])
    ctx = np.where(hit, lm.bow2[i], np.float32(0.0))
    return low.astype(np.float32), ctx.astype(np.float32)


def viterbi(
    slots: list[tuple[np.ndarray, np.ndarray]],
    forward: NgramLM,
    backward: NgramLM | None,
    backward_weight: float = 0.5,
    pairs: np.ndarray | None = None,
    pair_bonus: float = 0.0,
) -> list[int]:
    """Index of the chosen candidate in every slot (slot = (vocab ids, channel costs)).

    The sequence score is (1-b)·log P_fwd + b·log P_bwd − cost (+ ``pair_bonus`` for each
    adjacent pair found in the sorted packed ``pairs``, i.e. inside a dictionary word); every
    term factors into trigram windows, so the search over (previous, current) states is
    exact. Trigram look-ups are made only for contexts the LM has seen; everything else
    is the backoff sum of pair scores, computed once per adjacent pair.
    """
    if not slots:
        return []
    cand = [_PAD_BOS, _PAD_BOS, *(s[0].astype(np.int64) for s in slots), _PAD_EOS, _PAD_EOS]
    cost = [_ZERO, _ZERO, *(s[1] for s in slots), _ZERO, _ZERO]
    n = len(cand)
    bw = backward_weight if backward is not None else 0.0
    # pair tables for adjacent positions (t-1, t), t = 1..n-1
    lens = np.array([len(c) for c in cand])
    offs = np.concatenate([[0], np.cumsum(lens)])
    flat = np.concatenate(cand)
    sizes = lens[:-1] * lens[1:]  # pair t-1 covers positions (t-1, t)
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    pair_of = np.repeat(np.arange(n - 1), sizes)
    k = np.arange(bounds[-1]) - bounds[pair_of]
    second_len = lens[1:][pair_of]
    xs = flat[offs[pair_of] + k // second_len]
    ys = flat[offs[pair_of + 1] + k % second_len]
    low_f, ctx_f = _pair_scores(forward, xs, ys)
    if backward is not None:
        low_b, ctx_b = _pair_scores(backward, _swap_bounds(ys), _swap_bounds(xs))
    bonus = np.zeros(len(xs), dtype=np.float32)
    if pairs is not None and pair_bonus:
        _, hit = _lookup(pairs, (xs << BITS) | ys)
        bonus[hit] = pair_bonus

    def split(arr: np.ndarray) -> list[np.ndarray]:
        """Pair tables by position t of the pair's second element (entry 0 is unused)."""
        return [np.empty(0, np.float32)] + [
            arr[bounds[t - 1]:bounds[t]].reshape(len(cand[t - 1]), len(cand[t]))
            for t in range(1, n)]

    low_f_t, ctx_f_t, bonus_t = split(low_f), split(ctx_f), split(bonus)
    if backward is not None:
        low_b_t, ctx_b_t = split(low_b), split(ctx_b)
        cand_b = [_swap_bounds(x) if x[0] in (BOS, EOS) else x for x in cand]

    # trigram queries, only where the context was seen in training
    f_keys, f_meta, b_keys, b_meta = [], [], [], []
    for j in range(2, n):
        a, b, c = cand[j - 2], cand[j - 1], cand[j]
        if j < n - 1:  # the last window would predict the padding </s>
            ia, ib = np.nonzero(ctx_f_t[j - 1])
            f_meta.append((j, ia, ib))
            f_keys.append((((a[ia] << (2 * BITS)) | (b[ib] << BITS))[:, None] | c[None, :])
                          .ravel())
        if backward is not None and j > 2:  # the first window would predict the padding <s>
            ib, ic = np.nonzero(ctx_b_t[j])
            b_meta.append((j, ib, ic))
            sc, sb, sa = cand_b[j][ic], cand_b[j - 1][ib], cand_b[j - 2]
            b_keys.append((((sc << (2 * BITS)) | (sb << BITS))[:, None] | sa[None, :]).ravel())
    tri_f = _trigram_hits(forward, f_keys, f_meta)
    tri_b = _trigram_hits(backward, b_keys, b_meta) if backward is not None else {}

    delta = np.zeros((1, 1), dtype=np.float32)
    backs: list[np.ndarray] = []
    for j in range(2, n):
        na, nb, nc = len(cand[j - 2]), len(cand[j - 1]), len(cand[j])
        if j < n - 1:
            wf = ctx_f_t[j - 1][:, :, None] + low_f_t[j][None, :, :]
            if j in tri_f:
                ia, ib, hit, lp = tri_f[j]
                wf[ia, ib, :] = np.where(hit, lp, wf[ia, ib, :])
        else:
            wf = np.zeros((na, nb, nc), dtype=np.float32)
        w = (1 - bw) * wf
        if backward is not None and j > 2:
            wb = low_b_t[j - 1][:, :, None] + ctx_b_t[j][None, :, :]
            if j in tri_b:
                ib, ic, hit, lp = tri_b[j]
                wb[:, ib, ic] = np.where(hit.T, lp.T, wb[:, ib, ic])
            w = w + bw * wb
        total = delta[:, :, None] + (w + bonus_t[j][None, :, :])  # (a, b, c)
        best_a = total.argmax(axis=0)  # (b, c)
        delta = total.max(axis=0) - cost[j][None, :]
        backs.append(best_a)
    # trace back from the best final state
    b, c = np.unravel_index(int(delta.argmax()), delta.shape)
    path = [int(c), int(b)]
    for best_a in reversed(backs):
        path.append(int(best_a[path[-1], path[-2]]))
    path.reverse()  # indices for positions 0..n-1
    return path[2:-2]


def _trigram_hits(lm: NgramLM, keys: list[np.ndarray], meta: list[tuple[int, np.ndarray,
                  np.ndarray]]) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray,
                                                   np.ndarray]]:
    """Batch trigram look-up; per window: (row idx, col idx, hit mask, log-probs), 2-D."""
    if not keys:
        return {}
    flat = np.concatenate(keys)
    i, hit = _lookup(lm.keys3, flat)
    lp = lm.lp3[i]
    out = {}
    offset = 0
    for (j, r, q), k in zip(meta, keys, strict=True):
        size = len(k)
        if size:
            shape = (len(r), size // len(r))
            out[j] = (r, q, hit[offset:offset + size].reshape(shape),
                      lp[offset:offset + size].reshape(shape))
        offset += size
    return out
