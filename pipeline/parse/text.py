"""Text helpers of the parser: folding, case tests, dates and document numbers.

``fold`` maps each character to one character (same length), so a match found on folded
text gives offsets into the printed text: rules match tone-insensitively but report the
value exactly as printed.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

import regex
from rapidfuzz.distance import Levenshtein

from . import vocab
from .folding import fold

_SPACES = regex.compile(r"\s+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def collapse(text: str) -> str:
    """NFC, single spaces, stripped."""
    return _SPACES.sub(" ", nfc(text)).strip()


def is_upper_line(text: str) -> bool:
    """True when most letters are capitals (titles, organ names, signer titles)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    return sum(ch.isupper() for ch in letters) / len(letters) >= vocab.UPPER_LINE_SHARE


def is_junk(text: str) -> bool:
    """OCR of a seal, signature or speck: hardly any letters."""
    letters = sum(ch.isalpha() for ch in text)
    return letters < vocab.LINE_MIN_LETTERS or letters < vocab.JUNK_LETTER_SHARE * len(
        text.replace(" ", "")
    )


def is_rule_line(text: str) -> bool:
    """A printed rule ("-------", "___") or markup-only line ("* *")."""
    stripped = text.strip()
    if len(stripped) < vocab.RULE_LINE_MIN:
        return False
    return regex.fullmatch(r"[-_=*.·…\s]+", stripped) is not None


# A bullet, or a run of them, after a speck OCR read left of it ("' - Như trên;").
BULLET_RE = regex.compile(
    rf"^(?:(?:[^\p{{L}}\d\s(\[]|\p{{Lm}}){{1,2}}\s*(?=[{regex.escape(vocab.BULLETS)}]))?"
    rf"(?:[{regex.escape(vocab.BULLETS)}]\s*)+"
)


def strip_item(text: str) -> str:
    """An enumerated entry without its bullet and trailing ';', ',' or '.' (gold convention)."""
    text = collapse(text)
    text = BULLET_RE.sub("", text)
    text = regex.sub(r";\s+[^\s\d]$", ";", text)  # a speck read after the entry ("…; Ộ")
    text = regex.sub(r"(?:\s*[;,.]|\s*\./\.)+$", "", text)
    return text.strip()


def starts_with_any(folded: str, prefixes: tuple[str, ...]) -> bool:
    return any(folded.startswith(p) for p in prefixes)


def starts_with_word(text: str, prefixes: tuple[str, ...]) -> bool:
    """Capitalised ``text`` starts with one of the lower-case ``prefixes``; tone marks must
    match unless the text carries none (legacy OCR)."""
    if not text[:1].isupper():
        return False
    low = text.lower()
    if low.isascii():
        return any(low.startswith(fold(p)) for p in prefixes)
    return any(low.startswith(p) for p in prefixes)


def label_end(folded: str, labels: tuple[str, ...]) -> int | None:
    """Offset after a leading label ("noi nhan", "kinh gui") and its colon, allowing one OCR
    slip in the label (".Vơi nhận:"); None when the line does not start with one."""
    m = regex.match(r"^[^\p{L}\d]{0,2}", folded)
    lead = m.end() if m else 0
    for label in labels:
        n_words = len(label.split())
        words = regex.match(rf"(?:\S+\s+){{{n_words - 1}}}\S+?(?=\s*:|\s|$)", folded[lead:])
        if words is None:
            continue
        slip = 0 if len(label) < vocab.LABEL_SLIP_MIN else vocab.LABEL_SLIPS
        if Levenshtein.distance(words[0], label) <= slip:
            end = lead + words.end()
            rest = regex.match(r"\s*:?\s*", folded[end:])
            return end + (rest.end() if rest else 0)
    return None


# --- dates -------------------------------------------------------------------------------

_D = r"[0-9oOø]"  # on folded text: OCR reads "0" as "o" or "Ø" (folded "ø")
# On folded text: "<place>, ngày DD tháng MM năm YYYY" with OCR spacing ("ngay09", "thang o3").
# A handwritten day or month that OCR garbles leaves a few marks ("2#", "Ø?"), kept as junk so
# the place and year are still found.
_JUNK = r"[^\s\d]{1,3}\d?|\d[^\s\d]{1,2}"
# Number words of a day or month; never the "ngày" of the date itself ("Ngãi ngày tháng …").
_WORDS = r"(?!ng)[a-z]+(?:\s[a-z]+){0,2}?"
DATE_WORDS_RE = regex.compile(
    rf"(?<![a-z])ng(?:[a-z]?y|[^\s\d,;:]{{1,3}})\s*"
    rf"(?P<d>{_D}(?:\s?{_D})?|[il]\d|\.{{2,}}|…|{_WORDS}|{_JUNK})?\s*[,.]?\s*"
    rf"th[a-z]?ng\s*(?P<m>{_D}(?:\s?{_D})?|[il]\d|\.{{2,}}|…|{_WORDS}|{_JUNK})?\s*[,.]?\s*"
    rf"n[a-z]?m\s*(?P<y>{_D}(?:\s?{_D}){{3}})"
)
# Numeric dates "DD/MM/YYYY", "DD-MM-YYYY", "DD.MM.YYYY".
DATE_NUMERIC_RE = regex.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})(?!\d)"
)


