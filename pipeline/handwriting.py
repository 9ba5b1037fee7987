"""Handwritten header values: find the printed gaps, isolate the pen ink, read digits.

A clerk writes the number into "Số: ____ /QĐ-UBND" and the day (sometimes the month) into
"ngày ____ tháng ____ năm 2025" by hand, after printing. The line reading of the Vietnamese
model turns such digits into letters or specks ("53" → "B3", "ngàW/-{"), and a crude crop
that misses part of the writing or takes in a printed "/" reads wrong. So:

1. **Gaps** are cut from the printed words' boxes: from the end of "Số:" to the "/" of the
   symbol, from "ngày" to "tháng", from "tháng" to "năm". When OCR merged a printed word
   with the writing ("ngày24tháng", "2#5/TB-ĐHĐL"), the printed part's width is predicted
   from the font (Times New Roman metrics, Decree 30; Liberation is metric-compatible) at
   the scale of the line's cleanly read words.
2. **Ink** in and around the gap is split into connected strokes; strokes lying inside a
   cleanly read printed word, dots of a leader line, and strokes whose middle lies outside
   the gap are dropped, so only the writing is read. Where the page had pen-coloured ink
   (blue, violet), the pen layer of the cleaned page gives the writing directly.
3. **Retries**: the gap is read as several crops (the kept strokes; the plain gap; the gap
   narrowed; the pen layer) and the most confident reading that other crops agree with wins.

The result is a ``Fill`` per gap attached to the line; the line's text shows the reading,
and the parser decides, with the date's consistency checks, whether it is trusted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from statistics import median
from typing import Final

import cv2
import numpy as np
import regex
from PIL import ImageFont
from rapidfuzz.distance import Levenshtein

from .engines import DigitReader, DigitReading
from .parse import text as tx
from .types import BBox, Fill, FillField, OcrLine, OcrWord

PRINT_FONTS: Final = {
    False: "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    True: "/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf",
}
FONT_PX: Final = 100  # size the printed widths are measured at (then scaled to the line)
CLEAN_WORD_CONF: Final = 80.0  # a printed word read this surely has a trustworthy box
OVERWIDE: Final = 1.4  # a word box this much wider than its print holds writing too
INK_LEVEL: Final = 150  # darker than this on the cleaned page is ink
BAND_ABOVE: Final = 0.6  # writing rises above and drops below the printed line (line heights)
BAND_BELOW: Final = 0.45
MIN_STROKE_HEIGHT: Final = 0.22  # a stroke lower than this share of the line height is a dot
CONTAINED_PX: Final = 3  # a stroke within this margin of a printed word's box is print
PAD: Final = 0.15  # white margin around a crop (line heights)
MIN_GAP: Final = 0.35  # a gap narrower than this many line heights holds no writing
PEN_MIN_INK: Final = 40  # pen-layer pixels a gap needs to be read from that layer
SURE: Final = 95.0  # a first reading this confident needs no retry crops
OCR_SURE: Final = 90.0  # Tesseract's word confidence that makes its digits a second opinion
MIN_VOTES: Final = 2  # crops (the context read included) that must agree on a reading
HEADER_BAND: Final = 0.32  # without header columns, Số and date lines lie above this share
SLASH: Final = "/"
_DAY_LABEL: Final = "ngay"
_MONTH_LABEL: Final = "thang"
_YEAR_LABEL: Final = "nam"


@dataclass(frozen=True, slots=True)
class Gap:
    """Where a value is written: between two printed x positions on one line, and the
    characters of the line's text that OCR made of the writing."""

    field: FillField
    x0: int
    x1: int
    y0: int
    y1: int
    height: int  # the printed line's height
    printed: tuple[BBox, ...]  # cleanly read printed words near the gap (not writing)
    span: tuple[int, int]  # line.text[span[0]:span[1]] is OCR's reading of the writing
    context: tuple[int, int]  # x range of the gap with the printed words on either side
    estimated: tuple[bool, bool]  # left / right edge predicted inside a merged word
    printed_reading: DigitReading | None = None  # Tesseract read digits there, surely


