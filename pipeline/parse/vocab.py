"""Vocabularies and rule tables of the Decree-30 parser, kept as data in one place.

Every word list the rules use lives here, so a new document type, title or OCR confusion is
added by editing a table, not a regular expression. Keys written in *folded* form (lower case,
no diacritics, "đ" → "d"; see ``text.fold``) are matched against folded text, which makes the
rules tolerant of lost or wrong tone marks in OCR output.
"""

from __future__ import annotations

from .. import decree30
from .folding import fold

DOC_TYPES = decree30.DOC_TYPES
COPY_CODES = decree30.COPY_CODES
LETTER_TYPE = decree30.LETTER_TYPE

# Type words that may introduce a cited document ("<type> số <number/symbol>"), folded form →
# the type name as reported. Longer names first so "thông tư liên tịch" wins over "thông tư".
REFERENCE_TYPES: dict[str, str] = {
    "thong tu lien tich": "Thông tư liên tịch",
    "nghi quyet": "Nghị quyết",
    "nghi dinh": "Nghị định",
    "quyet dinh": "Quyết định",
    "chi thi": "Chỉ thị",
    "thong tu": "Thông tư",
    "thong bao": "Thông báo",
    "thong cao": "Thông cáo",
    "cong van": "Công văn",
    "van ban": "Văn bản",
    "cong dien": "Công điện",
    "to trinh": "Tờ trình",
    "ke hoach": "Kế hoạch",
    "bao cao": "Báo cáo",
    "huong dan": "Hướng dẫn",
    "chuong trinh": "Chương trình",
    "phap lenh": "Pháp lệnh",
    "hien phap": "Hiến pháp",
    "luat": "Luật",
    "bo luat": "Bộ luật",
    "giay moi": "Giấy mời",
    "bien ban": "Biên bản",
    "de an": "Đề án",
    "quy dinh": "Quy định",
    "quy che": "Quy chế",
    "ket luan": "Kết luận",
    "don de nghi": "Đơn đề nghị",
    "don": "Đơn",
    "qd": "Quyết định",
    "nd": "Nghị định",
    "nq": "Nghị quyết",
    "tt": "Thông tư",
    "cv": "Công văn",
}

# Words that end the issuer of a cited document ("… của Bộ Tài chính về việc …").
CITED_ISSUER_STOPS: tuple[str, ...] = (
    "về", "quy định", "hướng dẫn", "ban hành", "sửa đổi", "tại", "đã", "thì", "và", "với",
    "trả lời", "gửi", "đối với", "phê duyệt", "công bố", "triển khai", "thực hiện",
)  # fmt: skip

# Types whose citation may put a name between the type word and "số"
# ("Luật Tổ chức chính quyền địa phương số 72/2025/QH15", "Báo cáo thẩm tra số …").
NAMED_REFERENCE_TYPES: frozenset[str] = frozenset(
    {"Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp", "Báo cáo", "Tờ trình", "Kế hoạch", "Kết luận"}
)

# Types whose action items are the Điều that assign responsibility (one item per Điều).
ARTICLE_TYPES: frozenset[str] = frozenset(
    {"Quyết định", "Nghị quyết", "Thông tư", "Thông tư liên tịch", "Nghị định"}
)

# Thẩm quyền ký (authority prefixes), folded spelling without the dot → canonical form.
# Old documents write "T/M", "K/T", "T/L"; OCR adds spaces.
AUTHORITY_PREFIXES: dict[str, str] = {
    "kt": "KT.",
    "k/t": "KT.",
    "tl": "TL.",
    "t/l": "TL.",
    "tm": "TM.",
    "t/m": "TM.",
    "tuq": "TUQ.",
    "q": "Q.",
}

# Words that start a signer title or the enacting authority line under a title (folded).
TITLE_WORDS: tuple[str, ...] = (
    "pho chu tich",
    "chu tich",
    "pho thu tuong",
    "thu tuong",
    "bo truong",
    "thu truong",
    "tong cuc truong",
    "pho tong cuc truong",
    "cuc truong",
    "pho cuc truong",
    "vu truong",
    "pho vu truong",
    "tong giam doc",
    "pho tong giam doc",
    "giam doc",
    "pho giam doc",
    "chanh van phong",
    "pho chanh van phong",
    "chanh an",
    "vien truong",
    "truong ban",
    "pho truong ban",
    "truong phong",
    "pho truong phong",
    "truong thue",
    "pho truong thue",
    "chu nhiem",
    "pho chu nhiem",
    "chi cuc truong",
    "pho chi cuc truong",
    "hieu truong",
    "pho hieu truong",
    "thong doc",
    "pho thong doc",
    "tong kiem toan",
    "bi thu",
    "pho bi thu",
    "truong doan",
    "ke toan truong",
)

