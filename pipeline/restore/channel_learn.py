"""Learning the OCR channel from aligned pairs (printed word, what OCR read).

Model: every printed character emits zero to ``MAX_EMIT`` observed characters, with a
probability learnt per OCR style (Tesseract ``eng`` = Latin-only OCR, ``vie`` = degraded
Vietnamese OCR). Printed capitals are rare, so their emissions are smoothed towards the
upper-cased emissions of the small letter. Alignments inside a word are re-estimated a few
times (hard EM): a first pass scores an emission by how far it is from the printed letter,
later passes by the learnt probabilities, so ``ư`` → ``ir`` and ``m`` → ``rn`` come out as
one emission rather than a substitution plus an insertion.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

import regex

from .syllables import MODIFIER_MARKS, TONE_MARKS, TONE_OF_MARK, is_structural_syllable, skeleton

MAX_EMIT = 3  # observed characters per printed character
EM_ROUNDS = 3
MIN_COUNT = 2  # an emission seen once is noise of the alignment more often than not
CAPITAL_PRIOR = 5.0  # pseudo-counts of the small letter's emissions for a capital
# Pseudo-count for each reading a letter may always get, seen or not: itself, its base letter,
# and itself without its tone or without its vowel modifier (fonts the build never saw).
BASIC_PRIOR = 0.5
MAX_COST = 12.0  # nats; rarer emissions are dropped
SKIP_COST_PER_CHAR = 6.0  # a pair whose best alignment costs more is a misalignment

# What the restorer takes for word characters; other emissions ("o’" for ơ, a quote read
# before a capital) can never match a token and are not kept.
_TOKEN_CHARS = regex.compile(r"[\p{L}\p{N}¢©€&@’'#?]*")

Emissions = dict[str, dict[str, float]]  # printed char -> observed string -> cost (nats)

# Confusions of other old Latin-only engines that Tesseract eng does not make on the build's
# fonts (issues 3 and 11: "Pang" Đảng, "x3" xã, "h¢" hệ, "nhi€ém" nhiệm, "thr" thứ, "dAu"
# đầu, "cd" cổ, "nim" năm): every tone of the printed vowel may read as the observed string at
# OTHER_ENGINE_COST nats unless the data made it cheaper.
OTHER_ENGINES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Đ", ("P",)),
    ("ê", ("¢", "€", "©", "¢é", "€é")),
    ("ô", ("6", "0", "c", "d")),
    ("ơ", ("6", "0", "c")),
    ("o", ("0",)),
    ("â", ("4", "A")),
    ("ă", ("&", "i")),
    ("ư", ("ir", "ii", "y", "r", "tr", "tt")),
    ("m", ("rn",)),
    ("l", ("1",)),
)
OTHER_ENGINE_TONED = {"ã": ("3",), "ẫ": ("3",), "ẵ": ("3",)}
OTHER_ENGINE_COST = 3.0


def _initial_cost(printed: str, observed: str) -> float:
    """Cost before anything is learnt: the letter itself, then its base letter, then any
    single character, then a deletion or a multi-character reading."""
    if observed == printed:
        return 0.0
    if len(observed) == 1:
        return 1.0 if skeleton(observed) == skeleton(printed) else 3.0
    return 4.0 + len(observed)


def align(word: str, observed: str, cost) -> tuple[float, list[str]] | None:
    """Cheapest split of ``observed`` into one emission per character of ``word``
    (``cost(printed, emitted)``, None = impossible), or None when there is none."""
    n, m = len(word), len(observed)
    inf = math.inf
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(1, n + 1):
        ch = word[i - 1]
        for j in range(m + 1):
            for k in range(min(MAX_EMIT, j) + 1):
                prev = best[i - 1][j - k]
                if prev == inf:
                    continue
                c = cost(ch, observed[j - k:j])
                if c is not None and prev + c < best[i][j]:
                    best[i][j] = prev + c
                    back[i][j] = k
    if best[n][m] == inf:
        return None
    out = []
    j = m
    for i in range(n, 0, -1):
        k = back[i][j]
        out.append(observed[j - k:j])
        j -= k
    out.reverse()
    return best[n][m], out


def usable_pair(printed: str, observed: str) -> tuple[str, str] | None:
    """The letters of a printed syllable token and what OCR read for them: surrounding
    punctuation is cut from both sides when OCR read it the same, else the pair is not
    used."""
    core = printed.strip(".,;:()\"'-/!?")
    if not core or not is_structural_syllable(core) or not core.isalpha():
        return None
    lead = printed[:printed.index(core)]
    tail = printed[printed.index(core) + len(core):]
    if not observed.startswith(lead) or not observed.endswith(tail):
        return None
    obs = observed[len(lead):len(observed) - len(tail)]
    if not obs or len(obs) > MAX_EMIT * len(core):
        return None
    return core, obs


def learn(pairs: Iterable[tuple[str, str]], others: bool = True) -> Emissions:
    """Emission costs from (printed syllable, observed string) pairs of one OCR style;
    with ``others``, the confusions of other engines (``OTHER_ENGINES``) are added."""
    pairs = Counter(p for p in (usable_pair(a, b) for a, b in pairs) if p)
    table: Emissions | None = None
    for _ in range(EM_ROUNDS):
        def cost(ch: str, obs: str, table: Emissions | None = table) -> float | None:
            if table is None:
                return _initial_cost(ch, obs)
            return table.get(ch, {}).get(obs, MAX_COST + 2.0)

        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for (word, obs), n in pairs.items():
            found = align(word, obs, cost)
            if found is None or found[0] > SKIP_COST_PER_CHAR * len(word):
                continue
            for ch, emitted in zip(word, found[1], strict=True):
                counts[ch][emitted] += n
        table = _estimate(counts)
    table = table or {}
    if others:
        for printed, observed in _other_engine_readings():
            row = table.setdefault(printed, {})
            row[observed] = min(row.get(observed, OTHER_ENGINE_COST), OTHER_ENGINE_COST)
        table = {ch: dict(sorted(row.items())) for ch, row in sorted(table.items())}
    return table


def _other_engine_readings() -> Iterable[tuple[str, str]]:
    """(printed letter, observed string) of ``OTHER_ENGINES``, every tone spelt out."""
    for base, observed in OTHER_ENGINES:
        for tone in TONE_MARKS:
            printed = unicodedata.normalize("NFC", base + tone)
            if len(printed) == 1:
                yield from ((printed, o) for o in observed)
    for printed, observed in OTHER_ENGINE_TONED.items():
        yield from ((printed, o) for o in observed)


def basic_readings(ch: str) -> set[str]:
    """The letter, its base letter, and the letter without its tone or its modifier."""
    nfd = unicodedata.normalize("NFD", ch)
    no_tone = "".join(c for c in nfd if c not in TONE_OF_MARK)
    no_modifier = "".join(c for c in nfd if c not in MODIFIER_MARKS)
    base = skeleton(ch).upper() if ch.isupper() else skeleton(ch)
    return {ch, base, *(unicodedata.normalize("NFC", s) for s in (no_tone, no_modifier))}


def _estimate(counts: dict[str, Counter[str]]) -> Emissions:
    """Costs from emission counts: relative frequencies of the emissions seen at least
    ``MIN_COUNT`` times plus the basic readings; a capital's counts are also smoothed
    towards its small letter's emissions (upper-cased), which covers capitals never seen."""
    probs: dict[str, dict[str, float]] = {}
    small = sorted(ch for ch in counts if not ch.isupper())
    capitals = sorted({ch for ch in counts if ch.isupper()} | {c.upper() for c in small}
                      - set(small))
    for ch in [*small, *capitals]:
        seen = counts.get(ch, Counter())
        dist: Counter[str] = Counter({o: v for o, v in seen.items() if v >= MIN_COUNT})
        basic = basic_readings(ch)
        for o in basic:
            dist[o] += BASIC_PRIOR
        total = sum(seen.values()) + BASIC_PRIOR * len(basic)
        if ch.isupper() and ch.lower() in probs:
            for o, p in probs[ch.lower()].items():
                dist[o.upper()] += CAPITAL_PRIOR * p
            total += CAPITAL_PRIOR
        probs[ch] = {o: v / total for o, v in dist.items()}
    out: Emissions = {}
    for ch in sorted(probs):
        costs = {o: round(-math.log(p), 2) + 0.0 for o, p in probs[ch].items()
                 if p > 0 and _TOKEN_CHARS.fullmatch(o)}
        out[ch] = {o: v for o, v in sorted(costs.items()) if v <= MAX_COST}
    return out
