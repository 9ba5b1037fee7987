"""PDF text layers (``pdftotext`` from poppler): the one module that runs pdftotext.

A PDF page may carry text besides its image: the whole text of a born-digital document, a
digital-signature box ("Ký bởi …, Thời gian ký: 17/01/2025") over a scan, or a scanner's
own OCR layer, which can be junk. This module only reads what is there, as words with
boxes in the pixels of the page rendered at a given resolution; deciding whether to trust
it is the caller's job.
"""

from __future__ import annotations

import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Final

from .types import BBox, OcrWord

POINTS_PER_INCH: Final = 72.0
LAYER_CONF: Final = 100.0  # a text layer's words are given, not recognised
_NS: Final = "{http://www.w3.org/1999/xhtml}"


def _pdftotext(path: Path, page: int, *args: str) -> str:
    pages = ["-f", str(page), "-l", str(page)]
    result = subprocess.run(
        ["pdftotext", "-q", "-enc", "UTF-8", *pages, *args, str(path), "-"],
        capture_output=True,
        check=False,
    )
    return result.stdout.decode("utf-8", errors="replace") if result.returncode == 0 else ""


def page_text(path: Path, page: int) -> str:
    """The page's text layer in reading order (NFC), "" when it has none or is unreadable."""
    return unicodedata.normalize("NFC", _pdftotext(path, page))


def page_lines(path: Path, page: int, dpi: int) -> list[list[OcrWord]]:
    """The page's text-layer words grouped in lines (pdftotext's own lines, in its reading
    order), boxes in pixels of the page rendered at ``dpi``; [] when there is no layer."""
    xml = _pdftotext(path, page, "-bbox-layout")
    if not xml.strip():
        return []
    try:
        root = ET.fromstring(xml)
    except ET.ParseError:
        return []
    k = dpi / POINTS_PER_INCH
    lines = []
    for line in root.iter(f"{_NS}line"):
        words = [
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
        if words:
            lines.append(words)
    return lines
