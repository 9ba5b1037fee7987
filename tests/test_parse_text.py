"""Date and number parsing: property-based tests (hypothesis) and examples of OCR noise."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from congvan.parse import parse_text, vocab
from congvan.parse import text as tx
from congvan.record import Record

DATES = st.dates(min_value=dt.date(vocab.MIN_YEAR, 1, 1), max_value=dt.date(2099, 12, 31))
SPACES = st.sampled_from(["", " ", "  "])


def _noisy_digits(value: int, width: int, zero_as_o: bool) -> str:
    digits = f"{value:0{width}d}"
    return digits.replace("0", "o") if zero_as_o else digits


@settings(max_examples=200, deadline=None)
@given(
    date=DATES,
    pad=st.booleans(),
    fold=st.booleans(),
    zero_as_o=st.booleans(),
    gap=SPACES,
    place=st.sampled_from(["Hà Nội", "Nam Định", "TP. Hồ Chí Minh", "Quảng Ngãi"]),
)
def test_word_dates_round_trip(
    date: dt.date, pad: bool, fold: bool, zero_as_o: bool, gap: str, place: str
) -> None:
    day = _noisy_digits(date.day, 2 if pad else 1, zero_as_o)
    month = _noisy_digits(date.month, 2 if pad else 1, zero_as_o)
    line = f"{place}, ngày{gap}{day} tháng {month}{gap} năm {date.year}"
    if fold:  # legacy OCR without tone marks
        line = tx.fold(line)
    found = tx.find_word_date(line)
    assert found is not None
    assert found.iso == date.isoformat()


@settings(max_examples=100, deadline=None)
@given(date=DATES, sep=st.sampled_from(["/", "-", "."]))
def test_numeric_dates_round_trip(date: dt.date, sep: str) -> None:
    found = tx.find_date(f"theo văn bản ngày {date.day}{sep}{date.month}{sep}{date.year} của Bộ")
    assert found is not None and found.iso == date.isoformat()


@settings(max_examples=100, deadline=None)
@given(year=st.integers(vocab.MIN_YEAR, 2099), month=st.integers(1, 12), day=st.integers(1, 31))
def test_make_date_accepts_exactly_the_calendar(year: int, month: int, day: int) -> None:
    try:
        expected: str | None = dt.date(year, month, day).isoformat()
    except ValueError:
        expected = None
    assert tx.make_date(str(day), str(month), str(year)) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Hà Nội, ngày 31 tháng 02 năm 2024",
        "Hà Nội, ngày 30 tháng 13 năm 2024",
        "Hà Nội, ngày     tháng 3 năm 2024",
        "Hà Nội, ngày 12 tháng 3 năm 1820",
    ],
)
def test_impossible_or_blank_dates_give_none(line: str) -> None:
    found = tx.find_word_date(line)
    assert found is not None and found.iso is None


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("ngày 15 tháng Giêng năm 2024", "2024-01-15"),
        ("ngày hai mươi lăm tháng mười hai năm 2024", "2024-12-25"),
        ("ngày mồng một tháng Chạp năm 2023", "2023-12-01"),
        ("ngày mười tháng năm năm 2024", "2024-05-10"),
    ],
)
def test_dates_written_with_words(line: str, iso: str) -> None:
    found = tx.find_word_date(line)
    assert found is not None and found.iso == iso


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 99))
def test_number_words_round_trip(n: int) -> None:
    names = {v: k for k, v in vocab.NUMBER_WORDS.items() if k not in ("tu", "lam")}
    tens, units = divmod(n, 10)
    parts = ([names[tens]] if tens > 1 else []) + (["muoi"] if tens else [])
    if units:
        parts.append("lam" if units == 5 and tens else names[units])
    assert tx.number_words(" ".join(parts)) == n


TYPE_CODES = st.sampled_from([a for a in vocab.DOC_TYPES.values() if a])
ISSUER_CODES = st.sampled_from(["UBND", "SNV", "BTC", "VPCP", "HĐND", "BCĐ138", "SGDĐT"])
LABELS = st.sampled_from(["Số:", "Số", "SỐ:", "So:", "Sô:", "S6:", "Sé:", "Số :"])


@settings(max_examples=200, deadline=None)
@given(
    number=st.integers(1, 99999),
    pad=st.booleans(),
    type_code=TYPE_CODES,
    issuer=ISSUER_CODES,
    unit=st.one_of(st.none(), st.sampled_from(["VP", "KGVX", "CS", "QLN"])),
    year=st.one_of(st.none(), st.integers(2000, 2030)),
    label=LABELS,
    before_slash=SPACES,
)
def test_numbers_round_trip(
    number: int,
    pad: bool,
    type_code: str,
    issuer: str,
    unit: str | None,
    year: int | None,
    label: str,
    before_slash: str,
) -> None:
    printed = f"{number:02d}" if pad else str(number)
    symbol = f"{type_code}-{issuer}" + (f"-{unit}" if unit else "")
    if year is not None:
        symbol = f"{year}/{symbol}"
    found = tx.find_number(f"{label} {printed}{before_slash}/{symbol}")
    assert found is not None
    assert found.number == printed
    assert found.symbol == symbol


@pytest.mark.parametrize(
    ("line", "number", "symbol"),
    [
        ("Số 127-QĐ/TW", "127", "QĐ/TW"),
        ("Số: 367 - QĐ/TWĐTN-VP", "367", "QĐ/TWĐTN-VP"),
        ("Số: 100/2025/QĐ-UBND", "100", "2025/QĐ-UBND"),
        ("Số:      /TB-UBND", None, "TB-UBND"),
        ("Số: ......../TB-UBND", None, "TB-UBND"),
        ("S6: o5/UBND", "05", "UBND"),
        ("Số: 53 /TB-UBND", "53", "TB-UBND"),
        ("Số: 2428/BXD-QLN V/v: Hỗ trợ", "2428", "BXD-QLN"),
        ("Số: 02/TTr-CAT- ANCTNB", "02", "TTr-CAT-ANCTNB"),
        ("Số: 89/QĐÐ-UBND", "89", "QĐ-UBND"),  # OCR doubled the Đ as an eth
        ("- Sẽ; 291/KH-UBND", "291", "KH-UBND"),  # label with a wrong tone and a stray bullet
        ("Số: 12/BTTTT-KHTC", "12", "BTTTT-KHTC"),
    ],
)
def test_number_styles(line: str, number: str | None, symbol: str) -> None:
    found = tx.find_number(line)
    assert found is not None
    assert (found.number, found.symbol) == (number, symbol)


def test_words_that_look_like_the_label_are_not_numbers() -> None:
    assert tx.find_number("Sở Nội vụ tỉnh Nam Định") is None
    assert tx.find_number("Số lượng hồ sơ tăng") is None


def test_fold_keeps_length_and_drops_marks() -> None:
    text = "Độc lập - Tự do - Hạnh phúc"
    assert tx.fold(text) == "doc lap - tu do - hanh phuc"
    assert len(tx.fold(text)) == len(text)


def test_strip_item_follows_gold_convention() -> None:
    assert tx.strip_item("- Lưu: VT, NV.") == "Lưu: VT, NV"
    assert tx.strip_item("+ Sở Tài chính;") == "Sở Tài chính"
    assert tx.strip_item("thực hiện./.") == "thực hiện"


LINE_PARTS = st.sampled_from(
    [
        "Số: 12/QĐ-UBND", "Hà Nội, ngày 31 tháng 02 năm 2024", "QUYẾT ĐỊNH", "Kính gửi:",
        "Nơi nhận:", "- Như trên;", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A", "Điều 1.",
        "1. Giao Sở Tài chính chủ trì.", "SAO Y BẢN CHÍNH", "ĐẾN", "V/v", "(i) ", "a) ", "",
        "Căn cứ Nghị định số 1/2020/NĐ-CP ngày 1/1/2020;", "ngày", "tháng", "năm", "/", ":",
    ]
)  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(LINE_PARTS, st.text(max_size=40)), max_size=40))
def test_parser_never_fails_and_fits_the_record(lines: list[str]) -> None:
    result = parse_text("\n".join(lines))
    Record(
        source={"path": "x", "sha256": "0" * 64, "pages": 1, "kind": "text"},
        **result.fields,
        evidence=result.evidence,
    )
