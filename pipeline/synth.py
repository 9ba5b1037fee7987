"""Synthetic Decree-30 letters (văn bản hành chính) with exact gold, for tests and evaluation.

Real scans are few and their gold is hand-made; generated letters give unlimited pages whose
every field and every printed character is known. Content comes from the data tables in
``pipeline/data/synth`` combined by a seeded RNG, so the same seed always gives the same
letter, the same pixels and the same bytes on disk.

Pipeline: ``make_letter`` (content + gold) → layout (positions in points, dpi-independent, so
line breaks and ground truth do not depend on resolution) → ``render`` (colour pages with red
seal and blue signature) → ``degrade`` (scanner/archive damage) → ``write_sample``.
``letter_from_parts`` / ``letter_from_gold`` build renderable letters from given text (the
shared real letters), ``scan`` renders and degrades in memory, ``write_samples`` writes the
committed ``samples/`` set. CLI: ``python -m congvan.synth OUT_DIR [--seed N] [--count N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import itertools
import json
import math
import random
import re
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps

from . import decree30
from .types import BBox, Region

DATA_DIR = Path(__file__).resolve().parent / "data" / "synth"
FONT_ROOT = Path("/usr/share")

# hw: filled in by hand (blue pen); sr / sk: a script name stamp in red / black ink
Style = Literal["r", "b", "i", "bi", "hw", "sr", "sk"]
Format = Literal["png", "jpg", "tif", "pdf"]
# Serif typefaces with every Vietnamese glyph (Debian packages in scripts/setup-system.sh),
# as regular, bold, italic, bold italic. The committed samples use "liberation" (Times New
# Roman metrics, what most offices print with); evaluation letters draw one per letter so
# the OCR settings are not fitted to a single face. Paths under FONT_ROOT, in
# ``data/synth/fonts.json`` (FONT_FAMILIES, after ``table``).
STYLE_INDEX: dict[Style, int] = {"r": 0, "b": 1, "i": 2, "bi": 3, "hw": 2}
# A script face for name stamps (con dấu tên): TeX Gyre Chorus carries Vietnamese.
SCRIPT_FONT = "texmf/fonts/opentype/public/tex-gyre/texgyrechorus-mediumitalic.otf"
# The typeface in force while a letter is laid out and rendered (``typeface``).
_TYPEFACE: ContextVar[str] = ContextVar("typeface", default="liberation")

# Page geometry in points (1/72 inch). Margins follow Decree 30 Appendix I (top/bottom
# 20–25 mm, left 30–35 mm, right 15–20 mm); header column centres are measured on real scans.
MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
LEFT, RIGHT, TOP, BOTTOM = 30 * MM, PAGE_W - 20 * MM, 20 * MM, PAGE_H - 20 * MM
TEXT_W = RIGHT - LEFT
CENTER = (LEFT + RIGHT) / 2
HEAD_L_CX, HEAD_L_W = 52 * MM, 74 * MM  # left header column (issuer, Số, V/v)
HEAD_R_CX, HEAD_R_W = 138 * MM, 112 * MM  # right header column (national motto, date)
FOOT_L_W = 78 * MM  # Nơi nhận column
SIGN_CX = 143 * MM  # signer block centre
INK = (22, 22, 22)
SEAL_RGB = (205, 32, 40)
SIGN_RGB = (28, 48, 165)
RECEIVED_RGB = (120, 40, 150)  # violet ink of the "ĐẾN" stamp
INK_OF: dict[Style, tuple[int, int, int]] = {"hw": SIGN_RGB, "sr": SEAL_RGB}  # else INK

WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")

# Degradation profiles: what a letter looks like after a given life (no "dpi": the input's).
PROFILES: dict[str, dict[str, Any]] = {
    "clean": {},
    "office": {"skew": (0.1, 0.7), "noise": 3.0, "jpeg": 80},
    "archive": {
        "dpi": 200,
        "skew": (1.0, 2.0),
        "tint": (1.0, 0.95, 0.80),
        "fade": 0.72,
        "specks": 250,
        "noise": 4.0,
    },
    "harsh": {
        "dpi": 150,
        "skew": (2.6, 3.0),
        "blur": 0.9,
        "border": 0.05,
        "show_through": 0.12,
        "tint": (0.97, 0.95, 0.90),
        "noise": 7.0,
        "jpeg": 75,
    },
}


# ----------------------------------------------------------------------------- data tables


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # grave, acute, tilde, hook, dot
_OLD_TONE_ENDINGS = ("oa", "oe", "uy")


def old_tone_marks(text: str) -> str:
    """``text`` with the old tone placement on open "oa", "oe", "uy" syllables
    (hòa → hoà, khỏe → khoẻ, thủy → thuỷ, ỦY → UỶ), which real documents still mix in."""
    return re.sub(r"\w+", lambda m: _old_tone_word(m.group()), text)


def _old_tone_word(word: str) -> str:
    d = unicodedata.normalize("NFD", word)
    tones = [i for i, c in enumerate(d) if c in _TONES]
    bases = [i for i, c in enumerate(d) if not unicodedata.combining(c)]
    letters = "".join(d[i] for i in bases).lower()
    if len(tones) != 1 or len(bases) < 2 or not letters.endswith(_OLD_TONE_ENDINGS):
        return word
    tone = tones[0]
    if max(i for i in bases if i < tone) != bases[-2]:  # tone not on the o/u: nothing to move
        return word
    return unicodedata.normalize("NFC", d[:tone] + d[tone + 1:] + d[tone])


@cache
def table(name: str) -> Any:
    """One content table from ``pipeline/data/synth`` (NFC-normalised)."""
    return _nfc(json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8")))


FONT_FAMILIES: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in table("fonts").items()}


@contextmanager
def typeface(family: str) -> Iterator[None]:
    """Lay out and render in ``family`` (a ``FONT_FAMILIES`` key) inside the block."""
    token = _TYPEFACE.set(family)
    try:
        yield
    finally:
        _TYPEFACE.reset(token)


def font(style: Style, size: float) -> ImageFont.FreeTypeFont:
    """``style`` of the typeface in force at ``size`` pixels."""
    return _font(_TYPEFACE.get(), style, size)


@cache
def _font(family: str, style: Style, size: float) -> ImageFont.FreeTypeFont:
    if style in ("sr", "sk"):
        return ImageFont.truetype(str(FONT_ROOT / SCRIPT_FONT), size)
    return ImageFont.truetype(str(FONT_ROOT / FONT_FAMILIES[family][STYLE_INDEX[style]]), size)


@cache
def _em_width(family: str, text: str, style: Style) -> float:
    return _font(family, style, 200.0).getlength(text) / 200.0


def text_width(text: str, style: Style, size: float) -> float:
    """Advance width in points, measured at a large size so it does not depend on dpi."""
    return _em_width(_TYPEFACE.get(), text, style) * size


# ----------------------------------------------------------------------------- letter model


@dataclass(frozen=True)
class Span:
    """A run of words in one style (a bold "Điều 1." label before regular text)."""

    text: str
    style: Style = "r"


ParaKind = Literal["body", "italic", "heading", "center", "item"]


@dataclass(frozen=True)
class Para:
    """A body paragraph: its runs and how it is set (justified body, centred line, ...)."""

    spans: tuple[Span, ...]
    kind: ParaKind = "body"

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.spans)


@dataclass(frozen=True)
class LetterStyle:
    """Typesetting choices that vary between offices."""

    body_size: float = 13.5
    spacing: float = 1.25  # line height / font size
    para_gap: float = 4.0  # points between paragraphs
    indent: float = 1.27 * 10 * MM  # first-line indent
    justify: bool = True
    number_gap: bool = False  # "Số: 45 /UBND-VP": a gap left for the handwritten number
    hand_number: bool = False  # the number is written into the gap by hand
    vv_colon: bool = False  # "V/v: …" instead of "V/v …"
    loose_date: bool = False  # "ngày 9 tháng 03 năm …": padding against the rule, as seen
    old_tones: bool = False  # "CỘNG HOÀ" (old tone placement) in the national name
    # The house look of the committed samples unless changed (evaluation letters vary them):
    font: str = "liberation"  # FONT_FAMILIES key
    head_size: float = 12.5  # issuer and national-title lines
    head_cx: tuple[float, float] = (52 * MM, 138 * MM)  # header column centres
    number_left: bool = False  # Số and V/v lines flush left in their column, not centred
    sign_cx: float = 143 * MM  # signer block centre
    sign_width: float = 104 * MM  # signer lines wider than this are set smaller
    seal_at: tuple[float, float] = (-19 * MM, 10 * MM)  # seal centre from (sign_cx, title)
    sign_reach: tuple[float, float] = (4 * MM, 8 * MM)  # signature below title, above name
    name_stamp: str | None = None  # the name as a script stamp: "red" or "black" ink
    received_at: tuple[float, float] = (12 * MM, 1.5 * MM)  # "ĐẾN" stamp's top-left corner
    stamp_ink: tuple[int, int, int] = RECEIVED_RGB  # ... and its ink


@dataclass(frozen=True)
class TextLine:
    """One printed line: baseline position in points, words with their style."""

    x: float
    y: float
    size: float
    words: tuple[tuple[str, Style], ...]
    justify: float | None = None  # stretch to this width (justified body line)
    region: Region = "body"

    @property
    def text(self) -> str:
        return " ".join(w for w, _ in self.words)


@dataclass
class PageLayout:
    """Everything printed on one page, plus its ground-truth lines in reading order."""

    lines: list[TextLine] = field(default_factory=list)
    rules: list[tuple[float, float, float]] = field(default_factory=list)  # x0, x1, y
    stamps: list[tuple[float, float, str]] = field(default_factory=list)  # x, y, text
    seals: list[tuple[float, float, str]] = field(default_factory=list)  # centre, ring text
    signatures: list[tuple[float, float, float, float]] = field(default_factory=list)  # boxes
    received: tuple[float, float] | None = None  # top-left corner of the "ĐẾN" stamp
    gt: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CopyBlock:
    """A copy certification (bản sao: "SAO Y", "SAO LỤC", "TRÍCH SAO") printed under the
    letter by another office, with its own number, date, signer and seal."""

    kind: str
    office_lines: tuple[str, ...]
    number: str
    symbol: str
    place: str
    date: dt.date
    cc: tuple[str, ...]
    signer_lines: tuple[str, ...]
    signer_title: str
    signer_name: str


@dataclass(frozen=True)
class Letter:
    """A complete letter: its parts (as printed), extra gold, and its page layout."""

    doc_type: str
    issuer_lines: tuple[str, ...]
    parent: str | None
    number: str | None
    symbol: str
    place: str
    date: dt.date
    subject: str | None
    recipients: tuple[str, ...]
    body: tuple[Para, ...]
    cc: tuple[str, ...]
    signer_lines: tuple[str, ...]  # authority lines above the title ("KT. CHỦ TỊCH")
    signer_title: str
    signer_name: str
    urgency: str | None = None
    confidentiality: str | None = None
    references: tuple[tuple[str, str, str | None], ...] = ()  # doc_type, number_symbol, date
    action_items: tuple[str, ...] = ()
    # Incoming-mail stamp (dấu "ĐẾN": receiving body, its entry number, date); not document
    # text, so it is in neither the gold nor the ground truth.
    received: tuple[str, str, str] | None = None
    # Digital-signature notes printed on e-signed copies (Ký bởi, Cơ quan, time; and for
    # provincial bodies the Công báo centre's seal): also outside gold and ground truth.
    esign: tuple[str, str, dt.datetime, bool] | None = None
    copy: CopyBlock | None = None  # a SAO Y block: printed text, not the letter's gold
    seal_text: str = ""
    omit: tuple[str, ...] = ()  # gold keys not annotated (so not scored): "cc", "signer.title"
    seed: int = 0
    style: LetterStyle = LetterStyle()
    pages: tuple[PageLayout, ...] = field(default=(), compare=False)
    header_lines: tuple[str, ...] = field(default=(), compare=False)

    @property
    def number_line(self) -> str:
        sep = " /" if self.style.number_gap else "/"
        return f"Số: {self.number or ''}{sep}{self.symbol}".replace(":  /", ": /")

    @property
    def gold(self) -> dict[str, Any]:
        """The gold record (GOLD_FORMAT.md), same keys as ``congvan.record.Record``."""
        authority = [*self.signer_lines, self.signer_title][0].split(" ")[0]
        gold: dict[str, Any] = {
            "issuer": {"name": " ".join(self.issuer_lines), "parent": self.parent},
            "doc_type": self.doc_type,
            "number": self.number,
            "symbol": self.symbol.replace(" ", ""),
            "place": self.place,
            "date": self.date.isoformat(),
            "subject": self.subject,
            "recipients": list(self.recipients),
            "references": [
                {"doc_type": t, "number_symbol": ns, "date": d} for t, ns, d in self.references
            ],
            "action_items": list(self.action_items),
            "signer": {
                "name": self.signer_name,
                "title": self.signer_title,
                "authority": authority if authority in decree30.AUTHORITIES else None,
            },
            "cc": list(self.cc),
            "urgency": self.urgency,
            "confidentiality": self.confidentiality,
        }
        for key in self.omit:  # "cc" or a nested "signer.title"
            outer, _, inner = key.partition(".")
            (gold[outer] if inner else gold).pop(inner or outer, None)
        return gold

    @property
    def gt_text(self) -> str:
        """Printed text in reading order, one line per printed line, pages split by \\f."""
        return "\n\f".join("\n".join(p.gt) for p in self.pages) + "\n"

    @property
    def header_text(self) -> str:
        """Page-1 header: left column, right column, title, subject, Kính gửi."""
        return "\n".join(self.header_lines) + "\n"


# ----------------------------------------------------------------------------- layout


def _wrap(
    words: Sequence[tuple[str, Style]], size: float, width: float, first_width: float | None = None
) -> list[list[tuple[str, Style]]]:
    """Greedy line breaking of styled words into lines no wider than ``width``."""
    lines: list[list[tuple[str, Style]]] = [[]]
    used = 0.0
    limit = width if first_width is None else first_width
    for word, style in words:
        w = text_width(word, style, size)
        gap = text_width(" ", style, size) if lines[-1] else 0.0
        if lines[-1] and used + gap + w > limit:
            lines.append([])
            used, gap, limit = 0.0, 0.0, width
        lines[-1].append((word, style))
        used += gap + w
    return [line for line in lines if line]


def _balanced(words: Sequence[tuple[str, Style]], size: float, width: float
              ) -> list[list[tuple[str, Style]]]:
    """Wrap into as few lines as greedy wrapping at ``width`` gives, but with lines of even
    length (how typists set centred titles), found by bisecting the width."""
    n = len(_wrap(words, size, width))
    lo, hi = width / (n + 1), width
    for _ in range(20):
        mid = (lo + hi) / 2
        if len(_wrap(words, size, mid)) > n:
            lo = mid
        else:
            hi = mid
    return _wrap(words, size, hi)


def _fit(words: Sequence[tuple[str, Style]], size: float, width: float) -> float:
    """``size``, or smaller so that the line is at most ``width`` wide (how typists fit
    a long place name or signer line in a wide typeface)."""
    return min(size, size * width / max(1e-9, _line_width(words, size)))


def _words(spans: Sequence[Span]) -> list[tuple[str, Style]]:
    return [(w, s.style) for s in spans for w in s.text.split()]


def _line_width(words: Sequence[tuple[str, Style]], size: float) -> float:
    total = sum(text_width(w, s, size) for w, s in words)
    return total + sum(text_width(" ", s, size) for _, s in words[1:])


class _Flow:
    """Places lines top to bottom, starting new pages (numbered from page 2) as needed."""

    def __init__(self) -> None:
        self.pages = [PageLayout()]
        self.y = TOP

    @property
    def page(self) -> PageLayout:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(PageLayout())
        number = str(len(self.pages))
        size = 13.0
        self.page.lines.append(
            TextLine(CENTER - text_width(number, "r", size) / 2, 12 * MM, size, ((number, "r"),))
        )
        self.page.gt.append(number)
        self.y = TOP + 4

    def need(self, height: float) -> None:
        if self.y + height > BOTTOM:
            self.new_page()

    def put(self, x: float, size: float, words: Sequence[tuple[str, Style]], lead: float,
            justify: float | None = None) -> TextLine:
        self.need(lead)
        self.y += lead
        line = TextLine(x, self.y, size, tuple(words), justify)
        self.page.lines.append(line)
        self.page.gt.append(line.text)
        return line

    def centred(self, text_words: Sequence[tuple[str, Style]], size: float, lead: float,
                cx: float = CENTER) -> TextLine:
        return self.put(cx - _line_width(text_words, size) / 2, size, text_words, lead)


def _column(items: Sequence[tuple[str, Style, float]], cx: float, width: float, y0: float
            ) -> tuple[list[TextLine], float]:
    """A centred header column; lines wider than ``width`` wrap evenly. Returns lines and
    the last baseline."""
    out: list[TextLine] = []
    y = y0
    for text, style, size in items:
        for words in _balanced([(w, style) for w in text.split()], size, width):
            y += size * 1.18
            out.append(TextLine(cx - _line_width(words, size) / 2, y, size, tuple(words)))
    return out, y


def layout(letter: Letter) -> tuple[tuple[PageLayout, ...], tuple[str, ...]]:
    """Position every printed line of ``letter``; returns pages and the page-1 header lines."""
    st = letter.style
    flow = _Flow()
    page = flow.page
    head_size = st.head_size
    head_l_cx, head_r_cx = st.head_cx
    is_cv = letter.doc_type == "Công văn"

    # Header, left column: parent (regular caps), issuer (bold caps), short rule.
    left_items: list[tuple[str, Style, float]] = []
    if letter.parent:
        left_items.append((letter.parent, "r", head_size))
    left_items += [(line, "b", head_size) for line in letter.issuer_lines]
    left, ly = _column(left_items, head_l_cx, HEAD_L_W, TOP - 4)
    rule_w = min(_line_width(left[-1].words, head_size) * 0.45, 30 * MM)
    left_rule = (head_l_cx - rule_w / 2, head_l_cx + rule_w / 2, ly + 6)
    # Right column: national name, motto, rule as wide as the motto.
    national = old_tone_marks(decree30.NATIONAL_TITLE) if st.old_tones else decree30.NATIONAL_TITLE
    right, ry = _column(
        [(national, "b", head_size), (decree30.NATIONAL_MOTTO, "b", head_size + 1)], head_r_cx,
        HEAD_R_W, TOP - 4,
    )
    motto_w = _line_width(right[-1].words, head_size + 1)
    right_rule = (head_r_cx - motto_w / 2, head_r_cx + motto_w / 2, ry + 6)
    # Số and the place/date line share a baseline.
    base = max(ly, ry) + 24
    num_words: list[tuple[str, Style]] = [(w, "r") for w in letter.number_line.split()]
    if st.number_gap and st.hand_number and letter.number:
        num_words[1] = (num_words[1][0], "hw")
    num_x = (head_l_cx - HEAD_L_W / 2 + 6 * MM if st.number_left
             else head_l_cx - _line_width(num_words, 13) / 2)
    left.append(TextLine(num_x, base, 13, tuple(num_words)))
    day = f"{letter.date.day:02d}"
    month = f"{letter.date.month:02d}" if letter.date.month < 3 else str(letter.date.month)
    if st.loose_date:
        day, month = str(letter.date.day), f"{letter.date.month:02d}"
    date_text = f"{letter.place}, ngày {day} tháng {month} năm {letter.date.year}"
    date_words = [(w, "i") for w in date_text.split()]
    date_size = _fit(date_words, 13.5, FIT_WIDTH)
    right.append(TextLine(head_r_cx - _line_width(date_words, date_size) / 2, base, date_size,
                          tuple(date_words)))
    y_left = base
    if is_cv and letter.subject:
        vv_label = "V/v:" if st.vv_colon else "V/v"
        vv, y_left = _column([(f"{vv_label} {letter.subject}", "r", 12.0)], head_l_cx, 66 * MM,
                             base + 4)
        if st.number_left:
            vv = [replace(ln, x=num_x) for ln in vv]
        left += vv
    for mark in (letter.urgency, letter.confidentiality):
        if mark:
            y_left += 26
            page.stamps.append((head_l_cx, y_left, mark))
    left = [replace(ln, region="header_left") for ln in left]
    right = [replace(ln, region="header_right") for ln in right]
    page.lines += left + right
    if letter.received:
        page.received = st.received_at  # by default in the top margin, above the issuer
    page.rules += [left_rule, right_rule]
    header = [ln.text for ln in left] + [m for m in (letter.urgency, letter.confidentiality) if m]
    header += [ln.text for ln in right]
    page.gt += header
    flow.y = max(y_left, base) + 14

    # Title and subject (not for công văn), then Kính gửi.
    if not is_cv:
        title = letter.doc_type.upper()
        flow.y += 10
        header.append(flow.centred([(title, "b")], 14.5, 16).text)
        if letter.subject:
            for words in _balanced([(w, "b") for w in letter.subject.split()], 14, 125 * MM):
                header.append(flow.centred(words, 14, 17).text)
            rule_w = 38 * MM
            page.rules.append((CENTER - rule_w / 2, CENTER + rule_w / 2, flow.y + 8))
            flow.y += 10
    if letter.recipients:
        flow.y += 10
        size = st.body_size
        lead = size * st.spacing
        if len(letter.recipients) == 1:
            words = [(w, "r") for w in f"Kính gửi: {letter.recipients[0]}".split()]
            for line in _wrap(words, size, TEXT_W - 20 * MM):
                header.append(flow.centred(line, size, lead).text)
        else:
            label = "Kính gửi:"
            x0 = LEFT + 22 * MM
            x1 = x0 + text_width(label + " ", "r", size)
            for i, entry in enumerate(letter.recipients):
                end = "." if i == len(letter.recipients) - 1 else ";"
                wrapped = _wrap([(w, "r") for w in f"- {entry}{end}".split()], size, RIGHT - x1)
                for j, words in enumerate(wrapped):
                    if i == 0 and j == 0:
                        words = [(w, "r") for w in label.split()] + words
                        line = flow.put(x0, size, words, lead)
                    else:
                        line = flow.put(x1 + (8 if j else 0), size, words, lead)
                    header.append(line.text)
        flow.y += 4

    # Footer height first: the last paragraph must not be left behind when the signer
    # block moves to a new page (Decree 30: a signature page never stands alone).
    foot_h = _footer_height(letter.cc, [*letter.signer_lines, letter.signer_title])

    # Body.
    size = st.body_size
    lead = size * st.spacing
    flow.y += 6
    for k_para, para in enumerate(letter.body):
        words = _words(para.spans)
        if k_para == len(letter.body) - 1:
            height = len(_wrap(words, size, TEXT_W, TEXT_W - st.indent)) * lead + st.para_gap
            if flow.y + height <= BOTTOM < flow.y + height + foot_h:
                flow.new_page()
        if para.kind == "center":
            flow.y += 4
            for line in _wrap(words, size, TEXT_W):
                flow.centred(line, size, lead)
            flow.y += st.para_gap
            continue
        indent = 0.0 if para.kind == "heading" else st.indent
        wrapped = _wrap(words, size, TEXT_W, TEXT_W - indent)
        for k, line_words in enumerate(wrapped):
            last = k == len(wrapped) - 1
            x = LEFT + (indent if k == 0 else 0.0)
            width = RIGHT - x
            justify = width if (st.justify and not last and para.kind != "heading") else None
            flow.put(x, size, line_words, lead, justify)
        flow.y += st.para_gap

    flow.y += 10
    flow.need(foot_h - 10)
    _footer(flow, letter.cc, [*letter.signer_lines, letter.signer_title], letter.signer_name,
            letter.seal_text, style=st)
    if letter.copy:
        _copy_block(flow, letter.copy)
    return tuple(flow.pages), tuple(header)


SIGN_SIZE = 13.5
FIT_WIDTH = 104 * MM  # the widest date or signer line (the house look never needs less)
SIGN_GAP = 30 * MM  # room for signature and seal between title and name


def _cc_lines(cc: Sequence[str]) -> list[tuple[float, float, list[tuple[str, Style]]]]:
    """The Nơi nhận block as (x, size, words) lines; wrapped entries are indented."""
    lines: list[tuple[float, float, list[tuple[str, Style]]]] = []
    if cc:
        lines.append((LEFT - 6 * MM, 12.0, [("Nơi", "bi"), ("nhận:", "bi")]))
    for i, entry in enumerate(cc):
        end = "." if i == len(cc) - 1 else ";"
        for j, words in enumerate(_wrap([(w, "r") for w in f"- {entry}{end}".split()], 11.0,
                                        FOOT_L_W)):
            lines.append((LEFT - 6 * MM + (6 if j else 0), 11.0, words))
    return lines


def _footer_height(cc: Sequence[str], sign_head: Sequence[str]) -> float:
    cc_h = sum(s * 1.2 for _, s, _ in _cc_lines(cc))
    return max(cc_h, (len(sign_head) + 1) * SIGN_SIZE * 1.2 + SIGN_GAP) + 16


def _footer(flow: _Flow, cc: Sequence[str], sign_head: Sequence[str], name: str,
            seal_text: str, copy: bool = False, style: LetterStyle = LetterStyle()) -> None:
    """Nơi nhận (left) and the signer block (right) from the same line; seal and signature
    between the title and the name (where ``style`` puts them), the name typed or stamped."""
    page = flow.page
    y0 = y = flow.y
    left: Region = "copy" if copy else "footer_left"
    right: Region = "copy" if copy else "footer_right"
    for x, s, words in _cc_lines(cc):
        y += s * 1.2 if words[0][0] != "Nơi" else s * 1.25
        line = TextLine(x, y, s, tuple(words), region=left)
        page.lines.append(line)
        page.gt.append(line.text)
    bottom = y
    y = y0
    cx = style.sign_cx
    for text in sign_head:
        y += SIGN_SIZE * 1.2
        words = [(w, "b") for w in text.split()]
        size = _fit(words, SIGN_SIZE, style.sign_width)
        page.lines.append(TextLine(cx - _line_width(words, size) / 2, y, size,
                                   tuple(words), region=right))
        page.gt.append(text)
    title_y = y
    y += SIGN_GAP
    stamp: Style | None = {"red": "sr", "black": "sk"}.get(style.name_stamp or "")
    size = SIGN_SIZE * (1.35 if stamp else 1.0)
    name_words = [(w, stamp or "b") for w in name.split()]
    page.lines.append(TextLine(cx - _line_width(name_words, size) / 2, y, size,
                               tuple(name_words), region=right))
    page.gt.append(name)
    page.seals.append((cx + style.seal_at[0], title_y + style.seal_at[1], seal_text))
    reach_down, reach_up = style.sign_reach
    page.signatures.append((cx - 22 * MM, title_y + reach_down, cx + 24 * MM, y - reach_up))
    flow.y = max(bottom, y)


def _copy_block(flow: _Flow, copy: CopyBlock) -> None:
    """A "SAO Y" / "SAO LỤC" / "TRÍCH SAO" block under a full-width rule: its own office,
    number, date, Nơi nhận, signer and seal (Decree 30 Appendix II). Parsers must not take
    its number or date for the document's."""
    head = 3 * 16.0 + 12
    flow.y += 14
    flow.need(head + _footer_height(copy.cc, [*copy.signer_lines, copy.signer_title]))
    page = flow.page
    page.rules.append((LEFT - 6 * MM, RIGHT, flow.y))
    left, ly = _column([(line, "b", 12.5) for line in copy.office_lines], HEAD_L_CX, HEAD_L_W,
                       flow.y + 2)
    num = [(w, "r") for w in f"Số: {copy.number}/{copy.symbol}".split()]
    left.append(TextLine(HEAD_L_CX - _line_width(num, 13) / 2, ly + 16, 13, tuple(num)))
    right, ry = _column([(copy.kind, "b", 13.5)], SIGN_CX, HEAD_R_W, flow.y + 2)
    day = f"{copy.place}, ngày {copy.date.day:02d} tháng {copy.date.month} năm {copy.date.year}"
    words = [(w, "i") for w in day.split()]
    right.append(TextLine(SIGN_CX - _line_width(words, 13) / 2, ry + 16, 13, tuple(words)))
    page.lines += [replace(ln, region="copy") for ln in left + right]
    page.gt += [ln.text for ln in left + right]
    flow.y = max(ly, ry) + 16 + 8
    _footer(flow, copy.cc, [*copy.signer_lines, copy.signer_title], copy.signer_name,
            " ".join(copy.office_lines), copy=True)


