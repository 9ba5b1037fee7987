"""Regressions of the parser on OCR output of scans: footer columns with seal and signature
ink read as lines, OCR slips in prefixes, titles and codes.

The lines are written for the tests (invented names and units) in the shape OCR gives them:
each carries the layout region the OCR stage assigns.
"""

from __future__ import annotations

import pytest

from congvan.parse import footer, parse_lines, parse_text
from congvan.types import BBox, OcrLine


def _footer(left: list[str], right: list[str]) -> list[OcrLine]:
    head = [OcrLine("ỦY BAN NHÂN DÂN", region="header_left"),
            OcrLine("Số: 12/UBND-VP", region="header_left"),
            OcrLine("V/v triển khai công tác năm 2024", region="header_left")]  # fmt: skip
    body = [OcrLine("Đề nghị các đơn vị triển khai thực hiện./.", region="body")]
    return (
        head
        + body
        + [OcrLine(t, region="footer_left") for t in left]
        + [OcrLine(t, region="footer_right") for t in right]
    )


CC = ["Nơi nhận:", "- Như trên;", "- Lưu: VT, TH."]


@pytest.mark.parametrize(
    ("right", "signer"),
    [
        # signature ink read as capitals with digits and dashes between title and name
        (
            ["KT. CHỦ TỊCH", ".PHÓ CHỦ TỊCH", "KIÊN —- 3 TÂ", "c^ đã để LẦN, L5 ện m,",
             "Lê Văn Khải"],
            ("Lê Văn Khải", "PHÓ CHỦ TỊCH", "KT."),
        ),
        # a rule speck before the prefix, seal ink before the title, a speck before the name
        (
            ["TM. ỦY BAN NHÂN DÂN", "_—— KT.CHỦ TỊCH", "XP” -PHÓ CHỦ TỊCH", "ư ^ ) 2 z",
             "ga Sử yẾT", "_Lê Quang Bình"],
            ("Lê Quang Bình", "PHÓ CHỦ TỊCH", "TM."),
        ),
        # "KT." read as "KT,"; the title lost its tone marks
        (["KT, BỘ TRƯỞNG", "THƯ TRƯƠNG", "Trần Minh Hà"], ("Trần Minh Hà", "THỨ TRƯỞNG", "KT.")),
        # "TL." read without its dot, the seal's letters between title and name
        (
            ["TL CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "‹ 26“ j DỤ vi",
             "Hồ Minh Trang"],
            ("Hồ Minh Trang", "PHÓ CHÁNH VĂN PHÒNG", "TL."),
        ),
    ],
)  # fmt: skip
def test_signer_block_through_signature_noise(
    right: list[str], signer: tuple[str, str, str]
) -> None:
    f = parse_lines(_footer(CC, right)).fields
    assert (f["signer"]["name"], f["signer"]["title"], f["signer"]["authority"]) == signer
    assert f["cc"] == ["Như trên", "Lưu: VT, TH"]


def test_clean_capital_line_between_title_and_name_is_kept_as_printed() -> None:
    # no title word above it: nothing is passed over as signature ink
    f = parse_lines(_footer(CC, ["TỔNG THƯ KÝ", "Lê Văn An"])).fields
    assert f["signer"]["title"] == "TỔNG THƯ KÝ"


def test_surname_misprint_is_given_the_nearest_spelling() -> None:
    # "Đoan" folds like "Đoàn" and "Doãn"; "Đoàn" is one slip away, "Doãn" two
    assert footer.fix_surname("Đoan Thị Mai") == "Đoàn Thị Mai"
    assert footer.fix_surname("Đoàn Thị Mai") == "Đoàn Thị Mai"


@pytest.mark.parametrize(
    ("printed", "entry"),
    [("- Lưu: VỀ NV.", "Lưu: VT NV"), ("- Lưu: VÍ, KTN.", "Lưu: VT, KTN"),
     ("- Lưu: VP.", "Lưu: VP"), ("- Lưu: VT, VP.", "Lưu: VT, VP")],
)  # fmt: skip
def test_archive_entry_records_office_misread(printed: str, entry: str) -> None:
    f = parse_lines(_footer(["Nơi nhận:", "- Như trên;", printed], ["CHỦ TỊCH", "Lê An"])).fields
    assert f["cc"] == ["Như trên", entry]