# --- printed widths ------------------------------------------------------------------------


@cache
def _font(italic: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(PRINT_FONTS[italic], FONT_PX)


@cache
def printed_width(text: str, italic: bool) -> float:
    """Ink width of ``text`` printed in Times-metric type at FONT_PX."""
    x0, _, x1, _ = _font(italic).getbbox(text)
    return float(max(1, x1 - x0))


def _scale(words: Sequence[OcrWord], italic: bool) -> float | None:
    """Page pixels per FONT_PX pixel on this line, from its cleanly read letter words (None
    without such words, or without the fonts: positions are then shared out by characters)."""
    if not Path(PRINT_FONTS[italic]).is_file():
        return None
    ratios = [
        (w.bbox.x1 - w.bbox.x0) / printed_width(w.text, italic)
        for w in words
        if w.conf >= CLEAN_WORD_CONF and len(w.text) >= 3 and not regex.search(r"\d", w.text)
    ]
    return median(ratios) if ratios else None


# --- finding gaps --------------------------------------------------------------------------


def _near(word: str, label: str) -> int | None:
    """Length of ``label`` at the start of folded ``word``, allowing one OCR slip
    ("ngàW" for "ngày"), or None."""
    for n in (len(label), len(label) - 1, len(label) + 1):
        if word[:1] == label[:1] and Levenshtein.distance(word[:n], label) <= 1:
            return n
    return None


def _find(words: Sequence[OcrWord], label: str, start: int) -> tuple[int, int, int] | None:
    """(word index, start, end) of ``label`` in the words from ``start``: opening a word
    (one slip allowed) or, exactly, inside one ("ngày24tháng")."""
    for k in range(start, len(words)):
        n = _near(tx.fold(words[k].text), label)
        if n is not None:
            return k, 0, n
    for k in range(start, len(words)):
        pos = tx.fold(words[k].text).find(label, 1)
        if pos > 0:
            return k, pos, pos + len(label)
    return None


def _height(line: OcrLine) -> int:
    clean = [w.bbox.y1 - w.bbox.y0 for w in line.words if w.conf >= CLEAN_WORD_CONF]
    assert line.bbox is not None
    return int(median(clean)) if clean else line.bbox.y1 - line.bbox.y0


def _gap(field: FillField, line: OcrLine, left: int, right: int, span: tuple[int, int],
         context: tuple[int, int], estimated: tuple[bool, bool]) -> Gap | None:
    assert line.bbox is not None
    h = _height(line)
    if right - left < MIN_GAP * h:
        return None
    scale = _scale(line.words, italic=field != "number")
    printed = tuple(
        w.bbox for w in line.words
        if w.conf >= CLEAN_WORD_CONF
        and (w.bbox.x1 <= left + h // 2 or w.bbox.x0 >= right - h // 2)
        and (scale is None or w.bbox.x1 - w.bbox.x0 <= OVERWIDE * scale * printed_width(
            w.text, field != "number"))
    )
    return Gap(field, left, right, line.bbox.y0, line.bbox.y1, h, printed, span, context,
               estimated, _printed_reading(line, span))


def _printed_reading(line: OcrLine, span: tuple[int, int]) -> DigitReading | None:
    """Tesseract's reading of the gap when it is plain digits read surely (typed or printed
    numbers): a second opinion that spares the digit reader a run."""
    text = line.text[span[0] : span[1]].strip()
    if not regex.fullmatch(r"\d{1,4}", text):
        return None
    confs = [w.conf for w, at in zip(line.words, _offsets(line.words), strict=True)
             if at < span[1] and at + len(w.text) > span[0]]
    conf = min(confs, default=0.0)
    return DigitReading(text, conf) if conf >= OCR_SURE else None


def number_gap(line: OcrLine) -> Gap | None:
    """The gap between "Số:" and the symbol ("/QĐ-UBND", or "-QĐ/TW" of the Party style)."""
    words = line.words
    if not words or line.bbox is None:
        return None
    label = tx.number_label(line.text)
    if label is not None and tx.starts_with_number_label(line.text):
        end = len(line.text[: label[1]].rstrip())
    elif (m := LOST_LABEL.match(line.text)) is not None:
        end = m.end()  # "“§ế:s?f40 /TB-QL": the colon still shows
    else:
        return None
    symbol = SYMBOL_START.search(line.text, end)
    if symbol is None:
        return None
    offsets = _offsets(words)
    k, c = _word_at(offsets, end)
    j, s = _word_at(offsets, symbol.start())
    scale = _scale(words, italic=False)
    left = _label_box(words[k], 0, c, "Số:", scale, False)
    right = _label_box(words[j], s, len(words[j].text), words[j].text[s:], scale, False)
    estimated = (c < len(words[k].text), s > 0)
    return _gap("number", line, left[1], right[0], (end, symbol.start()), (left[0], right[1]),
                estimated)


# A "Số:" whose letters OCR lost to the writing next to them: a short first word with a
# colon, followed later by a slash and a capital code.
LOST_LABEL: Final = regex.compile(r"^\W{0,2}\S{1,3}:(?=.*/\s*\p{Lu})")
# Where the symbol starts after a written number: its "/", or the "-" of "127-QĐ/TW".
SYMBOL_START: Final = regex.compile(r"-\s*(?=\p{Lu}{2}[^\s/]*/)|/")


def date_gaps(line: OcrLine) -> list[Gap]:
    """The day gap ("ngày" … "tháng") and the month gap ("tháng" … "năm") of a date line."""
    words = line.words
    if not words or line.bbox is None:
        return []
    month = _find(words, _MONTH_LABEL, 0)
    if month is None:
        return []
    mk = month[0]
    day = next(
        ((k, 0, n) for k in range(mk - (month[1] == 0), max(-1, mk - 4), -1)
         if (n := _near(tx.fold(words[k].text), _DAY_LABEL)) is not None),
        None,
    )  # the nearest "ngày" before "tháng" (not "Ngãi", the place before it)
    if day is None:
        return []
    year = _find(words, _YEAR_LABEL, mk + 1)
    if year is None and (pos := tx.fold(words[mk].text).find(_YEAR_LABEL, month[2])) > 0:
        year = (mk, pos, pos + len(_YEAR_LABEL))
    offsets = _offsets(words)
    scale = _scale(words, italic=True)
    marks = [m for m in (day, month, year) if m is not None]
    boxes = [
        _label_box(words[k], a, b, printed, scale, True)
        for (k, a, b), printed in zip(marks, ("ngày", "tháng", "năm"), strict=False)
    ]
    out = []
    fields: tuple[FillField, ...] = ("day", "month")
    for i, field in enumerate(fields[: len(marks) - 1]):
        (ka, _, ea), (kb, sb, _) = marks[i], marks[i + 1]
        span = (offsets[ka] + ea, offsets[kb] + sb)
        context = (boxes[i][0], boxes[i + 1][1])
        estimated = (ea < len(words[ka].text), sb > 0)
        gap = _gap(field, line, boxes[i][1], boxes[i + 1][0], span, context, estimated)
        if gap is not None:
            out.append(gap)
    return out


def _offsets(words: Sequence[OcrWord]) -> list[int]:
    """Start offset of each word in the line text (words joined by one space)."""
    out, pos = [], 0
    for w in words:
        out.append(pos)
        pos += len(w.text) + 1
    return out


def _word_at(offsets: Sequence[int], pos: int) -> tuple[int, int]:
    """(word index, offset inside it) of line-text offset ``pos``."""
    k = max(i for i, o in enumerate(offsets) if o <= pos)
    return k, pos - offsets[k]


def _label_box(word: OcrWord, start: int, end: int, printed: str, scale: float | None,
               italic: bool) -> tuple[int, int]:
    """Page x range of characters [start, end) of ``word``, which are the printed text
    ``printed``: the word's own edges where the part reaches them, else the printed width
    at the line's scale (a part inside a merged word is centred on its characters).

    A whole word far wider than its print swallowed writing next to it (Tesseract's box of
    "tháng" running over the "10" after it): its range is then (where it starts if it is
    the label right of a gap, where it ends if it is the label left of one)."""
    n = max(1, len(word.text))
    x0, x1 = word.bbox.x0, word.bbox.x1
    width = (
        printed_width(printed, italic) * scale
        if scale is not None
        else (x1 - x0) * (end - start) / n
    )
    if start <= 0 and end >= n:
        if x1 - x0 > OVERWIDE * width:
            return int(x1 - width), int(x0 + width)
        return x0, x1
    if start <= 0:
        return x0, int(x0 + width)
    if end >= n:
        return int(x1 - width), x1
    centre = x0 + (x1 - x0) * (start + end) / (2 * n)
    return int(centre - width / 2), int(centre + width / 2)


# --- ink and crops -------------------------------------------------------------------------


def _band(gap: Gap, shape: tuple[int, ...]) -> BBox:
    """The page area the writing of ``gap`` may cover."""
    h = gap.height
    return BBox(
        max(0, gap.x0 - h),
        max(0, int(gap.y0 - BAND_ABOVE * h)),
        min(shape[1], gap.x1 + h),
        min(shape[0], int(gap.y1 + BAND_BELOW * h)),
    )


def _strokes(ink: np.ndarray, band: BBox, gap: Gap) -> np.ndarray | None:
    """Mask (band-sized) of the strokes that belong to the writing: centred in the gap,
    taller than a dot, not part of a cleanly read printed word."""
    n, labels, stats, centroids = cv2.connectedComponentsWithStats(ink, connectivity=8)
    keep = np.zeros(n, bool)
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        if h < MIN_STROKE_HEIGHT * gap.height:
            continue  # leader dots, specks, a tone mark cut from the print
        cx = centroids[i][0] + band.x0
        if not gap.x0 <= cx < gap.x1:
            continue
        box = BBox(x + band.x0, y + band.y0, x + w + band.x0, y + h + band.y0)
        if any(_inside(box, p) for p in gap.printed):
            continue
        keep[i] = True
    if not keep.any():
        return None
    return keep[labels]


def _inside(box: BBox, outer: BBox) -> bool:
    m = CONTAINED_PX
    return (box.x0 >= outer.x0 - m and box.x1 <= outer.x1 + m
            and box.y0 >= outer.y0 - m and box.y1 <= outer.y1 + m)


def _cut(image: np.ndarray, mask: np.ndarray, pad: int) -> np.ndarray:
    """The masked pixels of ``image`` on white, cut to the mask's box plus ``pad``."""
    ys, xs = np.nonzero(mask)
    out = np.where(mask, image, 255).astype(np.uint8)
    y0, y1 = max(0, ys.min() - pad), min(mask.shape[0], ys.max() + 1 + pad)
    x0, x1 = max(0, xs.min() - pad), min(mask.shape[1], xs.max() + 1 + pad)
    crop = np.full((y1 - y0 + 2 * pad, x1 - x0 + 2 * pad), 255, np.uint8)
    crop[pad : pad + y1 - y0, pad : pad + x1 - x0] = out[y0:y1, x0:x1]
    return crop


def crops(grey: np.ndarray, pen: np.ndarray | None, gap: Gap,
          retry: bool = False) -> list[np.ndarray]:
    """The crops a gap is read from: the writing's strokes alone; on a retry, the whole gap
    less the printed words, and the pen layer's ink in the gap."""
    band = _band(gap, grey.shape)
    area = grey[band.y0 : band.y1, band.x0 : band.x1]
    ink = (area < INK_LEVEL).astype(np.uint8)
    pad = max(4, int(PAD * gap.height))
    if not retry:
        mask = _strokes(ink, band, gap)
        return [] if mask is None else [_cut(area, mask, pad)]
    out = []
    plain = np.zeros_like(ink, bool)
    plain[:, max(0, gap.x0 - band.x0) : gap.x1 - band.x0] = True
    plain &= ink.astype(bool)
    for p in gap.printed:
        plain[max(0, p.y0 - band.y0) : max(0, p.y1 - band.y0),
              max(0, p.x0 - band.x0) : max(0, p.x1 - band.x0)] = False
    if plain.any():
        out.append(_cut(area, plain, pad))
    if pen is not None:
        pen_area = pen[band.y0 : band.y1, gap.x0 : gap.x1]
        pen_ink = pen_area < INK_LEVEL
        if int(pen_ink.sum()) >= PEN_MIN_INK:
            out.append(_cut(pen_area, pen_ink, pad))
    return out


# --- reading -------------------------------------------------------------------------------


def _in_context(grey: np.ndarray, gap: Gap, reader: DigitReader) -> DigitReading | None:
    """The gap read together with the printed words around it."""
    band = _band(gap, grey.shape)
    x0, x1 = max(0, gap.context[0] - gap.height // 4), min(grey.shape[1], gap.context[1] + 2)
    crop = grey[band.y0 : band.y1, x0:x1]
    width = max(1, x1 - x0)
    return reader.read_in_context(crop, ((gap.x0 - x0) / width, (gap.x1 - x0) / width))


def read_gap(grey: np.ndarray, pen: np.ndarray | None, gap: Gap,
             reader: DigitReader) -> Fill:
    """The writing's strokes, confirmed by a sure Tesseract reading of printed digits, or
    else by the gap read in context; when these do not agree surely, the retry crops too.
    A page costs three to six model runs."""
    readings = [r for r in reader.read_many(crops(grey, pen, gap)) if r is not None]
    if gap.printed_reading is not None:
        fill = _decide(gap, [*readings, gap.printed_reading], None)
        if fill.conf >= SURE:
            return fill
    context = _in_context(grey, gap, reader)
    fill = _decide(gap, readings, context)
    if fill.conf >= SURE:
        return fill
    readings += [r for r in reader.read_many(crops(grey, pen, gap, retry=True)) if r]
    return _decide(gap, readings, context)


def _decide(gap: Gap, crop_readings: Sequence[DigitReading],
            context: DigitReading | None) -> Fill:
    """The reading with the most confidence behind it over all crops. Its confidence is
    lowered by that of the surest disagreeing reading, so crops that see different numbers
    give no confident value, and a reading fewer than MIN_VOTES crops gave is not trusted.
    Where a gap edge was only predicted (a merged word), a crop reading that is the context
    reading plus digits on that side took in the printed "/" or ":": it counts for the
    context reading."""
    readings = [
        replace(r, text=context.text) if _overreach(r, context, gap.estimated) else r
        for r in crop_readings
    ]
    if context is not None:
        readings.append(context)
    box = BBox(gap.x0, gap.y0, gap.x1, gap.y1)
    if not readings:
        return Fill(gap.field, None, 0.0, box)
    best: dict[str, float] = {}
    weight: dict[str, float] = {}
    votes: dict[str, int] = {}
    for r in readings:
        best[r.text] = max(best.get(r.text, 0.0), r.conf)
        weight[r.text] = weight.get(r.text, 0.0) + r.conf
        votes[r.text] = votes.get(r.text, 0) + 1
    ranked = sorted(best, key=lambda t: (weight[t], best[t]), reverse=True)
    top = ranked[0]
    rival = max((best[t] for t in ranked[1:]), default=0.0)
    conf = max(0.0, best[top] - rival) if votes[top] >= MIN_VOTES else 0.0
    return Fill(gap.field, top, round(conf, 2), box, tuple((t, best[t]) for t in ranked),
                votes[top])


def _overreach(r: DigitReading, context: DigitReading | None,
               estimated: tuple[bool, bool]) -> bool:
    """Whether ``r`` is the context reading with digits added at a predicted edge."""
    if context is None or r.text == context.text:
        return False
    return (estimated[1] and r.text.startswith(context.text)) or (
        estimated[0] and r.text.endswith(context.text)
    )


def with_fills(line: OcrLine, fills: Sequence[tuple[Gap, Fill]]) -> OcrLine:
    """The line with OCR's reading of each gap replaced by the digit reading (the text a
    user sees; merged words such as "ngày24tháng" come apart, "470/BYT" stays one) and the
    fills attached for the parser. Boxes of the words around follow their characters."""
    chars = _char_boxes(line)
    for gap, fill in sorted(fills, key=lambda gf: gf[0].span[0], reverse=True):
        if fill.text is None:
            continue
        a, b = gap.span
        # spaces as printed around the gap; apart from a word OCR merged with the writing
        # ("ngày24tháng"), never from a "/" the gap touches ("470/BYT")
        printed = "".join(ch for ch, _, _ in chars[a:b])
        left = chars[a - 1][0] if a > 0 else " "
        right = chars[b][0] if b < len(chars) else " "
        before = [(" ", None, 0.0)] if printed[:1] == " " or left not in " /" else []
        after = [(" ", None, 0.0)] if printed[-1:] == " " or right not in " /" else []
        chars[a:b] = [*before, *((ch, fill.bbox, fill.conf) for ch in fill.text), *after]
    words: list[OcrWord] = []
    run: list[tuple[str, BBox | None, float]] = []
    for item in [*chars, (" ", None, 0.0)]:
        if item[0] != " ":
            run.append(item)
            continue
        if run:
            boxes = [bx for _, bx, _ in run if bx is not None]
            box = boxes[0]
            for other in boxes[1:]:
                box = box.union(other)
            words.append(OcrWord("".join(ch for ch, _, _ in run), box,
                                 min(conf for _, _, conf in run)))
        run = []
    return replace(line, text=" ".join(w.text for w in words), words=tuple(words),
                   conf=sum(w.conf for w in words) / len(words),
                   fills=line.fills + tuple(f for _, f in fills))


def _char_boxes(line: OcrLine) -> list[tuple[str, BBox | None, float]]:
    """The line text as characters, each with a slice of its word's box (spaces: None)."""
    out: list[tuple[str, BBox | None, float]] = []
    for i, w in enumerate(line.words):
        if i:
            out.append((" ", None, 0.0))
        n = max(1, len(w.text))
        step = (w.bbox.x1 - w.bbox.x0) / n
        for k, ch in enumerate(w.text):
            x0 = w.bbox.x0 + int(k * step)
            x1 = max(x0 + 1, w.bbox.x0 + int((k + 1) * step))
            out.append((ch, BBox(x0, w.bbox.y0, x1, w.bbox.y1), w.conf))
    return out


def reread(grey: np.ndarray, pen: np.ndarray | None, lines: Sequence[OcrLine],
           reader: DigitReader) -> list[OcrLine]:
    """Lines with the number and the date's day and month re-read from their gaps: the first
    Số line and the first date line of the header, the right column's first (or, where no
    header column was found, of the top of the page, above the body's cited dates)."""
    top = HEADER_BAND * grey.shape[0]
    eligible = [
        i for i, line in enumerate(lines)
        if line.bbox is not None and line.words
        and line.text == " ".join(w.text for w in line.words)
        and (line.region.startswith("header") or line.bbox.y1 < top)
    ]
    found: dict[int, list[Gap]] = {}
    number = next(
        ((i, g) for i in eligible
         if lines[i].region != "header_right" and (g := number_gap(lines[i])) is not None),
        None,
    )
    if number is not None:
        found[number[0]] = [number[1]]
    by_column = sorted(eligible, key=lambda i: lines[i].region != "header_right")
    date = next(((i, gs) for i in by_column if (gs := date_gaps(lines[i]))), None)
    if date is not None:
        found.setdefault(date[0], []).extend(date[1])
    out = list(lines)
    per_line: dict[int, list[tuple[Gap, Fill]]] = {}
    for i, gaps in found.items():
        for gap in gaps:
            per_line.setdefault(i, []).append((gap, read_gap(grey, pen, gap, reader)))
    for i, fills in per_line.items():
        out[i] = with_fills(lines[i], fills)
    return out