def line_boxes(letter: Letter, dpi: int = 300) -> list[list[tuple[str, Region, BBox]]]:
    """Per page, each printed text line with its layout region and pixel box on a clean
    render at ``dpi`` (before any skew): ground truth for layout analysis. The KHẨN/MẬT
    marks are boxes, not lines, and are not listed."""
    scale = dpi / 72
    pages = []
    with typeface(letter.style.font):
        for page in letter.pages:
            rows = []
            for ln in page.lines:
                width = ln.justify or _line_width(ln.words, ln.size)
                box = BBox(round(ln.x * scale), round((ln.y - 0.8 * ln.size) * scale),
                           round((ln.x + width) * scale), round((ln.y + 0.25 * ln.size) * scale))
                rows.append((ln.text, ln.region, box))
            pages.append(rows)
    return pages


def _with_layout(letter: Letter) -> Letter:
    with typeface(letter.style.font):
        pages, header = layout(letter)
    object.__setattr__(letter, "pages", pages)
    object.__setattr__(letter, "header_lines", header)
    return letter


def _para_from_text(text: str) -> Para:
    """Guess how a plain body line is set: "Điều N." lead in bold, short caps lines as
    headings, "Căn cứ" lines in italics."""
    text = unicodedata.normalize("NFC", text.strip())
    head, _, rest = text.partition(" ")
    if head == "Điều" and rest[:1].isdigit():
        label, _, tail = rest.partition(" ")
        return Para((Span(f"Điều {label}", "b"), Span(tail)), "body")
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(text) < 80:
        return Para((Span(text, "b"),), "center" if text.endswith(":") else "heading")
    if text.startswith("Căn cứ"):
        return Para((Span(text, "i"),), "italic")
    return Para((Span(text),), "body")


