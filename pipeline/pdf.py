"""Searchable PDF: the input pages as images under an invisible layer of the restored text.

What OCRmyPDF does, with the text this pipeline restored instead of raw OCR: each word of a
page is drawn in text render mode 3 (invisible) over its box, so a viewer selects, searches and
copies the restored Vietnamese while the reader sees the scan unchanged. Built from what the
worker already has: the ``Document`` (lines, word boxes in cleaned-page pixels, each page's
``Geometry`` back to the input page) and the input pages, read again one at a time so a long
PDF never sits in memory whole.

Choices (pikepdf + fontTools, no other PDF library):
- pikepdf (qpdf) writes the file: page images go in as they are (a JPEG input's own bytes,
  no recompression), and nothing in it fetches anything at run time.
- The text uses a glyph-less font built here with fontTools (one empty glyph, every code
  mapped to it, as Tesseract's and OCRmyPDF's text layers do): no system font is needed, every
  Vietnamese letter is covered, and each code's width is the same half em, so fitting a word
  to its box is one horizontal scale. A ToUnicode map makes extraction (pdftotext, search)
  return the text exactly.
- PDF/A-2b markers: XMP identification (pdfaid part 2, conformance B) and an sRGB output
  intent (profile made by Pillow's LittleCMS, no file needed). Not checked with a validator
  (veraPDF is not available here).
- Pages keep their size (input pixels at the page's dpi); blank pages are kept, without text.
"""

from __future__ import annotations

import io
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pikepdf
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from pikepdf import Array, Dictionary, Name
from PIL import Image, ImageCms

from . import __version__, ingest, textlayer
from .normalize import normalize_text
from .process import ToneStyle
from .types import BBox, Document, Geometry, OcrLine, Page

FONT_NAME = "GlyphLessFont"
GLYPH_WIDTH = 500  # every code's advance, thousandths of an em
DESCENT = 0.2  # share of a line box below the baseline (descenders of g, p, y)
WORD_GAP = 0.3  # least space between two words, share of the line height
JPEG_QUALITY = 90  # pages rendered from a PDF input (lossy like the scan they came from)


@dataclass(frozen=True, slots=True)
class _Word:
    """One word of the text layer: its text and its box in cleaned-page pixels (x from the
    word, y from its line, so that a line's words share one baseline)."""

    text: str
    box: BBox


def searchable_pdf(item: ingest.Input, doc: Document, tone_style: ToneStyle = "new") -> bytes:
    """The PDF of a scanned input: its pages as images with ``doc``'s restored text (in
    ``tone_style``, as in the record's ``text``) as an invisible layer at the word boxes."""
    pdf = pikepdf.new()
    font = _font(pdf)
    by_page: dict[int, list[OcrLine]] = {}
    for line in doc.lines:
        by_page.setdefault(line.page, []).append(line)
    for page in ingest.iter_pages(item):
        geometry = doc.geometry.get(page.index)
        lines = by_page.get(page.index, []) if geometry else []
        _add_page(pdf, page, _image_stream(pdf, item, page), lines, geometry, font, tone_style)
    _mark_pdfa(pdf, title=item.path.name)
    buffer = io.BytesIO()
    pdf.save(buffer, min_version="1.7")  # PDF/A-2 is based on PDF 1.7
    return buffer.getvalue()


def text_layer_coverage(record_text: str, pdf: Path) -> float:
    """Share of the record's words (repeats counted) that poppler extracts from ``pdf``:
    how well the text layer stands in for the record's text when searching or copying."""
    with pikepdf.open(pdf) as doc:
        pages = len(doc.pages)
    extracted = Counter(
        " ".join(textlayer.page_text(pdf, page) for page in range(1, pages + 1)).split()
    )
    words = Counter(record_text.split())
    return sum((words & extracted).values()) / max(1, sum(words.values()))


def _add_page(
    pdf: pikepdf.Pdf,
    page: Page,
    image: pikepdf.Stream,
    lines: list[OcrLine],
    geometry: Geometry | None,
    font: pikepdf.Dictionary,
    tone_style: ToneStyle,
) -> None:
    height_px, width_px = page.image.shape[:2]
    scale = 72.0 / page.dpi  # input pixels → points
    width, height = width_px * scale, height_px * scale
    ops = [f"q {width:.3f} 0 0 {height:.3f} 0 0 cm /Im0 Do Q"]
    if geometry is not None and lines:
        ops.append("BT 3 Tr")
        for line in lines:
            for word in _words(line, tone_style):
                ops.append(_draw(word, geometry, scale, height))
        ops.append("ET")
    content = pdf.make_stream("\n".join(ops).encode("ascii"))
    pdf.pages.append(
        pikepdf.Page(
            Dictionary(
                Type=Name.Page,
                MediaBox=Array([0, 0, round(width, 3), round(height, 3)]),
                Resources=Dictionary(XObject=Dictionary(Im0=image), Font=Dictionary(F0=font)),
                Contents=content,
            )
        )
    )