# Collective bodies that enact decisions (the line under the subject of a Quyết định/Nghị quyết
# issued by a collective: "ỦY BAN NHÂN DÂN THÀNH PHỐ …", "HỘI ĐỒNG NHÂN DÂN …", "CHÍNH PHỦ").
ENACTING_BODIES: tuple[str, ...] = (
    "uy ban nhan dan",
    "hoi dong nhan dan",
    "chinh phu",
    "quoc hoi",
    "uy ban thuong vu quoc hoi",
    "ban chap hanh",
    "ban thuong vu",
    "bo truong bo",
)

# Words of a subject phrase that an enacting line ("CỤC TRƯỞNG CỤC HẢI QUAN") never has
# (folded, whole words).
SUBJECT_PHRASE_WORDS: tuple[str, ...] = ("tai", "cua", "ve", "cho")

# Words that start the name of an organ (tên cơ quan). Used to split a parent body printed above
# the issuing body. "Strong" heads may split a single printed line ("BỘ TÀI CHÍNH TỔNG CỤC
# THUẾ"); all heads may split at a printed line break ("CỤC THUẾ" / "THUẾ TỈNH TÂY NINH").
ORGAN_HEADS_STRONG: tuple[str, ...] = (
    "tong cuc",
    "chi cuc",
    "cuc",
    "bo",
    "so",
    "ubnd",
    "uy ban nhan dan",
    "hoi dong nhan dan",
    "van phong",
)
ORGAN_HEADS_WEAK: tuple[str, ...] = (
    "ban",
    "vu",
    "phong",
    "trung tam",
    "truong",
    "thue",
    "cong an",
    "bo chi huy",
    "kho bac",
    "thanh tra",
    "vien",
    "benh vien",
    "doan",
    "hoi",
    "uy ban",
    "dang bo",
    "dang uy",
    "chi bo",
    "tinh uy",
    "thanh uy",
    "huyen uy",
    "cong ty",
    "tap doan",
    "ngan hang",
    "dai hoc",
    "toa an",
    "vien kiem sat",
)
# Multi-word names that contain a head word which must not split them (folded).
ORGAN_NON_SPLIT: tuple[str, ...] = ("dang bo", "uy ban", "van phong", "tong cuc", "chi cuc")

# National motto (quốc hiệu, tiêu ngữ), folded; header lines inside these are not the issuer.
MOTTO: tuple[str, ...] = tuple(
    fold(m) for m in (decree30.NATIONAL_TITLE, decree30.NATIONAL_MOTTO, decree30.PARTY_TITLE)
)

# Độ khẩn and độ mật marks (folded → printed), longest first so "thượng khẩn" wins over
# "khẩn". Matched only as a whole line or segment.
URGENCY_MARKS: dict[str, str] = {
    fold(m): m for m in sorted(decree30.URGENCIES, key=len, reverse=True)
}
CONFIDENTIALITY_MARKS: dict[str, str] = {
    fold(m): m for m in sorted(decree30.CONFIDENTIALITIES, key=len, reverse=True)
}

# Copy blocks (bản sao): their number/date/signer never replace the original's.
COPY_MARKERS: tuple[str, ...] = ("sao y", "sao luc", "trich sao", "sao y ban chinh")

# Incoming stamp (dấu đến): "ĐẾN" plus hand-filled "Số:", "Ngày:", "Chuyển:" lines.
INCOMING_STAMP_WORDS: tuple[str, ...] = ("den", "cv den", "cong van den")
INCOMING_STAMP_FIELDS: tuple[str, ...] = ("so", "ngay", "chuyen", "gio", "luu ho so so")

# Lines that start the body of a document (lower-case prefixes, matched with their tone marks
# so "Nhâm Dần" is not "Nhằm"; folded only on text without any diacritics): they end a
# subject or a recipient list.
BODY_STARTS: tuple[str, ...] = (
    "căn cứ",
    "kính gửi",
    "thực hiện",
    "theo ",
    "xét ",
    "trả lời",
    "nhằm ",
    "để ",
    "tiếp ",
    "điều ",
    "ngày ",
    "i.",
    "1.",
    "trong ",
    "sau khi",
    "vừa qua",
    "hiện nay",
)

# Starts that end even the first line under a type title (there is no subject then).
STRONG_BODY_STARTS: tuple[str, ...] = ("căn cứ", "kính gửi", "điều ")

