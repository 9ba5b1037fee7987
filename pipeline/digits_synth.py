"""Synthetic handwritten numbers: crops of 1–4 digits and header lines with a written gap.

For testing and measuring digit reading without real documents: digits are drawn one by one
from the Debian handwriting fonts ``make setup`` installs (size, slant, spacing and stroke
width varied; European sevens crossed), in a felt pen's blue, violet or black, and placed in
the printed gaps of a Decree-30 header line ("Số: ___ /QĐ-UBND", "ngày ___ tháng ___ năm").
Deterministic for a seed.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from .handwriting import PRINT_FONTS

# Handwriting fonts with digits (Debian packages in scripts/setup-system.sh).
HAND_FONTS: Final = (
    "/usr/share/fonts/truetype/fifthhorseman/dkg.ttf",
    "/usr/share/fonts/truetype/fifthhorseman/dkgBd.ttf",
    "/usr/share/fonts/opentype/bwht/BecauseWeBuild-Regular.otf",
    "/usr/share/fonts/opentype/bwht/BecauseWeCreate-Regular.otf",
    "/usr/share/fonts/opentype/bwht/BecauseWeLearn-Regular.otf",
    "/usr/share/fonts/truetype/breip/Breip.ttf",
    "/usr/share/fonts/truetype/sjfonts/Delphine.ttf",
    "/usr/share/fonts/truetype/sjfonts/SteveHand.ttf",
    "/usr/share/fonts/truetype/tlwg/Purisa.ttf",
    "/usr/share/fonts/truetype/tlwg/Purisa-Bold.ttf",
    "/usr/share/fonts/truetype/kristi/Kristi.ttf",
    "/usr/share/fonts/opentype/dancingscript/DancingScript-Regular.otf",
    "/usr/share/fonts/opentype/kaushanscript/KaushanScript-Regular.otf",
    "/usr/share/fonts/truetype/humor-sans/Humor-Sans.ttf",
    "/usr/share/fonts/opentype/comic-neue/ComicNeue-Regular.otf",
    "/usr/share/fonts/truetype/ecolier-court/Ecolier-court.ttf",
)
PRINT_FONT: Final = PRINT_FONTS[False]
PRINT_ITALIC: Final = PRINT_FONTS[True]
PRINT_PX: Final = 54  # 13 pt at 300 dpi
# Felt-pen colours (RGB): blue, violet, near-black.
PENS: Final = ((30, 50, 170), (90, 40, 150), (25, 25, 35))
BLACK_PEN: Final = PENS[2]


def hand_fonts() -> list[str]:
    """The handwriting fonts that are installed (all of them after ``make setup``)."""
    return [f for f in HAND_FONTS if Path(f).is_file()]


@cache
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


@dataclass(frozen=True, slots=True)
class Written:
    """Handwritten digits as an ink coverage map (0–1) and the width they take."""

    coverage: np.ndarray  # float32 (h, w)
    text: str


def write_digits(text: str, rng: random.Random, font: str | None = None,
                 height: int = 80, crossed_sevens: bool | None = None) -> Written:
    """``text`` drawn digit by digit like a hand would: each digit its own size, lift and
    spacing, the whole slanted; a seven gets a crossbar in the European way when asked
    (random when None)."""
    path = font or rng.choice(hand_fonts())
    cross = rng.random() < 0.3 if crossed_sevens is None else crossed_sevens
    size = int(height * rng.uniform(0.9, 1.15))
    canvas = Image.new("L", (int(size * 0.9 * len(text)) + 2 * size, 2 * size), 0)
    draw = ImageDraw.Draw(canvas)
    x = size // 2
    for ch in text:
        f = _font(path, int(size * rng.uniform(0.9, 1.1)))
        y = size // 3 + rng.randint(-size // 12, size // 12)
        draw.text((x, y), ch, font=f, fill=255)
        box = draw.textbbox((x, y), ch, font=f)
        if ch == "7" and cross:
            mid = (box[1] + box[3]) // 2
            w = max(3, size // 14)
            draw.line((box[0] + (box[2] - box[0]) // 5, mid, box[2] - (box[2] - box[0]) // 8,
                       mid - size // 20), fill=255, width=w)
        x = box[2] + int(size * rng.uniform(0.02, 0.18))
    ink = np.asarray(canvas, np.float32) / 255.0
    shear = rng.uniform(-0.25, 0.1)
    h, w = ink.shape
    m = np.array([[1, shear, -shear * h / 2], [0, 1, 0]], np.float32)
    ink = cv2.warpAffine(ink, m, (w, h))
    grow = rng.choice((0, 0, 1, 2))
    if grow:
        ink = cv2.dilate(ink, np.ones((grow + 1, grow + 1), np.uint8))
    ys, xs = np.nonzero(ink > 0.3)
    if len(xs):
        ink = ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    return Written(ink, text)


def paint(bgr: np.ndarray, coverage: np.ndarray, x: int, y: int,
          rgb: tuple[int, int, int]) -> None:
    """Lay ink of colour ``rgb`` over ``bgr`` at (x, y), multiplied like a felt pen."""
    h = min(coverage.shape[0], bgr.shape[0] - y)
    w = min(coverage.shape[1], bgr.shape[1] - x)
    if h <= 0 or w <= 0:
        return
    c = coverage[:h, :w, None]
    colour = np.array(rgb[::-1], np.float32)[None, None, :]
    region = bgr[y : y + h, x : x + w].astype(np.float32)
    mixed = region * (1 - c) + np.minimum(region, colour) * c
    bgr[y : y + h, x : x + w] = mixed.astype(np.uint8)


def number_crop(text: str, rng: random.Random, pen: tuple[int, int, int] | None = None,
                **kwargs: object) -> np.ndarray:
    """A BGR crop holding only written ``text`` on paper, a little margin around it."""
    written = write_digits(text, rng, **kwargs)  # type: ignore[arg-type]
    h, w = written.coverage.shape
    pad = max(6, h // 6)
    img = np.full((h + 2 * pad, w + 2 * pad, 3), 250, np.uint8)
    paint(img, written.coverage, pad, pad, pen or rng.choice(PENS))
    return _paper_noise(img, rng)


def _paper_noise(img: np.ndarray, rng: random.Random) -> np.ndarray:
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, 4, img.shape)
    return np.clip(img.astype(np.float32) + noise, 0, 255).astype(np.uint8)


@dataclass(frozen=True, slots=True)
class HeaderStrip:
    """A rendered header band: the Số line left, the date line right, both with written
    gaps; the values written and the colour of the pen."""

    image: np.ndarray  # BGR, 300 dpi
    number: str
    day: str
    month: str
    month_written: bool
    pen: tuple[int, int, int]


def header_strip(rng: random.Random, number: str, day: str, month: str, year: int,
                 symbol: str = "QĐ-UBND", place: str = "Quảng Ngãi",
                 month_written: bool = False, pen: tuple[int, int, int] | None = None,
                 width: int = 2480) -> HeaderStrip:
    """The two header lines with the number, the day (and the month when
    ``month_written``) written by hand into their printed gaps, at 300 dpi."""
    pen = pen or rng.choice(PENS)
    height = 200
    img = Image.new("RGB", (width, height), (252, 252, 250))
    d = ImageDraw.Draw(img)
    regular, italic = _font(PRINT_FONT, PRINT_PX), _font(PRINT_ITALIC, PRINT_PX)
    base = 80
    writes: list[tuple[str, int, int]] = []  # text, gap left, gap right

    def printed(x: float, text: str, f: ImageFont.FreeTypeFont) -> float:
        d.text((x, base), text, font=f, fill=(20, 20, 20), anchor="ls")
        return x + d.textlength(text, font=f)

    gap = int(PRINT_PX * rng.uniform(2.4, 3.4))
    x = printed(width * 0.1, "Số: ", regular)
    writes.append((number, int(x), int(x) + gap))
    printed(x + gap, "/" + symbol, regular)
    x = printed(width * 0.5, f"{place}, ngày ", italic)
    day_gap = int(PRINT_PX * rng.uniform(1.3, 2.0))
    writes.append((day, int(x), int(x) + day_gap))
    x = printed(x + day_gap, " tháng ", italic)
    if month_written:
        month_gap = int(PRINT_PX * rng.uniform(1.3, 2.0))
        writes.append((month, int(x), int(x) + month_gap))
        x += month_gap
    else:
        x = printed(x, month, italic)
    printed(x, f" năm {year}", italic)
    bgr = np.ascontiguousarray(np.asarray(img)[:, :, ::-1])
    font = rng.choice(hand_fonts())
    for text, left, right in writes:
        written = write_digits(text, rng, font=font, height=int(PRINT_PX * rng.uniform(1.1, 1.5)))
        cov = written.coverage
        if cov.shape[1] > right - left + PRINT_PX // 2:  # squeeze what a hand would fit in
            k = (right - left + PRINT_PX // 2) / cov.shape[1]
            cov = cv2.resize(cov, None, fx=k, fy=max(k, 0.8))
        x0 = left + max(0, (right - left - cov.shape[1]) // 2) + rng.randint(-8, 8)
        y0 = base - cov.shape[0] + rng.randint(-6, 14)
        paint(bgr, cov, max(0, x0), max(0, y0), pen)
    return HeaderStrip(_paper_noise(bgr, rng), number, day, month, month_written, pen)


def random_number(rng: random.Random, lengths: Sequence[int] = (1, 2, 2, 3, 3, 4)) -> str:
    """A document number as clerks write it: 1–4 digits, days and months 2-digit padded
    sometimes."""
    n = rng.choice(lengths)
    first = str(rng.randint(1, 9))
    return first + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))
