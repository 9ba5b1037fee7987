"""Layout-aware OCR of a cleaned page, through an engine of ``congvan.engines``.

The layout zones (header columns, body, footer columns; ``congvan.layout``) are cut out
and stacked top to bottom in reading order on one canvas per reading mode, so a page costs
one engine run (two on the page with the signer block) instead of one per zone, and the
header columns can never be interleaved. Output order: header_left, header_right, body,
footer_left, footer_right, then a "copy" block (SAO Y) if any. Word boxes are mapped back
to page coordinates; OcrLine.conf is the mean word confidence.

Measured and dropped: a Tesseract user-words file (admin words, codes) changed nothing with
the LSTM-only ``vie`` model (identical output), so none is shipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import cv2
import numpy as np
import regex
from rapidfuzz import fuzz

from .cleanup import to_grey, to_uint8
from .engines import DigitReader, Layout, OcrEngine, get_digit_reader, get_engine
from .layout import Zone, find_zones
from .parse import vocab
from .parse.text import fold
from .types import BBox, OcrLine, OcrWord, Page, Region

# Reading mode per region, measured on the Quảng Ngãi scans with Tesseract: the stacked
# header and body read best as one column of varying sizes (psm 4); the signer block, whose
# lines sit far apart around the signature, as one uniform block (psm 6). Zones sharing a
# mode share one run.
LAYOUT_BY_REGION: Final[dict[Region, Layout]] = {
    "header_left": "column",
    "header_right": "column",
    "body": "column",
    "footer_left": "block",
    "footer_right": "block",
}
ZONE_GAP_PX: Final = 60  # white space between stacked zones (≫ line spacing at 300 dpi)
MARGIN_PX: Final = 30
RETRY_CONF: Final = 60.0  # second pass re-reads lines below this mean confidence
RETRY_SCALE: Final = 2.0
NOISE_CONF: Final = 60.0  # a line this unsure with this few letters is a stroke, not text
NOISE_LEN: Final = 3
SPECK_CONF: Final = 60.0  # a dot-like word at a line end read below this is a speck
SPECK_WORD: Final = regex.compile(r"[.,:;'`\"~_^*°·‘’“”]+")  # what a speck reads as (no dash)
NOISE_ALNUM_SHARE: Final = 0.5  # fewer letters/digits than this share: not text
# Số line and its re-read: a line opening with Số (as OCR spells it); a clean number already
NUMBER_LINE: Final = regex.compile(r"^\s*S[ốôoóồổ6]\S{0,2}\s*[:.]?")
CLEAN_NUMBER: Final = regex.compile(r"^\s*Số\s*:\s*\d+\s*/")
NUMBER_PREFIX_HEIGHTS: Final = 1.3  # "Số:" is about this many line heights wide
SYMBOL_PART: Final = regex.compile(r"\p{Lu}{2}|-")  # Party/Youth-union style "127-QĐ/TW"
MOTTO_MATCH: Final = 80  # rapidfuzz partial ratio of a read line to the (folded) motto
# A copy block ("SAO Y", Decree 30 §copies) begins at a line opening with one of these.
COPY_MARK: Final = regex.compile(
    r"^\s*(?:BẢN\s+)?(?:SAO\s+Y|SAO\s+LỤC|TRÍCH\s+SAO)\b", regex.IGNORECASE
)


@dataclass(frozen=True)
class OcrOptions:
    """OCR switches; the defaults are the measured best."""

    mode: Layout | None = None  # one reading mode for every zone; None = LAYOUT_BY_REGION
    second_pass: bool = False  # re-read low-confidence lines at 2× (one extra engine run)
    layout: bool = True  # False: whole page as one body zone (ablation baseline)
    engine: str = "tesseract"  # ``congvan.engines.ENGINES`` name
    digits: str = "tesseract"  # ``congvan.engines.DIGIT_READERS`` name (Số gap re-read)


@dataclass(frozen=True, slots=True)
class _Slot:
    """Where a zone crop was put on the canvas."""

    region: Region
    src: BBox  # in page coordinates
    top: int  # canvas y of the crop's first row
    left: int
    scale: float = 1.0


def _compose(
    grey: np.ndarray, zones: Sequence[Zone], scale: float = 1.0
) -> tuple[np.ndarray, list[_Slot]]:
    crops = []
    for z in zones:
        crop = grey[z.bbox.y0 : z.bbox.y1, z.bbox.x0 : z.bbox.x1]
        if z.holes:
            crop = crop.copy()
            for h in z.holes:
                crop[
                    max(0, h.y0 - z.bbox.y0) : max(0, h.y1 - z.bbox.y0),
                    max(0, h.x0 - z.bbox.x0) : max(0, h.x1 - z.bbox.x0),
                ] = 255
        if scale != 1.0:
            crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        crops.append(crop)
    width = max(c.shape[1] for c in crops) + 2 * MARGIN_PX
    height = sum(c.shape[0] for c in crops) + ZONE_GAP_PX * (len(crops) - 1) + 2 * MARGIN_PX
    canvas = np.full((height, width), 255, np.uint8)
    slots, y = [], MARGIN_PX
    for z, c in zip(zones, crops, strict=False):
        canvas[y : y + c.shape[0], MARGIN_PX : MARGIN_PX + c.shape[1]] = c
        slots.append(_Slot(z.region, z.bbox, y, MARGIN_PX, scale))
        y += c.shape[0] + ZONE_GAP_PX
    return canvas, slots


def _read(canvas: np.ndarray, slots: Sequence[_Slot], page_no: int, lang: str,
          layout: Layout, engine: OcrEngine) -> list[tuple[int, OcrLine]]:
    """Read a canvas with ``engine``, map word boxes from canvas back to the page; each line
    comes with the index of the slot (zone) it was read from, in reading order."""
    out: list[tuple[int, int, OcrLine]] = []
    for read in engine.read_lines(canvas, lang=lang, layout=layout):
        cy = sum((w.bbox.y0 + w.bbox.y1) / 2 for w in read) / len(read)
        slot_no = max(range(len(slots)), key=lambda k: (slots[k].top <= cy, slots[k].top))
        slot = slots[slot_no]
        words = []
        for w in read:
            x0 = (w.bbox.x0 - slot.left) / slot.scale + slot.src.x0
            y0 = (w.bbox.y0 - slot.top) / slot.scale + slot.src.y0
            x1 = x0 + (w.bbox.x1 - w.bbox.x0) / slot.scale
            y1 = y0 + (w.bbox.y1 - w.bbox.y0) / slot.scale
            words.append(OcrWord(w.text, BBox(int(x0), int(y0), int(x1), int(y1)), w.conf))
        words = _trim_specks(words)
        if not words:
            continue
        bbox = words[0].bbox
        for w in words[1:]:
            bbox = bbox.union(w.bbox)
        conf = sum(w.conf for w in words) / len(words)
        if _is_noise(words, conf):
            continue
        line = OcrLine(
            " ".join(w.text for w in words), page_no, slot.region, bbox, conf, tuple(words)
        )
        out.append((slot_no, read[0].bbox.y0, line))
    out.sort(key=lambda t: (t[0], t[1]))
    return [(slot_no, line) for slot_no, _, line in out]


def _trim_specks(words: list[OcrWord]) -> list[OcrWord]:
    """Drop doubtful dot-like words at either end of a line: specks, seal or signature
    remains read as "." "'" "~" next to the text. A list dash is never one of them."""

    def speck(w: OcrWord) -> bool:
        return w.conf < SPECK_CONF and SPECK_WORD.fullmatch(w.text) is not None

    while words and speck(words[0]):
        words = words[1:]
    while words and speck(words[-1]):
        words = words[:-1]
    return words


def _is_noise(words: Sequence[OcrWord], conf: float) -> bool:
    """A stray reading of a signature stroke, seal remains or specks: mostly symbols, or a
    short fragment Tesseract itself doubts."""
    text = "".join(w.text for w in words)
    alnum = len(regex.findall(r"[\p{L}\p{N}]", text))
    if alnum < NOISE_ALNUM_SHARE * len(text):
        return True
    return conf < NOISE_CONF and alnum <= NOISE_LEN


def _trim_above_motto(lines: list[OcrLine]) -> list[OcrLine]:
    """Drop header_right lines read before the national title (quốc hiệu, ô 1), which is
    always the right column's first line: they are e-signature stamp print touching it."""
    right = [i for i, ln in enumerate(lines) if ln.region == "header_right"]
    for k, i in enumerate(right):
        if any(fuzz.partial_ratio(m, fold(lines[i].text)) >= MOTTO_MATCH for m in vocab.MOTTO):
            drop = set(right[:k])
            return [ln for j, ln in enumerate(lines) if j not in drop]
    return lines


