"""Property tests: documents generated from the Decree-30 grammar, not from the dev letters.

Each strategy writes one part of a document the way Decree 30 (and the real documents that
bend it) allows: signer blocks of every authority shape (TM./KT./TL./TUQ./Q., nested,
wrapped titles, ranks before the name) in every layout the parser meets (plain text, a text
export with both footer columns on one row, OCR lines with regions); "Kính gửi" lists;
cited documents; requests (a lead-in over points, Điều with an executor clause, addressee-led
paragraphs) with deadlines. The expected fields come from the generator, so a rule that only
fits the dev letters fails here.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from congvan.parse import parse_lines, parse_text, vocab
from congvan.types import OcrLine

# --- people -----------------------------------------------------------------------------------

MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Xuân", "Hồng", "Thu",
          "Kim", "Công", "Đình", "Trọng", "Anh", "Quang", "Bá", "Tiến", "Mạnh", "Thế", "Sỹ",
          "Phước", "Tô", "Khắc", "Tấn", "Ánh", "Duy")  # fmt: skip
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hằng", "Hiền", "Hùng", "Hương", "Lan",
         "Long", "Mai", "Nam", "Phong", "Quang", "Sơn", "Tâm", "Thành", "Thảo", "Trang", "Tuấn",
         "Tùng", "Vinh", "Yến", "Định", "Cận", "Độ", "Lợi", "Lĩnh", "Châu", "Khải", "Hiệp",
         "Ánh", "Ân", "Uyên", "Ơn", "Ý", "Oanh", "Ước", "Đông", "Nhân")  # fmt: skip
RANKS = ("Thiếu tướng", "Trung tướng", "Thượng tướng", "Đại tướng", "Đại tá", "Thượng tá",
         "Trung tá", "Thiếu tá", "Đại úy", "GS.TS.", "PGS.TS.", "PGS. TS.", "TS.", "ThS.",
         "GS.TSKH.", "BSCKII.", "TS")  # fmt: skip


@st.composite
def person(draw: st.DrawFn) -> str:
    surname = draw(st.sampled_from(sorted(vocab.SURNAMES)))
    middle = draw(st.lists(st.sampled_from(MIDDLE), min_size=0, max_size=2, unique=True))
    return " ".join([surname, *middle, draw(st.sampled_from(GIVEN))])


# --- signer blocks ----------------------------------------------------------------------------

# (head's title, the deputy's title, collective bodies it signs for with TM.); "|" marks where
# a long title may wrap onto a second line.
OFFICES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("CHỦ TỊCH", "PHÓ CHỦ TỊCH", ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "HỘI ĐỒNG QUẢN TRỊ")),
    ("BỘ TRƯỞNG", "THỨ TRƯỞNG", ()),
    ("THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", ("CHÍNH PHỦ",)),
    ("GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", ()),
    ("HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", ()),
    ("CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", ()),
    ("VỤ TRƯỞNG|VỤ CHÍNH SÁCH", "PHÓ VỤ TRƯỞNG", ()),
    ("TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC", ()),
    ("CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", ()),
    ("TRƯỞNG BAN|BAN CHÍNH SÁCH, THUẾ QUỐC TẾ", "PHÓ TRƯỞNG BAN", ()),
    ("VIỆN TRƯỞNG", "PHÓ VIỆN TRƯỞNG", ()),
    ("CHÁNH THANH TRA", "PHÓ CHÁNH THANH TRA", ()),
    ("TƯ LỆNH", "PHÓ TƯ LỆNH", ()),
    ("TỔNG THƯ KÝ", "PHÓ TỔNG THƯ KÝ", ()),
    ("BÍ THƯ", "PHÓ BÍ THƯ", ("BAN THƯỜNG VỤ", "BAN CHẤP HÀNH")),
    ("TRƯỞNG THUẾ TỈNH", "PHÓ TRƯỞNG THUẾ TỈNH", ()),
    ("GIÁM ĐỐC|SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "PHÓ GIÁM ĐỐC", ()),
    ("BỘ TRƯỞNG,|CHỦ NHIỆM", "PHÓ CHỦ NHIỆM", ()),
    ("CHÁNH ÁN", "PHÓ CHÁNH ÁN", ()),
)
PLACEHOLDERS = ("(Đã ký)", "(đã ký)", "[daky]", "(Đã ký và đóng dấu)", "")


@dataclass(frozen=True)
class Signer:
    """A signer block as printed (lines top to bottom) and the fields it must give."""

    lines: tuple[str, ...]
    name: str
    title: str
    authority: str | None


def _flat(title: str) -> str:
    return title.replace("|", " ")


@st.composite
def signer_block(draw: st.DrawFn) -> Signer:
    head, deputy, bodies = draw(st.sampled_from(OFFICES))
    top = draw(st.sampled_from(OFFICES))[0]
    shape = draw(st.sampled_from(["head", "KT.", "TM.", "TM.KT.", "TL.", "TL.KT.", "TUQ.", "Q."]))
    chain: list[tuple[str, str]] = []  # (prefix, office signed for)
    own = head
    if shape.startswith("TM."):
        chain.append(("TM.", draw(st.sampled_from(bodies or ("ỦY BAN NHÂN DÂN",)))))
    elif shape.startswith(("TL.", "TUQ.")):
        chain.append((shape[:3] if shape.startswith("TL.") else "TUQ.", top))
    if shape.endswith("KT."):
        chain.append(("KT.", head))
        own = deputy
    lines: list[str] = []
    for prefix, office in chain:
        # the prefix alone on its line, the office wrapped, or all on one line
        style = draw(st.sampled_from(["one", "alone", "wrap"]))
        parts = office.split("|") if style == "wrap" else [_flat(office)]
        if style == "alone":
            lines += [prefix, *parts]
        else:
            lines += [f"{prefix} {parts[0]}", *parts[1:]]
    own_lines = own.split("|") if draw(st.booleans()) else [_flat(own)]
    if shape == "Q.":
        own_lines[0] = f"Q. {own_lines[0]}"
    own = _flat(own)
    if own.startswith(("PHÓ", "THỨ")) and draw(st.booleans()):
        own = f"{own} THƯỜNG TRỰC"
        own_lines[-1] += " THƯỜNG TRỰC"
    lines += own_lines
    lines += [p for p in draw(st.lists(st.sampled_from(PLACEHOLDERS), max_size=2)) if p]
    name = draw(person())
    rank = draw(st.one_of(st.none(), st.sampled_from(RANKS)))
    if rank is None:
        lines.append(name)
    elif draw(st.booleans()):
        lines.append(f"{rank} {name}")
    else:
        lines += [rank, name]
    authority = chain[0][0] if chain else ("Q." if shape == "Q." else None)
    return Signer(tuple(lines), name, own, authority)


HEAD = ("ỦY BAN NHÂN DÂN", "TỈNH HÒA BÌNH", "Số: 12/UBND-VP", "V/v triển khai công tác năm 2025",
        "Hòa Bình, ngày 05 tháng 3 năm 2025", "Kính gửi: Các sở, ban, ngành")
CC = ("Như trên", "Bộ Tài chính", "Văn phòng Chính phủ (để b/c)", "Lưu: VT, TH")
BODY = "Đề nghị các đơn vị nghiêm túc thực hiện./."


def _cc_lines() -> list[str]:
    return ["Nơi nhận:", *(f"- {c};" for c in CC[:-1]), f"- {CC[-1]}."]


def _check(fields: dict[str, object], s: Signer) -> None:
    assert fields["signer"] == {"name": s.name, "title": s.title, "authority": s.authority}


@settings(max_examples=150, deadline=None)
@given(s=signer_block(), signer_first=st.booleans())
def test_signer_block_in_plain_text(s: Signer, signer_first: bool) -> None:
    footer = [*s.lines, *_cc_lines()] if signer_first else [*_cc_lines(), *s.lines]
    text = "\n".join([*HEAD, BODY, *footer])
    fields = parse_text(text).fields
    _check(fields, s)
    assert fields["cc"] == list(CC)


@settings(max_examples=100, deadline=None)
@given(s=signer_block())
def test_signer_block_beside_the_cc_list_in_a_text_export(s: Signer) -> None:
    left = _cc_lines()
    right = list(s.lines)
    rows = max(len(left), len(right))
    text_rows = [
        f"{(left[k] if k < len(left) else ''):<44}{right[k] if k < len(right) else ''}".rstrip()
        for k in range(rows)
    ]
    fields = parse_text("\n".join([*HEAD, BODY, *text_rows])).fields
    _check(fields, s)
    assert fields["cc"] == list(CC)


@settings(max_examples=100, deadline=None)
@given(s=signer_block())
def test_signer_block_in_ocr_regions(s: Signer) -> None:
    lines = [OcrLine(t, region="header_left") for t in HEAD[:4]]
    lines += [OcrLine(HEAD[4], region="header_right")]
    lines += [OcrLine(t, region="body") for t in (HEAD[5], BODY)]
    lines += [OcrLine(t, region="footer_left") for t in _cc_lines()]
    lines += [OcrLine(t, region="footer_right") for t in s.lines]
    fields = parse_lines(lines).fields
    _check(fields, s)
    assert fields["cc"] == list(CC)


# --- headers ----------------------------------------------------------------------------------

# (parent printed above, or None; the issuing body, "|" where it wraps)
ISSUERS: tuple[tuple[str | None, str], ...] = (
    (None, "ỦY BAN NHÂN DÂN|TỈNH QUẢNG NGÃI"),
    (None, "BỘ VĂN HÓA, THỂ|THAO VÀ DU LỊCH"),
    (None, "BỘ GIÁO DỤC VÀ ĐÀO TẠO"),
    (None, "VĂN PHÒNG CHÍNH PHỦ"),
    (None, "THỦ TƯỚNG CHÍNH PHỦ"),
    (None, "UBND XÃ AN PHÚ"),
    ("UBND TỈNH NAM ĐỊNH", "SỞ NỘI VỤ"),
    ("UBND THỊ XÃ CHƠN THÀNH", "P. TÀI NGUYÊN VÀ MÔI TRƯỜNG"),
    ("UBND HUYỆN BÌNH SƠN", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"),
    ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "SỞ TÀI NGUYÊN VÀ|MÔI TRƯỜNG"),
    ("BỘ TÀI CHÍNH", "CỤC THUẾ"),
    ("BỘ CÔNG THƯƠNG", "TRƯỜNG ĐẠI HỌC ĐIỆN LỰC"),
    ("TỔNG CÔNG TY ĐIỆN LỰC MIỀN BẮC", "CÔNG TY ĐIỆN LỰC THÁI BÌNH"),
    ("ĐẠI HỌC QUỐC GIA HÀ NỘI", "TRƯỜNG ĐẠI HỌC KHOA HỌC TỰ NHIÊN"),
    ("SỞ Y TẾ TỈNH LONG AN", "BỆNH VIỆN ĐA KHOA TỈNH"),
    ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "CỤC NGƯỜI CÓ CÔNG"),
)
PLACES = (*vocab.PLACES[:20], "Chơn Thành", "Ea H'leo", "Thủ Đức", "Bến Cát", "Phú Mỹ")
SUBJECTS = ("triển khai công tác phòng chống thiên tai năm 2025",
            "góp ý dự thảo Quyết định sửa đổi Quy chế làm việc")  # fmt: skip
# What the day gap of a date holds when the day is handwritten or left blank.
DAY_GAPS = ("", " ", "    ", "....", "…", "2#", "Ø?", "  /  ", "_", "ÿ")
# Symbols of a công văn (issuer and unit codes only); other types put their code first.
LETTER_CODES = ("UBND-VP", "SNV", "CT-CS", "SXD-QLN&TTBĐS", "BTC-CT", "TNMT", "ĐHĐL-ĐT")
UNIT_CODES = ("UBND", "SNV", "ĐHĐL", "BTC", "UBND-KGVX")


@dataclass(frozen=True)
class Header:
    left: tuple[str, ...]  # issuer, Số, V/v
    right: tuple[str, ...]  # motto, place and date
    title: tuple[str, ...]  # type title and subject (not a công văn)
    fields: dict[str, object]


@st.composite
def header(draw: st.DrawFn) -> Header:
    parent, name = draw(st.sampled_from(ISSUERS))
    issuer_lines = [*([parent] if parent else []), *name.split("|")]
    number = str(draw(st.integers(1, 9999)))
    if draw(st.booleans()):
        number = number.zfill(2)
    doc_type = draw(st.sampled_from(["Công văn", "Quyết định", "Thông báo", "Kế hoạch"]))
    if doc_type == "Công văn":
        code = draw(st.sampled_from(LETTER_CODES))
    else:
        year = f"{draw(st.integers(2001, 2030))}/" if draw(st.booleans()) else ""
        code = f"{year}{vocab.DOC_TYPES[doc_type]}-{draw(st.sampled_from(UNIT_CODES))}"
    sep = draw(st.sampled_from(["/", " /", "/ ", " / ", " (", "("]))  # "(" read for "/"
    label = draw(st.sampled_from(["Số:", "Số:", "Số", "SỐ:", "Sô:", "Số :"]))
    place = draw(st.sampled_from(PLACES))
    date = draw(st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2030, 12, 31)))
    gap = draw(st.one_of(st.none(), st.sampled_from(DAY_GAPS)))
    day = f"{date.day:02d}" if gap is None else gap
    comma = draw(st.sampled_from([",", ",", ""]))
    date_line = f"{place}{comma} ngày {day} tháng {date.month:02d} năm {date.year}"
    if gap == "":
        date_line = date_line.replace("ngày  tháng", "ngàytháng")
    subject = draw(st.sampled_from(SUBJECTS))
    left = [*issuer_lines, f"{label} {number}{sep}{code}"]
    title: list[str] = []
    if doc_type == "Công văn":
        vv = draw(st.sampled_from(["V/v", "V/v:", "V¿v", "V/V"]))
        left.append(f"{vv} {subject}")
    else:
        title = [doc_type.upper(), f"Về việc {subject}"]
        subject = f"Về việc {subject}"
    fields = {
        "issuer": {"name": name.replace("|", " "), "parent": parent},
        "number": number,
        "symbol": code,
        "place": place,
        "date": date.isoformat() if gap is None else None,
        "doc_type": doc_type,
        "subject": subject,
    }
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", date_line]
    return Header(tuple(left), tuple(right), tuple(title), fields)


HEADER_BODY = ("Kính gửi: Sở Tài chính", "Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh về việc"
               " triển khai công tác năm 2025, đơn vị báo cáo như sau.")  # fmt: skip


def _header_text(h: Header, layout: str) -> list[str]:
    """The header as a text export writes it: one column after the other, interleaved row
    by row (web exports), or both columns on one row with a gap or a single space. Rows
    follow the page: the issuer beside the motto, the Số line beside the place and date."""
    number_at = next(k for k, t in enumerate(h.left) if t.upper().startswith(("SỐ", "SÔ")))
    issuer, rest = h.left[:number_at], h.left[number_at:]
    motto, date = h.right[:-1], h.right[-1]
    rows = [(a, b) for a, b in itertools.zip_longest(issuer, motto, fillvalue="")]
    rows += [(rest[0], date), *((t, "") for t in rest[1:])]
    if layout == "columns":
        return [*h.left, *h.right]
    if layout == "interleaved":
        return [t for pair in rows for t in pair if t]
    gap = " " * 10 if layout == "gap" else " "
    return [f"{a}{gap}{b}".strip() if a else f"{' ' * 50}{b}" for a, b in rows]


def _header_check(fields: dict[str, object], h: Header) -> None:
    got = {k: fields[k] for k in h.fields}
    assert got == h.fields


@settings(max_examples=150, deadline=None)
@given(h=header(), layout=st.sampled_from(["columns", "interleaved", "gap", "flat"]))
def test_header_in_text_exports(h: Header, layout: str) -> None:
    text = "\n".join([*_header_text(h, layout), *h.title, *HEADER_BODY])
    _header_check(parse_text(text).fields, h)


@settings(max_examples=100, deadline=None)
@given(h=header())
def test_header_in_ocr_regions(h: Header) -> None:
    lines = [OcrLine(t, region="header_left") for t in h.left]
    lines += [OcrLine(t, region="header_right") for t in h.right]
    lines += [OcrLine(t, region="body") for t in (*h.title, *HEADER_BODY)]
    _header_check(parse_lines(lines).fields, h)


# --- Kính gửi -----------------------------------------------------------------------------------

ADDRESSEES = (
    "Bộ Tài chính",
    "Bộ Kế hoạch và Đầu tư",
    "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
    "Sở Lao động - Thương binh và Xã hội tỉnh Hưng Yên",
    "Các Trung tâm điều dưỡng người có công",
    "Bộ trưởng, Thủ trưởng cơ quan ngang bộ",
    "Công an tỉnh",
    "Phòng Tài chính - Kế hoạch",
    "Ông Nguyễn Văn An",
    "Trường Đại học Điện lực",
)
ADDRESSES = (
    "(Địa chỉ: Phòng 11.05 tòa nhà Plaza, 562 Nguyễn Văn Cừ, phường Bồ Đề, thành phố Hà Nội)",
    "(địa chỉ: số 12 đường Lê Lợi, phường 1)",
)


@st.composite
def recipient_block(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """(printed lines, entries) of a "Kính gửi" block."""
    entries = draw(st.lists(st.sampled_from(ADDRESSEES), min_size=1, max_size=4, unique=True))
    if len(entries) == 1 and draw(st.booleans()):
        entries = [f"Công ty TNHH Hoa Sen {draw(st.sampled_from(ADDRESSES))}"]
    shape = draw(st.sampled_from(["inline", "bullets", "one_line_bullets", "semicolons"]))
    if len(entries) == 1 and shape == "inline":
        lines = [f"Kính gửi: {entries[0]}"]
        if "(" in entries[0] and draw(st.booleans()):  # the address wraps under the name
            head, rest = entries[0].split(" (", 1)
            lines = [f"Kính gửi: {head}", f"({rest}"]
    elif shape in ("bullets", "inline"):
        lines = ["Kính gửi:", *(f"- {e};" for e in entries[:-1]), f"- {entries[-1]}."]
    elif shape == "one_line_bullets":
        joined = "; ".join(f"- {e}" for e in entries) + "."
        lines = [f"Kính gửi: {joined}"] if draw(st.booleans()) else ["Kính gửi:", joined]
    else:
        lines = ["Kính gửi:", *(f"{e};" for e in entries[:-1]), f"{entries[-1]}."]
    if draw(st.booleans()):  # "Đồng kính gửi:" adds to the list
        extra = "Bí thư Tỉnh ủy, Thành ủy các tỉnh, thành phố để lãnh đạo, chỉ đạo"
        lines += ["Đồng kính gửi:", f"{extra}."]
        entries = [*entries, extra]
    return lines, entries


@settings(max_examples=100, deadline=None)
@given(block=recipient_block())
def test_recipient_lists(block: tuple[list[str], list[str]]) -> None:
    lines, entries = block
    body = "Thực hiện Kế hoạch số 12/KH-UBND ngày 05/3/2025, Sở Nội vụ đề nghị như sau."
    fields = parse_text("\n".join([*HEAD[:5], *lines, body])).fields
    assert fields["recipients"] == entries


# --- requests -----------------------------------------------------------------------------------

BODIES = (
    "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
    "Sở Lao động - Thương binh và Xã hội các tỉnh, thành phố trực thuộc Trung ương",
    "Sở Tài chính",
    "Bộ Công Thương",
    "Các Bộ: Tài chính, Y tế, Tư pháp",
    "Công an tỉnh",
    "Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố",
    "các địa phương",
    "Tổng công ty Bưu điện Việt Nam",
    "Thủ trưởng các sở, ban, ngành",
    "Bộ trưởng, Thủ trưởng cơ quan ngang bộ",
    "Ban Quản lý các khu công nghiệp tỉnh",
)
TASKS = (
    "rà soát, tổng hợp danh sách các hộ gia đình đủ điều kiện hỗ trợ",
    "cân đối, bố trí kinh phí từ nguồn ngân sách được giao năm 2025",
    "khẩn trương hoàn thành việc ban hành Thông tư hướng dẫn",
    "tổ chức kiểm tra việc thực hiện chính sách tại địa phương",
    "chỉ đạo các cơ quan liên quan triển khai thực hiện kế hoạch",
    "căn cứ quy định hiện hành để trình cấp có thẩm quyền phê duyệt phương án",
    "tham mưu Ủy ban nhân dân tỉnh ban hành kế hoạch thực hiện",
    "hướng dẫn các đơn vị trực thuộc thực hiện đúng quy định",
    "tăng cường công tác tuyên truyền, phổ biến chính sách",
)
LEADS = ("chủ trì, phối hợp với các cơ quan liên quan", "có trách nhiệm", "khẩn trương", "")


@st.composite
def deadline(draw: st.DrawFn, year: int) -> tuple[str, str | None]:
    """(phrase, ISO date) of a deadline in one of the forms letters print; "" for none."""
    d = draw(st.dates(min_value=dt.date(year, 1, 1), max_value=dt.date(year + 1, 12, 31)))
    last = (dt.date(d.year + d.month // 12, d.month % 12 + 1, 1) - dt.timedelta(days=1))
    quarter = (d.month - 1) // 3 + 1
    quarter_end = dt.date(d.year + quarter // 4, quarter * 3 % 12 + 1, 1) - dt.timedelta(days=1)
    forms = [
        ("", None),
        (f", báo cáo về Bộ trước ngày {d.day}/{d.month}/{d.year}", d.isoformat()),
        (f", hoàn thành trước ngày {d.day:02d} tháng {d.month:02d} năm {d.year}", d.isoformat()),
        (f"; hạn cuối ngày {d.day}/{d.month}/{d.year}", d.isoformat()),
        (f", chậm nhất ngày {d.day:02d}/{d.month:02d}/{d.year}", d.isoformat()),
        (f", gửi về Sở chậm nhất là ngày {d.day}/{d.month}/{d.year}", d.isoformat()),
        (f", hoàn thành trong tháng {d.month}/{d.year}", last.isoformat()),
        (f", hoàn thành trong tháng {d.month} năm {d.year}", last.isoformat()),
        (f", hoàn thành trong quý {'I' * quarter if quarter < 4 else 'IV'} năm {d.year}",
         quarter_end.isoformat()),
        (f", hoàn thành trong năm {d.year}", f"{d.year}-12-31"),
        (f", báo cáo kết quả trước ngày {d.day} hằng tháng", None),  # recurring: no deadline
    ]  # fmt: skip
    if d.year == year and d > dt.date(year, 1, 5):  # no year: the document's (5 January)
        forms.append((f", báo cáo trước {d.day}/{d.month}", d.isoformat()))
    return draw(st.sampled_from(forms))


@dataclass(frozen=True)
class Request:
    lines: tuple[str, ...]
    items: tuple[dict[str, str | None], ...]


@st.composite
def task(draw: st.DrawFn, year: int, own: bool = True) -> tuple[str, str | None, str | None]:
    """(text, own assignee or None, deadline): a point's task, maybe led by its own body."""
    phrase, due = draw(deadline(year))
    work = draw(st.sampled_from(TASKS))
    if own and draw(st.booleans()):
        body = draw(st.sampled_from(BODIES))
        lead = draw(st.sampled_from(LEADS))
        words = " ".join(w for w in (body, lead, work) if w)
        return f"{words}{phrase}", body, due
    return f"{work[:1].upper()}{work[1:]}{phrase}", None, due


