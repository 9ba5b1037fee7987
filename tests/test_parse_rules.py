"""Unit tests per parser rule, project fixtures, and regressions of real-layout bugs.

Texts here are written for the tests (invented bodies and names) in the layouts met in real
letters; the fixtures in tests/fixtures/parse are whole documents with expected fields.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from congvan.parse import (
    actions,
    body,
    footer,
    header,
    layout,
    names,
    names_build,
    parse_lines,
    parse_text,
)
from congvan.record import Record
from congvan.types import BBox, OcrLine, OcrWord

FIXTURES = Path(__file__).parent / "fixtures" / "parse"
KEYS = {
    "issuer",
    "doc_type",
    "number",
    "symbol",
    "place",
    "date",
    "date_partial",
    "subject",
    "recipients",
    "references",
    "action_items",
    "signer",
    "cc",
    "urgency",
    "confidentiality",
}


def _doc(*lines: str) -> str:
    return "\n".join(lines)


HEADER = (
    "ỦY BAN NHÂN DÂN",
    "TỈNH HÒA BÌNH",
    "-------",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "---------------",
)


@pytest.mark.parametrize("stem", sorted(p.stem for p in FIXTURES.glob("*.txt")))
def test_fixture_documents(stem: str) -> None:
    result = parse_text((FIXTURES / f"{stem}.txt").read_text(encoding="utf-8"))
    expected = json.loads((FIXTURES / f"{stem}.expected.json").read_text(encoding="utf-8"))
    for key, value in expected.items():
        assert result.fields[key] == value, key


def test_fields_fit_the_record_contract() -> None:
    result = parse_text((FIXTURES / "quyet_dinh_normative.txt").read_text(encoding="utf-8"))
    assert set(result.fields) == KEYS
    record = Record(
        source={"path": "x.txt", "sha256": "0" * 64, "pages": 1, "kind": "text"},
        **result.fields,
        evidence=result.evidence,
    )
    assert record.number == "07"
    assert {"number", "date", "issuer", "signer", "cc"} <= set(result.evidence)
    assert all(e.rule for e in result.evidence.values())


def test_empty_input_gives_empty_fields_and_a_warning() -> None:
    result = parse_lines([])
    assert result.fields["number"] is None and result.warnings


# --- issuer --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "name", "parent"),
    [
        (["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"], "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", None),
        (["VĂN PHÒNG", "CHÍNH PHỦ"], "VĂN PHÒNG CHÍNH PHỦ", None),
        (["BỘ VĂN HÓA, THỂ", "THAO VÀ DU LỊCH"], "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH", None),
        (["UBND TỈNH NAM ĐỊNH", "SỞ NỘI VỤ"], "SỞ NỘI VỤ", "UBND TỈNH NAM ĐỊNH"),
        (["CỤC THUẾ", "THUẾ TỈNH BẮC NINH"], "THUẾ TỈNH BẮC NINH", "CỤC THUẾ"),
        # regression: both bodies printed on one line
        (["BỘ TÀI CHÍNH TỔNG CỤC THUẾ"], "TỔNG CỤC THUẾ", "BỘ TÀI CHÍNH"),
        # regression: a conversion that wrapped the parent's last word onto the next line
        (["UBND THÀNH PHỐ HẢI", "PHÒNG SỞ Y TẾ"], "SỞ Y TẾ", "UBND THÀNH PHỐ HẢI PHÒNG"),
        (
            ["ĐẢNG BỘ TỈNH CAO BẰNG", "ĐẢNG ỦY CÁC CƠ QUAN"],
            "ĐẢNG ỦY CÁC CƠ QUAN",
            "ĐẢNG BỘ TỈNH CAO BẰNG",
        ),
    ],
)
def test_split_issuer(lines: list[str], name: str, parent: str | None) -> None:
    assert header.split_issuer(lines) == (name, parent)


# --- number, place, date -------------------------------------------------------------------


def test_web_export_preface_is_skipped() -> None:
    # regression: front matter and a summary before the document, which has its own header
    text = _doc(
        "---", "title: Nghị định 9/2026/NĐ-CP", "---", "# NGHỊ ĐỊNH", "**Số:** 1/2020/NĐ-CP",
        "Ngày 1/1/2020, Chính phủ ban hành Quyết định số 5/QĐ-TTg.",
        "CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "———— Độc lập - Tự do - Hạnh phúc",
        "Số: 9/2026/NĐ-CP Hà Nội, ngày 26 tháng 6 năm 2026", "NGHỊ ĐỊNH",
        "Quy định về xử lý kỷ luật", "Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;",
    )  # fmt: skip
    f = parse_text(text).fields
    assert f["issuer"] == {"name": "CHÍNH PHỦ", "parent": None}
    assert (f["number"], f["symbol"], f["place"], f["date"]) == (
        "9", "2026/NĐ-CP", "Hà Nội", "2026-06-26",
    )  # fmt: skip
    assert [r["number_symbol"] for r in f["references"]] == ["63/2025/QH15"]


def test_number_on_the_line_after_the_label() -> None:
    f = parse_text(
        _doc(*HEADER, "Số:", "512/UBND-KT", "Hòa Bình, ngày 02 tháng 01 năm 2025")
    ).fields
    assert (f["number"], f["symbol"], f["place"], f["date"]) == (
        "512",
        "UBND-KT",
        "Hòa Bình",
        "2025-01-02",
    )


def test_place_wrapped_over_two_lines_and_date_split() -> None:
    # regression: "Tây" / "Ninh, ngày …" and "…, ngày" / "15 tháng …"
    f = parse_text(
        _doc(*HEADER, "Số: 3/UBND", "V/v thuế", "Hòa", "Bình, ngày 01 tháng 12 năm 2025")
    ).fields
    assert (f["place"], f["date"], f["subject"]) == ("Hòa Bình", "2025-12-01", "thuế")
    g = parse_text(_doc(*HEADER, "Số: 3/QĐ-UBND", "Hòa Bình, ngày", "15 tháng 11 năm 2025")).fields
    assert (g["place"], g["date"]) == ("Hòa Bình", "2025-11-15")


def test_blank_number_warns() -> None:
    result = parse_text(_doc(*HEADER, "Số:      /TB-UBND", "Hòa Bình, ngày 3 tháng 4 năm 2025"))
    assert result.fields["number"] is None and result.fields["symbol"] == "TB-UBND"
    assert "number is blank or handwritten" in result.warnings


def test_header_date_not_body_date() -> None:
    text = _doc(
        *HEADER,
        "Số: 9/TB-UBND",
        "Hòa Bình, ngày 10 tháng 3 năm 2025",
        "THÔNG BÁO",
        "Kết luận của Chủ tịch",
        "Ngày 05 tháng 3 năm 2025, Chủ tịch đã họp với các sở.",
    )
    assert parse_text(text).fields["date"] == "2025-03-10"


def test_incoming_stamp_is_not_the_number() -> None:
    text = _doc(
        "ĐẾN",
        "Số: 2770",
        "Ngày: 04/4/2018",
        *HEADER,
        "Số: 08/CT-UBND",
        "Hòa Bình, ngày 03 tháng 4 năm 2018",
        "CHỈ THỊ",
        "Về việc tăng cường quản lý",
    )
    f = parse_text(text).fields
    assert (f["number"], f["symbol"], f["doc_type"]) == ("08", "CT-UBND", "Chỉ thị")


def test_stamp_with_its_first_field_on_one_line() -> None:
    text = _doc(
        "ĐẾN Số: 2770", "Ngày: 04/4/2018", *HEADER, "Số: 08/CT-UBND",
        "Hòa Bình, ngày 03 tháng 4 năm 2018", "CHỈ THỊ", "Về việc tăng cường quản lý",
    )  # fmt: skip
    result = parse_text(text)
    assert result.fields["issuer"]["name"] == "ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH"
    assert result.fields["number"] == "08"
    assert "incoming stamp (ĐẾN) left out of the fields" in result.warnings


def test_copy_block_does_not_replace_the_original() -> None:
    text = _doc(
        *HEADER,
        "Số: 15/QĐ-UBND",
        "Hòa Bình, ngày 01 tháng 02 năm 2025",
        "QUYẾT ĐỊNH",
        "Về việc thành lập tổ công tác",
        "Điều 1. Thành lập tổ công tác.",
        "Nơi nhận:",
        "- Như Điều 1;",
        "- Lưu: VT.",
        "CHỦ TỊCH",
        "Bùi Văn Khánh",
        "SAO Y BẢN CHÍNH",
        "VĂN PHÒNG UBND TỈNH",
        "Số: 99/SY-VP",
        "Hòa Bình, ngày 20 tháng 02 năm 2025",
        "CHÁNH VĂN PHÒNG",
        "Đinh Công Sứ",
    )
    f = parse_text(text).fields
    assert (f["number"], f["date"]) == ("15", "2025-02-01")
    assert f["signer"]["name"] == "Bùi Văn Khánh"


def test_raw_text_rescues_a_code_damaged_by_restoration() -> None:
    restored = [OcrLine("Sở: bốn lăm /UBND-VP"), OcrLine("Nam Định, ngày 09 tháng 3 năm 2024")]
    raw = [OcrLine("So: 45 /UBND-VP"), OcrLine("Nam Dinh, ngay 09 thang 3 nam 2024")]
    f = parse_lines(restored, raw).fields
    assert (f["number"], f["symbol"], f["place"]) == ("45", "UBND-VP", "Nam Định")


def test_ocr_noise_in_handwritten_fields() -> None:
    # regressions from real scans: a handwritten number and day OCR could not read
    text = _doc(
        "ỦY BAN NHÂN DÂN",
        "TỈNH QUẢNG NGÃI",
        "Số: Ø2“ /CT-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Quảng Ngãi, ngày 2# thángØ? năm 2021",
        "CHỈ THỊ",
        "Về việc sử dụng hóa đơn điện tử",
        "CHỦ TỊCH „",
        "Đặng Văn Minh",
    )
    result = parse_text(text)
    f = result.fields
    assert f["issuer"]["name"] == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
    assert (f["number"], f["symbol"], f["place"], f["date"]) == (
        None,
        "CT-UBND",
        "Quảng Ngãi",
        None,
    )
    assert "date is blank, handwritten or invalid" in result.warnings
    assert f["signer"]["title"] == "CHỦ TỊCH"


@pytest.mark.parametrize(
    ("printed", "place"),
    [
        ("Quảng Ngõi", "Quảng Ngãi"),
        ("Nam Dinh", "Nam Định"),
        ("Hà Nam", "Hà Nam"),
        ("Tp. Hồ Chí Minh", "Tp. Hồ Chí Minh"),  # case differences are kept as printed
        ("Sầm Sơn", None),
    ],
)
def test_place_gazetteer(printed: str, place: str | None) -> None:
    assert header.snap_place(printed) == place


def test_garbled_labels() -> None:
    lines = layout.build_lines([OcrLine(t) for t in (".Vơi nhận:", "- Như trên;")], None)
    assert footer.find_cc(lines, 0, 2, set())[0].value == ["Như trên"]


def test_ocr_line_spanning_both_footer_columns_is_split_by_word_gaps() -> None:
    def word(text: str, x: int) -> OcrWord:
        return OcrWord(text, BBox(x, 1000, x + 20 * len(text), 1040), 90.0)

    left = [word("Nơi", 100), word("nhận:", 200)]
    right = [word("TL.", 1300), word("CHỦ", 1380), word("TỊCH", 1480)]
    line = OcrLine("Nơi nhận: TL. CHỦ TỊCH", region="body", bbox=BBox(100, 1000, 1560, 1040),
                   conf=90.0, words=tuple(left + right))  # fmt: skip
    parts = layout.build_lines([line], None)
    assert [(p.column, p.text) for p in parts] == [("left", "Nơi nhận:"), ("right", "TL. CHỦ TỊCH")]
    assert parts[1].bbox == BBox(1300, 1000, 1560, 1040)


def test_restoration_damage_to_codes_and_case_is_undone() -> None:
    # regression: the restorer turned "(ii)" into "(u)" and "Ngày" into "ngày"
    restored = [OcrLine("ngày 5/3/2025 (u) Chủ đầu tư phối hợp"), OcrLine("TỈNH QUẢNG NGÃI")]
    raw = [OcrLine("Ngày 5/3/2025 (ii) Chủ đầu tư phối hợp"), OcrLine("TĨNH QUẢNG NGÃI")]
    lines = layout.build_lines(restored, raw)
    assert [ln.text for ln in lines] == [
        "Ngày 5/3/2025 (ii) Chủ đầu tư phối hợp",
        "TỈNH QUẢNG NGÃI",  # the restorer's repair of a mark is kept
    ]


def test_plain_text_columns_survive_collapsed_spacing() -> None:
    # the normaliser collapses runs of spaces; the raw line still shows the columns
    raw_texts = ["Nơi nhận:                               TL. CHỦ TỊCH",
                 "- Như trên;                             PHÓ CHÁNH VĂN PHÒNG",
                 "- Lưu: VT.", "", "                                        Lê Văn An"]  # fmt: skip
    raw = [OcrLine(t) for t in raw_texts]
    restored = [OcrLine(" ".join(t.split())) for t in raw_texts]
    f = parse_lines(restored, raw).fields
    assert f["cc"] == ["Như trên", "Lưu: VT"]
    assert f["signer"] == {"name": "Lê Văn An", "title": "PHÓ CHÁNH VĂN PHÒNG", "authority": "TL."}


# --- subject, type, recipients -------------------------------------------------------------


def test_subject_wraps_with_capitalised_lines_but_not_into_the_body() -> None:
    # regression: "Nhâm Dần" folds like "Nhằm" (a body start)
    text = _doc(
        *HEADER,
        "Số: 16/CT-UBND",
        "Hòa Bình, ngày 27 tháng 12 năm 2021",
        "CHỈ THỊ",
        "Về việc đón Tết Nguyên đán",
        "Nhâm Dần năm 2022 an toàn",
        "ỦY BAN NHÂN DÂN TỈNH",
        "Căn cứ Luật Tổ chức chính quyền địa phương;",
    )
    assert (
        parse_text(text).fields["subject"] == "Về việc đón Tết Nguyên đán Nhâm Dần năm 2022 an toàn"
    )


def test_recipients_single_wrapped_list_and_detail_lines() -> None:
    one = _doc(
        *HEADER,
        "Số: 1/UBND",
        "V/v a",
        "Kính gửi: Bộ trưởng",
        "Bộ Công Thương",
        "Xét đề nghị của Bộ Công Thương tại Tờ trình số 1/TTr-BCT, Văn phòng Chính phủ xin"
        " thông báo ý kiến chỉ đạo của Thủ tướng Chính phủ như sau.",
    )
    assert parse_text(one).fields["recipients"] == ["Bộ trưởng Bộ Công Thương"]
    many = _doc(
        *HEADER,
        "Số: 2/UBND",
        "V/v b",
        "Kính gửi:",
        "- Thuế thành phố Hải",
        "Phòng;",
        "- Công ty TNHH An Phú.",
        "Thuế tỉnh trả lời như sau.",
    )
    assert parse_text(many).fields["recipients"] == [
        "Thuế thành phố Hải Phòng",
        "Công ty TNHH An Phú",
    ]
    detail = _doc(
        *HEADER,
        "Số: 3/UBND",
        "V/v c",
        "Kính gửi:",
        "Công ty TNHH Hoa Sen;",
        "Mã số thuế: 0101;",
        "Địa chỉ: Lô 1 Khu công nghiệp",
        "Nam Sơn, tỉnh Hòa Bình.",
        "Trả lời văn bản của Công ty, Thuế tỉnh có ý kiến như sau.",
    )
    assert parse_text(detail).fields["recipients"] == ["Công ty TNHH Hoa Sen"]


def test_recipient_address_lines_from_scans() -> None:
    # regressions from real scans: a parenthetical address wrapped under the names belongs
    # to the entry; a bare "Địa chỉ:" line (OCR: "Địa. chỉ:") describes it and is dropped
    head = (*HEADER, "Số: 46/TB-UBND", "Hòa Bình, ngày 24 tháng 01 năm 2025", "THÔNG BÁO",
            "Về việc thụ lý khiếu nại")  # fmt: skip
    wrapped = _doc(*head, "Kính gửi: Bà Lê Thị Hoa, ông Vũ Văn Nam", "(Địa chỉ: Thôn Thu Xà,",
                   "xã Nghĩa Hòa)", "Chủ tịch UBND tỉnh nhận được đơn của bà Hoa.")  # fmt: skip
    assert parse_text(wrapped).fields["recipients"] == [
        "Bà Lê Thị Hoa, ông Vũ Văn Nam (Địa chỉ: Thôn Thu Xà, xã Nghĩa Hòa)"
    ]
    bare = _doc(*head, "Kính gửi: Bà Lê Thị Hoa", "Địa. chỉ: Thôn Vĩnh Xuân, xã Phổ",
                "Phong, tỉnh Quảng Ngãi", "Chủ tịch UBND tỉnh nhận được đơn.")  # fmt: skip
    assert parse_text(bare).fields["recipients"] == ["Bà Lê Thị Hoa"]


def test_letter_subject_ends_with_the_left_header_column() -> None:
    lines = [
        OcrLine("Số: 12/UBND-VP", region="header_left"),
        OcrLine("V/v triển khai công tác", region="header_left"),
        OcrLine("Hòa Bình, ngày 1 tháng 2 năm 2025", region="header_right"),
        OcrLine(
            "Thực hiện chỉ đạo của Chủ tịch UBND tỉnh, Văn phòng đề nghị các sở", region="body"
        ),
    ]
    assert parse_lines(lines).fields["subject"] == "triển khai công tác"


def test_doc_type_from_symbol_when_no_title() -> None:
    f = parse_text(_doc(*HEADER, "Số: 4/KH-UBND", "Hòa Bình, ngày 1 tháng 2 năm 2025")).fields
    assert f["doc_type"] == "Kế hoạch"


# --- signer and cc -------------------------------------------------------------------------


def test_two_column_footer_in_plain_text() -> None:
    text = _doc(
        *HEADER,
        "Số: 5/TB-UBND",
        "Hòa Bình, ngày 1 tháng 2 năm 2025",
        "THÔNG BÁO",
        "Về việc họp",
        "Các đơn vị tham dự đúng giờ./.",
        "Nơi nhận:                                     TL. CHỦ TỊCH",
        "- Như trên;                                 KT. CHÁNH VĂN PHÒNG",
        "- Lưu: VT, KGVX.                            PHÓ CHÁNH VĂN PHÒNG",
        "",
        "                                               Quách Văn Thành",
    )
    f = parse_text(text).fields
    assert f["cc"] == ["Như trên", "Lưu: VT, KGVX"]
    assert f["signer"] == {
        "name": "Quách Văn Thành",
        "title": "PHÓ CHÁNH VĂN PHÒNG",
        "authority": "TL.",
    }


def test_cc_wrapped_items_and_split_parenthesis() -> None:
    # regressions: an item wrapped onto a line without bullet; "(Cục A03" / "- để b/c);"
    text = _doc(
        "Nơi nhận:",
        "- Bộ Công an (Cục A03",
        "- để b/c);",
        "- Các Sở: Xây dựng, Tài chính; Thuế tỉnh",
        "Hòa Bình;",
        "- Lưu: VT, CN(2). nmh",
        "KT. BỘ TRƯỞNG",
        "THỨ TRƯỞNG",
        "Lê Văn",
        "Thành",
    )
    lines = layout.build_lines([OcrLine(t) for t in text.splitlines()], None)
    cc, _ = footer.find_cc(lines, 0, len(lines), set())
    assert cc.value == [
        "Bộ Công an (Cục A03 - để b/c)",
        "Các Sở: Xây dựng, Tài chính; Thuế tỉnh Hòa Bình",
        "Lưu: VT, CN(2). nmh",
    ]
    signer = footer.find_signer(lines, 0, len(lines), set(), 0)
    assert signer["signer.name"].value == "Lê Văn Thành"  # regression: name wrapped
    assert signer["signer.authority"].value == "KT."


def test_signer_block_with_seal_noise_and_ocr_bullets() -> None:
    # regressions from real scans: "_" read for a bullet, a speck after an entry, seal and
    # signature noise between the title and the name
    text = _doc(
        "Nơi nhận:", "- Như trên; Ộ", "_ VPUB: CVP, PCVP;", "- Lưu: VT.",
        "TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "\\y >—^<42⁄/", 'mH"ĂẮ',
        "Phùng Văn Long",
    )  # fmt: skip
    lines = layout.build_lines([OcrLine(t) for t in text.splitlines()], None)
    cc, _ = footer.find_cc(lines, 0, len(lines), set())
    assert cc.value == ["Như trên", "VPUB: CVP, PCVP", "Lưu: VT"]
    signer = footer.find_signer(lines, 0, len(lines), set(), 0)
    assert signer["signer.authority"].value == "TL."
    assert signer["signer.title"].value == "PHÓ CHÁNH VĂN PHÒNG"


@pytest.mark.parametrize("placeholder", ["(Đã ký)", "[daky]", "(Ký, đóng dấu)"])
def test_signature_placeholder_between_title_and_name(placeholder: str) -> None:
    text = _doc("Nơi nhận:", "- Lưu: VT.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", placeholder, "Lê Văn An")
    f = parse_text(text).fields
    assert f["signer"] == {"name": "Lê Văn An", "title": "PHÓ GIÁM ĐỐC", "authority": "KT."}


def test_flattened_prefix_and_title_on_one_line() -> None:
    text = _doc("Nơi nhận:", "- Lưu: VT.", "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC", "Lê Văn An")
    f = parse_text(text).fields
    assert f["signer"] == {"name": "Lê Văn An", "title": "PHÓ GIÁM ĐỐC", "authority": "KT."}


def test_title_and_name_flattened_onto_one_line() -> None:
    text = _doc("Nơi nhận:", "- Lưu: VT.", "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG Lê Văn An")
    f = parse_text(text).fields
    assert f["signer"] == {"name": "Lê Văn An", "title": "THỨ TRƯỞNG", "authority": "KT."}


def test_footer_columns_read_as_one_line_without_layout() -> None:
    # regression from OCR text without layout: "- Entry; KT. THỦ TƯỚNG" on one line
    text = _doc(
        "Nơi nhận: TM. CHÍNH PHỦ", "- Ban Bí thư Trung ương Đảng; KT. THỦ TƯỚNG",
        "- Thủ tướng, các Phó Thủ tướng Chính phủ; p _PHÓ THỦ TƯỚNG", "- Văn phòng Quốc hội;",
        "- Lưu: VT, TCCV.", "Lê Văn An",
    )  # fmt: skip
    f = parse_text(text).fields
    assert f["cc"] == [
        "Ban Bí thư Trung ương Đảng",
        "Thủ tướng, các Phó Thủ tướng Chính phủ",
        "Văn phòng Quốc hội",
        "Lưu: VT, TCCV",
    ]
    assert f["signer"] == {"name": "Lê Văn An", "title": "PHÓ THỦ TƯỚNG", "authority": "TM."}


def test_cc_listing_entry_keeps_its_semicolons() -> None:
    text = _doc("Nơi nhận:", "- Các Công ty: CP Môi trường;", "CP Cấp nước;", "Điện lực tỉnh;",
                "- Lưu: VT.")  # fmt: skip
    lines = layout.build_lines([OcrLine(t) for t in text.splitlines()], None)
    assert footer.find_cc(lines, 0, len(lines), set())[0].value == [
        "Các Công ty: CP Môi trường; CP Cấp nước; Điện lực tỉnh",
        "Lưu: VT",
    ]


def test_cc_entries_whose_bullet_ocr_dropped() -> None:
    text = _doc("Nơi nhận:", "Như trên;", "VPUB: CVP, PCVP;", "- Lưu: VT.", "CHỦ TỊCH", "Lê Văn An")
    lines = layout.build_lines([OcrLine(t) for t in text.splitlines()], None)
    assert footer.find_cc(lines, 0, len(lines), set())[0].value == [
        "Như trên",
        "VPUB: CVP, PCVP",
        "Lưu: VT",
    ]


@pytest.mark.parametrize(
    ("printed", "title"),
    [
        ("PFHÓ CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"),
        ("`= 2m9 CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"),
        ("CHỦ TỊCH „", "CHỦ TỊCH"),
        ("PHÓ TRƯỞNG THUẾ TỈNH", "PHÓ TRƯỞNG THUẾ TỈNH"),  # clean: kept as printed
    ],
)
def test_signer_title_cleaning(printed: str, title: str) -> None:
    lines = layout.build_lines([OcrLine(printed), OcrLine("Phùng Văn Long")], None)
    assert footer.find_signer(lines, 0, 2, set(), 0)["signer.title"].value == title


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("Nguyên Phước Bình", "Nguyễn Phước Bình"),  # OCR changed the surname's tone mark
        ("Trân Ngọc Căng", "Trần Ngọc Căng"),
        ("Lường Văn An", "Lường Văn An"),
        ("Luong Van An", "Luong Van An"),  # legacy text without marks: as printed
        ("Mạnh Thị Tuyết Mai", "Mạnh Thị Tuyết Mai"),
    ],
)
def test_fix_surname(printed: str, name: str) -> None:
    assert footer.fix_surname(printed) == name


def test_signer_under_an_unreadable_seal() -> None:
    lines = [
        OcrLine("Nơi nhận:", region="footer_left"),
        OcrLine("- Lưu: VT.", region="footer_left"),
        OcrLine("BưR.. v s", region="footer_right"),
        OcrLine("Trân Ngọc Căng", region="footer_right"),
    ]
    f = parse_lines(lines).fields
    assert f["signer"] == {"name": "Trần Ngọc Căng", "title": None, "authority": None}


@pytest.mark.parametrize(
    ("line", "prefix"),
    [
        ("KT. CHỦ TỊCH", "KT."),
        ("KT.BỘ TRƯỞNG", "KT."),
        ("T/M UBND", "TM."),
        ("TUQ. BỘ TRƯỞNG", "TUQ."),
        ("Q. GIÁM ĐỐC", "Q."),
        ("KT.", "KT."),
        ("QUYẾT ĐỊNH", None),
        ("TỔNG CỤC TRƯỞNG", None),
    ],
)
def test_authority_prefixes(line: str, prefix: str | None) -> None:
    found = footer.authority(line)
    assert (found[0] if found else None) == prefix


# --- references ----------------------------------------------------------------------------


def _refs(text: str, own: str | None = None) -> list[dict[str, str | None]]:
    lines = layout.build_lines([OcrLine(t) for t in text.splitlines()], None)
    return body.find_references(body.paragraphs(lines), own).value  # type: ignore[return-value]


def test_reference_nearest_type_word_wins() -> None:
    # regression: "Nghị định này và Điều 1 Nghị định số …" lost the citation
    refs = _refs(
        "theo Điều 12 Nghị định này và Điều 1 Nghị định số 44/2008/NĐ-CP ngày 09 tháng 4 năm 2008"
    )
    assert refs == [
        {
            "doc_type": "Nghị định",
            "number_symbol": "44/2008/NĐ-CP",
            "date": "2008-04-09",
            "issuer": None,
        }
    ]


def test_reference_forms() -> None:
    refs = _refs(
        _doc(
            "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;",
            "Căn cứ các Thông tư của Bộ trưởng: số 02/2017/TT-VPCP ngày 31/10/2017;"
            " số 03/2025/TT-VPCP.",
            "Trả lời công văn số AB/2025/276 ngày 5/9/2025 của Công ty X về việc thuế.",
            "Theo Tờ trình số 02/TTr-CAT- ANCTNB ngày 03/02/2023 của Công an tỉnh.",
            "Kèm theo Quyết định số 0254/QĐ-UBND ngày 17/02/2023.",
            "Nghị quyết số 66.7/2025/NQ-CP và Quyết định 31/2007/QĐ-TTg (không có số).",
        ),
        own="254/QĐ-UBND",
    )
    assert [(r["doc_type"], r["number_symbol"], r["date"]) for r in refs] == [
        ("Luật", "72/2025/QH15", None),
        ("Thông tư", "02/2017/TT-VPCP", "2017-10-31"),
        ("Thông tư", "03/2025/TT-VPCP", None),
        ("Công văn", "AB/2025/276", "2025-09-05"),
        ("Tờ trình", "02/TTr-CAT-ANCTNB", "2023-02-03"),
        ("Nghị quyết", "66.7/2025/NQ-CP", None),
    ]
    assert refs[3]["issuer"] == "Công ty X"


def test_reference_listed_once_unless_dates_differ() -> None:
    refs = _refs(
        _doc(
            "Chỉ thị số 02/CT-TTg ngày 15/11/2019 và Chỉ thị số 02/CT-TTg.",
            "Thực hiện Chỉ thị số 02/CT-TTg ngày 04/7/2018.",
        )
    )
    assert [r["date"] for r in refs] == ["2019-11-15", "2018-07-04"]


def test_legacy_text_without_tone_marks_in_the_body() -> None:
    text = _doc(
        "Can cu Quyet dinh so 12/QD-UBND ngay 05/01/2024 cua UBND tinh ve cong tac can bo;",
        "Dieu 1. Phe duyet ke hoach.",
        "Dieu 2. Chanh Van phong, Giam doc So Noi vu chiu trach nhiem thi hanh Quyet dinh nay./.",
    )
    lines = layout.build_lines([OcrLine(t) for t in text.splitlines()], None)
    paras = body.paragraphs(lines)
    refs = body.find_references(paras, None).value
    assert refs == [
        {"doc_type": "Quyết định", "number_symbol": "12/QD-UBND", "date": "2024-01-05",
         "issuer": "UBND tinh"}
    ]  # fmt: skip
    items = actions.find_action_items(paras, "Quyết định")
    assert [i.value["text"] for i in items] == [  # type: ignore[index]
        "Chanh Van phong, Giam doc So Noi vu chiu trach nhiem thi hanh Quyet dinh nay"
    ]


# --- action items --------------------------------------------------------------------------


def _actions(text: str, doc_type: str | None) -> list[dict[str, str | None]]:
    lines = layout.build_lines([OcrLine(t) for t in text.splitlines()], None)
    return [f.value for f in actions.find_action_items(body.paragraphs(lines), doc_type)]  # type: ignore[misc]


def test_request_list_after_leadin_with_deadline_and_assignee() -> None:
    items = _actions(
        _doc(
            "Để triển khai kế hoạch, Sở Nội vụ đề nghị UBND các huyện chỉ đạo. Cụ thể:",
            "1. Rà soát hồ sơ, gửi về Sở trước ngày 10/02/2025.",
            "2. Giao Phòng Nội vụ tổng hợp, báo cáo.",
            "Sở Nội vụ đề nghị các đơn vị nghiêm túc thực hiện./.",
        ),
        "Công văn",
    )
    assert [i["text"] for i in items] == [
        "Rà soát hồ sơ, gửi về Sở trước ngày 10/02/2025",
        "Giao Phòng Nội vụ tổng hợp, báo cáo",
    ]
    assert items[0]["deadline"] == "2025-02-10" and items[0]["assignee"] == "UBND các huyện"
    assert items[1]["assignee"] == "Phòng Nội vụ"


def test_article_items_of_a_decision() -> None:
    items = _actions(
        _doc(
            "Điều 1. Phê duyệt danh mục dự án giao thông nông thôn.",
            "Điều 2. Giao Sở Tài chính chủ trì, phối hợp thẩm định có trách nhiệm:",
            "1. Cung cấp dữ liệu.",
            "2. Hướng dẫn thực hiện.",
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng và Giám đốc"
            " các sở chịu trách nhiệm thi hành Quyết định này./.",
        ),
        "Quyết định",
    )
    assert [i["text"] for i in items] == [
        "Giao Sở Tài chính chủ trì, phối hợp thẩm định có trách nhiệm: 1. Cung cấp dữ liệu."
        " 2. Hướng dẫn thực hiện",
        "Chánh Văn phòng và Giám đốc các sở chịu trách nhiệm thi hành Quyết định này",
    ]


def test_execution_clauses_naming_bodies_are_separate_items() -> None:
    items = _actions(
        _doc(
            "Điều 4. Tổ chức thực hiện",
            "1. Giao Ủy ban nhân dân tỉnh tổ chức triển khai thực hiện Nghị quyết.",
            "2. Đề nghị Ủy ban Mặt trận Tổ quốc tỉnh giám sát việc thực hiện Nghị quyết.",
        ),
        "Nghị quyết",
    )
    assert len(items) == 2 and items[1]["assignee"] == "Ủy ban Mặt trận Tổ quốc tỉnh"


def test_inline_points_of_a_notice() -> None:
    # regression: notice conclusions merged onto lines ("… a) … b) … đề nghị: (i) … (ii) …")
    items = _actions(
        "1. Về dự án A a) Đánh giá cao nỗ lực của Chủ đầu tư. b) Để làm tốt nhiệm vụ, đề nghị: "
        "(i) Bộ Công Thương chỉ đạo đẩy nhanh tiến độ. (ii) Giao Bộ Xây dựng hướng dẫn thủ tục. "
        "c) Về mặt bằng: Ủy ban nhân dân tỉnh xử lý dứt điểm trong tháng 11.",
        "Thông báo",
    )
    assert [i["text"] for i in items] == [
        "Bộ Công Thương chỉ đạo đẩy nhanh tiến độ",
        "Giao Bộ Xây dựng hướng dẫn thủ tục",
        "Về mặt bằng: Ủy ban nhân dân tỉnh xử lý dứt điểm trong tháng 11",
    ]


def test_points_under_an_addressee_line() -> None:
    items = _actions(
        _doc(
            "1. Chủ tịch Ủy ban nhân dân các tỉnh, thành phố: a) Chỉ đạo sơ tán dân cư khỏi vùng"
            " nguy hiểm. b) Bố trí lực lượng trực 24/24 giờ.",
            "2. Bộ Quốc phòng chỉ đạo các đơn vị sẵn sàng lực lượng, phương tiện cứu hộ.",
        ),
        "Công điện",
    )
    assert [(i["text"], i["assignee"]) for i in items] == [
        (
            "Chỉ đạo sơ tán dân cư khỏi vùng nguy hiểm",
            "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố",
        ),
        ("Bố trí lực lượng trực 24/24 giờ", "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố"),
        (
            "Bộ Quốc phòng chỉ đạo các đơn vị sẵn sàng lực lượng, phương tiện cứu hộ",
            "Bộ Quốc phòng",
        ),
    ]


def test_non_requests_are_not_action_items() -> None:
    # regressions: "giao thông", "Xét đề nghị của", "chủ trì buổi làm việc", closings
    items = _actions(
        _doc(
            "Xét đề nghị của Sở Giao thông vận tải tại Tờ trình số 5/TTr-SGTVT.",
            "Ngày 12/11/2024, Phó Giám đốc Sở chủ trì buổi làm việc về giao thông nông thôn.",
            "Văn phòng thông báo để các cơ quan biết, thực hiện./.",
        ),
        "Thông báo",
    )
    assert items == []


# --- scans: regions and evidence -----------------------------------------------------------


def test_ocr_lines_with_regions_and_boxes() -> None:
    def ln(text: str, region: str, y: int, x: int = 100) -> OcrLine:
        return OcrLine(text, page=1, region=region, bbox=BBox(x, y, x + 800, y + 40), conf=90.0)  # type: ignore[arg-type]

    lines = [
        ln("ỦY BAN NHÂN DÂN", "header_left", 100),
        ln("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "header_right", 100, 1200),
        ln("TỈNH QUẢNG NGÃI", "header_left", 150),
        ln("Độc lập - Tự do - Hạnh phúc", "header_right", 150, 1200),
        ln("Số: 53 /TB-UBND", "header_left", 250),
        ln("Quảng Ngãi, ngày 07 tháng 02 năm 2025", "header_right", 250, 1200),
        ln("THÔNG BÁO", "body", 400, 900),
        ln("Về việc thụ lý khiếu nại", "body", 450, 700),
        ln("Nơi nhận:", "footer_left", 2800),
        ln("TL. CHỦ TỊCH", "footer_right", 2800, 1300),
        ln("- Như trên;", "footer_left", 2850),
        ln("PHÓ CHÁNH VĂN PHÒNG", "footer_right", 2850, 1300),
        ln("- Lưu: VT.", "footer_left", 2900),
        ln("Trần Phước Hiền", "footer_right", 3100, 1300),
    ]
    result = parse_lines(lines)
    f = result.fields
    assert f["issuer"] == {"name": "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "parent": None}
    assert (f["number"], f["place"], f["date"]) == ("53", "Quảng Ngãi", "2025-02-07")
    assert f["cc"] == ["Như trên", "Lưu: VT"]
    assert f["signer"] == {
        "name": "Trần Phước Hiền",
        "title": "PHÓ CHÁNH VĂN PHÒNG",
        "authority": "TL.",
    }
    ev = result.evidence["number"]
    assert (ev.page, ev.bbox, ev.confidence) == (1, [100, 250, 900, 290], 90.0)
    assert ev.rule.startswith("number.")


@pytest.mark.parametrize(
    ("block", "authority", "title"),
    [
        (["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"], "TL.",
         "PHÓ CHÁNH VĂN PHÒNG"),
        (["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG THƯỜNG TRỰC"], "KT.", "THỨ TRƯỞNG THƯỜNG TRỰC"),
        # the signer's own title over two lines, under a prefix line
        (["TL. CỤC TRƯỞNG", "TRƯỞNG BAN", "BAN CHÍNH SÁCH, THUẾ QUỐC TẾ"], "TL.",
         "TRƯỞNG BAN BAN CHÍNH SÁCH, THUẾ QUỐC TẾ"),
        # the office signed for wraps; the deputy's title is the last element
        (["TL. CỤC TRƯỞNG", "KT. TRƯỞNG BAN", "BAN CHÍNH SÁCH, THUẾ QUỐC TẾ", "PHÓ TRƯỞNG BAN"],
         "TL.", "PHÓ TRƯỞNG BAN"),
        (["KT. BỘ TRƯỞNG,", "CHỦ NHIỆM", "PHÓ CHỦ NHIỆM"], "KT.", "PHÓ CHỦ NHIỆM"),
        (["KT.", "TRƯỞNG THUẾ TỈNH", "PHÓ TRƯỞNG THUẾ TỈNH"], "KT.", "PHÓ TRƯỞNG THUẾ TỈNH"),
        (["PHÓ CHỦ TỊCH", "THƯỜNG TRỰC"], None, "PHÓ CHỦ TỊCH THƯỜNG TRỰC"),
        (["BỘ TRƯỞNG,", "CHỦ NHIỆM"], None, "BỘ TRƯỞNG, CHỦ NHIỆM"),  # concurrent offices
        (["Q. TỔNG GIÁM ĐỐC"], "Q.", "TỔNG GIÁM ĐỐC"),
        (["TL. BỘ TRƯỞNG", "TỔNG THƯ KÝ"], "TL.", "TỔNG THƯ KÝ"),
        # the signer's title flattened onto the prefix line after the office signed for
        (["TL. BỘ TRƯỞNG CỤC TRƯỞNG CỤC NGƯỜI CÓ CÔNG"], "TL.", "CỤC TRƯỞNG CỤC NGƯỜI CÓ CÔNG"),
        (["TM. CHÍNH PHỦ THỦ TƯỚNG"], "TM.", "THỦ TƯỚNG"),
        (["T/M BỘ CHÍNH TRỊ"], "TM.", None),  # the office signed for is no title
        # the office's tail wrapped onto the line of the deputy's title
        (["TL. CỤC TRƯỞNG", "KT. TRƯỞNG BAN GIÁM SÁT QUẢN LÝ", "VỀ HQ PHÓ TRƯỞNG BAN"], "TL.",
         "PHÓ TRƯỞNG BAN"),
    ],
)  # fmt: skip
def test_signer_block_elements(
    block: list[str], authority: str | None, title: str | None
) -> None:
    lines = layout.build_lines([OcrLine(t) for t in block], None)
    auth, found, title_lines = footer.read_block(lines)
    assert (auth, found) == (authority, title)
    assert title_lines and title_lines[-1] is lines[-1]


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("Thiếu tướng Nguyễn Văn An", "Nguyễn Văn An"),
        ("PGS.TS. Lê Thị Hồng", "Lê Thị Hồng"),
        ("Đại tá, TS. Trần Minh", "Trần Minh"),
        ("ThS Phạm Đức Long", "Phạm Đức Long"),
        ("Đại Văn Nam", "Đại Văn Nam"),  # a name, not a rank
    ],
)
def test_ranks_and_degrees_are_not_part_of_the_name(printed: str, name: str) -> None:
    text = _doc("Nơi nhận:", "- Lưu: VT.", "GIÁM ĐỐC", "(Đã ký và đóng dấu)", printed)
    assert parse_text(text).fields["signer"] == {"name": name, "title": "GIÁM ĐỐC",
                                                 "authority": None}  # fmt: skip


def test_rank_on_its_own_line_over_the_name() -> None:
    text = _doc("Nơi nhận:", "- Lưu: VT.", "TL. TƯ LỆNH", "CHÍNH ỦY", "Thiếu tướng", "Lê Văn An")
    assert parse_text(text).fields["signer"] == {"name": "Lê Văn An", "title": "CHÍNH ỦY",
                                                 "authority": "TL."}  # fmt: skip


@pytest.mark.parametrize(
    ("line", "number", "symbol"),
    [("Số: 2191 (CT-CS", "2191", "CT-CS"), ("Số: 45¿UBND-VP", "45", "UBND-VP"),
     ("Số 12 / 2025/QĐ-UBND", "12", "2025/QĐ-UBND"), ("Số: 15972/SXD-QLN&TTBĐS", "15972",
     "SXD-QLN&TTBĐS")],
)  # fmt: skip
def test_number_with_a_slash_look_alike(line: str, number: str, symbol: str) -> None:
    f = parse_text(_doc(*HEADER, line, "Hòa Bình, ngày 02 tháng 01 năm 2025")).fields
    assert (f["number"], f["symbol"]) == (number, symbol)


@pytest.mark.parametrize("day", ["", "    ", "2#", "....", "  /  "])
def test_place_from_its_words_whatever_the_day_gap_holds(day: str) -> None:
    date = f"Quảng Ngãi, ngày{' ' if day else ''}{day} tháng 01 năm 2025"
    f = parse_text(_doc(*HEADER, "Số: 507/UBND-KGVX", "V/v góp ý", date)).fields
    assert (f["place"], f["date"]) == ("Quảng Ngãi", None)


def test_hyphenated_place_and_place_after_a_flattened_number() -> None:
    line = "Số: 473 / SNV Bà Rịa - Vũng Tàu, ngày 02 tháng 01 năm 2025"
    f = parse_text(_doc(*HEADER, line)).fields
    assert (f["number"], f["symbol"], f["place"]) == ("473", "SNV", "Bà Rịa - Vũng Tàu")


@pytest.mark.parametrize(
    ("lines", "name", "parent"),
    [
        (["UBND THỊ XÃ CHƠN THÀNH", "P. TÀI NGUYÊN VÀ MÔI TRƯỜNG"], "P. TÀI NGUYÊN VÀ MÔI TRƯỜNG",
         "UBND THỊ XÃ CHƠN THÀNH"),
        (["TỔNG CÔNG TY ĐIỆN LỰC MIỀN BẮC", "CÔNG TY ĐIỆN LỰC THÁI BÌNH"],
         "CÔNG TY ĐIỆN LỰC THÁI BÌNH", "TỔNG CÔNG TY ĐIỆN LỰC MIỀN BẮC"),
    ],
)  # fmt: skip
def test_two_level_issuers(lines: list[str], name: str, parent: str) -> None:
    assert header.split_issuer(lines) == (name, parent)


def test_issuer_continues_below_the_motto_of_an_interleaved_export() -> None:
    text = _doc("UBND TỈNH NAM ĐỊNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SỞ NỘI VỤ",
                "Độc lập - Tự do - Hạnh phúc", "Số: 3/SNV", "Nam Định, ngày 1 tháng 2 năm 2025")
    issuer = parse_text(text).fields["issuer"]
    assert issuer == {"name": "SỞ NỘI VỤ", "parent": "UBND TỈNH NAM ĐỊNH"}


def test_recipients_bulleted_on_one_line_and_a_wrapped_name_with_its_address() -> None:
    head = (*HEADER, "Số: 5/UBND", "V/v a")
    one_line = _doc(*head, "Kính gửi:", "- Bộ Tài chính; - Bộ Kế hoạch và Đầu tư.",
                    "Thực hiện Quyết định số 1/QĐ-TTg, Bộ Xây dựng đề nghị như sau.")  # fmt: skip
    assert parse_text(one_line).fields["recipients"] == ["Bộ Tài chính", "Bộ Kế hoạch và Đầu tư"]
    wrapped = _doc(*head, "Kính gửi: Công ty TNHH", "Tokokosen. (Địa chỉ: 562 Nguyễn Văn Cừ,",
                   "phường Bồ Đề, thành phố Hà Nội)",
                   "Trả lời công văn của Công ty, Cục có ý kiến.")  # fmt: skip
    assert parse_text(wrapped).fields["recipients"] == [
        "Công ty TNHH Tokokosen. (Địa chỉ: 562 Nguyễn Văn Cừ, phường Bồ Đề, thành phố Hà Nội)"
    ]


def test_co_recipients_go_on_with_the_list() -> None:
    text = _doc(*HEADER, "Số: 5/CĐ-TTg", "CÔNG ĐIỆN", "VỀ VIỆC ỨNG PHÓ BÃO",
                "THỦ TƯỚNG CHÍNH PHỦ điện:", "- Bộ trưởng các Bộ;", "Đồng kính gửi:",
                "Bí thư Tỉnh ủy các tỉnh.",
                "Thực hiện Nghị quyết số 66/NQ-CP của Chính phủ.")  # fmt: skip
    assert parse_text(text).fields["recipients"] == ["Bộ trưởng các Bộ", "Bí thư Tỉnh ủy các tỉnh"]


def test_signer_lines_interleaved_with_the_cc_list_of_an_export() -> None:
    text = _doc("Ban Chấp hành kêu gọi toàn Đảng đoàn kết, thống nhất.", "Nơi nhận:",
                "T/M BAN CHẤP HÀNH TRUNG ƯƠNG", "- Các ban đảng, đảng ủy trực thuộc", "TỔNG BÍ THƯ",
                "Trung ương,", "- Các tỉnh ủy, thành ủy,", "- Lưu Văn phòng Trung ương Đảng.",
                "Lê Văn An", "DANH SÁCH CÁC TỈNH")  # fmt: skip
    assert parse_text(text).fields["signer"] == {"name": "Lê Văn An", "title": "TỔNG BÍ THƯ",
                                                 "authority": "TM."}  # fmt: skip


def test_name_printed_after_a_cc_entry() -> None:
    text = _doc("Nghị quyết này có hiệu lực từ ngày ký.", "TM. ỦY BAN THƯỜNG VỤ QUỐC HỘI",
                "CHỦ TỊCH", "Nơi nhận:", "- Chính phủ;", "- Ủy ban TW Mặt trận Tổ quốc",
                "Việt Nam; Trần Văn An", "- Lưu: HC, PLTP.")  # fmt: skip
    f = parse_text(text).fields
    assert f["signer"] == {"name": "Trần Văn An", "title": "CHỦ TỊCH", "authority": "TM."}
    assert f["cc"] == ["Chính phủ", "Ủy ban TW Mặt trận Tổ quốc Việt Nam", "Lưu: HC, PLTP"]


def test_annex_heading_under_the_name_and_an_archive_entry_of_codes() -> None:
    text = _doc("Nơi nhận:", "- Như Điều 3;", "- Lưu: VT, K1, K9, K15.", "CHỦ TỊCH", "Lê Văn An",
                "Phần I.", "DANH MỤC THỦ TỤC HÀNH CHÍNH")  # fmt: skip
    f = parse_text(text).fields
    assert f["signer"]["name"] == "Lê Văn An"
    assert f["cc"] == ["Như Điều 3", "Lưu: VT, K1, K9, K15"]


def test_blank_day_in_a_two_column_text_export_is_no_column_gap() -> None:
    gap = " " * 10
    text = _doc(f"TỔNG CÔNG TY ĐIỆN LỰC MIỀN BẮC{gap}CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                f"CÔNG TY ĐIỆN LỰC THÁI BÌNH{gap}Độc lập - Tự do - Hạnh phúc",
                f"Số: 1/UBND-VP{gap}Hà Nội, ngày   tháng 01 năm 2001")  # fmt: skip
    f = parse_text(text).fields
    assert (f["number"], f["place"], f["date"]) == ("1", "Hà Nội", None)


def test_name_after_a_degree_in_capitals() -> None:
    text = _doc("Nơi nhận:", "- Lưu: VT.", "CHỦ TỊCH", "GS.TSKH. Cù An")
    assert parse_text(text).fields["signer"]["name"] == "Cù An"


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("báo cáo về Bộ trước ngày 15/12/2025", "2025-12-15"),
        ("gửi về Sở; hạn cuối ngày 20/11/2025", "2025-11-20"),
        ("chậm nhất là ngày 30 tháng 6 năm 2025", "2025-06-30"),
        ("hoàn thành trong tháng 12/2025", "2025-12-31"),
        ("hoàn thành trong tháng 2 năm 2024", "2024-02-29"),
        ("hoàn thành trong quý I năm 2026", "2026-03-31"),
        ("hoàn thành trong năm 2025", "2025-12-31"),
        ("báo cáo trước 15/12", "2025-12-15"),  # the year of the document
        ("báo cáo trước 15/01", "2026-01-15"),  # the first such date after it
        ("báo cáo trước ngày 20 hằng tháng", None),  # recurring
        ("tổ chức thực hiện trước khi ban hành", None),
    ],
)
def test_deadline_forms(text: str, deadline: str | None) -> None:
    assert actions.deadline(text, 2025, dt.date(2025, 11, 3)) == deadline


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương cân đối, bố trí kinh phí",
         "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"),
        ("Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ tổng hợp", "Sở Tài chính"),
        ("Bộ Xây dựng đề nghị Bộ Tài chính, Bộ Kế hoạch và Đầu tư bố trí vốn",
         "Bộ Tài chính, Bộ Kế hoạch và Đầu tư"),
        ("Văn phòng Chính phủ theo chức năng, nhiệm vụ được giao theo dõi, đôn đốc",
         "Văn phòng Chính phủ"),
        ("Chính phủ, các cơ quan, tổ chức khác có liên quan có trách nhiệm tổ chức thi hành",
         "Chính phủ, các cơ quan, tổ chức khác có liên quan"),
        ("Đề nghị bộ, ngành, địa phương khẩn trương tổng hợp đề xuất", "bộ, ngành, địa phương"),
        ("Tổng cục Thuế đồng ý với ý kiến xử lý của Cục Thuế", None),  # no task asked
        ("Rà soát, tổng hợp danh sách các hộ gia đình", None),
    ],
)  # fmt: skip
def test_assignee_is_the_body_without_its_verb(text: str, who: str | None) -> None:
    assert actions.assignee(text) == who


def test_no_items_from_quotes_preamble_narrative_or_the_issuer_itself() -> None:
    text = _doc(
        "BỘ TÀI CHÍNH", "Số: 5/BTC-CT", "V/v cẩm nang", "Hà Nội, ngày 05 tháng 3 năm 2025",
        "Kính gửi: Ủy ban nhân dân các tỉnh",
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ;",
        "Ngày 12/3/2025, Văn phòng Chính phủ đã có văn bản giao Bộ Y tế rà soát danh mục.",
        "Cử tri kiến nghị: “Đề nghị Bộ Tài chính sớm ban hành hướng dẫn”.",
        "Bộ Tài chính gửi kèm bộ Cẩm nang gồm:", "- Cẩm nang nghiệp vụ;", "- Slide tập huấn.",
        "Bộ Tài chính đề nghị Ủy ban nhân dân các tỉnh chỉ đạo phổ biến Cẩm nang trước 30/4.",
    )  # fmt: skip
    assert parse_text(text).fields["action_items"] == [
        {"text": "Bộ Tài chính đề nghị Ủy ban nhân dân các tỉnh chỉ đạo phổ biến Cẩm nang trước "
                 "30/4", "assignee": "Ủy ban nhân dân các tỉnh", "deadline": "2025-04-30"}
    ]  # fmt: skip


def test_points_of_a_task_that_details_itself_stay_one_item() -> None:
    items = _actions(
        _doc(
            "Bộ Lao động - Thương binh và Xã hội yêu cầu các địa phương thực hiện như sau:",
            "1. Tiếp tục xem xét, giải quyết các hồ sơ còn tồn.",
            "Đối với các hồ sơ khác sẽ giải quyết khi Quy trình được ban hành.",
            "2. Tiến hành xem xét lại từng hồ sơ, trong khi xem xét cần lưu ý:",
            "- Giấy tờ chứng minh phải đúng hướng dẫn.",
            "- Cơ quan y tế kiểm tra hồ sơ bệnh án.",
            "Bộ sẽ thành lập các đoàn kiểm tra liên ngành.",
        ),
        "Công văn",
    )
    assert [(i["text"], i["assignee"]) for i in items] == [
        ("Tiếp tục xem xét, giải quyết các hồ sơ còn tồn. Đối với các hồ sơ khác sẽ giải quyết "
         "khi Quy trình được ban hành", "các địa phương"),
        ("Tiến hành xem xét lại từng hồ sơ, trong khi xem xét cần lưu ý: - Giấy tờ chứng minh "
         "phải đúng hướng dẫn. - Cơ quan y tế kiểm tra hồ sơ bệnh án", "các địa phương"),
    ]  # fmt: skip


def test_addressee_line_run_into_its_task_and_inline_points() -> None:
    items = _actions(
        _doc(
            "1. Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ Tập trung hoàn thành sửa đổi 485 "
            "văn bản trong năm 2025.",
            "2. Bộ Tài chính chủ trì, phối hợp với các bộ liên quan: a) Đôn đốc các doanh nghiệp "
            "bảo hiểm chi trả. b) Chỉ đạo Bảo hiểm xã hội chi trả kịp thời.",
        ),
        "Công điện",
    )
    assert [(i["text"], i["assignee"], i["deadline"]) for i in items] == [
        ("Tập trung hoàn thành sửa đổi 485 văn bản trong năm 2025",
         "Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ", "2025-12-31"),
        ("Đôn đốc các doanh nghiệp bảo hiểm chi trả", "Bộ Tài chính", None),
        ("Chỉ đạo Bảo hiểm xã hội chi trả kịp thời", "Bộ Tài chính", None),
    ]  # fmt: skip


def test_reference_lists_party_numbers_and_dates_before_the_number() -> None:
    refs = _refs(
        _doc(
            "Theo Công văn số 15972/SXD-QLN&TTBĐS và số 432/UBND-KT của Sở Xây dựng.",
            "Thủ tướng đã chỉ đạo (các Văn bản: số 423/TTg-CĐS ngày 5/3/2025, số 432/TTg-CĐS"
            " ngày 7/3/2025), nay đề nghị thực hiện.",
            "Văn phòng nhận văn bản đề ngày 29 tháng 10 năm 2025 số 16/CV-HHTACN của Hội.",
            "Trả lời công văn số 01-10/2025/CV-TKV của Công ty (Tờ trình số 03-TTr/ĐU, ngày"
            " 17/10/2025) và Báo cáo giải trình, tiếp thu số 466/BC-UBND.",
        ),
        own="55/2025/TT-BCT",
    )
    assert [r["number_symbol"] for r in refs] == [
        "15972/SXD-QLN&TTBĐS", "432/UBND-KT", "423/TTg-CĐS", "432/TTg-CĐS", "16/CV-HHTACN",
        "01-10/2025/CV-TKV", "03-TTr/ĐU", "466/BC-UBND",
    ]  # fmt: skip
    assert refs[2]["date"] == "2025-03-05"


def test_own_number_cited_without_its_year_or_in_party_style() -> None:
    assert _refs("Ban hành kèm theo Thông tư số 55/TT-BCT ngày 28/11/2025.", "55/2025/TT-BCT") == []
    assert _refs("Kèm theo Nghị quyết số 60-NQ/TW ngày 12/4/2025.", "60/NQ/TW") == []


@pytest.mark.parametrize(
    ("read", "ocr", "name"),
    [
        ("Irần Văn Hùng", False, "Trần Văn Hùng"),  # no syllable: the one surname that fits
        ("Lrần Văn Hùng", True, "Trần Văn Hùng"),
        ("Nguyễn Thị Hiên", True, "Nguyễn Thị Hiền"),  # a rare spelling read from a scan
        ("Nguyễn Thị Hiên", False, "Nguyễn Thị Hiên"),  # typed: as written
        ("Trần Ngọc Căng", True, "Trần Ngọc Căng"),  # rare, no confident repair: as read
    ],
)
def test_name_model_repairs_only_when_confident(read: str, ocr: bool, name: str) -> None:
    mended = names.repair(read, ocr)
    assert mended.name == name
    assert bool(mended.warnings) == (read != name or read == "Trần Ngọc Căng")


def test_names_found_in_corpus_lines() -> None:
    found = names_build.names_in("Phó Thủ tướng Nguyễn Thiện Nhân đã chỉ đạo")
    assert found == ["Nguyễn Thiện Nhân"]
    assert names_build.names_in("Trần Văn Hùng") == ["Trần Văn Hùng"]
    assert names_build.names_in("ông Nguyễn Văn A, trú tại xã An Phú") == []  # cut at an initial
    assert names_build.names_in("thuộc tỉnh Lâm Đồng Nai Sơn") == []  # a place


def test_party_conclusion_wrapped_place_and_cut_date_line() -> None:
    text = _doc("BAN CHẤP HÀNH TRUNG ƯƠNG", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số 212-KL/TW",
                "Hà Nội, ngày 18 tháng 11 năm 2025", "KẾT LUẬN", "CỦA BỘ CHÍNH TRỊ,",
                "VỀ ĐỊNH HƯỚNG PHÂN LOẠI ĐÔ THỊ", "Thực hiện chỉ đạo.")  # fmt: skip
    f = parse_text(text).fields
    assert (f["doc_type"], f["number"], f["symbol"]) == ("Kết luận", "212", "KL/TW")
    assert f["subject"] == "CỦA BỘ CHÍNH TRỊ, VỀ ĐỊNH HƯỚNG PHÂN LOẠI ĐÔ THỊ"
    assert header.split_issuer(["UBND THÀNH PHỐ HÀ", "NỘI TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"]) == (
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "UBND THÀNH PHỐ HÀ NỘI")  # fmt: skip
    g = parse_text(_doc("BỘ NỘI VỤ", "Số: 10989/BNV-TCBC", "V/v đề xuất biên chế",
                        "Hà Nội, ngày 21 tháng", "Kính gửi: Các bộ")).fields  # fmt: skip
    assert (g["subject"], g["place"], g["date"]) == ("đề xuất biên chế", "Hà Nội", None)


def test_issuer_without_a_trailing_speck() -> None:
    lines = [OcrLine("BỘ GIÁO DỤC VÀ ĐÀO TẠO.", region="header_left"),
             OcrLine("Số: 1/QĐ-BGDĐT", region="header_left")]  # fmt: skip
    assert parse_lines(lines).fields["issuer"]["name"] == "BỘ GIÁO DỤC VÀ ĐÀO TẠO"


def test_points_with_ocr_specks_short_headings_and_described_bodies() -> None:
    items = _actions(
        _doc(
            "III. TỔ CHỨC THỰC HIỆN",
            "1. Giao Phòng Nội vụ tổng hợp ý kiến các cơ quan.",
            "-2. Giao Phòng Tài chính cân đối kinh phí.",  # OCR read a speck before "2."
            "3. Đề nghị Sở Tài chính quan tâm bố trí bổ sung kinh phí năm 2024.",
        ),
        "Kế hoạch",
    )
    assert [i["assignee"] for i in items] == ["Phòng Nội vụ", "Phòng Tài chính", "Sở Tài chính"]
    assert _actions(_doc("1. Đánh giá chung", "Năm 2024 các đơn vị đã hoàn thành kế hoạch."),
                    "Thông báo") == []  # fmt: skip
    decision = _actions(
        _doc("Điều 2. Các cơ quan, đơn vị được phân bổ vốn nêu tại Điều 1 chịu trách nhiệm tổ"
             " chức thực hiện đúng quy định."),
        "Quyết định",
    )  # fmt: skip
    assert decision[0]["assignee"] == "Các cơ quan, đơn vị được phân bổ vốn nêu tại Điều 1"


def test_wrapped_place_time_adverbial_same_body_and_point_continuation() -> None:
    items = _actions(
        _doc(
            "I. ĐÁNH GIÁ CHUNG",
            "Trong thời gian tới, Tỉnh rà soát quy hoạch. Tỉnh khảo sát kết nối hàng không.",
            "II. KIẾN NGHỊ CỦA TỈNH",
            "1. Về việc hỗ trợ kinh phí cho tỉnh Lai",  # a place cut by the line end
            "Châu: Giao Bộ Tài chính tổng hợp, báo cáo.",
            "2. Về xe cứu thương: Tỉnh sắp xếp xe hiện có.",
            "Trường hợp còn thiếu, Tỉnh báo cáo Bộ Tài chính để được hướng dẫn.",
            "3. Về trường học: Giao Bộ Giáo dục và Đào tạo nghiên cứu.",
        ),
        "Thông báo",
    )
    assert [i["text"] for i in items] == [
        "Trong thời gian tới, Tỉnh rà soát quy hoạch. Tỉnh khảo sát kết nối hàng không",
        "Về việc hỗ trợ kinh phí cho tỉnh Lai Châu: Giao Bộ Tài chính tổng hợp, báo cáo",
        "Về xe cứu thương: Tỉnh sắp xếp xe hiện có. Trường hợp còn thiếu, Tỉnh báo cáo Bộ Tài"
        " chính để được hướng dẫn",
        "Về trường học: Giao Bộ Giáo dục và Đào tạo nghiên cứu",
    ]
    assert [i["assignee"] for i in items] == [
        "Tỉnh", "Bộ Tài chính", "Tỉnh", "Bộ Giáo dục và Đào tạo"
    ]  # fmt: skip


def test_imperative_paragraphs_go_on_with_a_request_and_transitional_provisions() -> None:
    items = _actions(
        _doc(
            "Ban Thường vụ yêu cầu các cấp ủy, cơ quan, đơn vị tập trung rà soát thể chế.",
            "Điều chỉnh kịp thời các quy định để bộ máy vận hành thông suốt.",
            "Năm 2025 các đơn vị đã hoàn thành kế hoạch.",
        ),
        "Thông báo",
    )
    assert [i["text"] for i in items] == [
        "Ban Thường vụ yêu cầu các cấp ủy, cơ quan, đơn vị tập trung rà soát thể chế. Điều chỉnh"
        " kịp thời các quy định để bộ máy vận hành thông suốt"
    ]
    decision = _actions(
        _doc(
            "Điều 2. Hội đồng trường tiếp tục thực hiện chức năng, nhiệm vụ cho đến khi Bộ trưởng"
            " có quyết định kiện toàn.",
            "Điều 3. Giám đốc Sở Nội vụ chịu trách nhiệm thi hành Quyết định này./.",
        ),
        "Quyết định",
    )
    assert [i["assignee"] for i in decision] == ["Giám đốc Sở Nội vụ"]


def test_signer_block_with_no_legible_name_and_a_surname_without_its_capital() -> None:
    lines = [
        OcrLine("Nơi nhận:", region="footer_left"),
        OcrLine("- Như Điều 3;", region="footer_left"),
        OcrLine("- Lưu: VT.", region="footer_left"),
        OcrLine("KT. BỘ TRƯỞNG", region="footer_right"),
        OcrLine("HƯ TRƯƠNG", region="footer_right"),  # the signature took the first letter
        OcrLine("S\\. :4v k*", region="footer_right"),
    ]
    fields = parse_lines([OcrLine("Điều 3. Giao Vụ Pháp chế thi hành.", region="body"), *lines])
    assert fields.fields["signer"] == {"name": None, "title": "THỨ TRƯỞNG", "authority": "KT."}
    assert any("signer name not read" in w for w in fields.warnings)
    named = parse_lines([*lines[:5], OcrLine("nguyễn Văn Phúc", region="footer_right")])
    assert named.fields["signer"]["name"] == "Nguyễn Văn Phúc"
    assert names.repair("Nguyễn Thị Kim Chỉ", ocr=True).name == "Nguyễn Thị Kim Chỉ"  # not Thị


@pytest.mark.parametrize(
    ("block", "authority", "title"),
    [
        (["T1. HIỆU TRƯỞNG", "TIRUONG PHONG CTSV"], "TL.", "TRƯỞNG PHÒNG CTSV"),
        (["KT. HIỆU TRƯỞNG", "PHO THÊU TRƯỞNG"], "KT.", "PHÓ HIỆU TRƯỞNG"),
        (["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "TM.", "CHỦ TỊCH"),
    ],
)
def test_signer_prefix_and_title_look_alikes(block: list[str], authority: str, title: str) -> None:
    lines = layout.build_lines([OcrLine(t, region="footer_right") for t in block], None)
    assert footer.read_block(lines)[:2] == (authority, title)


def test_cc_entry_closed_by_a_colon_ocr_read_for_its_semicolon() -> None:
    lines = [
        OcrLine("Nơi nhận:", region="footer_left"),
        OcrLine("- Như Điều 3:", region="footer_left"),
        OcrLine("Bộ trưởng (để b/c):", region="footer_left"),
        OcrLine("Website", region="footer_left"),
        OcrLine("- Các sở, ngành:", region="footer_left"),
        OcrLine("Tài chính, Xây dựng;", region="footer_left"),
        OcrLine("- Lưu: VT.", region="footer_left"),
    ]
    ls = layout.build_lines(lines, None)
    cc, _ = footer.find_cc(ls, 0, len(ls), set())
    assert cc.value == [
        "Như Điều 3", "Bộ trưởng (để b/c)", "Website", "Các sở, ngành: Tài chính, Xây dựng",
        "Lưu: VT",
    ]  # fmt: skip


def test_garbled_motto_lines_give_no_issuer() -> None:
    lines = [
        OcrLine("‹ CỚNG II OA XÃ HỘI € HÍ: NGHĨA VIỆT NAM", region="header_left"),
        OcrLine("Nó GIÁ Độc lập - Eự do - Hạnh phúc", region="header_left"),
        OcrLine("Số: 12/UBND-VP", region="header_left"),
    ]
    assert parse_lines(lines).fields["issuer"]["name"] is None
    ls = layout.build_lines([OcrLine("ỦY BAN NHÂN DÂN HUYỆN HÒA VANG")], None)
    assert not layout.is_motto(ls[0])
