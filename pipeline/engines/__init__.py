"""OCR engines behind one interface (``base.OcrEngine``, ``base.DigitReader``), found by name.

A new engine is a new module plus one line in a registry below; nothing else in the package
imports an OCR library. Engines are created once per process (they may load models).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import import_module
from typing import TypeVar

from .base import DigitReader, DigitReading, Layout, OcrEngine

T = TypeVar("T")

__all__ = [
    "DIGIT_READERS",
    "ENGINES",
    "DigitReader",
    "DigitReading",
    "Layout",
    "OcrEngine",
    "get_digit_reader",
    "get_engine",
]


def _lazy(path: str) -> Callable[[], object]:
    """A factory that imports ``module:Class`` only when first used (keeps imports light)."""
    module, cls = path.split(":")
    return lambda: getattr(import_module(module, __name__), cls)()


ENGINES: dict[str, Callable[[], object]] = {
    "tesseract": _lazy(".tesseract:TesseractEngine"),
    "fake": _lazy(".fake:FakeEngine"),
}
DIGIT_READERS: dict[str, Callable[[], object]] = {
    "tesseract": _lazy(".tesseract:TesseractDigits"),
    "ppocr": _lazy(".ppocr:PpOcrDigits"),
    "fake": _lazy(".fake:FakeEngine"),
}


@cache
def get_engine(name: str = "tesseract") -> OcrEngine:
    """The OCR engine registered under ``name`` (one instance per process)."""
    return _make(ENGINES, name, "OCR engine", OcrEngine)  # type: ignore[type-abstract]


@cache
def get_digit_reader(name: str = "tesseract") -> DigitReader:
    """The digit reader registered under ``name`` (one instance per process)."""
    return _make(DIGIT_READERS, name, "digit reader", DigitReader)  # type: ignore[type-abstract]


def _make(registry: dict[str, Callable[[], object]], name: str, what: str, kind: type[T]) -> T:
    try:
        factory = registry[name]
    except KeyError:
        raise ValueError(f"unknown {what} {name!r}; known: {', '.join(sorted(registry))}") from None
    engine = factory()
    assert isinstance(engine, kind)
    return engine