def letter_from_parts(
    *,
    doc_type: str,
    issuer_lines: Sequence[str],
    number: str | None,
    symbol: str,
    place: str,
    date: dt.date,
    signer_title: str,
    signer_name: str,
    body: Sequence[str | Para],
    parent: str | None = None,
    subject: str | None = None,
    recipients: Sequence[str] = (),
    cc: Sequence[str] = (),
    signer_lines: Sequence[str] = (),
    urgency: str | None = None,
    confidentiality: str | None = None,
    references: Sequence[tuple[str, str, str | None]] = (),
    action_items: Sequence[str] = (),
    seal_text: str | None = None,
    received: tuple[str, str, str] | None = None,
    esign: tuple[str, str, dt.datetime, bool] | None = None,
    copy: CopyBlock | None = None,
    omit: Sequence[str] = (),
    seed: int = 0,
    style: LetterStyle | None = None,
) -> Letter:
    """A renderable letter from given text parts (e.g. a real letter's transcription and gold).

    ``body`` items that are plain strings become paragraphs (see ``_para_from_text``).
    """
    nfc = lambda s: unicodedata.normalize("NFC", s)  # noqa: E731
    letter = Letter(
        doc_type=doc_type,
        issuer_lines=tuple(map(nfc, issuer_lines)),
        parent=nfc(parent) if parent else None,
        number=number,
        symbol=nfc(symbol),
        place=nfc(place),
        date=date,
        subject=nfc(subject) if subject else None,
        recipients=tuple(map(nfc, recipients)),
        body=tuple(p if isinstance(p, Para) else _para_from_text(p) for p in body),
        cc=tuple(map(nfc, cc)),
        signer_lines=tuple(map(nfc, signer_lines)),
        signer_title=nfc(signer_title),
        signer_name=nfc(signer_name),
        urgency=urgency,
        confidentiality=confidentiality,
        references=tuple(references),
        action_items=tuple(map(nfc, action_items)),
        seal_text=nfc(seal_text) if seal_text else " ".join(issuer_lines),
        received=received,
        esign=esign,
        copy=copy,
        omit=tuple(omit),
        seed=seed,
        style=style or LetterStyle(),
    )
    return _with_layout(letter)