def _item(text: str, assignee: str | None, due: str | None) -> dict[str, str | None]:
    return {"text": text, "assignee": assignee, "deadline": due}


@st.composite
def request(draw: st.DrawFn, year: int) -> Request:
    """One request structure of a letter, notice or telegram."""
    shape = draw(st.sampled_from(["list", "heading", "addressed", "led", "embedded"]))
    body = draw(st.sampled_from(BODIES))
    if shape in ("list", "heading"):
        marks = draw(st.sampled_from([("1.", "2.", "3.", "4."), ("a)", "b)", "c)", "d)"),
                                      ("-", "-", "-", "-"), ("+", "+", "+", "+")]))  # fmt: skip
        points = draw(st.lists(task(year), min_size=1, max_size=4))
        if shape == "list":
            lead = draw(st.sampled_from([
                f"Sở Nội vụ đề nghị {body} thực hiện một số nội dung sau:",
                f"Bộ Tài chính yêu cầu {body} triển khai các nhiệm vụ sau:",
                f"Giao {body}:",
                f"Để triển khai hiệu quả Kế hoạch, đề nghị {body} thực hiện như sau:",
            ]))  # fmt: skip
            head = [lead]
        else:  # "1. <body>" on a line of its own, the tasks under it
            body = f"{body[:1].upper()}{body[1:]}"
            head = [f"1. {body}"]
            marks = ("a)", "b)", "c)", "d)")
        lines = [*head, *(f"{m} {t}." for m, (t, _, _) in zip(marks, points, strict=False))]
        items = [_item(t, own or body, due) for t, own, due in points]
        return Request(tuple(lines), tuple(items))
    work, _, due = draw(task(year, own=False))
    work = work[:1].lower() + work[1:]
    if shape == "addressed":
        verb = draw(st.sampled_from(["Đề nghị", "Giao", "Yêu cầu"]))
        text = f"{verb} {body} {work}"
    elif shape == "led":
        body = f"{body[:1].upper()}{body[1:]}"
        text = f"{body} {work}"
    else:
        text = f"Bộ Xây dựng đề nghị {body} {work}"
        line = f"Để bảo đảm tiến độ thực hiện chính sách trong năm {year}, {text}."
        return Request((line,), (_item(text, body, due),))
    return Request((f"{text}.",), (_item(text, body, due),))


