"""Evidence boxes land on the input page, whatever cleanup did to it (turn, deskew, upsample)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from pdf2image import convert_from_path

from congvan.cleanup import quarter_turn_matrix, rotate_quarter
from congvan.engines import get_engine
from congvan.paths import samples_dir
from congvan.process import process_file
from congvan.types import BBox, Geometry


def test_geometry_composes_steps_and_maps_boxes_back() -> None:
    g = Geometry((1000, 600), 300)
    turned = g.then(quarter_turn_matrix(90, 1000, 600))  # now 600 wide, 1000 tall
    scaled = turned.then(np.array([[2.0, 0, 0], [0, 2.0, 0]]))
    # a box at the top-right corner of the turned, doubled page is the input's top-left
    box = scaled.box_to_input(BBox(2 * 500, 0, 2 * 599, 2 * 100))
    assert abs(box.x0 - 0) <= 1 and abs(box.y0 - 0) <= 1
    assert abs(box.x1 - 100) <= 1 and abs(box.y1 - 100) <= 1
    # identity maps a box to itself; boxes are clipped to the input page
    assert g.box_to_input(BBox(10, 20, 30, 40)) == BBox(10, 20, 30, 40)
    assert g.box_to_input(BBox(-5, -5, 2000, 2000)) == BBox(0, 0, 1000, 600)


def _turn_and_skew(image: np.ndarray, turn: int, angle: float) -> tuple[np.ndarray, np.ndarray]:
    """The page as a careless scanner would deliver it: turned, then skewed on a larger
    white sheet (nothing cut off); also the 3×3 map from the upright page to it."""
    h0, w0 = image.shape[:2]
    turned = rotate_quarter(image, turn)
    h, w = turned.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    pad = int(0.05 * max(h, w))
    m[:, 2] += pad
    page = cv2.warpAffine(
        turned, m, (w + 2 * pad, h + 2 * pad), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255)
    )
    forward = np.vstack([m, [0, 0, 1]]) @ np.vstack([quarter_turn_matrix(turn, w0, h0), [0, 0, 1]])
    return page, forward


def _read_back(page: np.ndarray, bbox: list[int], turn: int) -> str:
    """Cut an evidence box out of the turned input and read it, turned upright again."""
    x0, y0, x1, y1 = bbox
    assert 0 <= x0 < x1 <= page.shape[1] and 0 <= y0 < y1 <= page.shape[0]
    crop = rotate_quarter(np.ascontiguousarray(page[y0:y1, x0:x1]), (360 - turn) % 360)
    crop = cv2.copyMakeBorder(crop, 20, 20, 20, 20, cv2.BORDER_CONSTANT, value=(255, 255, 255))
    return " ".join(get_engine().read_text(crop, lang="vie", layout="block").split())


def _iou(a: BBox, b: BBox) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    inter = max(0, w) * max(0, h)
    area = (a.x1 - a.x0) * (a.y1 - a.y0) + (b.x1 - b.x0) * (b.y1 - b.y0) - inter
    return inter / area


@pytest.mark.slow
def test_evidence_of_a_turned_and_skewed_sample_reads_back(tmp_path: Path) -> None:
    """Printed number and day: every evidence box, cut from the turned input, reads back."""
    page, _ = _turn_and_skew(cv2.imread(str(samples_dir() / "01_cong_van_clean.png")), 90, 2.0)
    cv2.imwrite(str(tmp_path / "turned.png"), page)
    record = process_file(tmp_path / "turned.png")
    assert (record.number, record.symbol, record.date) == ("470", "BYT-HTQT", "2019-08-28")
    for field in ("number", "symbol"):
        text = _read_back(page, record.evidence[field].bbox or [], 90)
        assert "470" in text and "BYT-HTQT" in text.replace(" ", ""), (field, text)
    assert "ngày 28 tháng 8 năm 2019" in _read_back(page, record.evidence["date"].bbox or [], 90)


@pytest.mark.slow
def test_evidence_of_a_turned_and_skewed_real_page_lands_on_its_values(
    shared: Path, tmp_path: Path
) -> None:
    """A real scan (handwritten number and day, red seal) turned 270° and skewed 2°: the
    evidence boxes are where the upright page's boxes go under the same turn and skew, and
    the printed symbol and date line read back from the turned input."""
    pdf = shared / "scans" / "quangngai" / "53_TB.signed_20250510_124908.pdf"
    rgb = np.asarray(convert_from_path(str(pdf), dpi=300, first_page=1, last_page=1)[0])
    upright = np.ascontiguousarray(rgb[:, :, ::-1])
    cv2.imwrite(str(tmp_path / "upright.png"), upright)
    page, forward = _turn_and_skew(upright, 270, -2.0)
    cv2.imwrite(str(tmp_path / "turned.png"), page)
    straight, turned = process_file(tmp_path / "upright.png"), process_file(tmp_path / "turned.png")
    assert (turned.number, turned.symbol, turned.date) == ("53", "TB-UBND", "2025-02-07")
    # upright-page pixels → turned-page pixels: a Geometry whose "input" is the turned page
    to_page = Geometry((page.shape[1], page.shape[0]), 300, tuple(map(tuple, forward)))
    for field in ("number", "symbol", "date"):
        expected = to_page.box_to_input(BBox(*(straight.evidence[field].bbox or [])))
        assert _iou(BBox(*(turned.evidence[field].bbox or [])), expected) > 0.8, field
    symbol_line = _read_back(page, turned.evidence["symbol"].bbox or [], 270)
    assert "/TB-UBND" in symbol_line.replace(" ", ""), symbol_line
    date_line = _read_back(page, turned.evidence["date"].bbox or [], 270)
    assert "Quảng Ngãi, ngày" in date_line and "tháng 02 năm 2025" in date_line, date_line