@pytest.mark.parametrize("place", ["Ea H'leo", "Cư M'gar", "Cư M’gar", "Ea H‘leo", "Krông Pắc"])
def test_place_with_apostrophe(place: str) -> None:
    f = parse_text(f"Số: 12/UBND-VP\n{place}, ngày 03 tháng 4 năm 2024").fields
    assert f["place"] == place
    assert f["date"] == "2024-04-03"


@pytest.mark.parametrize(
    ("right", "title"),
    [
        # under "KT. <head>" signs the deputy: the signature covered the start of the title
        (["KT. CHỦ TỊCH", "J'HO CHỦ TỊCH", "Lê Văn Hải"], "PHÓ CHỦ TỊCH"),
        (["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "r+T) CHÁNH VĂN PHÒNG", "Lê Văn Hải"],
         "PHÓ CHÁNH VĂN PHÒNG"),
        (["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "~*⁄ CHÁNH VĂN PHÒNG", "Lê Văn Hải"],
         "PHÓ CHÁNH VĂN PHÒNG"),
        (["KT. BỘ TRƯỞNG", "„ TRƯỞNG", "Lê Văn Hải"], "THỨ TRƯỞNG"),
        # no prefix: one dropped letter of a known title
        (["TM. ỦY BAN NHÂN DÂN", "€ HỦ TỊCH", "Lê Văn Hải"], "CHỦ TỊCH"),
        # a clean title other than the deputy's is kept as printed
        (["KT. CHỦ TỊCH", "ỦY VIÊN", "Lê Văn Hải"], "ỦY VIÊN"),
    ],
)  # fmt: skip
def test_title_partly_covered_by_the_signature(right: list[str], title: str) -> None:
    assert parse_lines(_footer(CC, right)).fields["signer"]["title"] == title


@pytest.mark.parametrize(
    ("line", "date"),
    [("Hà Nội, ngày Ø3 tháng 4 năm 2018", "2018-04-03"),
     ("Hà Nội, ngày 15 tháng l1 năm 2024", "2024-11-15")],
)  # fmt: skip
def test_date_digits_misread_as_letters(line: str, date: str) -> None:
    assert parse_text(f"Số: 12/UBND-VP\n{line}").fields["date"] == date


def _actions(*body: str) -> list[str]:
    head = ["Số: 12/KH-UBND", "KẾ HOẠCH", "Triển khai công tác năm 2024", "-----"]
    text = "\n".join([*head, "Thực hiện chỉ đạo của tỉnh, Ủy ban nhân dân huyện ban hành.", *body])
    return [a["text"] for a in parse_text(text).fields["action_items"]]


def test_execution_section_whose_numeral_ocr_garbled() -> None:
    # "III." read as "TII.", "4." read as "Á.": the section and its point are still found
    items = _actions(
        "TII. TỔ CHỨC THỰC HIỆN",
        "1. Giao Phòng Nội vụ theo dõi, tổng hợp kết quả thực hiện.",
        "2. Trung tâm Văn hóa huyện tổ chức tuyên truyền đến người dân.",
        "Á. Kho bạc Nhà nước huyện bố trí kinh phí thực hiện.",
        "4. Phòng Tài chính - Kế hoạch cân đối, bố trí kinh phí thực hiện.",
    )
    assert items == [
        "Giao Phòng Nội vụ theo dõi, tổng hợp kết quả thực hiện",
        "Trung tâm Văn hóa huyện tổ chức tuyên truyền đến người dân",
        "Kho bạc Nhà nước huyện bố trí kinh phí thực hiện",
        "Phòng Tài chính - Kế hoạch cân đối, bố trí kinh phí thực hiện",
    ]


def test_point_opening_with_its_assignee() -> None:
    items = _actions(
        "1. Kho bạc Nhà nước chủ động bố trí kinh phí cho các xã.",
        "2. Ban hành kèm theo Kế hoạch này danh mục nhiệm vụ.",
    )
    assert items == ["Kho bạc Nhà nước chủ động bố trí kinh phí cho các xã"]


def test_closings_are_not_action_items() -> None:
    items = _actions(
        "Giao Phòng Nội vụ theo dõi, tổng hợp kết quả thực hiện.",
        "Trong quá trình thực hiện, nếu có vướng mắc, đề nghị trao đổi trực tiếp với Phòng"
        " Nội vụ để được hướng dẫn.",
        "Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện Kế hoạch này/. - 3",
    )
    assert items == ["Giao Phòng Nội vụ theo dõi, tổng hợp kết quả thực hiện"]


def test_bullet_read_as_two_signs() -> None:
    items = _actions("Địa điểm: Hội trường tầng 2.", "—_ Giao Văn phòng chuẩn bị tài liệu họp.")
    assert items == ["Giao Văn phòng chuẩn bị tài liệu họp"]


def test_unit_code_starting_like_a_prefix_continues_the_cc_entry() -> None:
    # "KTCK" (a unit's code) on a wrapped cc line is not "KT." and does not end the list
    left = ["Nơi nhận:", "- Các Sở: Xây dựng, Tài chính; Ban quản lý Khu",
            "KTCK Cửa khẩu; Thuế tỉnh;", "- UBND các xã;", "- Lưu: VT."]  # fmt: skip
    f = parse_lines(_footer(left, ["CHỦ TỊCH", "Lê Văn An"])).fields
    assert f["cc"] == [
        "Các Sở: Xây dựng, Tài chính; Ban quản lý Khu KTCK Cửa khẩu; Thuế tỉnh",
        "UBND các xã",
        "Lưu: VT",
    ]
    assert footer.authority("KTCK Cửa khẩu") is None
    assert footer.authority("KT CHỦ TỊCH") == ("KT.", "CHỦ TỊCH")


def test_garbled_title_under_prefix_with_signature_noise() -> None:
    right = ["KT. CHỦ NHIỆM", "PHO CHU NHIẸỆM", "ng MỖI V6 SẺ", "Lê Văn Hải"]
    f = parse_lines(_footer(CC, right)).fields
    assert f["signer"] == {"name": "Lê Văn Hải", "title": "PHÓ CHỦ NHIỆM", "authority": "KT."}


def _box(x0: int, y0: int, x1: int) -> BBox:
    return BBox(x0, y0, x1, y0 + 50)


def test_prefix_line_the_layout_left_full_width_over_the_signer_column() -> None:
    lines = [
        OcrLine("cộng trên địa bàn tỉnh.", region="body", bbox=_box(350, 1790, 850)),
        OcrLine("TM. ỦY BAN NHÂN DÂN", region="body", bbox=_box(1360, 1900, 2010)),
        OcrLine("Nơi nhận:", region="footer_left", bbox=_box(280, 1915, 490)),
        OcrLine("- Lưu: VT.", region="footer_left", bbox=_box(280, 1970, 600)),
        OcrLine("KT. CHỦ TỊCH", region="footer_right", bbox=_box(1480, 1960, 1900)),
        OcrLine("PHÓ CHỦ TỊCH", region="footer_right", bbox=_box(1470, 2020, 1910)),
        OcrLine("Lê Thị Nga", region="footer_right", bbox=_box(1520, 2300, 1860)),
    ]
    signer = parse_lines(lines).fields["signer"]
    assert signer == {"name": "Lê Thị Nga", "title": "PHÓ CHỦ TỊCH", "authority": "TM."}


def test_cc_list_whose_bullets_ocr_dropped() -> None:
    left = ["Nơi nhận:", "Như Điều 4;", "Cục Kiểm soát TTHC-VPCP;", "VPUB: CVP, PCVP;",
            "Cổng TTĐT tỉnh;", "Lưu: VT, TH."]  # fmt: skip
    f = parse_lines(_footer(left, ["CHỦ TỊCH", "Lê Văn An"])).fields
    assert f["cc"] == [
        "Như Điều 4", "Cục Kiểm soát TTHC-VPCP", "VPUB: CVP, PCVP", "Cổng TTĐT tỉnh", "Lưu: VT, TH"
    ]  # fmt: skip


def test_listing_entry_with_bullets_keeps_its_lines_but_not_the_archive_line() -> None:
    left = ["Nơi nhận:", "- Như trên;", "- Các Công ty: CP Alpha;", "CP Beta;", "Lưu: VT."]
    f = parse_lines(_footer(left, ["CHỦ TỊCH", "Lê Văn An"])).fields
    assert f["cc"] == ["Như trên", "Các Công ty: CP Alpha; CP Beta", "Lưu: VT"]


def test_title_line_that_looks_like_ink_and_prefix_with_colon() -> None:
    # the title's words run together ("THỮYTRƯỞNG"); "KT:" for "KT."
    right = ["KT: BỘ TRƯỞNG", "⁄% _ THỮYTRƯỞNG", "Lê Tấn An"]
    f = parse_lines(_footer(CC, right)).fields
    assert f["signer"] == {"name": "Lê Tấn An", "title": "THỨ TRƯỞNG", "authority": "KT."}


def test_speck_left_of_a_bullet() -> None:
    left = ["Nơi nhận:", "' - Như trên;", "„ - Bộ Công an (Cục A03", ". - để b/c);", "- Lưu: VT."]
    f = parse_lines(_footer(left, ["CHỦ TỊCH", "Lê Văn An"])).fields
    assert f["cc"] == ["Như trên", "Bộ Công an (Cục A03 - để b/c)", "Lưu: VT"]


def _full(*texts: str) -> list[OcrLine]:
    """A footer OCR read without its columns: every line full width."""
    head = [OcrLine("ỦY BAN NHÂN DÂN", region="header_left"),
            OcrLine("Số: 12/QĐ-UBND", region="header_left")]  # fmt: skip
    return head + [OcrLine(t, region="body") for t in texts]


def test_signer_lines_read_into_the_cc_list_are_passed_over() -> None:
    lines = _full(
        "chịu trách nhiệm thi hành Quyết định này./.",
        "Nơi nhận:", "CHỦ TỊCH", "- Như Điều 4;", "- Sở Tài chính;",
        "- Các bộ: Nội vụ, Tư pháp;", "Lê Thị Hồng Hà", "- UBND các xã;", "- Lưu: VT.",
    )  # fmt: skip
    f = parse_lines(lines).fields
    assert f["cc"] == ["Như Điều 4", "Sở Tài chính", "Các bộ: Nội vụ, Tư pháp", "UBND các xã",
                       "Lưu: VT"]  # fmt: skip


def test_cc_list_whose_label_ocr_lost() -> None:
    lines = _full(
        "chịu trách nhiệm thi hành Quyết định này./.",
        "E22 4x4",
        "- Văn phòng Chính phủ;", "- Cục Kiểm tra văn bản và Quản lý xử lý vi phạm",
        "hành chính, Bộ Tư pháp;", "- TT HĐND tỉnh;", "- Lưu: VT, VX.",
    )  # fmt: skip
    f = parse_lines(lines).fields
    assert f["cc"] == [
        "Văn phòng Chính phủ",
        "Cục Kiểm tra văn bản và Quản lý xử lý vi phạm hành chính, Bộ Tư pháp",
        "TT HĐND tỉnh",
        "Lưu: VT, VX",
    ]


def test_cc_list_without_bullets_or_semicolons_is_one_entry_a_line() -> None:
    left = ["Nơi nhận:", "Như Điều 4", "Cục Kiểm soát TTHC (b/c)", "Cổng TTĐT tỉnh", "Lưu: VT, TH"]
    f = parse_lines(_footer(left, ["CHỦ TỊCH", "Lê Văn An"])).fields
    assert f["cc"] == ["Như Điều 4", "Cục Kiểm soát TTHC (b/c)", "Cổng TTĐT tỉnh", "Lưu: VT, TH"]


def test_issuer_without_specks_of_rules_or_dust() -> None:
    for printed in ("BỘ XÂY DỰNG -", "' BỘ XÂY DỰNG"):
        f = parse_text(f"{printed}\nSố: 12/BXD-QLN\nV/v hỗ trợ nhà ở").fields
        assert f["issuer"]["name"] == "BỘ XÂY DỰNG"


def test_capital_subject_wrapped_at_an_enacting_body_word() -> None:
    text = "\n".join([
        "VĂN PHÒNG CHÍNH PHỦ", "Số: 65/TB-VPCP", "THÔNG BÁO",
        "Ý KIẾN CHỈ ĐẠO CỦA PHÓ THỦ TƯỚNG", "CHÍNH PHỦ LÊ VĂN AN TẠI BUỔI LÀM VIỆC",
        "Ngày 20 tháng 11 năm 2025, Phó Thủ tướng đã làm việc tại tỉnh.",
    ])  # fmt: skip
    subject = parse_text(text).fields["subject"]
    assert subject == "Ý KIẾN CHỈ ĐẠO CỦA PHÓ THỦ TƯỚNG CHÍNH PHỦ LÊ VĂN AN TẠI BUỔI LÀM VIỆC"


def test_type_code_misread_in_the_symbol_follows_the_title() -> None:
    f = parse_text("ỦY BAN NHÂN DÂN\nSố: 45/TIr-UBND\nTỜ TRÌNH\nVề việc phê duyệt dự án").fields
    assert (f["doc_type"], f["symbol"]) == ("Tờ trình", "TTr-UBND")
    f = parse_text("ỦY BAN NHÂN DÂN\nSố: 45/KH-UBND\nTỜ TRÌNH\nVề việc phê duyệt dự án").fields
    assert f["symbol"] == "KH-UBND"  # two letters away: kept as printed


def test_name_with_a_letter_ocr_read_as_its_capital() -> None:
    right = ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Tạ Quang ĐÔng"]
    assert parse_lines(_footer(CC, right)).fields["signer"]["name"] == "Tạ Quang Đông"
    right = ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "À r -À", "Trần Phước SƠn"]
    assert parse_lines(_footer(CC, right)).fields["signer"] == {
        "name": "Trần Phước Sơn", "title": "PHÓ CHỦ TỊCH", "authority": "KT."
    }  # fmt: skip


