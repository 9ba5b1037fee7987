"""The parser's view of a document: cleaned lines with a column, and the zones they fall in.

OCR lines of a scan already carry a layout region; plain text has none, but a text export of
a two-column page keeps the columns apart with runs of spaces ("Nơi nhận:      TL. CHỦ
TỊCH"). Such lines are cut into a left and a right segment, so the same rules serve both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import regex

from ..normalize import fix_lookalikes
from ..restore.syllables import apply_case, case_pattern
from ..types import BBox, OcrLine, OcrWord
from . import text as tx
from . import vocab

Column = Literal["left", "right", "full"]

_REGION_COLUMN: dict[str, Column] = {
    "header_left": "left",
    "footer_left": "left",
    "header_right": "right",
    "footer_right": "right",
}
_GAP = regex.compile(rf"\S(\s{{{vocab.COLUMN_GAP_SPACES},}})(?=\S)")
_MARKUP = regex.compile(r"^[\s*#>]+|[\s*_]+$")


@dataclass(frozen=True, slots=True)
class Line:
    """One line (or one column segment of a line) as the rules see it.

    ``text`` is the cleaned restored text, ``raw`` the cleaned pre-restoration text (for codes
    and numbers), ``index`` the position of the source OcrLine.
    """

    index: int
    text: str
    raw: str
    folded: str
    page: int
    region: str
    column: Column
    bbox: BBox | None
    conf: float | None

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def upper(self) -> bool:
        return tx.is_upper_line(self.text)


def _clean(text: str) -> str:
    return fix_lookalikes(tx.collapse(_MARKUP.sub("", tx.nfc(text))))


_CODE_TOKEN = regex.compile(r"[\d()/\[\]]|\p{L}\.\p{L}")


def _guard(text: str, raw: str) -> str:
    """The restored text with the raw spelling of tokens restoration must not touch: codes,
    numbers and enumerators ("(ii)", "12/QĐ-UBND"), and the raw capitalisation of words it
    only re-marked ("Ngày", not "ngày")."""
    tokens, raw_tokens = text.split(), raw.split()
    if len(tokens) != len(raw_tokens):
        return text
    out = []
    for t, r in zip(tokens, raw_tokens, strict=True):
        if t != r and _CODE_TOKEN.search(r):
            out.append(r)
        elif t != r and t.lower() != r.lower() and tx.fold(t) == tx.fold(r):
            out.append(apply_case(t.lower(), case_pattern(r)))
        elif t != r and t.lower() == r.lower():
            out.append(r)
        else:
            out.append(t)
    return " ".join(out)


_DATE_GAP = regex.compile(r"(?<![a-z])ng[a-z]?y$")
_DATE_GAP_END = regex.compile(r"(?:th[a-z]?ng|n[a-z]?m)\s")


def _segments(text: str) -> list[tuple[int, str]]:
    """Cut a line at runs of 3+ spaces: [(start offset, segment)]. The blank left for a
    handwritten day or month ("ngày    tháng 01") is no column gap."""
    out: list[tuple[int, str]] = []
    start = len(text) - len(text.lstrip())
    folded = tx.fold(text)
    for gap in _GAP.finditer(text):
        if _DATE_GAP.search(folded[: gap.start(1)]) or _DATE_GAP_END.match(folded[gap.end(1) :]):
            continue
        out.append((start, text[start : gap.start(1)]))
        start = gap.end(1)
    out.append((start, text[start:].rstrip()))
    return [(s, seg) for s, seg in out if seg.strip()]


def _column_split(texts: Sequence[str]) -> int | None:
    """Offset where the right column starts in a plain-text two-column export, if any (two
    lines at least must show two columns)."""
    starts = sorted(
        segs[-1][0]
        for t in texts
        if len(segs := _segments(t)) >= 2 and segs[-1][0] >= vocab.RIGHT_COLUMN_MIN_OFFSET
    )
    if len(starts) < vocab.MIN_COLUMN_LINES:
        return None
    return int(starts[0] * vocab.LEFT_SHARE)


def _word_split(ln: OcrLine, raw: OcrLine) -> list[tuple[Column, str, str, BBox]] | None:
    """Left and right parts of an OCR line whose words leave a column-wide gap."""
    words = ln.words
    tokens = ln.text.split()
    if len(words) < 2 or len(tokens) != len(words):
        return None
    heights = sorted(w.bbox.y1 - w.bbox.y0 for w in words)
    height = heights[len(heights) // 2]
    gap, k = max((words[j + 1].bbox.x0 - words[j].bbox.x1, j) for j in range(len(words) - 1))
    if gap < vocab.COLUMN_GAP_HEIGHTS * max(height, 1):
        return None
    raw_tokens = raw.text.split()
    if len(raw_tokens) != len(tokens):
        raw_tokens = tokens
    left, right = words[: k + 1], words[k + 1 :]
    return [
        ("left", " ".join(tokens[: k + 1]), " ".join(raw_tokens[: k + 1]), _span(left)),
        ("right", " ".join(tokens[k + 1 :]), " ".join(raw_tokens[k + 1 :]), _span(right)),
    ]


def _span(words: Sequence[OcrWord]) -> BBox:
    box = words[0].bbox
    for w in words[1:]:
        box = box.union(w.bbox)
    return box


def _text_columns(ln: OcrLine, raw: OcrLine, split: int) -> list[tuple[Column, str, str]] | None:
    """Left/right parts of a plain-text line, cut where the printed spacing (kept in the raw
    line; normalisation collapses it) leaves a column gap. The restored text is cut at the
    same words."""
    segs = _segments(raw.text)
    if len(segs) < 2:
        return None
    tokens = ln.text.split()
    raw_tokens = raw.text.split()
    parts: dict[Column, list[tuple[str, str]]] = {"left": [], "right": []}
    pos = 0
    for start, seg in segs:
        n = len(seg.split())
        restored = " ".join(tokens[pos : pos + n]) if len(tokens) == len(raw_tokens) else seg
        parts["left" if start < split else "right"].append((restored, seg))
        pos += n
    return [
        (col, " ".join(t for t, _ in cells), " ".join(r for _, r in cells))
        for col, cells in parts.items()
        if cells
    ]


# "- Ban Bí thư Trung ương Đảng; KT. THỦ TƯỚNG": a Nơi nhận entry and a signer-block line
# that OCR without layout read as one line.
_FOOTER_PAIR = regex.compile(
    r"^(?P<left>(?:[-+•–—_~]|(?i:n[oơ]i\s+nh[aậ]n)).*?[;:,])\s+(?:\S{1,2}\s+)?_?"
    r"(?P<right>(?:(?:TM|KT|TL|TUQ|Q|[KT]/[TLM])\s?\.?\s?)?\p{Lu}[\p{Lu}\s.,]*)$"
)


def _footer_pair(text: str) -> tuple[str, str] | None:
    """(cc part, signer part) of a line that carries both footer columns."""
    m = _FOOTER_PAIR.match(text.strip())
    if m is None or not tx.is_upper_line(m["right"]):
        return None
    right = tx.fold(m["right"])
    if not any(w in right for w in vocab.TITLE_WORDS) and not regex.match(
        r"^(?:tm|kt|tl|tuq|q|[kt]/[tlm])\s?\.", right
    ):
        return None
    return m["left"], m["right"]


_NAME_TAIL = regex.compile(
    rf"^(?P<left>.*;)\s+(?P<right>(?:{'|'.join(sorted(vocab.SURNAMES))})"
    r"(?:\s+\p{Lu}[\p{Ll}\p{M}]+){1,3})$"
)


def _entry_then_name(text: str) -> tuple[str, str] | None:
    """(entry, name) of a line where an export put the signer's name after a Nơi nhận
    entry ("Việt Nam; Trần Thanh Mẫn")."""
    m = _NAME_TAIL.match(text.strip())
    return (m["left"], m["right"]) if m is not None else None


def build_lines(lines: Sequence[OcrLine], raw_lines: Sequence[OcrLine] | None) -> list[Line]:
    """Cleaned parser lines. OCR lines keep their region's column (a line that spans both
    columns is cut at its widest word gap); plain-text two-column lines become two parts."""
    raws = raw_lines if raw_lines is not None and len(raw_lines) == len(lines) else lines
    split = (
        _column_split([raw.text for raw in raws])
        if all(ln.region == "text" for ln in lines)
        else None
    )
    out: list[Line] = []
    for i, (ln, raw) in enumerate(zip(lines, raws, strict=True)):
        column = _REGION_COLUMN.get(ln.region, "full")
        if ln.words and column == "full" and (cut := _word_split(ln, raw)) is not None:
            for col, text, rtext, box in cut:
                out.append(replace(_line(i, ln, _clean(text), _clean(rtext), col), bbox=box))
            continue
        if split is not None and (parts := _text_columns(ln, raw, split)) is not None:
            out.extend(_line(i, ln, _clean(t), _clean(r), col) for col, t, r in parts)
            continue
        pair = _footer_pair(ln.text) or _entry_then_name(ln.text)
        if column == "full" and split is None and pair is not None:
            out.append(_line(i, ln, _clean(pair[0]), _clean(pair[0]), "left"))
            out.append(_line(i, ln, _clean(pair[1]), _clean(pair[1]), "right"))
            continue
        indent = len(raw.text) - len(raw.text.lstrip())
        if split is not None and raw.text.strip() and indent >= split:
            column = "right"  # a right-column line alone on its row (the signer's name)
        out.append(_line(i, ln, _clean(ln.text), _clean(raw.text), column))
    return out


def _line(i: int, ln: OcrLine, text: str, raw: str, column: Column) -> Line:
    text = _guard(text, raw) if text != raw else text
    return Line(
        index=i,
        text=text,
        raw=raw,
        folded=tx.fold(text),
        page=ln.page,
        region=ln.region,
        column=column,
        bbox=ln.bbox,
        conf=ln.conf,
    )


def is_motto(line: Line) -> bool:
    """A national-motto line or a wrapped piece of it ("CỘNG HÒA" / "XÃ HỘI CHỦ NGHĨA …")."""
    f = regex.sub(r"\s+", " ", regex.sub(r"[–—]", "-", line.folded)).strip(" -")
    if len(f) < vocab.MOTTO_PIECE_MIN:
        return False
    squeezed = f.replace(" ", "")
    return any(
        f in m or squeezed in m.replace(" ", "") or (len(f) > vocab.MOTTO_HOLDER_MIN and m in f)
        for m in vocab.MOTTO
    ) or _garbled_motto(f)


_MOTTO_WORDS = tuple(regex.findall(r"\w+", m) for m in vocab.MOTTO)


def _garbled_motto(folded: str) -> bool:
    """A motto line OCR garbled ("CỚNG II OA XÃ HỘI € HÍ: NGHĨA VIỆT NAM"): most of its words
    in order, few others."""
    words = regex.findall(r"\w+", folded)
    for motto in _MOTTO_WORDS:
        if len(words) > len(motto) + vocab.MOTTO_EXTRA_WORDS:
            continue
        k = matched = 0
        for w in words:
            if w in motto[k:]:
                k = motto.index(w, k) + 1
                matched += 1
        if matched >= vocab.MOTTO_WORD_SHARE * len(motto):
            return True
    return False


def preface_end(lines: Sequence[Line], markdown: bool) -> int:
    """Index of the first line of the document proper.

    Web exports may open with a news summary ("## …", ``markdown``) that is not part of the
    document: it ends at the last non-capital line before the motto.
    """
    if not lines or not markdown:
        return 0
    motto = next((i for i, ln in enumerate(lines) if is_motto(ln)), None)
    if motto is None:
        return 0
    start = motto
    while start > 0 and (lines[start - 1].upper or tx.is_rule_line(lines[start - 1].text)):
        start -= 1
    return start


def copy_start(lines: Sequence[Line], after: int) -> int | None:
    """Index of the first line of a copy block (SAO Y / SAO LỤC / TRÍCH SAO), if any."""
    for i in range(after, len(lines)):
        ln = lines[i]
        if ln.region == "copy":
            return i
        f = ln.folded.strip(" :.")
        if ln.upper and any(f == m or f.startswith(m + " ") for m in vocab.COPY_MARKERS):
            return i
    return None


def stamp_lines(lines: Sequence[Line]) -> set[int]:
    """Positions of an incoming "ĐẾN" stamp and the hand-filled fields under it."""
    out: set[int] = set()
    for i, ln in enumerate(lines):
        f = ln.folded.strip(" :.")
        word = next((w for w in vocab.INCOMING_STAMP_WORDS if f == w or f.startswith(w + " ")), "")
        # "ĐẾN" alone, or with the stamp's first field on its line ("ĐẾN Số: 2770")
        rest = f[len(word) :].strip(" :.")
        is_stamp = (
            bool(word)
            and tx.is_upper_line(ln.text[: len(word)])
            and (not rest or any(rest.startswith(w) for w in vocab.INCOMING_STAMP_FIELDS))
        )
        if is_stamp:
            out.add(i)
            for j in range(i + 1, min(i + 1 + vocab.STAMP_FIELD_LINES, len(lines))):
                g = lines[j].folded.strip()
                if any(g.startswith(w) for w in vocab.INCOMING_STAMP_FIELDS) and ":" in g:
                    out.add(j)
                elif g:
                    break
    return out


@dataclass(frozen=True, slots=True)
class Found:
    """A field value with the lines it was read from and the id of the rule that read it."""

    value: object
    lines: tuple[Line, ...]
    rule: str