def digits(token: str) -> str:
    """OCR-confused digits ("o3" → "03") with spaces removed."""
    return "".join(vocab.DIGIT_CONFUSIONS.get(ch, ch) for ch in token if not ch.isspace())


def make_date(day: str | int | None, month: str | int | None, year: str | int | None) -> str | None:
    """ISO date from parts, or None when a part is missing or the date does not exist."""
    try:
        d = int(digits(day)) if isinstance(day, str) else day
        m = int(digits(month)) if isinstance(month, str) else month
        y = int(digits(year)) if isinstance(year, str) else year
    except ValueError:
        return None
    if d is None or m is None or y is None or not vocab.MIN_YEAR <= y <= vocab.MAX_YEAR:
        return None
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def number_words(words: str) -> int | None:
    """1–99 written in (folded) Vietnamese words: "hai muoi lam" → 25, "muoi mot" → 11."""
    tokens = [t for t in words.split() if t not in vocab.DAY_PREFIXES]
    if not tokens:
        return None
    if vocab.TENS_WORD not in tokens:
        return vocab.NUMBER_WORDS.get(tokens[0]) if len(tokens) == 1 else None
    k = tokens.index(vocab.TENS_WORD)
    if k > 1 or len(tokens) - k > 2:
        return None
    tens = vocab.NUMBER_WORDS.get(tokens[0]) if k == 1 else 1
    units = vocab.NUMBER_WORDS.get(tokens[k + 1]) if k + 1 < len(tokens) else 0
    return None if tens is None or units is None else tens * 10 + units


