"""Cleanup steps on rendered pages: geometry, colour ink, rules, blank pages, odd inputs."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from test_ocr import DPI, render_letter

from congvan.cleanup import (
    CleanupOptions,
    PageOutline,
    clean_page,
    denoise,
    estimate_orientation,
    estimate_skew,
    find_page_outline,
    ink_mask,
    is_blank,
    remove_colour_ink,
    remove_rules,
    remove_stamp_boxes,
    rotate_quarter,
    rotate_small_angle,
    to_grey,
    to_uint8,
)
from congvan.errors import ImageTooLargeError
from congvan.ingest import identify, iter_pages
from congvan.ocr import ocr_page
from congvan.types import BBox, Page


@pytest.fixture(scope="module")
def letter() -> np.ndarray:
    return render_letter()


def _mask_75dpi(img: np.ndarray) -> np.ndarray:
    small = cv2.resize(to_grey(img), None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    return ink_mask(small)


@pytest.mark.parametrize("angle", [-7.0, -1.3, 0.4, 2.6, 9.0])
def test_skew_is_found_to_a_fraction_of_a_degree(letter: np.ndarray, angle: float) -> None:
    tilted = rotate_small_angle(letter, angle)
    assert estimate_skew(_mask_75dpi(tilted)) == pytest.approx(-angle, abs=0.2)


@pytest.mark.parametrize(("turn", "fix"), [(0, 0), (90, 270), (180, 180), (270, 90)])
def test_orientation_is_undone(letter: np.ndarray, turn: int, fix: int) -> None:
    rotated = rotate_small_angle(rotate_quarter(letter, turn), 1.0)
    found, _angle = estimate_orientation(_mask_75dpi(rotated))
    assert found == fix


def test_red_seal_and_blue_signature_are_removed_black_text_kept() -> None:
    img = np.full((700, 900, 3), 255, np.uint8)
    cv2.putText(img, "SO 45", (40, 200), cv2.FONT_HERSHEY_SIMPLEX, 2.5, (20, 20, 20), 6)
    for y in range(420, 700, 70):  # body text: on a real page most of the ink is black
        cv2.putText(img, "Kinh gui So Noi vu", (20, y), cv2.FONT_HERSHEY_SIMPLEX, 2, (20,) * 3, 6)
    cv2.circle(img, (200, 180), 120, (40, 30, 215), 10)  # red seal ring over the text (BGR)
    cv2.line(img, (350, 300), (580, 330), (200, 50, 30), 6)  # blue pen stroke
    cv2.putText(img, "KHAN", (620, 120), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (40, 30, 215), 4)
    grey = remove_colour_ink(img, DPI, None)
    assert grey[180, 80:320].min() < 80  # black text under the seal is still there
    assert grey[60, 200] > 200 and grey[180 + 120, 200] > 200  # seal ring gone
    assert grey[315, 350:580].min() > 180  # blue stroke gone (brightest channel)
    assert grey[80:125, 620:760].min() < 120  # a red text stamp (KHẨN) is not a seal: kept
    kept = remove_colour_ink(img, DPI, (250, 350))  # blue in the handwriting band is kept
    assert kept[315, 350:580].min() < 150


def test_rules_go_and_text_touching_them_stays() -> None:
    img = np.full((300, 900), 255, np.uint8)
    cv2.putText(img, "TINH QUANG NGAI", (60, 150), cv2.FONT_HERSHEY_SIMPLEX, 2, 0, 5)
    cv2.line(img, (60, 158), (800, 158), 0, 3)  # underline touching the letters' feet
    out = remove_rules(img, DPI)
    assert out[158, 820 - 30 : 800].min() > 200  # rule gone past the text
    assert (out[100:150] < 128).sum() > 0.9 * (img[100:150] < 128).sum()  # glyphs kept


def test_clean_page_output_is_grey_uint8_and_straight(letter: np.ndarray) -> None:
    tilted = rotate_small_angle(letter, 3.0)
    page = clean_page(Page(index=1, image=tilted, dpi=DPI))
    assert page.image.dtype == np.uint8 and page.image.ndim == 2 and page.index == 1
    assert abs(estimate_skew(_mask_75dpi(page.image))) <= 0.2
    # the red seal is gone: no mid-grey ring left where it was drawn
    assert (page.image < 100).sum() < (to_grey(tilted) < 100).sum()


def test_web_image_of_a_whole_page_gets_at_least_its_pixel_resolution(shared: Path) -> None:
    # 770 px across a whole page (≈ 93 px per inch) claiming 300 dpi, with glyphs so small
    # and broken that the line-height estimate alone says ≈ 37 dpi: sized by it, the page
    # would pass for 150 dpi after upsampling and letter stems would go as rules
    scan = shared / "scans" / "web_images" / "anh12.png"
    if not scan.exists():
        pytest.skip("web_images/anh12.png not in ../shared")
    page = clean_page(next(iter_pages(identify(scan))))
    assert page.dpi >= 250


def test_low_resolution_is_upsampled() -> None:
    small = cv2.resize(render_letter(False, False, 3.0), None, fx=0.5, fy=0.5)
    page = clean_page(Page(index=1, image=small, dpi=150))
    assert page.dpi == 300 and page.image.shape[1] == 2 * small.shape[1]
    # a mislabelled low-resolution image (claims 300 dpi) is caught by its text size, and
    # the upsampled page is as fine as a 300 dpi scan, whatever it claimed
    page = clean_page(Page(index=1, image=small, dpi=300))
    assert page.image.shape[1] >= 1.5 * small.shape[1]
    assert 250 <= page.dpi <= 350


def test_switches_turn_steps_off(letter: np.ndarray) -> None:
    off = CleanupOptions(
        orientation=False,
        deskew=False,
        remove_colour_ink=False,
        flatten_illumination=False,
        remove_borders=False,
        denoise=False,
        remove_rules=False,
        remove_graphics=False,
        upsample_low_dpi=False,
    )
    page = clean_page(Page(index=1, image=letter, dpi=DPI), off)
    assert np.array_equal(page.image, cv2.cvtColor(letter, cv2.COLOR_BGR2GRAY))


def test_blank_pages() -> None:
    white = np.full((3508, 2480, 3), 250, np.uint8)
    assert is_blank(Page(2, white, DPI))
    bleed = white.copy()
    cv2.circle(bleed, (1700, 2600), 300, (205, 195, 235), 25)  # seal seen through the paper
    cv2.circle(bleed, (1700, 2600), 150, (215, 205, 240), 12)
    assert is_blank(Page(2, bleed, DPI))
    assert not is_blank(Page(1, render_letter(), DPI))


@pytest.mark.parametrize(
    "image",
    [
        np.ones((300, 200), dtype=bool),  # 1-bit (PIL mode "1" as array)
        np.full((300, 200), 65535, np.uint16),  # 16-bit grey
        np.full((300, 200, 3), 60000, np.uint16),  # 16-bit colour
        np.dstack([np.zeros((300, 200, 3), np.uint8), np.zeros((300, 200), np.uint8)]),  # alpha 0
        np.full((300, 200, 2), 255, np.uint8),  # grey + alpha
        np.full((300, 200), 1.0, np.float32),
    ],
)
def test_odd_image_types_become_white_uint8(image: np.ndarray) -> None:
    out = to_uint8(image)
    assert out.dtype == np.uint8 and out.ndim in (2, 3)
    assert out.min() >= 230  # all of these are white pages (transparent = white paper)
    assert clean_page(Page(1, image, DPI)).image.dtype == np.uint8
    assert is_blank(Page(1, image, DPI))


def test_decompression_bomb_is_refused() -> None:
    huge = np.broadcast_to(np.uint8(255), (30000, 30000))  # 900 MP without allocating it
    with pytest.raises(ImageTooLargeError):
        clean_page(Page(1, huge, DPI))
    with pytest.raises(ImageTooLargeError):
        is_blank(Page(1, huge, DPI))


def test_lone_specks_go_full_stops_and_marks_stay() -> None:
    img = np.full((400, 900), 255, np.uint8)
    cv2.putText(img, "Ha Noi.", (60, 200), cv2.FONT_HERSHEY_SIMPLEX, 2, 0, 5)
    cv2.circle(img, (700, 330), 4, 0, -1)  # a dust speck far from any text
    out = denoise(img, DPI)
    assert out[326:335, 696:705].min() > 200
    assert np.array_equal(out[120:220, 40:400], img[120:220, 40:400])  # text and "." intact


def test_yellowed_paper_keeps_text_edges() -> None:
    page = np.full((300, 900, 3), (200, 235, 250), np.uint8)  # BGR: yellow-tinted paper
    cv2.putText(page, "Tong hop", (40, 180), cv2.FONT_HERSHEY_SIMPLEX, 2.5, (40, 45, 50), 3)
    grey = remove_colour_ink(page, DPI, None)
    plain = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    assert (grey < 128).sum() >= 0.95 * (plain < 128).sum()


def test_text_printed_in_colour_is_not_removed() -> None:
    page = np.full((300, 900, 3), 255, np.uint8)
    cv2.putText(page, "Kinh gui", (40, 180), cv2.FONT_HERSHEY_SIMPLEX, 2.5, (150, 60, 20), 5)
    grey = remove_colour_ink(page, DPI, None)  # all the ink is blue: it is the text
    assert (grey < 128).sum() > 0.9 * (cv2.cvtColor(page, cv2.COLOR_BGR2GRAY) < 128).sum()


def _find_word(page: Page, word: str) -> tuple[int, int, int, int]:
    """Box (cleaned-page pixels) of the first OCR word starting with ``word``."""
    for line in ocr_page(page):
        for w in line.words:
            if w.text.startswith(word):
                return w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1
    raise AssertionError(f"{word!r} not read")


def _centre_in(box: BBox, point: tuple[float, float], slack: float) -> bool:
    return (box.x0 - slack <= point[0] <= box.x1 + slack
            and box.y0 - slack <= point[1] <= box.y1 + slack)


def test_turned_and_skewed_page_boxes_land_on_the_input(letter: np.ndarray) -> None:
    """Geometry: a word found on the cleaned page maps back to where it is on the input."""
    # "Số: 45/UBND-VP" starts at (0.9 in, 1.2 in) on the upright render
    h = letter.shape[0]
    turned = rotate_quarter(letter, 90)
    tilt = cv2.getRotationMatrix2D((turned.shape[1] / 2, turned.shape[0] / 2), 2.0, 1.0)
    page_in = cv2.warpAffine(turned, tilt, (turned.shape[1], turned.shape[0]),
                             borderValue=(255, 255, 255))
    cleaned = clean_page(Page(1, page_in, DPI))
    box = cleaned.input_geometry().box_to_input(BBox(*_find_word(cleaned, "Số")))
    x, y = 0.9 * DPI + 40, 1.2 * DPI + 25  # inside "Số" on the upright page
    x, y = h - 1 - y, x  # after the quarter turn clockwise
    x, y = tilt @ np.array([x, y, 1.0])
    assert _centre_in(box, (x, y), 0.05 * DPI), (box, x, y)


def _photo(letter: np.ndarray, corners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The page seen at an angle on a dark desk, and the homography page → photo."""
    h, w = letter.shape[:2]
    page = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
    warp = cv2.getPerspectiveTransform(page, corners.astype(np.float32))
    size = (int(corners[:, 0].max()) + 150, int(corners[:, 1].max()) + 150)
    photo = cv2.warpPerspective(letter, warp, size, borderValue=(60, 70, 80))
    return photo, warp


