"""Text normalisation before parsing: Unicode NFC, whitespace, one tone-mark convention,
legacy 8-bit encodings (TCVN3/ABC, VNI) and the commonest header OCR confusions."""

from __future__ import annotations

import unicodedata
from typing import Literal

import regex

from .restore.legacy import LEGACY_CHARS, TCVN3, VNI
from .restore.syllables import is_structural_syllable, retone

_WORD = regex.compile(r"\p{L}+")
_SPACES = regex.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = regex.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")  # zero-width, soft hyphen
_VNI_KEYS = sorted(VNI, key=len, reverse=True)
_VNI_RE = regex.compile("|".join(regex.escape(k) for k in _VNI_KEYS))


def normalize_text(text: str, tone_style: Literal["new", "old", "printed"] = "new") -> str:
    """NFC, collapse runs of blanks inside each line, trim line ends, and put every tone mark
    where ``tone_style`` says ("new": hòa, thủy as in Decree-30 texts; "old": hoà, thuỷ;
    "printed": as printed, for field values that must be copied exactly).
    The number of lines never changes."""
    text = unicodedata.normalize("NFC", text)
    lines = text.split("\n")
    out = []
    for line in lines:
        line = fix_lookalikes(_SPACES.sub(" ", _INVISIBLE.sub("", line.rstrip("\r"))).strip())
        if tone_style != "printed":
            line = _WORD.sub(lambda m: retone(m.group(), tone_style), line)
        out.append(line)
    return "\n".join(out)


# Look-alikes (data): characters OCR or a mixed-script font gives for a Vietnamese letter or
# sign of the same shape. Vietnamese has no eth: "Ð" (U+00D0) and "Ɖ" are "Đ".
_LOOKALIKE_LETTERS = str.maketrans({"Ð": "Đ", "ð": "đ", "Ɖ": "Đ", "ɖ": "đ"})
# Cyrillic letters inside a Latin word ("ТRƯỜNG" with a Cyrillic T).
_CYRILLIC_LATIN = str.maketrans(
    dict(zip("АВЕКМНОРСТХаеорсухіІ", "ABEKMHOPCTXaeopcyxiI", strict=True))
)
_MIXED_WORD = regex.compile(r"\p{L}*(?:\p{Cyrillic}\p{Latin}|\p{Latin}\p{Cyrillic})\p{L}*")
# The slash of "V/v" read as a sign of its shape ("V¿v", "V(v", "V|v").
_VV_LOOKALIKE = regex.compile(r"(?<![\p{L}\d])([Vv])\s*[¿(|\\⁄∕÷]\s*([vV])(?![\p{L}\d])")


def fix_lookalikes(line: str) -> str:
    """One line with look-alike characters read as the letters they stand for: "Ð" → "Đ",
    Cyrillic letters inside Latin words, "V¿v" → "V/v"."""
    line = line.translate(_LOOKALIKE_LETTERS)
    line = _MIXED_WORD.sub(lambda m: m.group().translate(_CYRILLIC_LATIN), line)
    return _VV_LOOKALIKE.sub(r"\1/\2", line)


def _syllable_score(text: str) -> int:
    return sum(is_structural_syllable(w) for w in _WORD.findall(text))


def _decode_tcvn3(text: str) -> str:
    return "".join(TCVN3.get(c, c) for c in text)


def _decode_vni(text: str) -> str:
    return _VNI_RE.sub(lambda m: VNI[m.group()], text)


def decode_legacy(text: str) -> str:
    """Convert lines written in TCVN3/ABC or VNI (seen through Latin-1: "Uû ban nh©n d©n")
    to Unicode. Each line keeps the reading with the most valid Vietnamese syllables, so
    ordinary Unicode text comes back unchanged."""
    out = []
    for line in text.split("\n"):
        if not any(c in LEGACY_CHARS for c in line):
            out.append(line)
            continue
        best, best_score = line, _syllable_score(line)
        for decoded in (_decode_tcvn3(line), _decode_vni(line)):
            score = _syllable_score(decoded)
            if score > best_score:
                best, best_score = decoded, score
        out.append(unicodedata.normalize("NFC", best))
    return "\n".join(out)


# Header OCR confusions (data): how Latin-only or degraded OCR spells "Số:", "ngày", "tháng",
# "năm" and digits in dates.
_SO = regex.compile(r"\b(?:S[éèẻẽẹêếềểễệôồốổỗộóòỏõọơớờởỡợ6o0ö]|SO|S0)\s*:")
_DIGITISH = str.maketrans({"o": "0", "O": "0", "l": "1", "I": "1", "|": "1", "S": "5"})
_NUM = r"[0-9oOlI|S]{1,2}"
_DATE = regex.compile(
    rf"\b(?P<d>ng[aàáảãạăâ]y)\s*(?P<dd>{_NUM})\b"
    rf"(?:\s*(?P<t>th[aàáảãạăâ]ng)\s*(?P<mm>{_NUM})\b)?"
    rf"(?:\s*(?P<n>n[aàáảãạăâ]m|ndm|n[aă]rn)\s*(?P<yy>[0-9oOlI]{{4}})\b)?",
    regex.IGNORECASE,
)


def _fix_date(m: regex.Match[str]) -> str:
    def word(raw: str, correct: str) -> str:
        return correct.upper() if raw.isupper() else correct

    parts = [word(m["d"], "ngày"), m["dd"].translate(_DIGITISH)]
    if m["t"]:
        parts += [word(m["t"], "tháng"), m["mm"].translate(_DIGITISH)]
    if m["n"]:
        parts += [word(m["n"], "năm"), m["yy"].translate(_DIGITISH)]
    return " ".join(parts)


def fix_ocr_header(line: str) -> str:
    """First pass over header OCR confusions: "Sé:"/"S6:"/"Sô:" → "Số:", "ngay09" →
    "ngày 09", "thang o3" → "tháng 03", "nam" → "năm" in a date."""
    line = _SO.sub("Số:", line)
    return _DATE.sub(_fix_date, line)
