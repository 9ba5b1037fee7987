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

from . import handwriting
from .cleanup import to_grey, to_uint8
from .engines import Layout, OcrEngine, get_digit_reader, get_engine
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
    digits: str | None = "ppocr"  # ``DIGIT_READERS`` name for the written Số/day/month; None: off


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
    first = page.index == 1 if header is None else header
    if options.digits and (first or any(z.region.startswith("header") for z in zones)):
        lines = handwriting.reread(grey, page.pen, lines, get_digit_reader(options.digits))
    return _mark_copy(lines)