def _signer_lines(authority: str | None, title: str, issuer: str) -> list[str]:
    """The authority lines printed above ``title`` ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"),
    rebuilt from a gold record's authority prefix and the issuing body's name."""
    if authority is None or title.startswith(authority):
        return []
    table_ = table("issuers")["signing"]
    head = next(h for prefix, h in table_["heads"] if issuer.startswith(prefix))
    deputy_of = table_["deputies"].get(title) or title.removeprefix("PHÓ ")
    if authority == "KT.":
        return [f"KT. {deputy_of}"]
    if authority == "TM.":
        body = next((c for c in table_["collectives"] if issuer.startswith(c)), issuer)
        lines = [f"TM. {body}"]
    else:
        lines = [f"{authority} {head}"]
    if deputy_of != title:
        lines.append(f"KT. {deputy_of}")
    return lines


def letter_from_gold(gold: dict[str, Any], body: Sequence[str | Para], seed: int = 0) -> Letter:
    """A letter that prints a gold record's header and footer around ``body``: to render the
    shared real letters as scans. Its ``.gold`` reproduces ``gold`` (keys absent from
    ``gold`` stay absent)."""
    if not gold.get("date"):
        raise ValueError("letter_from_gold needs a gold record with an issue date")
    name = gold["issuer"]["name"] or ""
    prefix = next((p for p in table("issuers")["signing"]["two_line_prefixes"]
                   if name.startswith(p + " ")), None)
    issuer_lines = [prefix, name[len(prefix) + 1:]] if prefix else [name]
    signer = gold.get("signer") or {}
    title = signer.get("title") or ""
    keys = ("references", "action_items", "recipients", "cc", "urgency", "confidentiality")
    return letter_from_parts(
        doc_type=gold["doc_type"],
        issuer_lines=issuer_lines,
        parent=gold["issuer"].get("parent"),
        number=gold.get("number"),
        symbol=gold.get("symbol") or "",
        place=gold.get("place") or "",
        date=dt.date.fromisoformat(gold["date"]),
        subject=gold.get("subject"),
        recipients=gold.get("recipients", []),
        body=body,
        cc=gold.get("cc", []),
        signer_lines=_signer_lines(signer.get("authority"), title, name),
        signer_title=title,
        signer_name=signer.get("name") or "",
        urgency=gold.get("urgency"),
        confidentiality=gold.get("confidentiality"),
        references=[(r.get("doc_type"), r["number_symbol"], r.get("date"))
                    for r in gold.get("references", [])],
        action_items=gold.get("action_items", []),
        omit=[k for k in keys if k not in gold]
        + [f"signer.{k}" for k in ("name", "title", "authority") if k not in signer],
        seed=seed,
    )


# ----------------------------------------------------------------------------- content


def _weighted(rng: random.Random, items: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return rng.choices(list(items), weights=[i.get("weight", 1) for i in items])[0]


def _short_date(d: dt.date, rng: random.Random) -> str:
    """A date as written in running text: 14/3/2024, 05/02/2025 or 14 tháng 3 năm 2024."""
    style = rng.choice(table("references")["date_styles"])
    if style == "d/m/y":
        return f"{d.day}/{d.month}/{d.year}"
    if style == "dd/mm/y":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    return f"{d.day:02d} tháng {d.month} năm {d.year}"


def _mid(entry: str) -> str:
    """An addressee used inside a sentence: "Các sở, ban, ngành" → "các sở, ban, ngành"."""
    return entry[0].lower() + entry[1:] if entry.startswith("Các ") else entry


def _person(rng: random.Random) -> str:
    names = table("names")
    sex = rng.choice(("male", "female"))
    middles = names[f"middles_{sex}"]
    middle = [rng.choice(middles)]
    if rng.random() < 0.3:  # a second middle name: "Nguyễn Thị Thu Hà", "Lê Đức Minh Tuấn"
        middle = ["Thị" if sex == "female" else middle[0],
                  rng.choice([m for m in middles if m not in ("Thị", middle[0])])]
    return " ".join([rng.choice(names["surnames"]), *middle, rng.choice(names[f"givens_{sex}"])])


@dataclass
class _Issuer:
    kind: dict[str, Any]
    fill: dict[str, str]
    units: list[str]

    def f(self, template: str) -> str:
        return template.format(**self.fill)


def _pick_issuer(rng: random.Random, kinds: Sequence[str] | None, varied: bool = False
                 ) -> _Issuer:
    data = table("issuers")
    pool = data["kinds"] + (data["extra_kinds"] if varied else [])
    kind = _weighted(rng, [k for k in pool if kinds is None or k["id"] in kinds])
    prov = rng.choice(table("provinces"))
    unit = prov["unit"]
    fill = {"P": prov["name"], "D": rng.choice(prov["districts"]), "U": unit,
            "UC": unit.upper(), "Uc": unit.capitalize(), "PL": prov.get("place", prov["name"]),
            "PARTY": "Thành ủy" if unit == "thành phố" else "Tỉnh ủy"}
    units = list(kind["units"])
    if kind["id"] == "so":
        dept = rng.choice(data["departments"])
        fill |= {k: dept[k] for k in ("S", "Ss", "SC")}
        units = dept["units"]
    if kind["id"] == "bo":
        fill |= rng.choice(data["ministries"])
    if kind["id"] == "cuc":
        agency = rng.choice(data["agencies"])
        fill |= {k: v for k, v in agency.items() if k != "units"}
        units = agency["units"]
    if "pool" in kind:  # extra kinds: a university or a district office
        fill |= rng.choice(data[kind["pool"]])
        town = rng.random() < 0.4
        fill |= {"DK": "THỊ XÃ" if town else "HUYỆN", "Dk": "thị xã" if town else "huyện"}
    fill |= {"PC": fill["P"].upper(), "DC": fill["D"].upper()}
    return _Issuer(kind, fill, units)


class _Slots(dict[str, str]):
    """Template slots; values missing from the dict are generated on each use, so every
    ``{REF}`` is a new citation (recorded for the gold) and every ``{AS}`` a new assignee."""

    def __init__(self, rng: random.Random, issuer: _Issuer, date: dt.date, fixed: dict[str, str],
                 level: dict[str, Any], assignees: Sequence[str]) -> None:
        super().__init__(fixed)
        self.rng, self.issuer, self.date, self.level = rng, issuer, date, level
        self.assignees = list(assignees)
        self.refs: list[tuple[str, str, str | None]] = []

    def _ref(self, only: str | None = None, by: bool = True, directive: bool = False) -> str:
        rng = self.rng
        data = table("references")
        issuers = table("issuers")
        sources = [s for s in data["sources"] if (only is None or s["doc_type"] == only)
                   and (s["directive"] or not directive)
                   and (self.issuer.kind["local"] or not s["local"] or only)]
        while True:
            src = rng.choice(sources)
            year = self.date.year - rng.randint(*src["years_back"])
            dept = rng.choice(issuers["departments"])
            fill = {"n": str(rng.randint(*src["n"])), "y": str(year), "SC": dept["SC"],
                    "u": rng.choice(dept["units"]), "Ss": dept["Ss"]} | rng.choice(
                        issuers["ministries"])
            if only == "Tờ trình":
                fill |= {"SC": self["DEPT_SC"], "Ss": self["DEPT"][4:]}
            symbol = src["symbol"].format(**fill)
            if all(symbol != r[1] for r in self.refs):
                break
        start = dt.date(year, 1, 1)
        end = min(dt.date(year, 12, 31), self.date - dt.timedelta(days=2))
        when = start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))
        undated = rng.random() < data["undated_share"]
        self.refs.append((src["doc_type"], symbol, None if undated else when.isoformat()))
        text = f"{src['printed']} số {symbol}"
        if not undated:
            text += f" ngày {_short_date(when, rng)}"
        if by:
            text += f" của {src['by'].format(**fill)}"
        return text

    def __missing__(self, key: str) -> str:
        rng, d = self.rng, self.date
        match key:
            case "REF":
                return self._ref()
            case "REFD":
                return self._ref(directive=True)
            case "REF_TTR":
                return self._ref("Tờ trình", by=False)
            case "AS":  # mostly the addressees of the letter, when it has some
                pool = self.assignees if self.assignees and rng.random() < 0.7 else [
                    self.issuer.f(p) for p in self.level["peers"]]
                return _mid(rng.choice(pool))
            case "DL":
                return _short_date(d + dt.timedelta(days=rng.randint(7, 45)), rng)
            case "DP":
                return _short_date(d - dt.timedelta(days=rng.randint(3, 30)), rng)
            case "PCT":
                return str(rng.randint(55, 98))
            case "NUM":
                return str(rng.randint(5, 60))
            case "MONEY":
                return f"{rng.randint(120, 9800) * 1_000_000:,}".replace(",", ".")
            case "INV":
                return rng.choice(table("audiences")["invitees"])
        raise KeyError(key)


