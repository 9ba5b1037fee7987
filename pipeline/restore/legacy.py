"""Legacy 8-bit Vietnamese encodings (TCVN3/ABC, VNI-Windows) as data tables.

Text in these encodings usually reaches us already mis-decoded as Windows-1252/Latin-1
("Uû ban nh©n d©n"), so the tables map those Latin-1 characters to Unicode.
"""

from __future__ import annotations

import unicodedata

# TCVN3 (TCVN 5712:1993, "ABC"): one byte per letter; capitals with tones do not exist.
TCVN3: dict[str, str] = dict(
    zip(
        "¡¢£¤¥¦§¨©ª«¬\xad®"
        "µ¶·¸¹»¼½¾ÆÇÈÉÊË"
        "ÌÎÏÐÑÒÓÔÕÖ×ØÜÝÞ"
        "ßáâãäåæçèéêëìíî"
        "ïñòóôõö÷øùúûüýþ",
        "ĂÂÊÔƠƯĐăâêôơưđ"
        "àảãáạằẳẵắặầẩẫấậ"
        "èẻẽéẹềểễếệìỉĩíị"
        "òỏõóọồổỗốộờởỡớợ"
        "ùủũúụừửữứựỳỷỹýỵ",
        strict=True,
    )
)

# VNI-Windows: base letter followed by a mark character. Tone codes by tone id
# (sắc, huyền, hỏi, ngã, nặng) for plain/horn vowels, circumflex vowels and breve.
_VNI_TONES_PLAIN = "ùøûõï"
_VNI_TONES_CIRC = "áàåãä"
_VNI_TONES_BREVE = "éèúüë"
_TONE_COMBINING = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {"ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư"}
    table.update({"ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị"})
    table.update({"Ì": "Ì", "Í": "Í", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ"})

    def nfc(s: str) -> str:
        return unicodedata.normalize("NFC", s)

    for upper in (False, True):
        def cv(s: str, up: bool = upper) -> str:
            return s.upper() if up else s

        for base, code in (("a", ""), ("e", ""), ("o", ""), ("u", ""), ("y", ""),
                           ("ơ", "ô"), ("ư", "ö")):
            lead = cv(code) if code else cv(base)
            for mark, comb in zip(_VNI_TONES_PLAIN, _TONE_COMBINING, strict=True):
                if base == "y" and mark == "ï":
                    continue  # ỵ is the single character î
                table[lead + cv(mark)] = cv(nfc(base + comb))
        for base, circ in (("a", "â"), ("e", "ê"), ("o", "ô")):
            table[cv(base) + cv("â")] = cv(circ)
            for mark, comb in zip(_VNI_TONES_CIRC, _TONE_COMBINING, strict=True):
                table[cv(base) + cv(mark)] = cv(nfc(circ + comb))
        table[cv("a") + cv("ê")] = cv("ă")
        for mark, comb in zip(_VNI_TONES_BREVE, _TONE_COMBINING, strict=True):
            table[cv("a") + cv(mark)] = cv(nfc("ă" + comb))
    return table


VNI: dict[str, str] = _vni_table()
LEGACY_CHARS: frozenset[str] = frozenset(TCVN3) | {c for c in "".join(VNI) if not c.isascii()}