def test_photographed_page_is_rectified_and_boxes_land_on_the_photo(letter: np.ndarray) -> None:
    corners = np.array([[260, 180], [2390, 90], [2600, 2200], [150, 2330]], np.float64)
    photo, warp = _photo(letter, corners)
    outline = find_page_outline(photo)
    assert outline.photo and outline.corners is not None
    assert np.abs(outline.corners - corners).max() < 0.01 * photo.shape[1]
    cleaned = clean_page(Page(1, photo, DPI))
    assert not cleaned.warnings
    assert abs(estimate_skew(_mask_75dpi(cleaned.image))) <= 0.3  # straight again
    box = cleaned.input_geometry().box_to_input(BBox(*_find_word(cleaned, "Số")))
    x, y, s = warp @ np.array([0.9 * DPI + 40, 1.2 * DPI + 25, 1.0])
    assert _centre_in(box, (x / s, y / s), 0.05 * DPI), (box, x / s, y / s)


def test_scans_are_not_taken_for_photos(letter: np.ndarray) -> None:
    """Flatbed scans (paper to the edges, a dark lid border, a small skew) stay as they are."""
    bordered = letter.copy()
    bordered[:, :60] = 30  # scanner lid along one side
    for img in (letter, bordered, rotate_small_angle(letter, 1.5)):
        assert find_page_outline(img) == PageOutline(False)
        page = Page(1, img, DPI)
        off = clean_page(page, CleanupOptions(rectify_photo=False))
        assert np.array_equal(clean_page(page).image, off.image)


