"""Handwritten header values: gaps from printed word boxes, ink isolation, digit reading.

Synthetic header lines (fixed seeds) are read by the real Tesseract and the real digit
reader; the dev Quảng Ngãi scans (when ../shared is present) are checked document by
document.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from congvan import cleanup, handwriting, ingest, ocr
from congvan.digits_synth import PENS, hand_fonts, header_strip
from congvan.engines import get_digit_reader, get_engine
from congvan.parse import vocab
from congvan.splits import split_of
from congvan.types import BBox, Fill, OcrLine, OcrWord


def _line(words: list[tuple[str, int, int]], region: str = "header_left",
          conf: float = 95.0) -> OcrLine:
    ws = tuple(OcrWord(t, BBox(x0, 100, x1, 150), conf) for t, x0, x1 in words)
    return OcrLine(" ".join(w.text for w in ws), 1, region, BBox(ws[0].bbox.x0, 100,
                   ws[-1].bbox.x1, 150), conf, ws)  # type: ignore[arg-type]


def test_number_gap_between_label_and_slash() -> None:
    line = _line([("Số:", 500, 565), ("B3", 590, 660), ("/TB-UBND", 700, 930)])
    gap = handwriting.number_gap(line)
    assert gap is not None and (gap.x0, gap.x1) == (565, 700)
    assert line.text[gap.span[0] : gap.span[1]].strip() == "B3"
    assert gap.estimated == (False, False)


def test_number_gap_in_a_merged_word_is_predicted_from_the_font() -> None:
    """"2#5/TB-ĐHĐL": the slash's place comes from the printed width of "/TB-ĐHĐL" at
    the scale of "Số:"."""
    line = _line([("Số:", 516, 585), ("2#5/TB-ĐHĐL", 606, 984)])
    gap = handwriting.number_gap(line)
    assert gap is not None and gap.estimated == (False, True)
    assert 606 < gap.x1 < 984 - 150  # the symbol's print is well over 150 px wide here


def test_party_style_number_ends_at_the_dash() -> None:
    line = _line([("Số", 500, 560), ("127-QĐ/TW", 600, 850)])
    gap = handwriting.number_gap(line)
    assert gap is not None and line.text[gap.span[1]] == "-"


def test_date_gaps_skip_the_place_name() -> None:
    """"Ngãi" folds one letter away from "ngay": the day label is the one before "tháng"."""
    line = _line([("Quảng", 1200, 1340), ("Ngãi,", 1350, 1460), ("ngày", 1480, 1590),
                  ("4Ÿ", 1610, 1700), ("tháng", 1720, 1840), ("12", 1860, 1910),
                  ("năm", 1930, 2020), ("2021", 2040, 2140)], region="header_right")
    day, month = handwriting.date_gaps(line)
    assert (day.field, day.x0, day.x1) == ("day", 1590, 1720)
    assert (month.field, month.x0, month.x1) == ("month", 1840, 1930)


def test_with_fills_splits_merged_words() -> None:
    line = _line([("Quảng", 1200, 1340), ("Ngãi,", 1350, 1460), ("ngày24tháng", 1480, 1800),
                  ("01", 1820, 1870), ("năm", 1890, 1980), ("2025", 2000, 2100)],
                 region="header_right")
    gaps = handwriting.date_gaps(line)
    day = next(g for g in gaps if g.field == "day")
    fill = Fill("day", "24", 99.0, BBox(day.x0, 100, day.x1, 150), (("24", 99.0),), 2)
    new = handwriting.with_fills(line, [(day, fill)])
    assert new.text == "Quảng Ngãi, ngày 24 tháng 01 năm 2025"
    assert len(new.words) == len(new.text.split()) and new.fills == (fill,)
    assert new.words[3].bbox == fill.bbox


def _strip_lines(image: np.ndarray) -> tuple[np.ndarray, np.ndarray | None, list[OcrLine]]:
    """A header strip as cleanup and OCR leave it: grey with the pen kept, the pen layer,
    the two columns read by Tesseract as lines."""
    rows = (0, image.shape[0])
    grey = cleanup.remove_colour_ink(image, 300, rows)
    engine = get_engine("tesseract")
    lines = []
    half = grey.shape[1] // 2
    for region, x0 in (("header_left", 0), ("header_right", half)):
        part = np.ascontiguousarray(grey[:, x0 : x0 + half])
        for read in engine.read_lines(part, lang="vie", layout="line"):
            words = tuple(OcrWord(w.text, BBox(w.bbox.x0 + x0, w.bbox.y0, w.bbox.x1 + x0,
                                               w.bbox.y1), w.conf) for w in read)
            box = words[0].bbox
            for w in words[1:]:
                box = box.union(w.bbox)
            lines.append(OcrLine(" ".join(w.text for w in words), 1, region, box,  # type: ignore[arg-type]
                                 sum(w.conf for w in words) / len(words), words))
    return grey, cleanup.pen_ink(image, rows), lines


@pytest.mark.slow
def test_synthetic_written_header_lines() -> None:
    """Numbers, days and months written in blue, violet and black into printed gaps: most
    are read, and none read with the parser's confidence is wrong."""
    if len(hand_fonts()) < 8:
        pytest.skip("handwriting fonts missing (make setup installs them)")
    rng = random.Random(2024)
    reader = get_digit_reader("ppocr")
    right = sure = wrong = total = 0
    for k in range(9):
        strip = header_strip(rng, str(rng.randint(10, 999)), f"{rng.randint(1, 28):02d}",
                             f"{rng.randint(1, 12):02d}", 2025, month_written=k % 3 == 0,
                             pen=PENS[k % 3])
        grey, pen, lines = _strip_lines(strip.image)
        assert (pen is not None) == (strip.pen != PENS[2])
        fills = {f.field: f for ln in handwriting.reread(grey, pen, lines, reader)
                 for f in ln.fills}
        for field, want in (("number", strip.number), ("day", strip.day),
                            ("month", strip.month)):
            if field == "month" and not strip.month_written:
                continue
            total += 1
            f = fills.get(field)
            ok = f is not None and f.text is not None and int(f.text) == int(want)
            right += ok
            if f is not None and f.conf >= vocab.WRITTEN_MIN_CONF:
                sure += 1
                wrong += not ok
    assert right >= 0.8 * total
    assert sure >= 0.6 * total
    assert wrong == 0


# --- the dev Quảng Ngãi scans, document by document ------------------------------------------

DEV_STEMS = ("46_TB.signed_20250510_123557", "87_QDUB.signed_20250513_163530",
             "16CT.signed_20250510_124909")


@pytest.mark.slow
@pytest.mark.parametrize("stem", DEV_STEMS)
def test_dev_scan_number_and_day(shared: Path, stem: str) -> None:
    assert split_of(stem) == "dev"
    folder = shared / "scans" / "quangngai"
    gold = json.loads((folder / f"{stem}.gold.json").read_text(encoding="utf-8"))
    page = next(iter(ingest.iter_pages(ingest.identify(folder / f"{stem}.pdf"))))
    lines = ocr.ocr_page(cleanup.clean_page(page))
    fills = {f.field: f for ln in lines for f in ln.fills}
    _, month, day = gold["date"].split("-")
    for field, want in (("number", gold["number"]), ("day", day), ("month", month)):
        f = fills[field]
        assert f.text is not None and int(f.text) == int(want), (field, f)
        assert f.conf >= vocab.WRITTEN_MIN_CONF, (field, f)