def test_point_numbers_ocr_misread_as_comma_or_letter() -> None:
    items = _actions(
        "IV. TỔ CHỨC THỰC HIỆN",
        "l. Sở Tài chính chủ trì, phối hợp với các đơn vị xây dựng quy trình.",
        "2, Phòng Nội vụ có trách nhiệm theo dõi, tổng hợp kết quả.",
        "3: Giao Văn phòng chuẩn bị tài liệu.",
    )
    assert items == [
        "Sở Tài chính chủ trì, phối hợp với các đơn vị xây dựng quy trình",
        "Phòng Nội vụ có trách nhiệm theo dõi, tổng hợp kết quả",
        "Giao Văn phòng chuẩn bị tài liệu",
    ]


def test_seal_ink_right_of_wrapped_cc_lines() -> None:
    left = ["Nơi nhận:", "- Thường trực HĐND tỉnh; K",
            "- Các sở, ngành: Kế hoạch và Đầu tư, Tài chính, r",
            "Nông nghiệp và Phát triển nông thôn, | 1.", "Xây dựng, Tư pháp, vì",
            "Thông tin và Truyền thông;", "- VPUB: CVP, PCVP, KT", "- Lưu: VT, TH."]  # fmt: skip
    f = parse_lines(_footer(left, ["CHỦ TỊCH", "Lê Văn An"])).fields
    assert f["cc"] == [
        "Thường trực HĐND tỉnh",
        "Các sở, ngành: Kế hoạch và Đầu tư, Tài chính, Nông nghiệp và Phát triển nông thôn,"
        " Xây dựng, Tư pháp, Thông tin và Truyền thông",
        "VPUB: CVP, PCVP, KT",
        "Lưu: VT, TH",
    ]