def _digits(grey: np.ndarray, box: BBox, reader: DigitReader) -> OcrWord | None:
    """Digits in ``box`` read on their own by a digit reader. Numbers and days are often
    handwritten or stamped in a gap on a printed line; read with the line by the Vietnamese
    model they come out as letters ("53" → "B3")."""
    reading = reader.read_digits(np.ascontiguousarray(grey[box.y0 : box.y1, box.x0 : box.x1]))
    return None if reading is None else OcrWord(reading.text, box, reading.conf)


def _split_word(w: OcrWord, at: int) -> tuple[OcrWord, OcrWord]:
    """A word cut before character ``at``, boxes divided in proportion."""
    x = w.bbox.x0 + (w.bbox.x1 - w.bbox.x0) * at // max(1, len(w.text))
    return (
        OcrWord(w.text[:at], BBox(w.bbox.x0, w.bbox.y0, x, w.bbox.y1), w.conf),
        OcrWord(w.text[at:], BBox(x, w.bbox.y0, w.bbox.x1, w.bbox.y1), w.conf),
    )


def _with_words(line: OcrLine, words: list[OcrWord]) -> OcrLine:
    words = [w for w in words if w.text]
    conf = sum(w.conf for w in words) / len(words)
    return OcrLine(
        " ".join(w.text for w in words), line.page, line.region, line.bbox, conf, tuple(words)
    )


