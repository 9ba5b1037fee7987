"""The name model: how often each syllable is a given or a middle name, and the repair of a
signer's name that signature ink or a seal damaged.

Vietnamese family names are a short closed list (``vocab.SURNAMES``); given and middle names
are syllables whose frequency among distinct people the corpus gives
(``data/names/name_syllables.tsv``, built by ``python -m congvan.parse.names_build``). A word of
a name that is no name at all ("Irần", "Tuẩn") is repaired to the one name its first letter or
tone mark could have been, when that name is frequent and clearly ahead of any other; a word
that is a name but a rare one next to a frequent spelling of the same letters ("Tuân" beside
"Tuấn") is repaired only on OCR input and only when the frequent one is far ahead. Otherwise
the word is kept as read and a warning says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from ..restore.syllables import is_structural_syllable
from . import vocab
from .folding import fold

DATA_DIR = Path(__file__).resolve().parents[1] / "data"  # ships in the wheel
NAMES_FILE = DATA_DIR / "names" / "name_syllables.tsv"


@dataclass(frozen=True, slots=True)
class NameModel:
    """Counts of distinct people whose given (last) or middle names are each syllable."""

    given: dict[str, int]
    middle: dict[str, int]

    def count(self, word: str, last: bool) -> int:
        return (self.given if last else self.middle).get(word, 0) + (
            self.middle if last else self.given
        ).get(word, 0) // vocab.NAME_OTHER_SLOT

    def known(self, word: str) -> bool:
        return word in self.given or word in self.middle

    @property
    def syllables(self) -> Iterable[str]:
        return self.given.keys() | self.middle.keys()


@cache
def model() -> NameModel:
    given: dict[str, int] = {}
    middle: dict[str, int] = {}
    if NAMES_FILE.is_file():
        rows = NAMES_FILE.read_text(encoding="utf-8").splitlines()[1:]
        for row in rows:
            word, g, m = row.split("\t")
            if int(g):
                given[word] = int(g)
            if int(m):
                middle[word] = int(m)
    return NameModel(given, middle)


@cache
def _by_skeleton() -> dict[str, list[str]]:
    """Name syllables by their letters without tone marks and without the first letter
    (both what ink takes away)."""
    out: dict[str, list[str]] = {}
    for word in model().syllables:
        for key in {fold(word), "*" + fold(word)[1:]}:
            out.setdefault(key, []).append(word)
    return out


def _candidates(word: str) -> list[str]:
    """Names the word may be with one tone mark or its first letter damaged ("Irần" →
    "Trần", "rần" → "Trần"), or with one letter read wrong anywhere."""
    folded = fold(word)
    near = {*_by_skeleton().get(folded, ()), *_by_skeleton().get("*" + folded[1:], ())}
    near.update(_by_skeleton().get("*" + folded, ()))  # the first letter lost
    slips = vocab.NAME_SLIPS
    return [c for c in near if c != word and Levenshtein.distance(fold(c), folded) <= slips]


@dataclass(frozen=True, slots=True)
class Repair:
    name: str
    warnings: tuple[str, ...]


def repair(name: str, ocr: bool) -> Repair:
    """The name with its damaged words repaired where the model is confident, and a warning
    per word kept as read in doubt. The family name is mended from the closed list; the other
    words only when they cannot be Vietnamese syllables at all ("Tuẩn"), or, on OCR input
    (``ocr``), when they are no known name or a rare spelling of a frequent one."""
    words = name.split()
    if len(words) < 2 or name.isascii():
        return Repair(name, ())
    m = model()
    out: list[str] = []
    warnings: list[str] = []
    for k, word in enumerate(words):
        fixed = _surname(word) if k == 0 else _given(word, k == len(words) - 1, ocr, m)
        if fixed is None:
            warnings.append(f"signer name word {word!r} is in doubt; kept as read")
            fixed = word
        elif fixed != word:
            warnings.append(f"signer name word {word!r} read as {fixed!r} (name model)")
        out.append(fixed)
    return Repair(" ".join(out), tuple(warnings))


def _surname(word: str) -> str | None:
    """A family name that ink changed the first letter of ("Irần", "Lrần" → "Trần"): the one
    surname with the rest of its letters; None when the word is no syllable and none fits."""
    if word in vocab.SURNAMES or is_structural_syllable(word):
        return word
    rest = fold(word)[1:]
    hits = [s for s in vocab.SURNAMES if len(s) == len(word) and fold(s)[1:] == rest]
    return hits[0] if len(hits) == 1 else None


def _given(word: str, last: bool, ocr: bool, m: NameModel) -> str | None:
    """A middle or given name: itself, its repair, or None (in doubt, no confident repair)."""
    if not word[:1].isupper() or (not ocr and is_structural_syllable(word)):
        return word  # typed text: a real syllable is the name as written
    own = m.count(word, last)
    # a syllable never seen as a given name is no repair of one ("Chỉ" is not "Thị")
    candidates = [c for c in _candidates(word) if not last or c in m.given]
    ranked = sorted(((m.count(c, last), c) for c in candidates), reverse=True)
    best, second = (ranked[0] if ranked else (0, "")), (ranked[1][0] if len(ranked) > 1 else 0)
    clear = best[0] >= vocab.NAME_MIN_COUNT and best[0] >= vocab.NAME_MARGIN * max(second, 1)
    if m.known(word):
        # a rare name beside a frequent one of the same letters
        ahead = best[0] >= vocab.NAME_TONE_RATIO * max(own, 1) and fold(best[1]) == fold(word)
        return best[1] if clear and ahead else word
    if clear:
        return best[1]
    return word if is_structural_syllable(word) and not ranked else None