# Text whose 90th-percentile line is at most this many characters is wrapped like a page; a
# subject line continuing with a capital is then at most this share of a full line.
WRAPPED_TEXT_MAX = 120
SUBJECT_WIDTH_SHARE = 0.85
MIN_BODY_LINES = 10
# On a scan, a centred subject line is inset from both body margins by this share of the body
# width (a justified body line reaches at least one margin).
SUBJECT_INSET = 0.03

# "Kính gửi" and the Công điện address form ("THỦ TƯỚNG CHÍNH PHỦ điện:"), folded.
RECIPIENT_LABELS: tuple[str, ...] = ("kinh gui", "dong kinh gui")
TELEGRAM_LABEL = "dien:"

# Labels of lines that describe a recipient rather than add one (folded).
RECIPIENT_DETAIL_LABELS: tuple[str, ...] = (
    "ma so thue",
    "mst",
    "dia chi",
    "dien thoai",
    "email",
    "so dien thoai",
)

# "Nơi nhận" label (folded) and the archive line that closes the list.
CC_LABELS: tuple[str, ...] = ("noi nhan",)
# The archive entry ("Lưu: VT, KTN") names the records office first, "VT" (Văn thư); OCR
# reads its "T" as "E" or "I", and restoration then marks it ("VỀ", "VÍ"). Folded misreads.
ARCHIVE_LABEL = "luu"
RECORDS_OFFICE = "VT"
RECORDS_OFFICE_MISREADS: frozenset[str] = frozenset({"ve", "vi", "v1", "vl", "vf"})

# Verbs that take the addressee right after them ("Giao Sở Tài chính …", "đề nghị UBND …"):
# an assignment only when a capitalised name follows ("giao thông", "giao đất" are not).
ADDRESSED_VERBS: tuple[str, ...] = ("giao", "đề nghị", "yêu cầu")
# Words after such a verb that also introduce an addressee ("Giao các trường …").
ADDRESSEE_LEADS: tuple[str, ...] = ("các", "cho", "mọi", "toàn thể")
# "<body> chủ trì" is a directive when a task verb follows ("chủ trì, phối hợp …"), not when
# it means chairing a meeting ("chủ trì buổi làm việc").
LEAD_ROLE = "chu tri"
LEAD_ROLE_FOLLOWERS: tuple[str, ...] = (
    "phoi hop",
    "thuc hien",
    "xay dung",
    "tham muu",
    "to chuc",
    "trien khai",
    "huong dan",
    "theo doi",
    "tong hop",
)
# Cues of an Điều (article) that assigns responsibility (folded).
ARTICLE_CUES: tuple[str, ...] = (
    "chiu trach nhiem",
    "co trach nhiem",
    "chu tri",
    "to chuc thuc hien",
    "to chuc trien khai",
    "trien khai thuc hien",
    "giam sat viec thuc hien",
)
# Bodies that an enumerated directive may address (folded prefixes) and the verbs that make
# the point a directive when they occur among its first words.
DIRECTIVE_SUBJECTS: tuple[str, ...] = (
    *ORGAN_HEADS_STRONG,
    "tap doan",
    "chu dau tu",
    "cac bo",
    "cac so",
    "cac co quan",
    "cac don vi",
    "ngan hang",
    "thanh tra",
    "cong an",
    "bo chi huy",
    "trung tam",
    "doanh nghiep",
)
DIRECTIVE_VERBS: tuple[str, ...] = (
    "chi dao",
    "phoi hop",
    "bao cao",
    "xu ly",
    "huong dan",
    "hoan thanh",
    "khan truong",
    "chu dong",
    "to chuc",
    "trien khai",
    "nghien cuu",
    "ra soat",
    "day nhanh",
    "bo tri",
    "tham muu",
    "gui",
    "thuc hien",
)
# A point naming only its addressees ("Chủ tịch UBND các tỉnh, thành phố:") is short and may
# open with these words (folded) besides organ names and titles.
ADDRESSEE_LEADS_FOLDED: tuple[str, ...] = ("cac", "moi", "toan the")
ADDRESSEE_LINE_MAX = 200