def _fixed_slots(rng: random.Random, issuer: _Issuer, date: dt.date, level: dict[str, Any],
                 superiors: Sequence[str]) -> dict[str, str]:
    topics = table("topics")

    def topic() -> str:
        return rng.choice(topics["topics"]).format(
            Y=date.year, Y1=date.year + 1, A=rng.choice(topics["areas"]))

    t1 = topic()
    t2 = topic()
    while t2 == t1:
        t2 = topic()
    dept = rng.choice(table("issuers")["departments"])
    meet = date + dt.timedelta(days=rng.randint(3, 12))
    hour = rng.choice(("07 giờ 30", "08 giờ 00", "14 giờ 00", "14 giờ 30"))
    sup = superiors[0] if superiors else issuer.f(rng.choice(level["superiors"]))
    short = issuer.f(issuer.kind["short"])
    return {
        "T": t1,
        "T2": t2,
        "S": short,
        "Y": str(date.year),
        "Y1": str(date.year + 1),
        "M1": str(min(12, date.month + 1)),
        "LEADER": f"{issuer.f(rng.choice(level['leaders']))} {_person(rng)}",
        "OFFICE": issuer.f(issuer.kind["office"]),
        "HEAD": issuer.f(issuer.kind["head"]),
        "EXEC": issuer.f(issuer.kind["exec"]),
        "AUTH_CAPS": issuer.f(issuer.kind["auth_caps"]),
        "SUP": sup,
        "DEPT": f"Sở {dept['Ss']}",
        "DEPT_SC": dept["SC"],
        "TIME": f"{hour}, {WEEKDAYS[meet.weekday()]}, ngày {meet.day:02d}/{meet.month:02d}/"
        f"{meet.year}",
        "VENUE": rng.choice(table("audiences")["venues"]).format(short=short),
        "DEFF": f"{(date + dt.timedelta(days=10)).day:02d} tháng "
        f"{(date + dt.timedelta(days=10)).month} năm {(date + dt.timedelta(days=10)).year}",
    }


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:]


def _body(rng: random.Random, spec: dict[str, Any], slots: _Slots, long: bool
          ) -> tuple[list[Para], list[str]]:
    """Body paragraphs from a type's block list; returns paragraphs and gold action items."""
    types = table("doctypes")
    paras: list[Para] = []
    actions: list[str] = []
    dieu = 0
    for block in spec["body"]:
        if not long and rng.random() > block.get("opt", 1.0):
            continue
        kind = block["k"]
        if kind in ("p", "i", "h", "c"):
            text = _sentence(rng.choice(block["alts"]).format_map(slots))
            pkind: ParaKind = {"p": "body", "i": "italic", "h": "heading", "c": "center"}[kind]
            style: Style = {"p": "r", "i": "i", "h": "b", "c": "b"}[kind]
            paras.append(Para((Span(text, style),), pkind))
            if block.get("action"):
                actions.append(text.rstrip("./"))
        elif kind == "dieu":
            dieu += 1
            text = _sentence(rng.choice(block["alts"]).format_map(slots))
            printed = text if text.endswith(".") else text + "."
            paras.append(Para((Span(f"Điều {dieu}.", "b"), Span(printed)), "body"))
            if block["action"]:
                actions.append(text.rstrip("./"))
        elif kind in ("actions", "list"):
            lo, hi = block["n"]
            n = hi + (2 if long else 0) if long else rng.randint(lo, hi)
            if "alts" in block:
                pool = block["alts"]
            elif block.get("src") == "invitees":
                pool = table("audiences")["invitees"]
            else:
                pool = types[block.get("src", "actions")]
            chosen = rng.sample(pool, min(n, len(pool)))
            label = block.get("label", "dash")
            for k, template in enumerate(chosen):
                text = _sentence(template.format_map(slots)).rstrip(".;")
                last = k == len(chosen) - 1
                if label == "num":
                    lead, end = f"{k + 1}.", "."
                elif label == "letter":
                    lead, end = f"{'abcdefgh'[k]})", "." if last else ";"
                elif label == "none":
                    lead, end = "", "."
                else:
                    lead, end = "-", "." if last else ";"
                spans = (Span(lead), Span(text + end)) if lead else (Span(text + end),)
                paras.append(Para(spans, "item"))
                if kind == "actions":
                    actions.append(text)
    return paras, actions


def _style(rng: random.Random) -> LetterStyle:
    return LetterStyle(
        body_size=rng.choice((13.0, 13.5, 14.0)),
        spacing=rng.choice((1.15, 1.2, 1.3)),
        para_gap=rng.choice((2.0, 4.0, 6.0)),
        indent=rng.choice((1.0, 1.27)) * 10 * MM,
        justify=rng.random() < 0.85,
        number_gap=rng.random() < 0.3,
    )


def _varied_look(rng: random.Random, style: LetterStyle) -> LetterStyle:
    """``style`` with typeface, sizes and positions drawn over what offices print, and the
    seal, signature and name stamp where they make reading hard (over the name, through
    the title): evaluation letters must not share the committed samples' house look."""
    family = rng.choice(list(FONT_FAMILIES))
    with typeface(family):  # the national title stays on one line, as printed
        title_w = text_width(decree30.NATIONAL_TITLE, "b", 1.0)
    head_size = min(rng.choice((12.0, 12.5, 13.0, 13.5)), 100 * MM / title_w)
    head_l_cx = rng.uniform(46, 54) * MM
    half_title = title_w * head_size / 2  # clear of the left column, inside the page
    head_r_cx = min(max(rng.uniform(132, 142) * MM, head_l_cx + 37 * MM + half_title + 2 * MM),
                    PAGE_W - 8 * MM - half_title)
    sign_cx = rng.uniform(136, 150) * MM
    at_top = (rng.uniform(8, 30) * MM, 1.5 * MM)  # in the margin, over the issuer, on Kính gửi
    over_header = (rng.uniform(15, 45) * MM, rng.uniform(22, 45) * MM)
    over_body = (rng.uniform(50, 110) * MM, rng.uniform(50, 75) * MM)
    return replace(
        style,
        font=family,
        body_size=rng.choice((12.0, 13.0, 13.5, 14.0)),
        spacing=rng.uniform(1.1, 1.45),
        head_size=head_size,
        head_cx=(head_l_cx, head_r_cx),
        number_left=rng.random() < 0.3,
        sign_cx=sign_cx,
        sign_width=min(FIT_WIDTH, 2 * (sign_cx - 104 * MM)),  # clear of the Nơi nhận column
        seal_at=(rng.uniform(-28, -6) * MM, rng.uniform(4, 26) * MM),
        sign_reach=(rng.uniform(-6, 4) * MM, rng.uniform(-5, 8) * MM),
        name_stamp=rng.choice((None, None, "red", "black")),
        received_at=rng.choice((at_top, over_header, over_body)),
        stamp_ink=rng.choice((RECEIVED_RGB, SEAL_RGB, SIGN_RGB, (45, 45, 50))),
    )


def make_letter(seed: int, doc_type: str | None = None, long: bool = False,
                varied: bool = False) -> Letter:
    """A random but deterministic letter of ``doc_type`` (any type when None).

    ``long`` keeps every optional block and lengthens lists, giving multi-page letters.
    ``varied`` draws the look (``_varied_look``), more issuer kinds and more stamps: the
    evaluation letters; without it, the house look of the committed samples.
    """
    rng = random.Random(seed)
    types = table("doctypes")["types"]
    if doc_type is None:
        doc_type = rng.choices(list(types), weights=[t["weight"] for t in types.values()])[0]
    spec = types[doc_type]
    issuer = _pick_issuer(rng, spec.get("kinds"), varied)
    level = table("audiences")["levels"][issuer.kind["id"]]
    date = dt.date(rng.randint(2019, 2025), 1, 1) + dt.timedelta(days=rng.randint(0, 360))

    recipients: list[str] = []
    if spec.get("recipients") and rng.random() < spec.get("recipients_share", 1.0):
        pool = [issuer.f(r) for r in level[spec["recipients"]]]
        recipients = rng.sample(pool, rng.randint(*spec["n_recipients"]))
    fixed = _fixed_slots(rng, issuer, date, level,
                         recipients if spec.get("recipients") == "superiors" else [])
    slots = _Slots(rng, issuer, date, fixed, level,
                   recipients if spec.get("recipients") == "peers" else [])

    normative = rng.random() < spec.get("normative_share", 0.0)
    subject_pool = spec["subject_normative"] if normative else spec["subject"]
    subject = rng.choice(subject_pool).format_map(slots)
    if doc_type != "Công văn":
        subject = _sentence(subject)
    body, actions = _body(rng, spec, slots, long)

    number_int = rng.choice((rng.randint(1, 99), rng.randint(1, 999), rng.randint(100, 3500)))
    if normative:  # legal documents are numbered per year and type: small numbers
        number_int = number_int % 120 + 1
    number = f"{number_int:02d}"
    code = issuer.f(issuer.kind["code"])
    unit = rng.choice(issuer.units)
    if spec["code"] is None:
        symbol = rng.choice((f"{code}-{unit}", code)) if issuer.kind["id"] == "so" else (
            f"{code}-{unit}")
    else:
        symbol = f"{spec['code']}-{code}"
        if normative:
            symbol = f"{date.year}/{symbol}"

    signer = _weighted(rng, issuer.kind["signers"])
    cc = ["Như trên"] if recipients else []
    if doc_type == "Quyết định":
        cc = ["Như Điều 4"]
    cc += rng.sample([issuer.f(c) for c in level["cc"]], rng.randint(2, 5))
    cc.append(f"Lưu: VT, {unit}" + rng.choice(("", "", f" ({rng.randint(2, 5)}b)")))

    # Extras drawn from their own stream, so adding one does not change the other content.
    extra = random.Random(f"{seed}-extras")
    received = None
    if extra.random() < (0.5 if varied else 0.3):
        dept = extra.choice(table("issuers")["departments"])
        when = date + dt.timedelta(days=extra.randint(1, 6))
        received = (extra.choice((f"SỞ {dept['S']}", f"VĂN PHÒNG UBND TỈNH {issuer.fill['PC']}")),
                    str(extra.randint(1, 9999)), f"{when.day}/{when.month}")
    esign = None
    if extra.random() < (0.4 if varied else 0.3):
        signed = dt.datetime.combine(date, dt.time(extra.randint(7, 17), extra.randint(0, 59),
                                                   extra.randint(0, 59)))
        esign = (*(issuer.f(t) for t in issuer.kind["esign"]), signed, issuer.kind["local"])
    copy = None
    if extra.random() < 0.1:
        kind, code = extra.choice((("SAO Y", "SY"), ("SAO Y", "SY"), ("SAO LỤC", "SL"),
                                   ("TRÍCH SAO", "TrS")))
        head = extra.choice(((["KT. CHÁNH VĂN PHÒNG"], "PHÓ CHÁNH VĂN PHÒNG"),
                             ([], "CHÁNH VĂN PHÒNG")))
        copy = CopyBlock(
            kind=kind,
            office_lines=tuple(issuer.f(t) for t in issuer.kind["copy_office"]),
            number=f"{extra.randint(1, 300):02d}",
            symbol=f"{code}-VP",
            place=issuer.f(issuer.kind["place"]),
            date=date + dt.timedelta(days=extra.randint(1, 10)),
            cc=(*extra.sample([issuer.f(c) for c in level["cc"]], 2), "Lưu: VT"),
            signer_lines=tuple(head[0]),
            signer_title=head[1],
            signer_name=_person(extra),
        )
    style = _style(rng)
    style = replace(style, hand_number=style.number_gap and extra.random() < 0.6,
                    vv_colon=extra.random() < 0.15)
    # Old tone placement (hoà, thuỷ, UỶ BAN), part by part as real documents mix both.
    old = {part: extra.random() < 0.2 for part in ("national", "issuer", "body", "cc")}
    style = replace(style, old_tones=old["national"], loose_date=extra.random() < 0.1)
    if varied:
        style = _varied_look(random.Random(f"{seed}-look"), style)

    def tones(part: str, text: str) -> str:
        return old_tone_marks(text) if old[part] else text

    body = [Para(tuple(Span(tones("body", sp.text), sp.style) for sp in p.spans), p.kind)
            for p in body]
    urgency = rng.choice(decree30.URGENCIES) if rng.random() < 0.12 else None
    secrecy = rng.choice(decree30.CONFIDENTIALITIES[:2]) if rng.random() < 0.06 else None
    parent = issuer.f(issuer.kind["parent"]) if issuer.kind["parent"] else None
    return letter_from_parts(
        doc_type=doc_type,
        issuer_lines=[tones("issuer", issuer.f(line)) for line in issuer.kind["lines"]],
        parent=tones("issuer", parent) if parent else None,
        number=number,
        symbol=symbol,
        place=issuer.f(issuer.kind["place"]),
        date=date,
        subject=tones("body", subject),
        recipients=[tones("body", r) for r in recipients],
        body=body,
        cc=[tones("cc", c) for c in cc],
        signer_lines=[tones("issuer", issuer.f(line)) for line in signer["lines"]],
        signer_title=issuer.f(signer["title"]),
        signer_name=_person(rng),
        urgency=urgency,
        confidentiality=secrecy,
        references=slots.refs,
        action_items=[tones("body", a) for a in actions],
        seal_text=issuer.f(issuer.kind["seal"]),
        seed=seed,
        received=received,
        esign=esign,
        copy=copy,
        style=style,
    )