NOT_REQUESTS = (
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;",
    "Ngày 12/3/2025, Văn phòng Chính phủ đã có văn bản số 87/TB-VPCP giao Bộ Y tế rà soát "
    "danh mục bệnh trước ngày 30/6/2025.",
    "Cử tri tỉnh kiến nghị: “Đề nghị Bộ Tài chính sớm ban hành hướng dẫn về mức hỗ trợ”.",
    "Bộ Lao động - Thương binh và Xã hội sẽ thành lập các đoàn kiểm tra tại một số địa phương.",
)
CLOSINGS = (
    "Sở Nội vụ đề nghị các đơn vị nghiêm túc thực hiện./.",
    "Văn phòng thông báo để các cơ quan, đơn vị biết, thực hiện./.",
)


@settings(max_examples=150, deadline=None)
@given(
    year=st.integers(2010, 2030),
    count=st.integers(1, 3),
    data=st.data(),
    noise=st.lists(st.sampled_from(NOT_REQUESTS), max_size=2, unique=True),
    closing=st.sampled_from(CLOSINGS),
)
def test_requests_of_a_letter(
    year: int, count: int, data: st.DataObject, noise: list[str], closing: str
) -> None:
    parts = [data.draw(request(year)) for _ in range(count)]
    date = f"Hà Nội, ngày 05 tháng 01 năm {year}"
    head = ["BỘ NỘI VỤ", "Số: 12/BNV-VP", "V/v triển khai nhiệm vụ", date, "Kính gửi: Các bộ"]
    body = [*noise, *(ln for p in parts for ln in p.lines), closing]
    fields = parse_text("\n".join([*head, *body, "Nơi nhận:", "- Lưu: VT."])).fields
    assert fields["action_items"] == [i for p in parts for i in p.items]


