"""Data types passed between pipeline stages.

Page level: ingest → ``Page`` (input page), cleanup → ``Page`` (cleaned, with its
``Geometry`` back to the input), ocr → ``OcrLine`` list. Document level (spaCy's ``Doc``):
one ``Document`` goes through the stages of ``congvan.process`` (read, normalise, restore,
parse), each filling in more of it; the parse stage sets its ``record``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

import numpy as np

if TYPE_CHECKING:
    from .record import Record

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
    dpi: int | None = None  # resolution of the input pages evidence boxes refer to


Matrix = tuple[tuple[float, float, float], tuple[float, float, float], tuple[float, float, float]]
IDENTITY: Matrix = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))


@dataclass(frozen=True, slots=True)
class Geometry:
    """How a processed page image maps back to the input page (docTR's remap to the
    original coordinates): ``to_input`` is the 3×3 projective matrix from processed pixels
    to input pixels, composed from every turn, deskew, crop, warp and resampling step.

    The input page is the image file's frame as stored, or a PDF page rendered at
    ``input_dpi``; every box a user sees (``evidence``) is in its pixels."""

    input_size: tuple[int, int]  # width, height of the input page in pixels
    input_dpi: int
    to_input: Matrix = IDENTITY

    @staticmethod
    def of(image: np.ndarray, dpi: int) -> Geometry:
        """The identity geometry of an input page."""
        return Geometry((int(image.shape[1]), int(image.shape[0])), dpi)

    def then(self, step: np.ndarray) -> Geometry:
        """This geometry after one more step that maps the current pixels to new pixels by
        the 3×3 (or 2×3 affine) matrix ``step``."""
        m = np.asarray(step, np.float64)
        if m.shape == (2, 3):
            m = np.vstack([m, [0.0, 0.0, 1.0]])
        back = np.asarray(self.to_input, np.float64) @ np.linalg.inv(m)
        return Geometry(self.input_size, self.input_dpi, _as_matrix(back / back[2, 2]))

    def points_to_input(self, points: np.ndarray) -> np.ndarray:
        """Input-page pixels of ``points`` (N×2, processed pixels): exact points where a
        box would lose the direction of a turned or deskewed line (the PDF text layer)."""
        xy = np.asarray(points, np.float64).reshape(-1, 2)
        mapped = np.c_[xy, np.ones(len(xy))] @ np.asarray(self.to_input, np.float64).T
        return mapped[:, :2] / mapped[:, 2:]

    def box_to_input(self, box: BBox) -> BBox:
        """The input-page box enclosing ``box`` (processed pixels), clipped to the page."""
        corners = self.points_to_input(
            np.array([[box.x0, box.y0], [box.x1, box.y0], [box.x0, box.y1], [box.x1, box.y1]])
        )
        xs, ys = corners[:, 0], corners[:, 1]
        w, h = self.input_size
        return BBox(
            int(np.clip(np.floor(xs.min()), 0, w)),
            int(np.clip(np.floor(ys.min()), 0, h)),
            int(np.clip(np.ceil(xs.max()), 0, w)),
            int(np.clip(np.ceil(ys.max()), 0, h)),
        )


def _as_matrix(m: np.ndarray) -> Matrix:
    rows = tuple(tuple(float(v) for v in row) for row in m)
    return rows  # type: ignore[return-value]


@dataclass(slots=True)
class Page:
    """One page image. ``image`` is uint8, grayscale (H, W) or BGR (H, W, 3); ``geometry``
    maps its pixels back to the input page (None: it is the input page)."""

    index: int  # 1-based page number
    image: np.ndarray
    dpi: int = 300
    geometry: Geometry | None = None
    # Pen-coloured ink (blue, violet strokes of handwriting) on white, pixel for pixel with
    # ``image``; set by cleanup on page 1 of colour scans, None elsewhere.
    pen: np.ndarray | None = None
    warnings: tuple[str, ...] = ()  # what cleanup could not fix (for the record's quality)

    def input_geometry(self) -> Geometry:
        """``geometry``, or the identity when this page is the input page itself."""
        return self.geometry or Geometry.of(self.image, self.dpi)


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One recognised word with its box and Tesseract confidence (0–100)."""

    text: str
    bbox: BBox
    conf: float


FillField = Literal["number", "day", "month"]


@dataclass(frozen=True, slots=True)
class Fill:
    """A value written by hand (or stamped) into a printed gap of the header: the number
    after "Số:", the day or month of the date line. ``text`` is the most confident digit
    reading (None when nothing could be read), ``conf`` its confidence (0–100), ``bbox`` the
    gap on the page; ``readings`` every distinct reading of the gap's crops, best first, and
    ``votes`` how many crops agreed on ``text``. The parser decides whether to trust it."""

    field: FillField
    text: str | None
    conf: float
    bbox: BBox
    readings: tuple[tuple[str, float], ...] = ()
    votes: int = 0


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One text line. For plain-text input ``bbox`` is None, ``words`` empty, ``conf`` None."""

    text: str
    page: int = 1
    region: Region = "text"
    bbox: BBox | None = None
    conf: float | None = None
    words: tuple[OcrWord, ...] = ()
    fills: tuple[Fill, ...] = ()  # handwritten values re-read in this line's gaps

    def with_text(self, text: str) -> OcrLine:
        """Same line with new text (after normalisation or restoration)."""
        return replace(self, text=text)


@dataclass(slots=True)
class Document:
    """One document on its way through the stages.

    ``raw_lines`` keep the text as read (before normalisation/restoration) so the parser can
    fall back to it; ``lines`` are the cleaned ones; both lists have the same length.
    ``geometry`` maps each scanned page's processed pixels back to its input page (empty
    for text). ``record`` is set by the parse stage.
    """

    source: SourceInfo
    lines: list[OcrLine]
    raw_lines: list[OcrLine] = field(default_factory=list)
    geometry: dict[int, Geometry] = field(default_factory=dict)
    ocr_confidence: float | None = None
    restored_tokens: int = 0
    warnings: list[str] = field(default_factory=list)
    signed: dt.date | None = None  # digital signature date (PDF text layer): date bound
    record: Record | None = None

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
