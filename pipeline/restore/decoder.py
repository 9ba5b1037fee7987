"""Exact second-order Viterbi over a syllable lattice, scored by a forward and a backward
trigram LM (so that both left and right context weigh in) plus channel costs."""

from __future__ import annotations

import numpy as np

from pipeline.restore.lm import BITS, BOS, EOS, NgramLM

_PAD_BOS = np.array([BOS], dtype=np.int32)
_PAD_EOS = np.array([EOS], dtype=np.int32)
_ZERO = np.zeros(1, dtype=np.float32)


def _swap_bounds(ids: np.ndarray) -> np.ndarray:
    """Backward-LM ids: <s> and </s> trade places when the stream is reversed."""
    out = ids.copy()
    out[ids == BOS] = EOS
    out[ids == EOS] = BOS
    return out


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
    exact.
    """
    if not slots:
        return []
    cand = [_PAD_BOS, _PAD_BOS, *(s[0] for s in slots), _PAD_EOS, _PAD_EOS]
    cost = [_ZERO, _ZERO, *(s[1] for s in slots), _ZERO, _ZERO]
    n = len(cand)
    # all windows (a, b, c) ending at positions 2..n-1, in one batch per LM
    a_parts, b_parts, c_parts, shapes = [], [], [], []
    for j in range(2, n):
        ca, cb, cc = cand[j - 2], cand[j - 1], cand[j]
        shape = (len(ca), len(cb), len(cc))
        shapes.append(shape)
        a_parts.append(np.repeat(ca, shape[1] * shape[2]))
        b_parts.append(np.tile(np.repeat(cb, shape[2]), shape[0]))
        c_parts.append(np.tile(cc, shape[0] * shape[1]))
    wa, wb, wc = np.concatenate(a_parts), np.concatenate(b_parts), np.concatenate(c_parts)
    fw = forward.logprob(wa, wb, wc)
    # the last window predicts the second </s>, which the forward LM never saw: drop it
    last = shapes[-1][0] * shapes[-1][1] * shapes[-1][2]
    fw[len(fw) - last:] = 0.0
    if backward is not None:
        bw = backward.logprob(_swap_bounds(wc), _swap_bounds(wb), _swap_bounds(wa))
        first = shapes[0][0] * shapes[0][1] * shapes[0][2]
        bw[:first] = 0.0  # the first window predicts the extra <s>
        score = (1 - backward_weight) * fw + backward_weight * bw
    else:
        score = fw
    if pairs is not None and pair_bonus:
        packed = (wb.astype(np.int64) << BITS) | wc
        pos = np.minimum(np.searchsorted(pairs, packed), len(pairs) - 1)
        score = score + pair_bonus * (pairs[pos] == packed)
    delta = np.zeros((1, 1), dtype=np.float32)
    backs: list[np.ndarray] = []
    offset = 0
    for k, shape in enumerate(shapes):
        size = shape[0] * shape[1] * shape[2]
        w = score[offset:offset + size].reshape(shape)
        offset += size
        total = delta[:, :, None] + w  # (a, b, c)
        best_a = total.argmax(axis=0)  # (b, c)
        delta = np.take_along_axis(total, best_a[None], axis=0)[0] - cost[k + 2][None, :]
        backs.append(best_a)
    # trace back from the best final state
    b, c = np.unravel_index(int(delta.argmax()), delta.shape)
    path = [int(c), int(b)]
    for best_a in reversed(backs):
        a = int(best_a[path[-1], path[-2]])
        path.append(a)
    path.reverse()  # indices for positions 0..n-1
    return path[2:-2]