def _part(token: str | None) -> int | str | None:
    """A day or month as printed: digits (kept for OCR fixes), a month name or number words."""
    if token is None:
        return None
    token = token.strip()
    if token[:1].isdigit() or token[:1] in "oOøil":
        return token
    return vocab.MONTH_NAMES.get(token) or number_words(token)


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in a line: ISO value (None when invalid/blank) and its span."""

    iso: str | None
    start: int
    end: int


def find_word_date(text: str) -> DateMatch | None:
    """First "ngày … tháng … năm …" date in ``text`` (tolerant of OCR noise)."""
    m = DATE_WORDS_RE.search(fold(text))
    if m is None:
        return None
    iso = make_date(_part(m["d"]), _part(m["m"]), m["y"]) if m["d"] and m["m"] else None
    return DateMatch(iso, m.start(), m.end())


# "<Place>, ngày 21 tháng" with the rest of the date lost (a cut export line): the place and
# the start of a date, on folded text.
_CUT_DATE = regex.compile(r"^[^\d,:;/]{2,40},\s*(?P<at>ngay)(?:\s+\S+){0,3}\s*$")


def find_cut_date(text: str) -> DateMatch | None:
    """A place-and-date line whose date is cut short: (no date, start of "ngày")."""
    m = _CUT_DATE.match(fold(text))
    if m is None or not text[:1].isupper():
        return None
    return DateMatch(None, m.start("at"), len(text))


def find_date(text: str) -> DateMatch | None:
    """First date in either the word form or the numeric form, whichever comes first."""
    found = [x for x in (find_word_date(text), _find_numeric(text)) if x is not None]
    return min(found, key=lambda x: x.start) if found else None


def _find_numeric(text: str) -> DateMatch | None:
    m = DATE_NUMERIC_RE.search(text)
    if m is None:
        return None
    return DateMatch(make_date(m["d"], m["m"], m["y"]), m.start(), m.end())


# --- number and symbol ---------------------------------------------------------------------

# "Số:" label as OCR may print it: Số, So, Sô, S6, S0, Sé, SỐ; colon optional.
# Matched on folded text so any tone OCR puts on the "o" is accepted (Số, Sô, Sẽ, SỐ), and
# digits and Ø read for it (S6, S0, SØ); the "S" must be a capital in the printed text.
_NUMBER_LABEL = regex.compile(
    r"(?<![a-z\d])s[oe60ø](?:\s*[:;]\s*|\s*[.]?\s*(?=[\doil.…_/-]|$))",
)


def number_label(text: str) -> tuple[int, int] | None:
    """(start, end) of the first "Số:" label in ``text``."""
    for m in _NUMBER_LABEL.finditer(fold(text)):
        if text[m.start()] == "S":
            return m.start(), m.end()
    return None


def starts_with_number_label(text: str) -> bool:
    """The line opens with "Số:" (after a stray bullet)."""
    label = number_label(text)
    return label is not None and not text[: label[0]].strip(" -–_.")


_NUM = r"(?P<num>[0-9OoIl|]*\d[0-9OoIl|]*|[Oo]\d*)"
_CODE = r"[\p{L}\d&.]+"
_SYM = rf"(?P<sym>{_CODE}(?:\s*[-/]\s*{_CODE})*)"
# "45/UBND-VP", "100/2025/QĐ-UBND", "  /TB-UBND" (blank), "..../TB-UBND"
# A handwritten number OCR cannot read leaves a few stray marks before the slash ("4€`").
_SLASH = f"[{regex.escape(vocab.SLASH_LOOKALIKES)}]"
SLASH_NUMBER_RE = regex.compile(
    rf"^\s*(?:{_NUM}(?=\s*{_SLASH})|[._…\s]*|(?P<junk>(?:[^\s/]{{1,6}}\s*){{1,3}}))\s*{_SLASH}\s*{_SYM}"
)
# Party style "127-QĐ/TW", youth union "367 - QĐ/TWĐTN-VP".
DASH_NUMBER_RE = regex.compile(rf"^\s*{_NUM}\s*-\s*(?P<sym>{_CODE}\s*/\s*{_CODE}(?:-{_CODE})*)")
# The symbol ends at a word that is not a code ("V/v", place names): codes have no lower-case
# run of three letters.
_NOT_CODE = regex.compile(r"\p{Ll}{3}")


@dataclass(frozen=True, slots=True)
class NumberMatch:
    number: str | None
    symbol: str | None
    start: int
    end: int


_TYPE_CODES = frozenset(a for a in vocab.DOC_TYPES.values() if a) | vocab.COPY_CODES


def _fix_group(group: str) -> str:
    """A type code OCR doubled a letter in ("QĐÐ" for "QĐ"), else the group as printed."""
    if group in _TYPE_CODES:
        return group
    single = regex.sub(r"(.)\1+", r"\1", group)
    return single if single in _TYPE_CODES else group


def _clean_symbol(sym: str) -> str:
    """The symbol as printed, spaces removed, stopping at the first word that is not a code;
    OCR's look-alike "Ð" (eth) read as "Đ"."""
    parts = regex.split(r"\s+", sym.strip())
    kept = [parts[0]]
    for part in parts[1:]:
        if _NOT_CODE.search(part) or part.lower().startswith("v/v"):
            break
        kept.append(part)
    symbol = regex.sub(r"[.,;:]+$", "", "".join(kept)).replace("Ð", "Đ").replace("ð", "đ")
    return "".join(_fix_group(g) for g in regex.split(r"([-/])", symbol))


def parse_number(after_label: str) -> tuple[str | None, str | None, int] | None:
    """Number and symbol from the text after "Số:". Returns (number, symbol, consumed) where
    number is None when blank or unreadable (handwritten gap)."""
    m = DASH_NUMBER_RE.match(after_label) or SLASH_NUMBER_RE.match(after_label)
    if m is None:
        return None
    sym = _clean_symbol(m["sym"]) if m["sym"] else None
    num = digits(m["num"]) if m["num"] else None
    if num is not None and not num.isdigit():
        num = None
    # the symbol keeps the text as printed; only the spaces are removed
    if sym is not None and not regex.search(r"\p{Lu}|\d", sym):
        sym = None
    end = m.start("sym") + len(m["sym"]) if m["sym"] else m.end()
    return num, sym, end


def find_number(text: str) -> NumberMatch | None:
    """The "Số: <number>/<symbol>" on a line, or a bare "Số:" label (number and symbol None)."""
    label = number_label(text)
    if label is None:
        return None
    start, end = label
    rest = text[end:]
    parsed = parse_number(rest)
    if parsed is None:
        bare = rest.strip()
        if bare and not regex.fullmatch(r"[._…\s]*", bare):
            num_only = regex.match(r"\s*([0-9OoIl]*\d[0-9OoIl]*)\s*$", rest)
            if num_only is None:
                return None
            return NumberMatch(digits(num_only[1]), None, start, len(text))
        return NumberMatch(None, None, start, len(text))
    num, sym, consumed = parsed
    return NumberMatch(num, sym, start, end + consumed)


def strip_zeros(number: str) -> str:
    return number.lstrip("0") or "0"
