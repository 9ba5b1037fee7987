"""Tesseract through pytesseract: the one module that runs Tesseract.

One thread per process (``OMP_THREAD_LIMIT=1``: measured 5–6× faster than Tesseract's own
threading on 2 cores; the batch runner parallelises across documents instead). Images go to
Tesseract as uncompressed PGM files, which skips pytesseract's PNG encoding.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import ClassVar, Final

import cv2
import numpy as np
import pytesseract

from ..errors import CongvanError
from ..types import BBox, OcrWord
from .base import DigitReader, DigitReading, Layout, OcrEngine

PSM: Final[dict[Layout, int]] = {"auto": 3, "column": 4, "block": 6, "line": 7, "word": 8}
DIGITS_ONLY: Final = "-c tessedit_char_whitelist=0123456789"


def _single_thread() -> None:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def _config(layout: Layout, extra: str = "") -> str:
    return f"--psm {PSM[layout]} -c preserve_interword_spaces=0 {extra}".strip()


def image_to_data(image: np.ndarray, lang: str, layout: Layout, extra: str = "") -> dict:
    """pytesseract's word table for a grey or BGR uint8 image."""
    _single_thread()
    with tempfile.TemporaryDirectory(prefix="congvan_ocr_") as tmp:
        path = os.path.join(tmp, "image.pgm" if image.ndim == 2 else "image.ppm")
        cv2.imwrite(path, image)
        try:
            return pytesseract.image_to_data(
                path, lang=lang, config=_config(layout, extra), output_type=pytesseract.Output.DICT
            )
        except pytesseract.TesseractError as exc:  # e.g. missing language data
            raise CongvanError(f"tesseract failed: {exc.message.strip()}") from exc


def words_in_lines(data: dict) -> list[list[OcrWord]]:
    """Group a word table into lines (block, paragraph, line), keeping Tesseract's order."""
    groups: dict[tuple[int, int, int], list[OcrWord]] = {}
    for i, level in enumerate(data["level"]):
        text = unicodedata.normalize("NFC", str(data["text"][i]).strip())
        if level != 5 or not text:
            continue
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        groups.setdefault(key, []).append(
            OcrWord(text, BBox(x, y, x + w, y + h), max(0.0, float(data["conf"][i])))
        )
    return list(groups.values())


class TesseractEngine(OcrEngine):
    """Tesseract 5 LSTM (Debian's ``vie`` model is LSTM-only)."""

    name: ClassVar[str] = "tesseract"

    def version(self) -> str:
        return f"tesseract {pytesseract.get_tesseract_version()}"

    def read_lines(
        self, image: np.ndarray, *, lang: str = "vie", layout: Layout = "block"
    ) -> list[list[OcrWord]]:
        return words_in_lines(image_to_data(image, lang, layout))

    def read_text(self, image: np.ndarray, *, lang: str = "vie", layout: Layout = "auto") -> str:
        _single_thread()
        rgb = image[:, :, ::-1] if image.ndim == 3 else image
        return pytesseract.image_to_string(rgb, lang=lang, config=_config(layout))


class TesseractDigits(DigitReader):
    """Digits only, English model, one line (else one word). Weak on handwriting: it reads
    printed or stamped numbers; handwritten ones need a learnt reader."""

    name: ClassVar[str] = "tesseract"

    def read_digits(self, crop: np.ndarray) -> DigitReading | None:
        grey = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
        if grey.size == 0 or grey.min() > 160:
            return None
        for layout in ("line", "word"):  # measured: a white border added hurts "word"
            data = image_to_data(np.ascontiguousarray(grey), "eng", layout, DIGITS_ONLY)
            words = [w for line in words_in_lines(data) for w in line]
            if words:
                confs = tuple(w.conf for w in words)
                return DigitReading("".join(w.text for w in words), min(confs), confs)
        return None


def cli_seconds(image: np.ndarray, dpi: int, lang: str = "vie") -> float:
    """Wall seconds of the plain ``tesseract`` command (one thread) on ``image``: the
    baseline every cost ratio is measured against."""
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "page.png"
        cv2.imwrite(str(png), image)
        start = time.perf_counter()
        subprocess.run(
            ["tesseract", str(png), "-", "-l", lang, "--dpi", str(dpi)],
            check=True,
            capture_output=True,
            env=os.environ | {"OMP_THREAD_LIMIT": "1"},
        )
        return time.perf_counter() - start