def _words(line: OcrLine, tone_style: ToneStyle) -> Iterator[_Word]:
    """The line's restored tokens, each with a box: the OCR word's box when restoration kept
    one token per word; otherwise the line's width shared by token length."""
    tokens = normalize_text(line.text, tone_style).split()
    if line.bbox is None or not tokens:
        return
    top, bottom = line.bbox.y0, line.bbox.y1
    if len(tokens) == len(line.words):
        spans = [(w.bbox.x0, w.bbox.x1) for w in line.words]
    else:
        total = sum(len(t) for t in tokens) + max(len(tokens) - 1, 0)  # a space between
        left, width = line.bbox.x0, line.bbox.x1 - line.bbox.x0
        starts = np.cumsum([0] + [len(t) + 1 for t in tokens[:-1]])
        spans = [
            (round(left + width * a / total), round(left + width * (a + len(t)) / total))
            for a, t in zip(starts, tokens, strict=True)
        ]
    # Each word but the last carries a space, and ends a gap before the next word even where
    # OCR boxes overlap: extractors split words by a space or by a gap.
    gap = round(WORD_GAP * (bottom - top))
    for i, token in enumerate(tokens):
        x0, x1 = spans[i]
        if i + 1 < len(tokens):
            token += " "
            x1 = max(min(x1, spans[i + 1][0] - gap), x0 + 1)
        yield _Word(token, BBox(x0, top, x1, bottom))


def _draw(word: _Word, geometry: Geometry, scale: float, page_height: float) -> str:
    """Operators drawing one word from its baseline start as mapped to the input page, in the
    page's quarter-turn direction, stretched so that the word without its trailing space is
    as wide as its box."""
    text = "".join(c for c in word.text if ord(c) <= 0xFFFF)  # two-byte codes only
    box = word.box
    baseline = box.y1 - DESCENT * (box.y1 - box.y0)
    left, right, top = geometry.points_to_input(
        np.array([[box.x0, baseline], [box.x1, baseline], [box.x0, box.y0]])
    )
    to_pt = np.array([scale, -scale])
    origin = np.array([0.0, page_height]) + left * to_pt
    along = (right - left) * to_pt
    width = float(np.hypot(*along))
    size = float(np.hypot(*((top - left) * to_pt))) / (1 - DESCENT)
    if width <= 0 or size <= 0 or not text.strip():
        return ""
    # Snapped to a quarter turn: poppler splits words drawn at a small angle into pieces,
    # while a deskew angle moves a word's end by a few points at most.
    quarter = round(float(np.arctan2(along[1], along[0])) / (np.pi / 2)) * np.pi / 2
    cos, sin = round(np.cos(quarter)), round(np.sin(quarter))
    stretch = 100.0 * width / (len(text.rstrip(" ")) * GLYPH_WIDTH / 1000 * size)
    codes = "".join(f"{ord(c):04X}" for c in text)
    return (
        f"/F0 {size:.2f} Tf {stretch:.2f} Tz {cos} {sin} {-sin} {cos} "
        f"{origin[0]:.2f} {origin[1]:.2f} Tm <{codes}> Tj"
    )


# --- page images ----------------------------------------------------------------------------


def _image_stream(pdf: pikepdf.Pdf, item: ingest.Input, page: Page) -> pikepdf.Stream:
    """The page as an image XObject: a JPEG file's own bytes; a two-tone page as 1 bit per
    pixel; a PDF's rendered page as JPEG; any other image losslessly (Flate)."""
    height, width = page.image.shape[:2]
    colour = page.image.ndim == 3
    space = Name.DeviceRGB if colour else Name.DeviceGray
    if item.fmt == "JPEG":
        with Image.open(item.path) as img:
            if img.mode in ("L", "RGB"):
                space = Name.DeviceRGB if img.mode == "RGB" else Name.DeviceGray
                return _image(pdf, item.path.read_bytes(), width, height, space, 8, "DCTDecode")
    pixels = np.ascontiguousarray(page.image[:, :, ::-1] if colour else page.image)
    if not colour and np.isin(pixels, (0, 255)).all():
        bits = np.packbits(pixels >= 128, axis=1).tobytes()
        return _image(pdf, zlib.compress(bits), width, height, space, 1, "FlateDecode")
    if item.kind == "pdf":
        buffer = io.BytesIO()
        Image.fromarray(pixels).save(buffer, "JPEG", quality=JPEG_QUALITY)
        return _image(pdf, buffer.getvalue(), width, height, space, 8, "DCTDecode")
    data = zlib.compress(pixels.tobytes())
    return _image(pdf, data, width, height, space, 8, "FlateDecode")


