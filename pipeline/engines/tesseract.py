"""Tesseract: the one module that runs Tesseract.

The pipeline's readings go through libtesseract's C API in this process (ctypes, no extra
dependency: the library comes with the ``tesseract-ocr`` package): each worker loads a
model once and keeps it, instead of starting a ``tesseract`` process and loading the model
for every zone canvas and every digit crop (0.15–0.3 s each; three per page). The words,
boxes and confidences are those of the command (same library, same settings; a test
compares them). One thread per process (``OMP_THREAD_LIMIT=1``: measured 5–6× faster than
Tesseract's own threading on 2 cores; the batch runner parallelises across documents).
``cli_seconds`` times the plain command: the baseline every cost ratio is measured against.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import os
import subprocess
import tempfile
import threading
import time
import unicodedata
from functools import cache
from pathlib import Path
from typing import ClassVar, Final

import cv2
import numpy as np
import pytesseract

from ..errors import CongvanError
from ..types import BBox, OcrWord
from .base import DigitReader, DigitReading, Layout, OcrEngine

PSM: Final[dict[Layout, int]] = {"auto": 3, "column": 4, "block": 6, "line": 7, "word": 8}
DIGITS_ONLY: Final = (("tessedit_char_whitelist", "0123456789"),)
# What the pipeline sets on every reading (the command's defaults otherwise); the library's
# progress messages ("Estimating resolution as …") are not for our users' terminals.
BASE_VARIABLES: Final = (("preserve_interword_spaces", "0"), ("debug_file", os.devnull))
TSV_COLUMNS: Final = (
    "level", "page_num", "block_num", "par_num", "line_num", "word_num",
    "left", "top", "width", "height", "conf", "text",
)  # fmt: skip


def _single_thread() -> None:
    """Must run before the library starts OpenMP (first model load)."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@cache
def _library() -> ctypes.CDLL:
    _single_thread()
    name = ctypes.util.find_library("tesseract") or "libtesseract.so.5"
    try:
        lib = ctypes.CDLL(name)
    except OSError as exc:
        raise CongvanError(f"libtesseract not found ({exc}); install tesseract-ocr") from exc
    handle, text = ctypes.c_void_p, ctypes.c_char_p
    signatures = {
        "TessBaseAPICreate": ([], handle),
        "TessBaseAPIInit3": ([handle, text, text], ctypes.c_int),
        "TessBaseAPISetVariable": ([handle, text, text], ctypes.c_int),
        "TessBaseAPISetPageSegMode": ([handle, ctypes.c_int], None),
        "TessBaseAPISetImage": ([handle, handle] + [ctypes.c_int] * 4, None),
        "TessBaseAPIRecognize": ([handle, handle], ctypes.c_int),
        "TessBaseAPIGetTsvText": ([handle, ctypes.c_int], handle),
        "TessDeleteText": ([handle], None),
        "TessBaseAPIClear": ([handle], None),
        "TessBaseAPIDelete": ([handle], None),
    }
    for fn, (args, result) in signatures.items():
        getattr(lib, fn).argtypes = args
        getattr(lib, fn).restype = result
    return lib


class _Api:
    """One loaded model (``lang`` with fixed ``variables``), kept for the process's life."""

    def __init__(self, lang: str, variables: tuple[tuple[str, str], ...]) -> None:
        self.lib = _library()
        self.handle = self.lib.TessBaseAPICreate()
        if self.lib.TessBaseAPIInit3(self.handle, None, lang.encode()) != 0:
            self.lib.TessBaseAPIDelete(self.handle)
            raise CongvanError(f"tesseract failed: cannot load language {lang!r}")
        self.variables = (*BASE_VARIABLES, *variables)
        self.lock = threading.Lock()  # one image at a time per model (threaded workers)
        atexit.register(self.lib.TessBaseAPIDelete, self.handle)

    def tsv(self, image: np.ndarray, psm: int) -> str:
        """The TSV of one reading; grey or BGR uint8 (colour goes in as RGB, like a file)."""
        pixels = np.ascontiguousarray(image if image.ndim == 2 else image[:, :, ::-1])
        depth = 1 if pixels.ndim == 2 else 3
        with self.lock:
            for name, value in self.variables:
                self.lib.TessBaseAPISetVariable(self.handle, name.encode(), value.encode())
            self.lib.TessBaseAPISetPageSegMode(self.handle, psm)
            self.lib.TessBaseAPISetImage(
                self.handle,
                pixels.ctypes.data,
                pixels.shape[1],
                pixels.shape[0],
                depth,
                pixels.strides[0],
            )
            try:
                if self.lib.TessBaseAPIRecognize(self.handle, None) != 0:
                    raise CongvanError("tesseract failed to recognise an image")
                text = self.lib.TessBaseAPIGetTsvText(self.handle, 0)
                try:
                    return ctypes.string_at(text).decode("utf-8", errors="replace")
                finally:
                    self.lib.TessDeleteText(text)
            finally:
                self.lib.TessBaseAPIClear(self.handle)


@cache
def _api(lang: str, variables: tuple[tuple[str, str], ...] = ()) -> _Api:
    return _Api(lang, variables)


def image_to_data(
    image: np.ndarray, lang: str, layout: Layout, variables: tuple[tuple[str, str], ...] = ()
) -> dict[str, list]:
    """Tesseract's word table (the columns of its TSV output) for a grey or BGR uint8 image."""
    table: dict[str, list] = {name: [] for name in TSV_COLUMNS}
    for row in _api(lang, variables).tsv(image, PSM[layout]).splitlines():
        cells = row.split("\t")
        if len(cells) != len(TSV_COLUMNS) or not cells[0].isdigit():
            continue
        for name, cell in zip(TSV_COLUMNS, cells, strict=True):
            # whole-number confidences, as the command's output read by pytesseract gave them
            # (the restorer's confidence thresholds were set on those)
            value = cell if name == "text" else int(float(cell))
            table[name].append(value)
    return table


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

    def load(self, lang: str = "vie") -> None:
        _api(lang, ())  # the cache key image_to_data uses

    def read_lines(
        self, image: np.ndarray, *, lang: str = "vie", layout: Layout = "block"
    ) -> list[list[OcrWord]]:
        return words_in_lines(image_to_data(image, lang, layout))

    def read_text(self, image: np.ndarray, *, lang: str = "vie", layout: Layout = "auto") -> str:
        """What the ``tesseract`` command prints (its text output, paragraphs and all)."""
        _single_thread()
        rgb = image[:, :, ::-1] if image.ndim == 3 else image
        config = f"--psm {PSM[layout]} -c preserve_interword_spaces=0"
        return pytesseract.image_to_string(rgb, lang=lang, config=config)


class TesseractDigits(DigitReader):
    """Digits only, English model, one line (else one word). Weak on handwriting: it reads
    printed or stamped numbers; handwritten ones need a learnt reader."""

    name: ClassVar[str] = "tesseract"

    def load(self) -> None:
        _api("eng", DIGITS_ONLY)

    def read_digits(self, crop: np.ndarray) -> DigitReading | None:
        grey = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
        if grey.size == 0 or grey.min() > 160:
            return None
        for layout in ("line", "word"):  # measured: a white border added hurts "word"
            data = image_to_data(grey, "eng", layout, DIGITS_ONLY)
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
