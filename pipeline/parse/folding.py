"""Folding: the key every parser table is matched on (lower case, no diacritics, "đ" → "d").

``fold`` maps each character to one character (same length), so a match found on folded
text gives offsets into the printed text. Kept apart from ``text`` so the vocabulary can
derive its folded tables from printed ones without an import cycle.
"""

from __future__ import annotations

import unicodedata
from functools import cache


@cache
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    low = base.lower()
    return low if len(low) == 1 else base


def fold(text: str) -> str:
    """Lower case without diacritics, one character per input character (NFC input)."""
    return "".join(_fold_char(ch) for ch in text)
