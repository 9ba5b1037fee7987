"""PDF text layers (poppler's ``pdftotext``): the one module that runs it.

A PDF page may carry text besides its image: the whole text of a born-digital document, a
digital-signature box ("Ký bởi …, Thời gian ký: 17/01/2025") over a scan, or a scanner's
own OCR layer, which can be junk ("CONG HOA xA HOI can NGHiA"). This module reads what is
there, as words with boxes in the pixels of the page rendered at a given resolution, and
decides per page whether the layer can replace OCR (``LayerPage.distrust``):

- the page is not a scan: no raster covers half of it (a scan's layer is a scanner's OCR or
  a signature box, whatever its quality);
- it holds enough words to be the page's text, not a signature box;
- the words read as Vietnamese: nearly all are possible syllables and most carry marks
  (a junk OCR layer: about half possible, none marked; a born-digital letter: ≥ 0.87 and
  ≥ 0.79 on the Quảng Ngãi PDFs).

A trusted page's words go through the same layout zoning as a scan (``congvan.layout`` on
a mask drawn from the word boxes), so the parser gets the same regions either way.
"""

from __future__ import annotations

import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import cv2
import numpy as np
import regex

from .ingest import PdfPage
from .layout import LAYOUT_DPI, find_zones
from .ocr import tidy_lines
from .restore.syllables import has_marks, is_structural_syllable
from .types import BBox, OcrLine, OcrWord, Region

POINTS_PER_INCH: Final = 72.0
LAYER_CONF: Final = 100.0  # a text layer's words are given, not recognised
SCAN_IMAGE_SHARE: Final = 0.5  # a raster covering this share of the page makes it a scan
MIN_LAYER_WORDS: Final = 50  # fewer: a signature box (≈ 35) or a caption, not a page's text
MIN_LAYER_SPAN: Final = 0.25  # share of the page's height the words must spread over
MIN_SYLLABLE_SHARE: Final = 0.8  # share of letter runs that are possible Vietnamese syllables
MIN_MARKED_SHARE: Final = 0.4  # share of letter runs carrying Vietnamese marks
INK_BAND: Final = 0.6  # a word's ink is about the middle share of its font box's height
_NS: Final = "{http://www.w3.org/1999/xhtml}"
_LETTERS: Final = regex.compile(r"\p{L}+")


def _pdftotext(path: Path, page: int | None, *args: str) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page is not None else []
    result = subprocess.run(
        ["pdftotext", "-q", "-enc", "UTF-8", *pages, *args, str(path), "-"],
        capture_output=True,
        check=False,
    )
    return result.stdout.decode("utf-8", errors="replace") if result.returncode == 0 else ""


def page_text(path: Path, page: int) -> str:
    """The page's text layer in reading order (NFC), "" when it has none or is unreadable."""
    return unicodedata.normalize("NFC", _pdftotext(path, page))


def _words(line: ET.Element, k: float) -> list[OcrWord]:
    return [
        OcrWord(
            unicodedata.normalize("NFC", word.text.strip()),
            BBox(
                int(float(word.get("xMin", 0)) * k),
                int(float(word.get("yMin", 0)) * k),
                int(float(word.get("xMax", 0)) * k) + 1,
                int(float(word.get("yMax", 0)) * k) + 1,
            ),
            LAYER_CONF,
        )
        for word in line.iter(f"{_NS}word")
        if word.text and word.text.strip()
    ]


def _layer_pages(path: Path, dpi: int) -> list[list[list[OcrWord]]]:
    """Words in lines for each page of the layer (one ``pdftotext`` run for all of them)."""
    xml = _pdftotext(path, None, "-bbox-layout")
    try:
        root = ET.fromstring(xml) if xml.strip() else None
    except ET.ParseError:
        root = None
    if root is None:
        return []
    k = dpi / POINTS_PER_INCH
    pages = []
    for page_el in root.iter(f"{_NS}page"):
        lines = [_words(line, k) for line in page_el.iter(f"{_NS}line")]
        pages.append([words for words in lines if words])
    return pages


@dataclass(frozen=True, slots=True)
class LayerPage:
    """One PDF page: its size, how much of it the largest raster covers, its layer's words."""

    number: int
    size_in: tuple[float, float]  # width, height in inches as displayed (after /Rotate)
    image_share: float
    lines: list[list[OcrWord]]
    dpi: int  # the words' boxes are pixels of the page rendered at this resolution

    def distrust(self) -> str | None:
        """Why the layer cannot stand in for OCR, or None when it can."""
        if self.image_share >= SCAN_IMAGE_SHARE:
            return f"a scanned image covers {self.image_share:.0%} of the page"
        tokens = [t for line in self.lines for w in line for t in _LETTERS.findall(w.text)]
        if len(tokens) < MIN_LAYER_WORDS:
            return f"{len(tokens)} words"
        tops = [w.bbox.y0 for line in self.lines for w in line]
        bottoms = [w.bbox.y1 for line in self.lines for w in line]
        span = (max(bottoms) - min(tops)) / (self.size_in[1] * self.dpi)
        if span < MIN_LAYER_SPAN:
            return f"its words cover {span:.0%} of the page's height"
        valid = sum(is_structural_syllable(t) for t in tokens) / len(tokens)
        marked = sum(has_marks(t) for t in tokens) / len(tokens)
        if valid < MIN_SYLLABLE_SHARE or marked < MIN_MARKED_SHARE:
            return f"not Vietnamese text ({valid:.0%} syllables, {marked:.0%} with marks)"
        return None

    def pixels(self, dpi: int | None = None) -> tuple[int, int]:
        """The page's size in pixels at ``dpi`` (by default, that of its word boxes)."""
        k = dpi or self.dpi
        return round(self.size_in[0] * k), round(self.size_in[1] * k)