# Conditional instructions that follow a request ("Trường hợp … thì …"), folded prefixes.
CONDITIONAL_STARTS: tuple[str, ...] = ("truong hop", "neu ")
# Lead-in sentences that announce a list of requests (folded substrings); the list follows.
REQUEST_LEADINS: tuple[str, ...] = (
    "de nghi",
    "yeu cau",
    "chi dao",
    "phan cong",
)
# "đề nghị" used as a noun ("Xét đề nghị của …", "theo đề nghị tại …"): not a request.
REQUEST_NOUN_CONTEXTS: tuple[str, ...] = (
    "xet de nghi",
    "theo de nghi",
    "tai de nghi",
    "de nghi cua",
    "de nghi tai",
    "ho so de nghi",
    "don de nghi",
    "theo yeu cau",
    "yeu cau tai",
    "yeu cau cua",
    "theo chi dao",
    "chi dao cua",
    "y kien chi dao",
)
# A wrapped addressee is short ("Kính gửi: Bộ trưởng" / "Bộ Công Thương"); a longer line
# after a one-line "Kính gửi" starts the body.
RECIPIENT_WRAP_MAX = 50
# Section headings whose items are action items (folded).
EXECUTION_HEADINGS: tuple[str, ...] = (
    "to chuc thuc hien",
    "phan cong nhiem vu",
    "trach nhiem thi hanh",
)
# Generic closings that request nothing concrete (folded substrings of a whole paragraph).
GENERIC_CLOSINGS: tuple[str, ...] = (
    "biet va thuc hien",
    "biet, thuc hien",
    "duoc biet",
    "biet, chi dao thuc hien",
    "to chuc thuc hien./.",
    "thuc hien nghiem tuc./.",
    "nghiem tuc thuc hien./.",
    "trien khai thuc hien./.",
    "thuc hien./.",
    # "… đề nghị trao đổi trực tiếp với … để được hướng dẫn": whom to ask, not a task
    "de duoc huong dan",
    "de duoc giai dap",
    "trao doi truc tiep",
)
# The word of a closing exhortation ("Yêu cầu … nghiêm túc thực hiện Chỉ thị này"), folded.
CLOSING_EXHORTATION = "nghiem tuc"
# Sentences inside an assigning Điều that are not assignments (folded substrings).
NON_ASSIGNMENT_SENTENCES: tuple[str, ...] = ("co hieu luc", "thay the", "bai bo")
# Verbs that end an assignee phrase ("Giao <assignee> chủ trì …"), folded.
ASSIGNEE_VERBS: tuple[str, ...] = (
    "chu tri",
    "phoi hop",
    "to chuc",
    "thuc hien",
    "nghien cuu",
    "huong dan",
    "tong hop",
    "chi dao",
    "khan truong",
    "xay dung",
    "theo doi",
    "bao cao",
    "giam sat",
    "can cu",
    "xem xet",
    "trien khai",
    "chiu trach nhiem",
    "co trach nhiem",
    "xu ly",
    "kiem tra",
    "cung cap",
    "gui",
)

# Common Vietnamese family names (folded): a title-case line starting with one is a likely
# signer name even when no title line is recognised above it.
_SURNAME_ROWS: tuple[str, ...] = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương",
    "Trịnh Trương Lâm Phùng Mai Tô Tạ Hà Lương Lưu Cao Đinh Quách Thái Triệu Mạc Châu Kiều Chu",
    "Tăng Lại Hứa Diệp Nông La Lò Âu Khúc Giang Đàm Ông Tống Thân Bạch Lục Nghiêm Quan",
    "Từ Đồng Cù Kim Lạc Ninh Phương Viên Mẫn Khổng Thạch Sơn Ứng Lã Doãn Hầu Khương Lường",
)
# Family names as printed. OCR often loses or changes a surname's tone mark ("Nguyên",
# "Trân"); a misprinted one that folds to exactly one of these is given back.
SURNAMES: frozenset[str] = frozenset(w for row in _SURNAME_ROWS for w in row.split())

# Vietnamese number words (folded) for days and months written with words
# ("ngày hai mươi lăm tháng Chạp").
NUMBER_WORDS: dict[str, int] = {
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "nam": 5,
    "lam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
}
DAY_PREFIXES: tuple[str, ...] = ("mong", "mung")  # "mồng một"
TENS_WORD = "muoi"  # "mười" (10) and "mươi" (tens) fold alike
# Month names that are not numbers.
MONTH_NAMES: dict[str, int] = {"gieng": 1, "chap": 12}

# Bullet marks of list items, with the shapes OCR gives a printed "-" ("_", "—", "~").
BULLETS = "-+•–—_~*"
# Capitals OCR confuses with their small letter (same shape, other size), tone marks included.
SAME_SHAPE_CAPITALS = "COÓÒỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢSVWXZ"

# OCR confusions inside numbers (letter → digit).
DIGIT_CONFUSIONS: dict[str, str] = {
    "o": "0", "O": "0", "Ø": "0", "ø": "0", "l": "1", "I": "1", "i": "1", "|": "1",
    "†": "7",  # a handwritten seven with a crossbar (European style) reads as a dagger
}  # fmt: skip