def test_a_photo_without_a_page_outline_gets_a_warning(letter: np.ndarray) -> None:
    # a corner of the page outside the picture: its outline cannot be found
    corners = np.array([[260, 180], [2390, 90], [2900, 2300], [150, 2330]], np.float64)
    photo, _ = _photo(letter, corners)
    cropped = photo[:, :2650]
    outline = find_page_outline(cropped)
    assert outline.photo and outline.corners is None
    assert "photo" in clean_page(Page(1, cropped, DPI)).warnings[0]


def test_ruled_stamp_boxes_go_one_line_marks_and_tables_stay() -> None:
    img = np.full((3508, 2480), 255, np.uint8)

    def box(x: int, y: int, w: int, h: int, text: str) -> None:
        cv2.rectangle(img, (x, y), (x + w, y + h), 20, 4)
        cv2.putText(img, text, (x + 20, y + h // 2 + 15), cv2.FONT_HERSHEY_SIMPLEX, 1.3, 20, 3)

    box(150, 120, 480, 180, "DEN So 123")  # incoming-mail stamp: two print lines tall
    box(300, 700, 260, 90, "KHAN")  # urgency mark: one line
    box(150, 1000, 2000, 300, "table")  # wider than any stamp
    box(1500, 2600, 480, 180, "lower half")  # not in the header area
    out = remove_stamp_boxes(img, DPI)
    assert out[120:300, 150:630].min() > 200  # the stamp and its print are gone
    for y0, y1, x0, x1 in ((700, 790, 300, 560), (1000, 1300, 150, 2150), (2600, 2780, 1500, 1980)):
        assert np.array_equal(out[y0:y1, x0:x1], img[y0:y1, x0:x1])