def test_name_whose_first_letter_the_signature_covered() -> None:
    right = ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "W% 9.",
             "guyền Phước An"]  # fmt: skip
    assert parse_lines(_footer(CC, right)).fields["signer"] == {
        "name": "Nguyễn Phước An", "title": "PHÓ CHÁNH VĂN PHÒNG", "authority": "TL."
    }  # fmt: skip


def test_type_title_with_specks_and_closing_exhortation_with_a_lost_slash() -> None:
    text = "\n".join([
        "ỦY BAN NHÂN DÂN", "Số: 46/CT-UBND", "CHỈ THỊ_.", "Về tăng cường công tác phổ biến",
        "-----",
        "Giao Sở Tư pháp theo dõi, đôn đốc các đơn vị thực hiện.",
        "Yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc triển khai thực hiện Chỉ thị này. ˆ §",
    ])  # fmt: skip
    f = parse_text(text).fields
    assert f["doc_type"] == "Chỉ thị"
    assert [a["text"] for a in f["action_items"]] == [
        "Giao Sở Tư pháp theo dõi, đôn đốc các đơn vị thực hiện"
    ]


def test_stamp_ink_over_the_first_body_line_does_not_extend_the_subject() -> None:
    head = [
        OcrLine("ỦY BAN NHÂN DÂN", region="header_left", bbox=_box(300, 100, 900)),
        OcrLine("Số: 08/CT-UBND", region="header_left", bbox=_box(300, 200, 900)),
        OcrLine("CHỈ THỊ", region="body", bbox=_box(1130, 430, 1360)),
        OcrLine("Về việc tăng cường công tác quản lý nhà nước", region="body",
                bbox=_box(410, 490, 2080)),
        OcrLine("đối với các dự án đầu tư tại tỉnh", region="body", bbox=_box(700, 565, 1800)),
        OcrLine("c' _Sối 5..2130 qhời- -gian qua, các cấp đã có nhiều cố gắng", region="body",
                bbox=_box(20, 647, 2200)),
    ]  # fmt: skip
    body = [
        OcrLine("trong lãnh đạo, chỉ đạo, điều hành công tác quản lý nhà nước về đầu tư",
                region="body", bbox=_box(300, 720 + 60 * k, 2200))
        for k in range(12)
    ]  # fmt: skip
    subject = parse_lines(head + body).fields["subject"]
    assert subject == (
        "Về việc tăng cường công tác quản lý nhà nước đối với các dự án đầu tư tại tỉnh"
    )