# Plausible issue years.
MIN_YEAR = 1945
MAX_YEAR = 2100

# Phrases that introduce an action item's deadline (folded): "trước ngày 10/02/2025".
DEADLINE_CUES: tuple[str, ...] = (
    "truoc ngay",
    "cham nhat ngay",
    "cham nhat la ngay",
    "han chot ngay",
)

# Địa danh: provinces and centrally run cities (before and after the 2025 merger) and the
# short forms printed in headers. A place read one OCR slip away from one of these is snapped
# to it ("Quảng Ngõi" → "Quảng Ngãi"); other places are kept as printed.
PLACES: tuple[str, ...] = (
    "Hà Nội", "Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng",
    "Cần Thơ", "Huế", "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn",
    "Bắc Ninh", "Bến Tre", "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau",
    "Cao Bằng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai",
    "Hà Giang", "Hà Nam", "Hà Tĩnh", "Hải Dương", "Hậu Giang", "Hòa Bình", "Hưng Yên",
    "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai",
    "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên",
    "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La",
    "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang",
    "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái", "Buôn Ma Thuột", "Vinh",
    "Nha Trang", "Đà Lạt", "Biên Hòa", "Vũng Tàu", "Thủ Dầu Một", "Việt Trì", "Pleiku",
)  # fmt: skip

# Placeholders text exports print where the signature was ("(Đã ký)", "[daky]"), folded,
# punctuation removed.
SIGNATURE_PLACEHOLDERS: tuple[str, ...] = (
    "da ky", "daky", "ky", "ky ten", "ky dong dau", "ky va dong dau", "ky ghi ro ho ten",
    "chu ky", "chu ky so",
)  # fmt: skip

# Chức vụ printed over a signature. A title read with OCR junk in it ("PFHÓ CHÁNH VĂN
# PHÒNG") is snapped to the nearest of these; a clean title is kept as printed.
SIGNER_TITLES: tuple[str, ...] = (
    "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "BỘ TRƯỞNG", "THỨ TRƯỞNG",
    "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC", "CHÁNH VĂN PHÒNG",
    "PHÓ CHÁNH VĂN PHÒNG", "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "TỔNG CỤC TRƯỞNG",
    "PHÓ TỔNG CỤC TRƯỞNG", "CHI CỤC TRƯỞNG", "PHÓ CHI CỤC TRƯỞNG", "VỤ TRƯỞNG",
    "PHÓ VỤ TRƯỞNG", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG",
    "CHỦ NHIỆM", "PHÓ CHỦ NHIỆM", "CHÁNH THANH TRA", "PHÓ CHÁNH THANH TRA", "HIỆU TRƯỞNG",
    "PHÓ HIỆU TRƯỞNG", "VIỆN TRƯỞNG", "PHÓ VIỆN TRƯỞNG", "BÍ THƯ", "PHÓ BÍ THƯ",
    "THỐNG ĐỐC", "PHÓ THỐNG ĐỐC", "TRƯỞNG ĐOÀN", "CHÁNH ÁN", "PHÓ CHÁNH ÁN",
)  # fmt: skip
# Largest share of a title's letters OCR may have garbled for it to be snapped.
TITLE_SNAP_SHARE = 0.2
# Shortest end of a deputy's title that identifies it when the signature hid its start.
MIN_TITLE_TAIL = 4
# How many lines of signature or seal ink OCR may read between a signer's title and name.
SIGNATURE_NOISE_LINES = 4
# Nơi nhận read from OCR: lines after the label looked at to tell whether the list has
# bullets; bulleted entries a list whose label OCR lost needs (its "Lưu" entry included);
# lines below a signer line read into the list looked at for more entries.
CC_BULLET_WINDOW = 12
MIN_UNLABELLED_ENTRIES = 3
CC_RESUME_WINDOW = 3
# The deputy who signs for ("KT.") a head: "PHÓ" + the head's title, unless listed here.
DEPUTY_WORD = "PHÓ"
DEPUTY_TITLES: dict[str, str] = {"BỘ TRƯỞNG": "THỨ TRƯỞNG"}

# Number and date (``parse.identity``): how sure a reading must be to fill the field (0–100).
# A digit reading of a handwritten gap (the confidence of its least sure digit, less that
# of the surest disagreeing crop); Tesseract's confidence of a printed number or month read
# on a scanned line without a gap reading.
WRITTEN_MIN_CONF = 85.0
PRINTED_MIN_CONF = 85.0
