"""Data types passed between pipeline stages.

Each stage takes and returns one of these, so stages can be tested and swapped alone:
ingest → ``Page`` list, cleanup → ``Page`` (cleaned), ocr → ``OcrLine`` list,
normalize/restore → ``OcrLine`` list (text replaced), parse → ``record.Record``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np

SourceKind = Literal["pdf", "image", "text"]

# Layout regions an OCR line can belong to. Plain-text inputs use "text".
Region = Literal[
    "header_left",  # issuer, Số, V/v (left column of the header)
    "header_right",  # national motto, place/date (right column of the header)
    "body",  # title, subject, Kính gửi, body in reading order
    "footer_left",  # Nơi nhận (distribution list)
    "footer_right",  # signer block
    "copy",  # SAO Y / SAO LỤC / TRÍCH SAO block
    "text",  # no layout known (plain-text input)
]


@dataclass(frozen=True, slots=True)
class BBox:
    """Pixel box on a page image: left, top, right, bottom."""

    x0: int
    y0: int
    x1: int
    y1: int

    def as_list(self) -> list[int]:
        return [self.x0, self.y0, self.x1, self.y1]

    def union(self, other: BBox) -> BBox:
        return BBox(
            min(self.x0, other.x0),
            min(self.y0, other.y0),
            max(self.x1, other.x1),
            max(self.y1, other.y1),
        )


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """Where a document came from (record key ``source``)."""

    path: str
    sha256: str
    pages: int
    kind: SourceKind


@dataclass(slots=True)
class Page:
    """One page image. ``image`` is uint8, grayscale (H, W) or BGR (H, W, 3)."""

    index: int  # 1-based page number
    image: np.ndarray
    dpi: int = 300


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One recognised word with its box and Tesseract confidence (0–100)."""

    text: str
    bbox: BBox
    conf: float


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One text line. For plain-text input ``bbox`` is None, ``words`` empty, ``conf`` None."""

    text: str
    page: int = 1
    region: Region = "text"
    bbox: BBox | None = None
    conf: float | None = None
    words: tuple[OcrWord, ...] = ()

    def with_text(self, text: str) -> OcrLine:
        """Same line with new text (after normalisation or restoration)."""
        return replace(self, text=text)


@dataclass(slots=True)
class TextDocument:
    """A document as lines of text, before parsing: what OCR or a .txt input yields.

    ``raw_lines`` keep the text before normalisation/restoration so the parser can fall
    back to it; ``lines`` are the cleaned ones. Both lists have the same length.
    """

    source: SourceInfo
    lines: list[OcrLine]
    raw_lines: list[OcrLine] = field(default_factory=list)
    ocr_confidence: float | None = None
    restored_tokens: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Full text, pages separated by a form feed."""
        out: list[str] = []
        page = self.lines[0].page if self.lines else 1
        for line in self.lines:
            if line.page != page:
                out.append("\f")
                page = line.page
            out.append(line.text)
        return "\n".join(out).replace("\n\f\n", "\f")
