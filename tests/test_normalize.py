"""Unit tests for text normalisation: NFC, tone placement, legacy encodings, header OCR."""

from __future__ import annotations

import unicodedata

import pytest

from congvan.normalize import decode_legacy, fix_lookalikes, fix_ocr_header, normalize_text


def test_invisible_characters_removed() -> None:
    assert normalize_text("Quy\u200bết định\ufeff số") == "Quyết định số"


def test_nfc_and_whitespace_keep_line_count() -> None:
    text = unicodedata.normalize("NFD", "Hà  Nội\t ngày\n\n  Số:  12 ")
    out = normalize_text(text)
    assert out == "Hà Nội ngày\n\nSố: 12"
    assert out == unicodedata.normalize("NFC", out)


@pytest.mark.parametrize(
    ("old", "new"),
    [("hoà", "hòa"), ("thuỷ", "thủy"), ("Hoà", "Hòa"), ("khoẻ", "khỏe"), ("Uỷ", "Ủy"),
     ("quý", "quý"), ("hoàng", "hoàng"), ("người", "người"), ("QUỶ", "QUỶ")],
)
def test_tone_placement_styles(old: str, new: str) -> None:
    assert normalize_text(old, "new") == new
    assert normalize_text(new, "old") == old


def test_codes_untouched_by_normalisation() -> None:
    line = "Số: 45/QĐ-UBND ngày 03/4/2024"
    assert normalize_text(line) == line


def test_decode_tcvn3() -> None:
    assert decode_legacy("Uû ban nh©n d©n tØnh") == "Uỷ ban nhân dân tỉnh"


def test_decode_vni() -> None:
    vni = "UÛy ban nhaân daân tænh Quaûng Ngaõi"
    assert decode_legacy(vni) == "Ủy ban nhân dân tỉnh Quảng Ngãi"


def test_unicode_text_is_left_alone() -> None:
    text = "Ủy ban nhân dân tỉnh Quảng Ngãi, Hà Nội, ngày 5 tháng 3 năm 2025\nLưu: VT."
    assert decode_legacy(text) == text


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [("Sé: 15/QĐ-UBND", "Số: 15/QĐ-UBND"), ("S6: 12/UBND-VP", "Số: 12/UBND-VP"),
     ("Sô: 7/TB", "Số: 7/TB"), ("Sể: 7/TB", "Số: 7/TB"),
     ("Hà Nội, ngay09 thang o3 nam 2024", "Hà Nội, ngày 09 tháng 03 năm 2024"),
     ("Quảng Ngãi, ngày 5 tháng 3 năm 2025", "Quảng Ngãi, ngày 5 tháng 3 năm 2025")],
)
def test_fix_ocr_header(raw: str, fixed: str) -> None:
    assert fix_ocr_header(raw) == fixed


def test_fix_ocr_header_leaves_plain_words() -> None:
    assert fix_ocr_header("Nam Định có 10 xã") == "Nam Định có 10 xã"


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("TRƯỜNG CÐ KINH TẾ", "TRƯỜNG CĐ KINH TẾ"),  # eth (U+00D0) for Đ
        ("V¿v góp ý dự thảo", "V/v góp ý dự thảo"),
        ("V(v: báo cáo", "V/v: báo cáo"),
        ("ТRƯỜNG", "TRƯỜNG"),  # a Cyrillic T inside a Latin word
        ("Phụ lục V (vốn đầu tư)", "Phụ lục V (vốn đầu tư)"),  # a real parenthesis
    ],
)
def test_lookalikes(read: str, meant: str) -> None:
    assert fix_lookalikes(read) == meant
    assert normalize_text(read, "printed") == meant
