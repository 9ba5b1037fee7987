"""A fake OCR engine for fast tests of everything around the engine (layout, box mapping,
geometry): it finds ink blobs and groups them into words and lines like an engine would,
and "reads" each word as a run of ``x`` as long as the blob is wide (one letter per
``letter_px``). No recognition, no external program, deterministic."""

from __future__ import annotations

from typing import ClassVar, Final

import cv2
import numpy as np

from ..types import BBox, OcrWord
from .base import DigitReader, DigitReading, Layout, OcrEngine

INK_LEVEL: Final = 128
WORD_GAP_PX: Final = 9  # ink closer than this horizontally is one word (300 dpi, 13 pt)


class FakeEngine(OcrEngine, DigitReader):
    """Blobs as words; every word confidence 90; digits read as "0" per blob."""

    name: ClassVar[str] = "fake"
    letter_px: int = 20

    def version(self) -> str:
        return "fake 1"

    def read_lines(
        self, image: np.ndarray, *, lang: str = "vie", layout: Layout = "block"
    ) -> list[list[OcrWord]]:
        boxes = _word_boxes(image)
        lines: list[list[BBox]] = []
        for box in sorted(boxes, key=lambda b: (b.y0, b.x0)):
            for line in lines:
                top, bottom = min(b.y0 for b in line), max(b.y1 for b in line)
                if box.y0 < bottom and box.y1 > top:  # overlaps the line vertically
                    line.append(box)
                    break
            else:
                lines.append([box])
        return [
            [self._word(b) for b in sorted(line, key=lambda b: b.x0)]
            for line in sorted(lines, key=lambda ln: min(b.y0 for b in ln))
        ]

    def _word(self, box: BBox) -> OcrWord:
        return OcrWord("x" * max(1, (box.x1 - box.x0) // self.letter_px), box, 90.0)

    def read_digits(self, crop: np.ndarray) -> DigitReading | None:
        boxes = _word_boxes(crop)
        return DigitReading("0" * len(boxes), 90.0, (90.0,) * len(boxes)) if boxes else None


def _word_boxes(image: np.ndarray) -> list[BBox]:
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    ink = (grey < INK_LEVEL).astype(np.uint8)
    joined = cv2.dilate(ink, np.ones((1, WORD_GAP_PX), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    return [
        BBox(int(x), int(y), int(x + w), int(y + h))
        for x, y, w, h, _area in stats[1:n]
        if h >= 3
    ]