def _image(
    pdf: pikepdf.Pdf, data: bytes, width: int, height: int, space: Name, bits: int, codec: str
) -> pikepdf.Stream:
    stream = pikepdf.Stream(pdf, b"")
    stream.write(data, filter=Name("/" + codec))
    stream.Type, stream.Subtype = Name.XObject, Name.Image
    stream.Width, stream.Height, stream.BitsPerComponent = width, height, bits
    stream.ColorSpace = space
    return stream


# --- the glyph-less font --------------------------------------------------------------------


@lru_cache(maxsize=1)
def _font_program() -> bytes:
    """A TrueType font with one empty glyph of GLYPH_WIDTH: the text layer is never drawn,
    only extracted, so no shapes are needed (and no system font)."""
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "blank"])
    builder.setupCharacterMap({0x20: "blank"})
    empty = TTGlyphPen(None).glyph()
    builder.setupGlyf({".notdef": empty, "blank": empty})
    builder.setupHorizontalMetrics({".notdef": (GLYPH_WIDTH, 0), "blank": (GLYPH_WIDTH, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": FONT_NAME, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    buffer = io.BytesIO()
    builder.save(buffer)
    return buffer.getvalue()


def _to_unicode_cmap() -> bytes:
    """Each two-byte code is its own UTF-16 code unit (surrogates left out), in blocks of
    at most 100 ranges as the CMap syntax requires."""
    ranges = [
        f"<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>" for hi in range(256) if not 0xD8 <= hi < 0xE0
    ]
    blocks = [
        f"{len(chunk)} beginbfrange\n" + "\n".join(chunk) + "\nendbfrange"
        for chunk in (ranges[i : i + 100] for i in range(0, len(ranges), 100))
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def",
            "/CMapType 2 def",
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange",
            *blocks,
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    ).encode("ascii")


def _font(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    """A Type0 font, Identity-H: codes are UTF-16 code units, every one drawn with glyph 1
    (the empty one; PDF/A forbids showing .notdef)."""
    program = pdf.make_stream(_font_program())
    program.Length1 = len(_font_program())
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=Name("/" + FONT_NAME),
        Flags=4,  # symbolic
        FontBBox=Array([0, -200, GLYPH_WIDTH, 800]),
        ItalicAngle=0,
        Ascent=800,
        Descent=-200,
        CapHeight=800,
        StemV=80,
        FontFile2=program,
    )
    cid_font = Dictionary(
        Type=Name.Font,
        Subtype=Name.CIDFontType2,
        BaseFont=Name("/" + FONT_NAME),
        CIDSystemInfo=Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
        FontDescriptor=descriptor,
        DW=GLYPH_WIDTH,
        CIDToGIDMap=pdf.make_stream(b"\x00\x01" * 65536),
    )
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type0,
            BaseFont=Name("/" + FONT_NAME),
            Encoding=Name("/Identity-H"),
            DescendantFonts=Array([pdf.make_indirect(cid_font)]),
            ToUnicode=pdf.make_stream(_to_unicode_cmap()),
        )
    )


# --- PDF/A-2b -------------------------------------------------------------------------------


def _mark_pdfa(pdf: pikepdf.Pdf, title: str) -> None:
    """PDF/A-2b identification in XMP and an sRGB output intent."""
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    profile = pdf.make_stream(icc)
    profile.N = 3
    pdf.Root.OutputIntents = Array(
        [
            Dictionary(
                Type=Name.OutputIntent,
                S=Name.GTS_PDFA1,
                OutputConditionIdentifier="sRGB",
                Info="sRGB IEC61966-2.1",
                DestOutputProfile=profile,
            )
        ]
    )
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "B"
        meta["dc:title"] = title
        meta["xmp:CreatorTool"] = f"congvan {__version__}"
