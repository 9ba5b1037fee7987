"""Vietnamese syllable structure: tone marks, tone placement, skeletons and validity.

Everything here is table-driven and independent of the trained models, so that
normalisation and legacy-encoding detection work on a fresh clone.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Literal

import regex

ToneStyle = Literal["new", "old"]

# Combining tone marks (dấu thanh) in NFD; index = tone id (0 = ngang, no mark).
TONE_MARKS: tuple[str, ...] = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
TONE_OF_MARK: dict[str, int] = {m: i for i, m in enumerate(TONE_MARKS) if m}
# Vowel modifiers (mũ, trăng, móc) in NFD.
MODIFIER_MARKS: frozenset[str] = frozenset({"\u0302", "\u0306", "\u031b"})

VOWELS = "aăâeêioôơuưy"
MODIFIED_VOWELS = "ăâêôơư"
# Open two-vowel rhymes whose tone moves to the second vowel in the "old" style (hoà, khoẻ, thuỷ).
OLD_STYLE_SECOND = frozenset({"oa", "oe", "uy"})

INITIALS = (
    "ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
)
NUCLEI = (
    "uyê|uya|uyu|iêu|yêu|oai|oao|oay|oeo|uây|uôi|ươi|ươu|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|ua|uâ|uê|ui|uô|uơ|ưa|ưi|ươ|ưu|uy|ya|yê|"
    "a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
)
FINALS = "ch|ng|nh|c|k|m|n|p|t"  # k: place names such as Đắk Lắk
CHECKED_FINALS = ("c", "ch", "k", "p", "t")  # stop finals take only sắc or nặng
_STRUCTURE = regex.compile(rf"(?:{INITIALS})?(?:{NUCLEI})(?:{FINALS})?")


def split_tone(syllable: str) -> tuple[str, int]:
    """(syllable without tone mark, tone id); case is kept."""
    tone = 0
    out = []
    for ch in unicodedata.normalize("NFD", syllable):
        t = TONE_OF_MARK.get(ch)
        if t is None:
            out.append(ch)
        else:
            tone = t
    return unicodedata.normalize("NFC", "".join(out)), tone


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """Lower-case base letters with every mark removed and đ→d: what stripped text shows."""
    nfd = unicodedata.normalize("NFD", token.lower().replace("đ", "d"))
    return "".join(ch for ch in nfd if not unicodedata.combining(ch))


def has_marks(token: str) -> bool:
    """True when the token carries any Vietnamese diacritic (tone, modifier or đ)."""
    return skeleton(token) != token.lower()


def _tone_index(base: str, style: ToneStyle) -> int:
    """Index of the vowel that carries the tone in a lower-case toneless syllable."""
    start = 0
    if base.startswith(("qu", "gi")) and len(base) > 2 and base[2] in VOWELS:
        start = 2
    i = start
    while i < len(base) and base[i] not in VOWELS:
        i += 1
    j = i
    while j < len(base) and base[j] in VOWELS:
        j += 1
    if i == j:  # no vowel (e.g. "gi" is handled above only when a vowel follows)
        return base.find("i") if "i" in base else -1
    cluster = base[i:j]
    special = [k for k, ch in enumerate(cluster) if ch in MODIFIED_VOWELS]
    if special:
        return i + special[-1]
    if j < len(base):  # closed syllable: last vowel of the cluster
        return j - 1
    if len(cluster) == 1:
        return i
    if len(cluster) == 2:
        return i + 1 if style == "old" and cluster in OLD_STYLE_SECOND else i
    return i + 1


@lru_cache(maxsize=65536)
def place_tone(base: str, tone: int, style: ToneStyle = "new") -> str:
    """Put tone ``tone`` on toneless ``base`` by the chosen convention; case is kept.

    "new" is the placement used in Decree-30 texts (hòa, thủy); "old" gives hoà, thuỷ.
    """
    if tone == 0:
        return base
    lower = base.lower()
    k = _tone_index(lower, style)
    if k < 0:
        return base
    return unicodedata.normalize("NFC", base[: k + 1] + TONE_MARKS[tone] + base[k + 1 :])


def retone(token: str, style: ToneStyle = "new") -> str:
    """Re-place the tone mark of one Vietnamese syllable by the chosen convention."""
    base, tone = split_tone(token)
    if tone == 0 or not is_structural_syllable(token):
        return token
    return place_tone(base, tone, style)


# The same structure on skeletons (marks stripped): what stripped or Latin-OCR text shows.
_SHAPE = regex.compile(rf"(?:{skeleton(INITIALS)})?(?:{skeleton(NUCLEI)})(?:{FINALS})?")


@lru_cache(maxsize=65536)
def has_syllable_shape(token: str) -> bool:
    """Whether the token's skeleton is shaped like a syllable: stripped "VIET" is, "UBND"
    is not."""
    return _SHAPE.fullmatch(skeleton(token)) is not None


@lru_cache(maxsize=65536)
def is_structural_syllable(token: str) -> bool:
    """Whether a token can be a Vietnamese syllable: initial + nucleus + final, with the
    stop-final tone rule (câp, đươc, cap are impossible)."""
    base, tone = split_tone(token.lower())
    if not _STRUCTURE.fullmatch(base):
        return False
    return not (base.endswith(CHECKED_FINALS) and tone not in (1, 5))


def case_pattern(token: str) -> str:
    """"upper", "title", "lower" or "mixed": how to re-apply case to a restored token."""
    letters = [c for c in token if c.isalpha()]
    if not letters:
        return "lower"
    if all(c.isupper() for c in letters):
        return "upper" if len(letters) > 1 else "title"
    if sum(c.isupper() for c in letters) >= 2 and all(c.isupper() or c == "i" for c in letters):
        return "upper"  # Latin OCR prints Ĩ/Í as a small i: "NGHiA", "CHiNH"
    if letters[0].isupper() and all(c.islower() for c in letters[1:]):
        return "title"
    if all(c.islower() for c in letters):
        return "lower"
    return "mixed"


def apply_case(word: str, pattern: str) -> str:
    """Give a lower-case ``word`` the case ``pattern`` of the token it replaces."""
    if pattern == "upper":
        return word.upper()
    if pattern == "title":
        return word[:1].upper() + word[1:]
    return word