# ----------------------------------------------------------------------------- rendering


def _blend(img: Image.Image, mask: Image.Image, rgb: tuple[int, int, int], opacity: float
           ) -> Image.Image:
    """Multiply-blend ink of colour ``rgb`` through ``mask`` (L, 255 = full ink): what a
    stamp or a pen does to the paper and the print under it."""
    a = np.asarray(mask, dtype=np.float32)[..., None] * (opacity / 255.0)
    colour = np.asarray(rgb, dtype=np.float32) / 255.0
    base = np.asarray(img, dtype=np.float32)
    out = base * (1.0 - a * (1.0 - colour))
    return Image.fromarray(np.clip(out + 0.5, 0, 255).astype(np.uint8), "RGB")


def _star(cx: float, cy: float, r: float, rot: float = 0.0) -> list[tuple[float, float]]:
    pts = []
    for k in range(10):
        rr = r if k % 2 == 0 else r * 0.40
        ang = rot + math.pi * k / 5 - math.pi / 2
        pts.append((cx + rr * math.cos(ang), cy + rr * math.sin(ang)))
    return pts


def _seal_mask(text: str, radius: float, rng: random.Random) -> Image.Image:
    """A round state seal (con dấu): double ring, the body's name around it, star inside."""
    size = int(radius * 2 + 8)
    c = size / 2
    mask = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(mask)
    w = max(2, int(radius * 0.035))
    draw.ellipse((c - radius, c - radius, c + radius, c + radius), outline=255, width=w)
    r2 = radius * 0.66
    draw.ellipse((c - r2, c - r2, c + r2, c + r2), outline=255, width=max(1, w // 2))
    draw.polygon(_star(c, c, radius * 0.42), fill=255)
    # Ring text: evenly spaced characters, upright towards the centre.
    chars = list(text)
    fsize = radius * 0.21
    f = font("b", fsize)
    span = math.radians(min(330, 14 * len(chars)))
    start = -span / 2 + rng.uniform(-0.2, 0.2)
    ring = radius * 0.83
    for k, ch in enumerate(chars):
        if ch == " ":
            continue
        ang = start + span * (k + 0.5) / len(chars)
        glyph = Image.new("L", (int(fsize * 1.6), int(fsize * 1.6)), 0)
        ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), ch, font=f, fill=255,
                                   anchor="mm")
        glyph = glyph.rotate(-math.degrees(ang), resample=Image.Resampling.BICUBIC)
        x = c + ring * math.sin(ang) - glyph.width / 2
        y = c - ring * math.cos(ang) - glyph.height / 2
        box = (round(x), round(y))
        region = mask.crop((*box, box[0] + glyph.width, box[1] + glyph.height))
        mask.paste(ImageChops.lighter(region, glyph), box)
    # Uneven inking.
    nrng = np.random.default_rng(rng.randrange(2**32))
    texture = nrng.uniform(0.55, 1.0, (size // 6 + 1, size // 6 + 1)).astype(np.float32)
    tex = Image.fromarray((texture * 255).astype(np.uint8)).resize((size, size),
                                                                   Image.Resampling.BILINEAR)
    return ImageChops.multiply(mask, tex).rotate(rng.uniform(-25, 25),
                                                 resample=Image.Resampling.BICUBIC)


def _signature_mask(size: tuple[int, int], box: tuple[float, float, float, float], scale: float,
                    rng: random.Random) -> Image.Image:
    """A handwritten-looking signature: a tall initial, a run of slanted loops of varying
    height (a prolate cycloid) and a flourish back underneath, with varying pen pressure."""
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    x0, y0, x1, y1 = (v * scale for v in box)
    w, h = x1 - x0, y1 - y0
    base = y0 + h * rng.uniform(0.6, 0.72)
    slant = rng.uniform(0.25, 0.55)
    pts: list[tuple[float, float]] = []
    # Initial: one tall loop.
    for k in range(40):
        a = 2 * math.pi * k / 39
        pts.append((x0 + w * 0.08 + w * 0.06 * math.sin(a),
                    base - h * 0.55 * (1 - math.cos(a)) / 2))
    n = rng.randint(4, 8)
    loop_w = w * rng.uniform(0.55, 0.75) / n
    radius = loop_w * rng.uniform(0.5, 0.9)
    start = x0 + w * 0.14
    for i in range(n):
        height = h * rng.choice((0.18, 0.25, 0.3, 0.5, 0.6))
        for k in range(30):
            a = 2 * math.pi * k / 30
            x = start + loop_w * (i + k / 30) - radius * 0.5 * math.sin(a)
            pts.append((x, base - height * (1 - math.cos(a)) / 2))
    end_x = pts[-1][0]
    dip = h * rng.uniform(0.08, 0.2)
    for k in range(1, 41):
        t = k / 40
        pts.append((end_x + (x0 + w * 0.02 - end_x) * t + w * 0.1 * math.sin(math.pi * t),
                    base + dip * math.sin(math.pi * t) - h * 0.05 * t))
    pts = [(x + slant * (base - y), y) for x, y in pts]
    width = 0.9 * scale
    pressure = 1.0
    for a, b in itertools.pairwise(pts):
        pressure = min(1.4, max(0.5, pressure + rng.uniform(-0.12, 0.12)))
        draw.line([a, b], fill=255, width=max(1, round(width * pressure)), joint="curve")
    return mask


def _received_masks(size: tuple[int, int], corner: tuple[float, float],
                    received: tuple[str, str, str], scale: float, rng: random.Random
                    ) -> tuple[Image.Image, Image.Image]:
    """The incoming-mail stamp ("ĐẾN" box with Số/Ngày/Chuyển) and the hand-filled values, as
    two masks: its "Số:" is a trap for parsers looking for the document number."""
    body, number, day = received
    w, h = 40 * MM * scale, 15 * MM * scale
    stamp = Image.new("L", (round(w), round(h)), 0)
    hand = Image.new("L", stamp.size, 0)
    ds, dh = ImageDraw.Draw(stamp), ImageDraw.Draw(hand)
    line = max(1, round(0.9 * scale))
    ds.rectangle((line, line, w - line, h - line), outline=255, width=line)
    fit = min(7.5, 7.5 * (w - 6 * scale) / (text_width(body, "b", 7.5) * scale))
    ds.text((w / 2, 8 * scale), body, font=font("b", fit * scale), fill=255, anchor="ms")
    ds.line((line, 10.5 * scale, w - line, 10.5 * scale), fill=255, width=line)
    ds.text((4 * scale, 30 * scale), "ĐẾN", font=font("b", 13 * scale), fill=255, anchor="ls")
    labels = font("r", 8.5 * scale)
    pen = font("hw", 10.5 * scale)
    for k, (label, value) in enumerate((("Số:", number), ("Ngày:", day), ("Chuyển:", "VP"))):
        y = (20 + 9.5 * k) * scale
        ds.text((38 * scale, y), label, font=labels, fill=255, anchor="ls")
        x = 38 * scale + labels.getlength(label + " ")
        dh.text((x, y), value, font=pen, fill=255, anchor="ls")
    angle = rng.uniform(-3, 3)
    at = (round(corner[0] * scale + rng.uniform(-3, 3) * MM * scale),
          round(corner[1] * scale + rng.uniform(0, 1) * MM * scale))
    out = []
    for m in (stamp, hand):
        full = Image.new("L", size, 0)
        full.paste(m.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True), at)
        out.append(full)
    return out[0], out[1]


def _esign_marks(img: Image.Image, esign: tuple[str, str, dt.datetime, bool], scale: float,
                 rng: random.Random) -> Image.Image:
    """What printing a digitally signed PDF leaves in the top margin: the "Ký bởi" note
    (top right, blue) and, for provincial bodies, the Công báo centre's seal and note."""
    signer, organ, when, local = esign
    draw = ImageDraw.Draw(img)
    small = font("r", 6.5 * scale)
    notes = (f"Ký bởi: {signer}", f"Cơ quan: {organ}",
             f"Thời gian ký: {when:%d/%m/%Y %H:%M:%S}")
    for k, text in enumerate(notes):
        draw.text((150 * MM * scale, (5 + 2.6 * k) * MM * scale), text, font=small,
                  fill=(30, 60, 200), anchor="ls")
    if not local:
        return img
    later = when + dt.timedelta(minutes=rng.randint(5, 90), seconds=rng.randint(0, 59))
    note = font("r", 8 * scale)
    lines = ("TRUNG TÂM CÔNG BÁO", "VÀ TIN HỌC", f"{later:%d.%m.%Y %H:%M:%S} +07:00")
    for k, text in enumerate(lines):
        draw.text((93 * MM * scale, (5 + 3.2 * k) * MM * scale), text, font=note, fill=INK,
                  anchor="ls")
    seal = _seal_mask("TRUNG TÂM CÔNG BÁO VÀ TIN HỌC", 7.5 * MM * scale, rng)
    full = Image.new("L", img.size, 0)
    full.paste(seal, (round(84 * MM * scale - seal.width / 2), round(9 * MM * scale
                                                                      - seal.height / 2)))
    return _blend(img, full, SEAL_RGB, 0.85)


def render(letter: Letter, dpi: int = 300) -> list[Image.Image]:
    """Clean colour page images of ``letter`` at ``dpi``, with red seal and blue signature on
    the page that carries the signer block. ``info['dpi']`` is set on each image."""
    rng = random.Random(letter.seed * 7919 + 17)
    with typeface(letter.style.font):  # the name stamp and notes too
        images = [_render_page(letter, page, dpi / 72, rng) for page in letter.pages]
    for img in images:
        img.info["dpi"] = (dpi, dpi)
    return images


def _render_page(letter: Letter, page: PageLayout, scale: float, rng: random.Random
                 ) -> Image.Image:
    size = (round(PAGE_W * scale), round(PAGE_H * scale))
    img = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(img)
    for line in page.lines:
        _draw_line(draw, line, scale)
    for x0, x1, y in page.rules:
        draw.line([(x0 * scale, y * scale), (x1 * scale, y * scale)], fill=INK,
                  width=max(1, round(0.7 * scale)))
    for cx, y, mark in page.stamps:
        f = font("b", 13 * scale)
        tw = f.getlength(mark)
        pad = 4 * scale
        box = (cx * scale - tw / 2 - pad, (y - 13) * scale - pad,
               cx * scale + tw / 2 + pad, (y + 3) * scale + pad / 2)
        draw.rectangle(box, outline=SEAL_RGB, width=max(1, round(1.2 * scale)))
        draw.text((cx * scale - tw / 2, y * scale), mark, font=f, fill=SEAL_RGB, anchor="ls")
    for box in page.signatures:
        img = _blend(img, _signature_mask(size, box, scale, rng), SIGN_RGB, 0.9)
    if letter.esign and page is letter.pages[0]:
        img = _esign_marks(img, letter.esign, scale, rng)
    if page.received and letter.received:
        stamp, hand = _received_masks(size, page.received, letter.received, scale, rng)
        img = _blend(_blend(img, stamp, letter.style.stamp_ink, 0.85), hand, SIGN_RGB, 0.9)
    for cx, cy, text in page.seals:
        seal = _seal_mask(text, 18 * MM * scale, rng)
        full = Image.new("L", size, 0)
        full.paste(seal, (int(cx * scale - seal.width / 2), int(cy * scale - seal.height / 2)))
        img = _blend(img, full, SEAL_RGB, 0.88)
    return img


def _draw_line(draw: ImageDraw.ImageDraw, line: TextLine, scale: float) -> None:
    size = line.size * scale
    widths = [font(s, size).getlength(w) for w, s in line.words]
    spaces = [font(s, size).getlength(" ") for _, s in line.words[1:]]
    if line.justify and len(line.words) > 1:
        free = line.justify * scale - sum(widths)
        spaces = [free / (len(line.words) - 1)] * (len(line.words) - 1)
    x = line.x * scale
    y = line.y * scale
    for k, (word, style) in enumerate(line.words):
        fill = INK_OF.get(style, INK)
        draw.text((x, y), word, font=font(style, size), fill=fill, anchor="ls")
        x += widths[k] + (spaces[k] if k < len(spaces) else 0.0)


# ----------------------------------------------------------------------------- degradation


def degrade(img: Image.Image, profile: str, seed: int) -> Image.Image:
    """``img`` after the life described by ``profile`` (see ``PROFILES``): resampled to the
    profile's dpi (recorded in ``info['dpi']``), skewed, tinted, faded, specked, blurred,
    with show-through, noise and JPEG artefacts."""
    return damage(img, PROFILES[profile], seed)


def damage(img: Image.Image, p: dict[str, Any], seed: int) -> Image.Image:
    """``img`` after the damage ``p`` describes (keys of ``PROFILES`` and ``draw_damage``):
    resampling, show-through, skew, fade, tint, fold creases, dark borders, toner streaks,
    specks, noise, copier contrast, blur, 1-bit thresholding, a phone photo's perspective
    and shadow, JPEG artefacts."""
    rng = np.random.default_rng(seed)
    src_dpi = round(img.info.get("dpi", (300, 300))[0])
    dpi = p.get("dpi", src_dpi)
    out = img.convert("RGB")
    if dpi != src_dpi:
        size = (round(out.width * dpi / src_dpi), round(out.height * dpi / src_dpi))
        out = out.resize(size, Image.Resampling.LANCZOS)
    if "show_through" in p:
        back = ImageOps.mirror(out).filter(ImageFilter.GaussianBlur(1.5))
        mask = ImageOps.invert(back.convert("L"))
        out = _blend(out, mask, (120, 120, 120), p["show_through"] * 2)
    if "skew" in p:
        angle = float(rng.uniform(*p["skew"]) * rng.choice((-1, 1)))
        out = out.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))
    arr = np.asarray(out, dtype=np.float32)
    if "fade" in p:
        arr = 255 - (255 - arr) * p["fade"]
    if "tint" in p:
        arr = arr * np.asarray(p["tint"], dtype=np.float32)
    if "folds" in p:
        arr = arr * _creases(arr.shape[:2], p["folds"], rng)[..., None]
    if "border" in p:
        h, w = arr.shape[:2]
        bw = int(w * p["border"])
        ramp = np.linspace(0.25, 1.0, bw, dtype=np.float32)
        shade = np.ones((h, w), np.float32)
        shade[:, :bw] *= ramp
        shade[:, w - bw:] *= ramp[::-1]
        shade[: bw // 2, :] *= ramp[:: 2][: bw // 2, None]
        arr = arr * shade[..., None]
    if "specks" in p:
        h, w = arr.shape[:2]
        n = p["specks"]
        ys, xs = rng.integers(0, h, n), rng.integers(0, w, n)
        rs = rng.uniform(0.6, dpi / 100 + 0.8, n)
        dark = rng.uniform(60, 170, n)
        for y, x, r, v in zip(ys, xs, rs, dark, strict=True):
            k = int(r) + 1
            yy, xx = np.ogrid[-k: k + 1, -k: k + 1]
            disc = (yy * yy + xx * xx) <= r * r
            y0, x0 = max(0, y - k), max(0, x - k)
            patch = arr[y0: y + k + 1, x0: x + k + 1]
            d = disc[y0 - (y - k): y0 - (y - k) + patch.shape[0],
                     x0 - (x - k): x0 - (x - k) + patch.shape[1]]
            patch[d] = np.minimum(patch[d], v)
    if "streaks" in p:  # a dirty copier drum: faint lines down the page
        for x in rng.integers(0, arr.shape[1], p["streaks"]):
            arr[:, x: x + int(rng.integers(1, 4))] *= float(rng.uniform(0.6, 0.9))
    if "noise" in p:
        arr += rng.standard_normal(arr.shape[:2], dtype=np.float32)[..., None] * p["noise"]
    if "gamma" in p:  # copier contrast: grey strokes darken and thicken, paper stays white
        arr = 255 * (np.clip(arr, 0, 255) / 255) ** p["gamma"]
    out = Image.fromarray(np.clip(arr + 0.5, 0, 255).astype(np.uint8), "RGB")
    if "blur" in p:
        out = out.filter(ImageFilter.GaussianBlur(p["blur"]))
    if "threshold" in p:  # a 1-bit (CCITT) scan: seals and grey print break into dots
        grey = out.convert("L")
        bits = (grey.convert("1") if p.get("dither") else
                grey.point(lambda v: 255 if v > p["threshold"] else 0).convert("1"))
        out = bits.convert("RGB")
    if "photo" in p:
        out = _photograph(out, p["photo"], rng)
    if "jpeg" in p:
        buf = io.BytesIO()
        out.save(buf, "JPEG", quality=p["jpeg"])
        out = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    out.info["dpi"] = (dpi, dpi)
    return out


def _creases(shape: tuple[int, int], n: int, rng: np.random.Generator) -> np.ndarray:
    """Light factor of a page folded ``n`` times across (letters go in thirds): each crease
    a thin dark line in a soft shadow band."""
    h, w = shape
    factor = np.ones(shape, np.float32)
    for k in range(n):
        y = int(h * (k + 1) / (n + 1) + rng.uniform(-0.03, 0.03) * h)
        rows = np.arange(h, dtype=np.float32)[:, None]
        band = float(rng.uniform(0.05, 0.15)) * np.exp(-(((rows - y) / (0.004 * h)) ** 2))
        line = float(rng.uniform(0.15, 0.35)) * (np.abs(rows - y) < max(1, h // 1500))
        factor *= 1 - np.broadcast_to(band + line, (h, w))
    return factor


def _photograph(page: Image.Image, tilt: float, rng: np.random.Generator) -> Image.Image:
    """The page as a phone photo: on a desk, seen at an angle (each corner moved by up to
    ``tilt`` of the page width), lit unevenly; the same size as the page."""
    w, h = page.size
    margin = int(0.12 * w)
    desk = np.asarray(rng.uniform(40, 140, 3), np.float32)
    canvas = Image.new("RGB", (w + 2 * margin, h + 2 * margin), tuple(int(v) for v in desk))
    canvas.paste(page, (margin, margin))
    corners = np.array([[margin, margin], [margin + w, margin], [margin + w, margin + h],
                        [margin, margin + h]], np.float64)
    moved = corners + rng.uniform(-tilt, tilt, (4, 2)) * w
    # PIL maps output pixels to input pixels: solve the homography moved → corners
    rows = []
    for (x, y), (u, v) in zip(moved, corners, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y, u])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y, v])
    a = np.asarray(rows)
    coeffs = np.linalg.solve(a[:, :8], a[:, 8])
    photo = canvas.transform(canvas.size, Image.Transform.PERSPECTIVE, tuple(coeffs),
                             Image.Resampling.BICUBIC, fillcolor=tuple(int(v) for v in desk))
    arr = np.asarray(photo, np.float32)
    yy, xx = np.mgrid[0:arr.shape[0], 0:arr.shape[1]].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    ramp = (xx * np.cos(angle) + yy * np.sin(angle)) / max(arr.shape[:2])
    light = 1 - float(rng.uniform(0.15, 0.45)) * (ramp - ramp.min()) / np.ptp(ramp)
    arr = arr * light[..., None]
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB").resize(
        (w, h), Image.Resampling.LANCZOS)


