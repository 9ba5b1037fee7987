"""The digit reader (PP-OCRv6 small, ONNX) on synthetic handwritten numbers (fixed seed)."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from congvan.digits_synth import PENS, hand_fonts, number_crop, random_number
from congvan.engines import DIGIT_READERS, DigitReader, get_digit_reader
from congvan.parse import vocab

FONT = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"


@pytest.fixture(scope="module")
def reader() -> DigitReader:
    if len(hand_fonts()) < 8:
        pytest.skip("handwriting fonts missing (make setup installs them)")
    return get_digit_reader("ppocr")


def test_registered() -> None:
    assert "ppocr" in DIGIT_READERS


def test_synthetic_handwritten_numbers(reader: DigitReader) -> None:
    """Most crops read exactly, and those read with the confidence the parser asks for are
    almost never wrong (a wrong number is worse than none)."""
    rng = random.Random(7)
    truth = [random_number(rng) for _ in range(60)]
    truth[::6] = [t[:-1] + "7" for t in truth[::6]]  # sevens, crossed at random
    crops = [number_crop(t, rng) for t in truth]
    readings = reader.read_many(crops)
    exact = [r is not None and r.text == t for r, t in zip(readings, truth, strict=True)]
    sure = [
        ok for r, ok in zip(readings, exact, strict=True)
        if r is not None and r.conf >= vocab.WRITTEN_MIN_CONF
    ]
    assert sum(exact) / len(exact) >= 0.9
    assert len(sure) >= 0.8 * len(truth)
    assert sum(sure) >= len(sure) - 1


def test_crossed_seven(reader: DigitReader) -> None:
    rng = random.Random(3)
    crops = [number_crop("17", rng, font=f, crossed_sevens=True) for f in hand_fonts()[:8]]
    right = [r is not None and r.text == "17" for r in reader.read_many(crops)]
    assert sum(right) >= 6


def test_blank_and_letters(reader: DigitReader) -> None:
    """Paper reads as nothing; a printed word is no confident number."""
    assert reader.read_digits(np.full((60, 160), 250, np.uint8)) is None
    img = Image.new("L", (400, 90), 255)
    ImageDraw.Draw(img).text((10, 10), "tháng", font=ImageFont.truetype(FONT, 60), fill=0)
    reading = reader.read_digits(np.asarray(img))
    assert reading is None or reading.conf < vocab.WRITTEN_MIN_CONF


def test_in_context_stops_at_the_slash(reader: DigitReader) -> None:
    """Printed "Số: 470/BYT-HTQT" without a space: the digits end where the "/" is read,
    although a crop cut near it would read the slash as a 1."""
    img = Image.new("L", (900, 110), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 54)
    draw.text((20, 20), "Số: 470/BYT-HTQT", font=font, fill=0)
    start = 20 + draw.textlength("Số: ", font=font)
    end = 20 + draw.textlength("Số: 470", font=font)
    crop = np.asarray(img)
    reading = reader.read_in_context(crop, (start / 900, (end + 20) / 900))
    assert reading is not None and reading.text == "470"


def test_blue_pen_on_colour(reader: DigitReader) -> None:
    rng = random.Random(11)
    crop = number_crop("2025", rng, pen=PENS[0], font=hand_fonts()[0])
    assert crop.ndim == 3
    reading = reader.read_digits(cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY))
    assert reading is not None and reading.text == "2025"
