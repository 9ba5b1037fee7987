"""The OCR engine interface: what every engine gives the pipeline.

Modelled on OCRmyPDF's ``OcrEngine`` plugins and docTR's predictors: an engine reads an
image (a page, a stack of zones, a line) into words grouped in lines, with boxes in that
image's pixels and confidences on 0–100; a digit reader reads a small crop holding a
handwritten or stamped number as digits only. Engines know nothing about layout, pages or
documents; ``congvan.ocr`` does the layout and maps boxes back.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

import numpy as np

from ..types import OcrWord

# How the text in an image is laid out; each engine maps these to its own settings
# (Tesseract: page segmentation modes 3, 4, 6, 7, 8).
Layout = Literal["auto", "column", "block", "line", "word"]


@dataclass(frozen=True, slots=True)
class DigitReading:
    """Digits read from a crop: the string, the confidence of its least sure character
    (0–100: the share a reviewer would trust), and one confidence per character."""

    text: str
    conf: float
    char_confs: tuple[float, ...] = ()


class OcrEngine(ABC):
    """Reads text. ``read_lines`` is the one method the pipeline needs."""

    name: ClassVar[str]

    @abstractmethod
    def version(self) -> str:
        """Engine and model version, for reports."""

    @abstractmethod
    def read_lines(
        self, image: np.ndarray, *, lang: str = "vie", layout: Layout = "block"
    ) -> list[list[OcrWord]]:
        """Words of a uint8 grey image grouped in lines, in the engine's reading order.
        Boxes are in ``image`` pixels; empty words are left out; [] when there is no text."""

    def read_text(self, image: np.ndarray, *, lang: str = "vie", layout: Layout = "auto") -> str:
        """Plain text, one line per line (what a user of the bare engine would get)."""
        return "\n".join(
            " ".join(w.text for w in words)
            for words in self.read_lines(image, lang=lang, layout=layout)
        )


class DigitReader(ABC):
    """Reads a crop that holds only a number (1–4 digits, often handwritten)."""

    name: ClassVar[str]

    @abstractmethod
    def read_digits(self, crop: np.ndarray) -> DigitReading | None:
        """The digits in a uint8 grey or BGR crop, or None when it shows none."""

    def read_many(self, crops: Sequence[np.ndarray]) -> list[DigitReading | None]:
        """``read_digits`` of each crop (a reader may batch them)."""
        return [self.read_digits(c) for c in crops]

    def read_in_context(self, crop: np.ndarray, span: tuple[float, float]) -> DigitReading | None:
        """The digits written in columns ``span`` (fractions of the width) of a crop that
        also shows the printed words around them ("Số: 275/TB-ĐHĐL"). A reader that reads
        letters too can use them to find where the digits end; this one reads the span."""
        w = crop.shape[1]
        return self.read_digits(crop[:, int(span[0] * w) : int(span[1] * w)])