# Degradation profiles of the evaluation letters: each parameter drawn per letter from a
# range ((lo, hi): uniform, ints when both ends are; a list: one of them), so that
# cleanup settings cannot fit one fixed damage. The same four lives as ``PROFILES`` but
# wider, and three more: an office copier, a 1-bit scan, a phone photo.
EVAL_PROFILES: dict[str, dict[str, Any]] = {
    "clean": {},
    "office": {"dpi": [200, 300], "skew": [(0.1, 1.0)], "noise": (2.0, 5.0), "jpeg": (60, 90)},
    "archive": {"dpi": [150, 200, 240], "skew": [(0.5, 2.5)], "fade": (0.6, 0.85),
                "tint": [(1.0, 0.95, 0.80), (0.97, 0.93, 0.85), (1.0, 0.97, 0.88)],
                "specks": (150, 500), "noise": (3.0, 6.0), "folds": (0, 2), "blur": (0.0, 0.6)},
    "harsh": {"dpi": [120, 150], "skew": [(2.0, 4.0)], "blur": (0.6, 1.2),
              "border": (0.02, 0.08), "show_through": (0.05, 0.2),
              "tint": [(0.97, 0.95, 0.90), (0.92, 0.92, 0.92)], "noise": (5.0, 9.0),
              "folds": (0, 2), "jpeg": (50, 80)},
    "copier": {"dpi": [200, 300], "skew": [(0.2, 1.5)], "gamma": (1.3, 2.0), "streaks": (2, 8),
               "specks": (300, 900), "noise": (3.0, 6.0), "border": (0.01, 0.04)},
    "bitonal": {"dpi": [200, 300], "skew": [(0.1, 1.5)], "blur": (0.3, 0.8), "noise": (3.0, 8.0),
                "threshold": (130, 185), "dither": [False, False, True]},
    "photo": {"dpi": [150, 200], "photo": (0.02, 0.07), "blur": (0.3, 0.9), "noise": (2.0, 5.0),
              "jpeg": (60, 85)},
}


