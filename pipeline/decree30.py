"""Decree 30/2020/NĐ-CP tables shared by the parser, the record and the sample generator.

Printed forms only; the parser derives the folded forms it matches against
(``parse.vocab``), the record its allowed values, the generator what it prints. A new
document type, authority prefix or mark is added here once.
"""

from __future__ import annotations

from typing import Final

# Quốc hiệu and tiêu ngữ (national title and motto, ô 1), and the Party's title that
# stands in their place on Party documents.
NATIONAL_TITLE: Final = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO: Final = "Độc lập - Tự do - Hạnh phúc"
PARTY_TITLE: Final = "ĐẢNG CỘNG SẢN VIỆT NAM"

# Tên loại văn bản (document type names, Appendix III) → abbreviation used in the symbol.
DOC_TYPES: Final[dict[str, str]] = {
    "Nghị quyết": "NQ",
    "Nghị định": "NĐ",
    "Quyết định": "QĐ",
    "Chỉ thị": "CT",
    "Quy chế": "QC",
    "Quy định": "QyĐ",
    "Thông cáo": "TC",
    "Thông báo": "TB",
    "Thông tư liên tịch": "TTLT",
    "Thông tư": "TT",
    "Hướng dẫn": "HD",
    "Chương trình": "CTr",
    "Kế hoạch": "KH",
    "Phương án": "PA",
    "Đề án": "ĐA",
    "Dự án": "DA",
    "Báo cáo": "BC",
    "Biên bản": "BB",
    "Tờ trình": "TTr",
    "Hợp đồng": "HĐ",
    "Công điện": "CĐ",
    "Bản ghi nhớ": "BGN",
    "Bản thỏa thuận": "BTT",
    "Giấy ủy quyền": "GUQ",
    "Giấy mời": "GM",
    "Giấy giới thiệu": "GGT",
    "Giấy nghỉ phép": "GNP",
    "Phiếu gửi": "PG",
    "Phiếu chuyển": "PC",
    "Phiếu báo": "PB",
    "Công văn": "",
}

# The type of a letter with a V/v line under its number and no type title (công văn).
LETTER_TYPE: Final = "Công văn"

# Symbols of copies (bản sao y, trích sao, sao lục).
COPY_CODES: Final = frozenset({"SY", "TrS", "SL"})

# Thẩm quyền ký (signing authority prefixes): ký thay, thừa lệnh, thay mặt, thừa ủy quyền,
# quyền.
AUTHORITIES: Final = ("KT.", "TL.", "TM.", "TUQ.", "Q.")

# Độ khẩn (urgency) and độ mật (confidentiality) marks, as printed.
URGENCIES: Final = ("KHẨN", "THƯỢNG KHẨN", "HỎA TỐC")
CONFIDENTIALITIES: Final = ("MẬT", "TỐI MẬT", "TUYỆT MẬT")
