"""Layout-aware OCR on real Tesseract: rendered letters and (when present) the real scans."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from congvan.cleanup import clean_page
from congvan.ingest import identify
from congvan.ocr import OcrOptions, ocr_page
from congvan.ocr_eval import cer
from congvan.process import Options, run
from congvan.types import OcrLine, Page

pytestmark = pytest.mark.slow  # Tesseract on whole pages

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
DPI = 300
PT = DPI / 72

HEADER_LEFT = ["ỦY BAN NHÂN DÂN", "TỈNH NAM ĐỊNH", "Số: 45/UBND-VP"]
HEADER_RIGHT = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Nam Định, ngày 09 tháng 3 năm 2024",
]
BODY = [
    "Kính gửi: Sở Nội vụ tỉnh Nam Định",
    "Thực hiện chỉ đạo của Chủ tịch Ủy ban nhân dân tỉnh về việc",
    "triển khai công tác văn thư, lưu trữ năm 2024, đề nghị các cơ quan",
    "báo cáo kết quả thực hiện trước ngày 15 tháng 4 năm 2024./.",
]
FOOTER_LEFT = ["Nơi nhận:", "- Như trên;", "- Lưu: VT, KGVX."]
FOOTER_RIGHT = ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Bình"]


def _font(size_pt: float, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), int(size_pt * PT))


def render_letter(seal: bool = True, signature: bool = True, height_in: float = 7.0) -> np.ndarray:
    """A Decree-30 style page (BGR, 300 dpi): two-column header, body, two-column footer,
    a red seal over the signer's title and a blue signature stroke when asked."""
    w, h = int(8.27 * DPI), int(height_in * DPI)
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    f13, f13b, f12 = _font(13), _font(13, bold=True), _font(11)
    y = int(0.6 * DPI)
    for i, (left, right) in enumerate(zip(HEADER_LEFT, HEADER_RIGHT, strict=False)):
        d.text((int(0.9 * DPI), y), left, font=f13b if i < 2 else f13, fill="black")
        d.text((int(3.6 * DPI), y), right, font=f13b if i < 2 else f13, fill="black")
        y += int(0.3 * DPI)
    y += int(0.4 * DPI)
    for line in BODY:
        d.text((int(1.2 * DPI), y), line, font=f13, fill="black")
        y += int(0.28 * DPI)
    y += int(0.4 * DPI)
    top = y
    for line in FOOTER_LEFT:
        d.text((int(0.9 * DPI), y), line, font=f12, fill="black")
        y += int(0.22 * DPI)
    y = top
    for i, line in enumerate(FOOTER_RIGHT):
        d.text((int(4.6 * DPI), y), line, font=f13b, fill="black")
        y += int(0.3 * DPI) if i < 1 else int(1.0 * DPI)
    if seal:
        cx, cy, r = int(4.7 * DPI), top + int(0.5 * DPI), int(0.6 * DPI)
        d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(220, 30, 40), width=14)
        d.ellipse(
            (cx - r // 2, cy - r // 2, cx + r // 2, cy + r // 2), outline=(220, 30, 40), width=8
        )
    if signature:
        sx, sy = int(4.8 * DPI), top + int(0.9 * DPI)
        pts = [(sx + k * 12, sy + int(60 * np.sin(k / 3.0))) for k in range(60)]
        d.line(pts, fill=(30, 40, 200), width=6)
    return np.ascontiguousarray(np.asarray(img)[:, :, ::-1])


def _region_text(lines: list[OcrLine], region: str) -> str:
    return "\n".join(ln.text for ln in lines if ln.region == region)


@pytest.fixture(scope="module")
def letter_lines() -> list[OcrLine]:
    page = clean_page(Page(index=1, image=render_letter(), dpi=DPI))
    return ocr_page(page)


def test_header_columns_come_out_separately(letter_lines: list[OcrLine]) -> None:
    left = _region_text(letter_lines, "header_left")
    right = _region_text(letter_lines, "header_right")
    assert cer("\n".join(HEADER_LEFT), left) < 0.05, left
    assert cer("\n".join(HEADER_RIGHT), right) < 0.05, right
    # Số and the date share a baseline: neither column may contain the other's words
    assert "Nam Định, ngày" not in left and "Số" not in right


def test_reading_order_and_regions(letter_lines: list[OcrLine]) -> None:
    order = ["header_left", "header_right", "body", "footer_left", "footer_right"]
    seen = [ln.region for ln in letter_lines]
    assert sorted(seen, key=order.index) == seen
    assert "Nơi nhận" in _region_text(letter_lines, "footer_left")
    assert "Trần Văn Bình" in _region_text(letter_lines, "footer_right")
    assert "Lưu" not in _region_text(letter_lines, "footer_right")
    assert cer("\n".join(BODY), _region_text(letter_lines, "body")) < 0.03


def test_confidences_and_boxes(letter_lines: list[OcrLine]) -> None:
    for line in letter_lines:
        assert line.words and line.bbox is not None and line.conf is not None
        assert 0 <= line.conf <= 100
        assert line.conf == pytest.approx(sum(w.conf for w in line.words) / len(line.words))
        for w in line.words:
            assert line.bbox.x0 <= w.bbox.x0 <= w.bbox.x1 <= line.bbox.x1
    # boxes are in page coordinates: the header_left "Số" line lies in the page's left third
    so = next(ln for ln in letter_lines if ln.text.startswith("Số"))
    assert so.bbox is not None and so.bbox.x1 < 8.27 * DPI / 2


def test_blank_back_side_is_skipped_with_a_warning(tmp_path: Path) -> None:
    blank = np.full((1200, 900, 3), 255, np.uint8)
    cv2.circle(blank, (450, 600), 200, (215, 200, 245), 12)  # faint seal bleed-through
    letter = render_letter(seal=False, signature=False, height_in=4.2)
    frames = [Image.fromarray(img[:, :, ::-1]) for img in (letter, blank)]
    path = tmp_path / "two_sides.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:], dpi=(DPI, DPI))
    doc = run(identify(path), Options(restore=False), until="normalise")
    assert doc.lines and all(ln.page == 1 for ln in doc.lines)
    assert any(ln.region == "header_left" for ln in doc.lines)
    assert doc.warnings == ["page 2 is blank; skipped"] and doc.source.pages == 2


def test_blank_and_odd_images_do_not_crash() -> None:
    assert ocr_page(Page(1, np.full((600, 500), 255, np.uint8), DPI)) == []
    one_bit = np.ones((400, 300), dtype=bool)
    assert ocr_page(Page(1, one_bit, DPI)) == []
    rgba = np.dstack([render_letter(False, False, 3.0), np.full((900, 2481), 255, np.uint8)])
    assert any("Số" in ln.text for ln in ocr_page(clean_page(Page(1, rgba, DPI))))


@pytest.mark.shared
def test_real_scan_53_header_and_signer(shared: Path) -> None:
    pdf = shared / "scans" / "quangngai" / "53_TB.signed_20250510_124908.pdf"
    if not pdf.is_file():
        pytest.skip("scan not present")
    from pdf2image import convert_from_path

    rgb = np.asarray(
        convert_from_path(str(pdf), dpi=DPI, first_page=1, last_page=1)[0].convert("RGB")
    )
    lines = ocr_page(clean_page(Page(1, np.ascontiguousarray(rgb[:, :, ::-1]), DPI)))
    left = _region_text(lines, "header_left")
    right = _region_text(lines, "header_right")
    assert "Số: 53 /TB-UBND" in left, left  # the stamped number is re-read as digits
    assert "ỦY BAN NHÂN DÂN" in left or "TỈNH QUẢNG NGÃI" in left, left
    assert "Quảng Ngãi, ngày" in right and "tháng 02 năm 2025" in right, right
    assert "Trần Phước Hiền" in _region_text(lines, "footer_right")


def test_second_pass_keeps_regions_and_never_lowers_confidence() -> None:
    page = clean_page(Page(index=1, image=render_letter(), dpi=DPI))
    first = ocr_page(page)
    second = ocr_page(page, options=OcrOptions(second_pass=True))
    assert [ln.region for ln in second] == [ln.region for ln in first]
    for a, b in zip(first, second, strict=True):
        assert (b.conf or 0) >= (a.conf or 0)


def test_photo_only_page_gives_no_lines() -> None:
    rng = np.random.default_rng(0)
    noise = rng.normal(0, 1, (60, 45, 3)).astype(np.float32)
    photo = cv2.resize(noise, (2480, 3508), interpolation=cv2.INTER_CUBIC)
    photo = np.clip(128 + 60 * photo, 0, 255).astype(np.uint8)
    assert ocr_page(clean_page(Page(1, photo, DPI))) == []


def test_copy_block_is_its_own_region() -> None:
    from PIL import ImageSequence

    from congvan.paths import samples_dir

    found = [
        p
        for p in sorted(samples_dir().glob("*.gt.txt"))
        if "\nSAO Y\n" in p.read_text(encoding="utf-8")
        and p.with_name(p.name.replace(".gt.txt", ".tif")).is_file()
    ]
    if not found:
        pytest.skip("no multi-page sample with a SAO Y block")
    truth = found[0].read_text(encoding="utf-8").strip().splitlines()
    with Image.open(found[0].with_name(found[0].name.replace(".gt.txt", ".tif"))) as tif:
        last = [f.convert("RGB") for f in ImageSequence.Iterator(tif)][-1]
    page = Page(2, np.ascontiguousarray(np.asarray(last)[:, :, ::-1]), DPI)
    lines = ocr_page(clean_page(page))
    copy = _region_text(lines, "copy")
    assert "SAO Y" in copy
    assert cer(truth[-1], copy.splitlines()[-1]) < 0.2  # the copy's signer closes it
    regions = [ln.region for ln in lines]
    assert regions[regions.index("copy") :] == ["copy"] * regions.count("copy")


def test_metrics() -> None:
    from congvan.ocr_eval import best_window, char_recall, syllable_accuracy

    assert cer("Số: 45", "Số: 45") == 0 and cer("abcd", "abed") == 0.25
    assert syllable_accuracy("Kính gửi Sở Nội vụ", "Kinh gửi Sở Nội vụ") == 0.8
    score, window = best_window(["A B", "C D"], ["stamp", "A B", "C D", "body"])
    assert score == 0 and window == ["A B", "C D"]
    assert char_recall("Số: 45", "ĐẾN Số: 45 Chuyển") == 1.0  # stray print costs nothing
    assert char_recall("abcd", "abd") == 0.75 and char_recall("abcd", "abxd") == 0.75


def test_full_cleanup_beats_raw_tesseract_on_a_generated_office_scan() -> None:
    from congvan.ocr_eval import ablation, synth_samples

    office = [s for s in synth_samples(1) if s.profile == "office"]
    rows = {r.variant: r for r in ablation(office, ["raw", "full"])}
    assert rows["full"].cer <= rows["raw"].cer
    assert rows["full"].cer < 0.02