def read_layer(path: Path, pages: list[PdfPage], dpi: int) -> list[LayerPage]:
    """Every page of a PDF (``pages``: ``ingest.pdf_pages``) with its text layer (boxes at
    ``dpi``) and raster coverage; [] when the PDF has no text layer at all."""
    layer = _layer_pages(path, dpi)
    if not any(layer):
        return []
    out = []
    for page, lines in zip(pages, layer, strict=False):
        area = page.size_in[0] * page.size_in[1]
        largest = max((image.inches2 for image in page.images), default=0.0)
        share = largest / area if area else 1.0
        out.append(LayerPage(page.number, page.size_in, share, lines, dpi))
    return out


def trusted_pages(path: Path, pages: list[PdfPage], dpi: int) -> dict[int, LayerPage]:
    """The pages of a PDF whose text layer is read instead of OCR (born-digital pages)."""
    return {p.number: p for p in read_layer(path, pages, dpi) if p.distrust() is None}


# --- a trusted layer as the regions OCR would give ----------------------------------------


def _mask(page: LayerPage) -> np.ndarray:
    """A grey page at LAYOUT_DPI with each word drawn as a bar where its ink would be, so
    the layout finds lines and columns as it does on a scan (adjacent lines' font boxes
    touch; their ink does not)."""
    k = LAYOUT_DPI / page.dpi
    w, h = page.pixels(LAYOUT_DPI)
    canvas = np.full((max(1, h), max(1, w)), 255, np.uint8)
    for line in page.lines:
        for word in line:
            b = word.bbox
            margin = (b.y1 - b.y0) * (1 - INK_BAND) / 2
            cv2.rectangle(
                canvas,
                (int(b.x0 * k), int((b.y0 + margin) * k)),
                (max(int(b.x0 * k), int(b.x1 * k) - 1), int((b.y1 - margin) * k)),
                0,
                thickness=-1,
            )
    return canvas


def _region_of(word: OcrWord, zones: list[tuple[Region, BBox]]) -> Region | None:
    """The first zone (headers and footers before the body) holding the word's centre."""
    cx, cy = (word.bbox.x0 + word.bbox.x1) / 2, (word.bbox.y0 + word.bbox.y1) / 2
    for region, box in zones:
        if box.x0 <= cx <= box.x1 and box.y0 <= cy <= box.y1:
            return region
    return None


def _rows(words: Iterable[OcrWord]) -> list[list[OcrWord]]:
    """Words grouped in rows (centres within half a word height), top to bottom, each row
    left to right: what an OCR engine reading the zone would call its lines."""
    rows: list[list[OcrWord]] = []
    for word in sorted(words, key=lambda w: (w.bbox.y0 + w.bbox.y1, w.bbox.x0)):
        cy, half = (word.bbox.y0 + word.bbox.y1) / 2, (word.bbox.y1 - word.bbox.y0) / 2
        row = rows[-1] if rows else None
        if row is not None and abs(cy - (row[0].bbox.y0 + row[0].bbox.y1) / 2) <= half:
            row.append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w.bbox.x0) for row in rows]


def zoned_lines(page: LayerPage) -> list[OcrLine]:
    """The page's layer as OCR lines in reading order with their layout regions
    (header_left, header_right, body, footer_left, footer_right, copy), as ``ocr.ocr_page``
    gives them; words outside every zone (a signature box above the header) are left out."""
    k = page.dpi / LAYOUT_DPI
    zones = find_zones(_mask(page), LAYOUT_DPI, header=page.number == 1, footer=True)
    boxes = [
        (
            z.region,
            BBox(int(z.bbox.x0 * k), int(z.bbox.y0 * k), int(z.bbox.x1 * k), int(z.bbox.y1 * k)),
        )
        for z in sorted(zones, key=lambda z: z.region == "body")
    ]
    by_region: dict[Region, list[OcrWord]] = {}
    for line in page.lines:
        for word in line:
            region = _region_of(word, boxes)
            if region is not None:
                by_region.setdefault(region, []).append(word)
    lines = []
    for zone in zones:  # reading order
        for row in _rows(by_region.pop(zone.region, [])):
            bbox = row[0].bbox
            for w in row[1:]:
                bbox = bbox.union(w.bbox)
            text = " ".join(w.text for w in row)
            lines.append(OcrLine(text, page.number, zone.region, bbox, LAYER_CONF, tuple(row)))
    return tidy_lines(lines)