def draw_damage(profile: str, seed: int) -> dict[str, Any]:
    """One concrete damage (``damage`` keys) of evaluation profile ``profile``."""
    rng = random.Random(f"{seed}-{profile}")
    out: dict[str, Any] = {}
    for key, spec in EVAL_PROFILES[profile].items():
        if isinstance(spec, list):
            out[key] = rng.choice(spec)
        elif all(isinstance(v, int) for v in spec):
            out[key] = rng.randint(*spec)
        else:
            out[key] = rng.uniform(*spec)
    return out


# ----------------------------------------------------------------------------- files


def scan(letter: Letter, profile: str = "clean", dpi: int = 300) -> list[Image.Image]:
    """The pages of ``letter`` as a scanner would return them after ``profile``: render and
    degrade in memory (what ``write_sample`` saves; for evaluation without files)."""
    return [degrade(p, profile, letter.seed * 131 + i) for i, p in enumerate(render(letter, dpi))]


def _palette(img: Image.Image) -> Image.Image:
    """64-colour version of a page: keeps red seal and blue ink, a quarter of the bytes."""
    return img.quantize(64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


def write_sample(letter: Letter, out_dir: Path, stem: str, fmt: Format, profile: str,
                 dpi: int = 300) -> list[Path]:
    """Render at ``dpi``, degrade and save ``letter`` as ``<stem>.<fmt>`` with ``.gold.json``,
    ``.gt.txt`` and ``.header.txt``. PNG and JPEG hold one page only."""
    out_dir.mkdir(parents=True, exist_ok=True)
    pages = scan(letter, profile, dpi)
    if fmt in ("png", "jpg") and len(pages) > 1:
        raise ValueError(f"{fmt} holds one page; the letter has {len(pages)}")
    dpis = pages[0].info["dpi"]
    path = out_dir / f"{stem}.{fmt}"
    if fmt == "png":
        _palette(pages[0]).save(path, dpi=dpis, optimize=True)
    elif fmt == "jpg":
        pages[0].save(path, "JPEG", quality=80, dpi=dpis, optimize=True)
    elif fmt == "tif":
        pal = [_palette(p) for p in pages]
        pal[0].save(path, "TIFF", save_all=True, append_images=pal[1:], dpi=dpis,
                    compression="tiff_adobe_deflate")
    else:
        stamp = time.struct_time((*letter.date.timetuple()[:6], 0, 1, 0))
        pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=dpis[0],
                      quality=80, title=stem, creationDate=stamp, modDate=stamp)
    written = [path]
    for suffix, content in ((".gold.json", json.dumps(letter.gold, ensure_ascii=False, indent=2)
                             + "\n"), (".gt.txt", letter.gt_text),
                            (".header.txt", letter.header_text)):
        target = out_dir / f"{stem}{suffix}"
        target.write_text(content, encoding="utf-8")
        written.append(target)
    return written


# The committed sample set: type, file format, profile, wanted page count, features wanted.
SAMPLE_PLAN: tuple[tuple[str, Format, str, int, tuple[str, ...]], ...] = (
    ("Công văn", "png", "clean", 1, ()),
    ("Quyết định", "jpg", "office", 1, ("received", "hand_number")),
    ("Thông báo", "png", "clean", 1, ("esign",)),
    ("Kế hoạch", "pdf", "archive", 2, ()),
    ("Tờ trình", "jpg", "office", 1, ("hand_number",)),
    ("Giấy mời", "jpg", "archive", 1, ()),
    ("Báo cáo", "tif", "clean", 2, ("copy",)),
    ("Chỉ thị", "jpg", "harsh", 1, ("esign",)),
    ("Công văn", "pdf", "clean", 2, ("urgency",)),
    ("Quyết định", "png", "clean", 1, ("normative",)),
    ("Công văn", "jpg", "office", 1, ("confidentiality", "received")),
)
FEATURES: dict[str, Callable[[Letter], bool]] = {
    "urgency": lambda x: x.urgency is not None,
    "confidentiality": lambda x: x.confidentiality is not None,
    "normative": lambda x: x.symbol.count("/") == 1,
    "received": lambda x: x.received is not None,
    "hand_number": lambda x: x.style.hand_number,
    "esign": lambda x: x.esign is not None,
    "copy": lambda x: x.copy is not None,
}


def _find_letter(seed: int, doc_type: str, pages: int, features: Sequence[str]) -> Letter:
    """The first letter from ``seed`` on with the wanted page count and features."""
    for k in range(5000):
        letter = make_letter(seed + k, doc_type, long=pages > 1)
        if (len(letter.pages) >= 2) == (pages > 1) and all(FEATURES[f](letter) for f in features):
            return letter
    raise RuntimeError(f"no {doc_type} letter with {pages} pages and {features}")


def _slug(text: str) -> str:
    base = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    return "".join(c for c in base if c.isascii() and (c.isalnum() or c == " ")).replace(" ", "_")


@cache
def plan_samples(seed: int = 0) -> tuple[tuple[str, Format, str, Letter], ...]:
    """Stem, format, profile and letter of each file in the sample set (no rendering)."""
    plan: list[tuple[str, Format, str, Letter]] = []
    for i, (doc_type, fmt, profile, pages, features) in enumerate(SAMPLE_PLAN, 1):
        letter = _find_letter(seed * 100_000 + i * 1000, doc_type, pages, features)
        plan.append((f"{i:02d}_{_slug(doc_type)}_{profile}", fmt, profile, letter))
    return tuple(plan)


def write_samples(out_dir: Path, seed: int = 0) -> list[Path]:
    """The committed sample set (``samples/``): every type, all formats and profiles, and a
    ``MANIFEST.tsv`` saying what each file shows."""
    written: list[Path] = []
    rows = ["file\tdoc_type\tpages\tprofile\tdpi\tfeatures"]
    for stem, fmt, profile, letter in plan_samples(seed):
        written += write_sample(letter, out_dir, stem, fmt, profile)
        shown = [name for name, test in FEATURES.items() if test(letter)]
        dpi = PROFILES[profile].get("dpi", 300)
        rows.append(f"{stem}.{fmt}\t{letter.doc_type}\t{len(letter.pages)}\t{profile}\t{dpi}\t"
                    + ",".join(shown))
    manifest = out_dir / "MANIFEST.tsv"
    manifest.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return [*written, manifest]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Generate synthetic Decree-30 letters.")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--count", type=int, default=None,
                        help="random letters instead of the committed sample set")
    parser.add_argument("--profile", choices=sorted(PROFILES), default="clean")
    parser.add_argument("--format", choices=("png", "jpg", "tif", "pdf"), default="jpg")
    parser.add_argument("--dpi", type=int, default=300, help="render resolution (--count)")
    args = parser.parse_args(argv)
    if args.count is None:
        paths = write_samples(args.out_dir, args.seed)
    else:
        paths = []
        for k in range(args.count):
            letter = make_letter(args.seed * 100_000 + k)
            fmt = args.format if len(letter.pages) == 1 or args.format in ("tif", "pdf") else "pdf"
            paths += write_sample(letter, args.out_dir, f"synth_{args.seed}_{k:04d}", fmt,
                                  args.profile, args.dpi)
    print(f"wrote {len(paths)} files to {args.out_dir}")


if __name__ == "__main__":
    main()