# --- cited documents ------------------------------------------------------------------------------

CITED_TYPES = ("Công văn", "Văn bản", "Quyết định", "Nghị định", "Thông tư", "Kế hoạch", "Tờ trình")
ISSUER_CODES = ("UBND", "BTC", "SXD-QLN&TTBĐS", "TTg-CĐS", "LĐTBXH-KHTC", "BNV-TCBC", "UBND-KT")


@st.composite
def citation(draw: st.DrawFn) -> str:
    """A document number and symbol as cited: "15972/SXD-QLN&TTBĐS", "12/2024/NĐ-CP"."""
    number = draw(st.integers(1, 20000))
    if draw(st.booleans()):
        year = draw(st.integers(2001, 2030))
        code = draw(st.sampled_from(["NĐ-CP", "TT-BTC", "QĐ-TTg", "NQ-HĐND"]))
        return f"{number}/{year}/{code}"
    prefix = draw(st.sampled_from(["", "KH-", "QĐ-", "TTr-", "BC-"]))
    return f"{number}/{prefix}{draw(st.sampled_from(ISSUER_CODES))}"


@st.composite
def citing_sentence(draw: st.DrawFn) -> tuple[str, list[tuple[str, str | None]]]:
    """(sentence, (number/symbol, date) it cites) in the forms letters use, lists included."""
    kind = draw(st.sampled_from(CITED_TYPES))
    cited = draw(st.lists(citation(), min_size=1, max_size=3, unique=True))
    date = draw(st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2030, 12, 31)))
    when = f"ngày {date.day}/{date.month}/{date.year}"
    shape = draw(st.sampled_from(["one", "list", "paren", "and"]))
    if shape == "one" or len(cited) == 1:
        cited = cited[:1]
        text = f"Thực hiện {kind} số {cited[0]} {when} của Bộ Tài chính về việc hướng dẫn thu chi."
    elif shape == "list":
        numbers = ", ".join(f"số {c} {when}" for c in cited)
        text = f"Căn cứ các {kind}: {numbers} của Bộ Tài chính."
    elif shape == "paren":
        numbers = ", ".join(f"số {c} {when}" for c in cited)
        text = f"Thủ tướng Chính phủ đã chỉ đạo (các {kind}: {numbers}), nay đề nghị thực hiện."
    else:
        numbers = " và ".join(f"số {c}" for c in cited)
        text = f"Theo {kind} {numbers} của Ủy ban nhân dân tỉnh, Sở đã triển khai."
        return text, [(c, None) for c in cited]
    return text, [(c, date.isoformat()) for c in cited]


@settings(max_examples=150, deadline=None)
@given(sentences=st.lists(citing_sentence(), min_size=1, max_size=3))
def test_cited_documents(sentences: list[tuple[str, list[tuple[str, str | None]]]]) -> None:
    head = ["SỞ TÀI CHÍNH", "Số: 1/STC-VP", "V/v thu chi", "Hà Nội, ngày 05 tháng 01 năm 2025"]
    fields = parse_text("\n".join([*head, *(s for s, _ in sentences)])).fields
    # a document cited twice is listed once, unless printed with two different dates
    expected: dict[str, list[str | None]] = {}
    for _, cited in sentences:
        for ns, date in cited:
            dates = expected.setdefault(ns, [])
            if date not in dates and not (None in dates or (date is None and dates)):
                dates.append(date)
            elif date is not None and None in dates:
                dates[dates.index(None)] = date
    got = [(r["number_symbol"], r["date"]) for r in fields["references"]]
    assert sorted(got, key=str) == sorted(((ns, d) for ns, ds in expected.items() for d in ds),
                                          key=str)  # fmt: skip