def test_footer_columns_on_one_ocr_line_without_layout() -> None:
    lines = [OcrLine(t, region="header_left") for t in ("BỘ TÀI CHÍNH", "Số: 12/BTC-CST")]
    lines += [OcrLine(t, region="body") for t in (
        "Kính gửi: Cục Thuế", "Bộ Tài chính nhận được công văn của Cục Thuế.",
        "Đề nghị các đơn vị thực hiện./.", "Nơi nhận: KT. BỘ TRƯỞNG", "- Như trên;",
        "- Bộ Tư pháp; THỨ TRƯỞNG", "- Lưu: VT, CST.", "Lê Văn An",
    )]  # fmt: skip
    f = parse_lines(lines).fields
    assert f["cc"] == ["Như trên", "Bộ Tư pháp", "Lưu: VT, CST"]
    assert f["signer"] == {"name": "Lê Văn An", "title": "THỨ TRƯỞNG", "authority": "KT."}


@pytest.mark.parametrize(("printed", "day"), [("0†", "07"), ("1†", "17"), ("o5", "05")])
def test_handwritten_day_read_with_digit_confusions(printed: str, day: str) -> None:
    """A stamped or handwritten day in the date gap: a crossed seven reads as a dagger."""
    text = f"UBND TỈNH AN GIANG\nSố: 8/TB-UBND\nAn Giang, ngày {printed} tháng 02 năm 2025\n"
    assert parse_text(text).fields["date"] == f"2025-02-{day}"