def _reread_number(grey: np.ndarray, line: OcrLine, reader: DigitReader) -> OcrLine:
    """Số line: re-read the gap between "Số:" and "/symbol" as digits."""
    words = list(line.words)
    slash = next((i for i, w in enumerate(words) if "/" in w.text), None)
    if slash is None or line.bbox is None:
        return line
    first = words[0]
    colon = first.text.find(":")
    height = line.bbox.y1 - line.bbox.y0
    if colon == len(first.text) - 1 or (colon < 0 and slash > 0):
        prefix = first  # "Số:" (or "Số") read as a word of its own
    elif colon >= 0:  # "Số:B3": a proportional cut would fall inside wide handwriting
        prefix = _split_word(first, colon + 1)[0]
        x = first.bbox.x0 + int(NUMBER_PREFIX_HEIGHTS * height)
        prefix = OcrWord(
            prefix.text, BBox(prefix.bbox.x0, prefix.bbox.y0, x, prefix.bbox.y1), prefix.conf
        )
    else:
        return line
    head, tail = _split_word(words[slash], words[slash].text.index("/"))
    between = " ".join(
        [first.text[len(prefix.text) :], *(w.text for w in words[1:slash]), head.text]
    )
    if SYMBOL_PART.search(between):
        return line  # "Số 127-QĐ/TW": the part before "/" is a symbol, not a lone number
    if tail.bbox.x0 - prefix.bbox.x1 < 0.5 * height:
        return line  # no gap: nothing written between Số and the symbol
    box = BBox(
        prefix.bbox.x1,
        max(0, line.bbox.y0 - height // 2),
        tail.bbox.x0,
        min(grey.shape[0], line.bbox.y1 + height // 2),
    )
    number = _digits(grey, box, reader)
    if number is None:
        return line
    return _with_words(line, [prefix, number, tail, *words[slash + 1 :]])


def _reread_handwriting(
    grey: np.ndarray, lines: list[OcrLine], reader: DigitReader
) -> list[OcrLine]:
    """The number after Số, read again as digits when the line reading does not show a clean
    number there (handwritten or stamped numbers: 10 of 15 right on the Quảng Ngãi scans vs
    3 of 15 before). Doing the same for the handwritten day did not help, so it is not done."""
    return [
        _reread_number(grey, ln, reader)
        if ln.region == "header_left"
        and NUMBER_LINE.match(ln.text)
        and not CLEAN_NUMBER.match(ln.text)
        else ln
        for ln in lines
    ]


def _mark_copy(lines: list[OcrLine]) -> list[OcrLine]:
    """Lines from a "SAO Y" / "SAO LỤC" / "TRÍCH SAO" mark down to the page end are the copy
    block; a line that starts level with the mark (the copy's issuer) belongs to it too."""
    marks = [ln for ln in lines if ln.bbox is not None and COPY_MARK.match(ln.text)]
    if not marks:
        return lines
    mark = marks[0]
    assert mark.bbox is not None
    cut = mark.bbox.y0 - (mark.bbox.y1 - mark.bbox.y0)
    inside = [
        ln.region != "header_left"
        and ln.region != "header_right"
        and ln.bbox is not None
        and ln.bbox.y1 > cut
        for ln in lines
    ]
    inside = [flag or ln is mark for flag, ln in zip(inside, lines, strict=False)]
    kept = [ln for ln, f in zip(lines, inside, strict=False) if not f]
    copied = [
        OcrLine(ln.text, ln.page, "copy", ln.bbox, ln.conf, ln.words)
        for ln, f in zip(lines, inside, strict=False)
        if f
    ]
    return kept + copied  # zone order: the copy's left column, then its right column


def tidy_lines(lines: list[OcrLine]) -> list[OcrLine]:
    """What a page's zoned lines go through whoever read them (OCR or a born-digital text
    layer, ``congvan.textlayer``): stamp print above the national title dropped, a copy
    block marked."""
    return _mark_copy(_trim_above_motto(lines))


def _second_pass(
    grey: np.ndarray, lines: list[OcrLine], lang: str, options: OcrOptions
) -> list[OcrLine]:
    """Re-read low-confidence lines at RETRY_SCALE (all in one engine run); keep the
    better reading of each line."""
    weak = [
        i for i, ln in enumerate(lines) if ln.conf is not None and ln.conf < RETRY_CONF and ln.bbox
    ]
    if not weak:
        return lines
    pad = 6
    zones = []
    for i in weak:
        b = lines[i].bbox
        assert b is not None
        box = BBox(
            max(0, b.x0 - pad),
            max(0, b.y0 - pad),
            min(grey.shape[1], b.x1 + pad),
            min(grey.shape[0], b.y1 + pad),
        )
        zones.append(Zone(lines[i].region, box))
    canvas, slots = _compose(grey, zones, RETRY_SCALE)
    engine = get_engine(options.engine)
    best: dict[int, list[OcrLine]] = {}
    for k, ln in _read(canvas, slots, lines[0].page, lang, options.mode or "block", engine):
        best.setdefault(k, []).append(ln)
    out = list(lines)
    for k, i in enumerate(weak):
        parts = best.get(k)
        if not parts or len(parts) != 1:
            continue
        new = parts[0]
        if (new.conf or 0) > (lines[i].conf or 0):
            out[i] = OcrLine(new.text, new.page, lines[i].region, new.bbox, new.conf, new.words)
    return out


def ocr_page(
    page: Page,
    lang: str = "vie",
    *,
    header: bool | None = None,
    footer: bool = True,
    options: OcrOptions = OcrOptions(),
) -> list[OcrLine]:
    """OCR one (cleaned) page into lines in reading order, each with its layout region.

    ``header`` defaults to "page 1"; ``footer`` looks for the Nơi nhận / signer columns.
    Boxes are in the coordinates of ``page.image``. A page without text gives []."""
    grey = to_grey(to_uint8(page.image))
    if options.layout:
        zones = find_zones(
            grey, page.dpi, header=page.index == 1 if header is None else header, footer=footer
        )
    else:
        zones = [Zone("body", BBox(0, 0, grey.shape[1], grey.shape[0]))]
    if not zones:
        return []
    engine = get_engine(options.engine)
    by_mode: dict[Layout, list[Zone]] = {}
    for z in zones:
        by_mode.setdefault(options.mode or LAYOUT_BY_REGION.get(z.region, "column"), []).append(z)
    read: list[tuple[int, OcrLine]] = []
    for mode, group in by_mode.items():
        canvas, slots = _compose(grey, group)
        for k, line in _read(canvas, slots, page.index, lang, mode, engine):
            read.append((zones.index(group[k]), line))
    lines = [line for _, line in sorted(read, key=lambda t: t[0])]
    if options.second_pass and lines:
        lines = _second_pass(grey, lines, lang, options)
    lines = _trim_above_motto(lines)
    if any(z.region.startswith("header") for z in zones):
        lines = _reread_handwriting(grey, lines, get_digit_reader(options.digits))
    return _mark_copy(lines)

