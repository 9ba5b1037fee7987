"""Vocabularies and rule tables of the Decree-30 parser, kept as data in one place.

Every word list the rules use lives here, so a new document type, title or OCR confusion is
added by editing a table, not a regular expression. Keys written in *folded* form (lower case,
no diacritics, "đ" → "d"; see ``text.fold``) are matched against folded text, which makes the
rules tolerant of lost or wrong tone marks in OCR output.
"""

from __future__ import annotations

from .. import decree30
from .folding import fold

# Decree-30 types, and the types only Party documents use (Quy định 66-QĐ/TW): their titles
# and symbol codes ("Số 212-KL/TW").
PARTY_DOC_TYPES: dict[str, str] = {"Kết luận": "KL", "Thông tri": ""}
DOC_TYPES: dict[str, str] = {**decree30.DOC_TYPES, **PARTY_DOC_TYPES}
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

# Citations (``body.find_references``), lengths in characters of text. How far before "số"
# its type word may stand; a type abbreviation this short ("QĐ", "CV") counts only in
# capitals.
CITED_TYPE_WINDOW = 300
BARE_TYPE_ABBREVIATION = 2
# Between two numbers cited after one type word ("… số A ngày …, số B"): a date of at most
# this many characters, and one of these words (folded).
LISTED_DATE_MAX = 40
LIST_CONJUNCTIONS: tuple[str, ...] = ("va", "hoac")
# How far after the number/symbol its date and its issuer ("của …") are looked for; an
# issuer longer than this many words is a sentence, not a name.
CITED_DATE_WINDOW = 80
CITED_ISSUER_WINDOW = 200
CITED_ISSUER_MAX_WORDS = 12

# Types whose action items are the Điều that assign responsibility (one item per Điều).
ARTICLE_TYPES: frozenset[str] = frozenset(
    {"Quyết định", "Nghị quyết", "Thông tư", "Thông tư liên tịch", "Nghị định"}
)

# Thẩm quyền ký (authority prefixes), folded spelling without the dot → canonical form.
# Old documents write "T/M", "K/T", "T/L"; OCR adds spaces.
# Nơi nhận entries that point at others ("Như Điều 3", "Như trên", "Như Kính gửi"), folded.
CC_CROSS_REFERENCES: tuple[str, ...] = ("nhu dieu", "nhu tren", "nhu kinh gui", "nhu khoan")
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
    "tong bi thu",
    "truong doan",
    "ke toan truong",
    "tu lenh",
    "pho tu lenh",
    "chinh uy",
    "tham muu truong",
    "tong thu ky",
    "pho tong thu ky",
    "tong thanh tra",
    "chanh thanh tra",
    "pho chanh thanh tra",
    "tong bien tap",
    "pho tong bien tap",
    "truong khoa",
    "truong tram",
    "kiem sat truong",
)
# Words that go on with a signer's title on the line under it ("PHÓ CHỦ TỊCH" / "THƯỜNG
# TRỰC", "CHỦ TỊCH" / "KIÊM GIÁM ĐỐC …"), folded.
TITLE_QUALIFIERS: tuple[str, ...] = ("thuong truc", "kiem", "phu trach", "dieu hanh")

# Collective bodies that enact decisions (the line under the subject of a Quyết định/Nghị quyết
# issued by a collective: "ỦY BAN NHÂN DÂN THÀNH PHỐ …", "HỘI ĐỒNG NHÂN DÂN …", "CHÍNH PHỦ").
ENACTING_BODIES: tuple[str, ...] = (
    "uy ban nhan dan", "hoi dong nhan dan", "chinh phu", "quoc hoi", "uy ban thuong vu quoc hoi",
    "ban chap hanh", "ban thuong vu", "bo truong bo",
)

# Words of a subject phrase that an enacting line ("CỤC TRƯỞNG CỤC HẢI QUAN") never has
# (folded, whole words).
SUBJECT_PHRASE_WORDS: tuple[str, ...] = ("tai", "cua", "ve", "cho")

# Words that start the name of an organ (tên cơ quan). Used to split a parent body printed above
# the issuing body. "Strong" heads may split a single printed line ("BỘ TÀI CHÍNH TỔNG CỤC
# THUẾ"); all heads may split at a printed line break ("CỤC THUẾ" / "THUẾ TỈNH TÂY NINH").
ORGAN_HEADS_STRONG: tuple[str, ...] = (
    "tong cuc", "chi cuc", "cuc", "bo", "so", "ubnd", "uy ban nhan dan", "hoi dong nhan dan",
    "van phong",
)
ORGAN_HEADS_WEAK: tuple[str, ...] = (
    "p",  # "P. TÀI NGUYÊN VÀ MÔI TRƯỜNG" (Phòng)
    "tong cong ty",
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
# A motto line OCR garbled: this share of its words, at most this many others.
MOTTO_WORD_SHARE = 0.6
MOTTO_EXTRA_WORDS = 2
MOTTO: tuple[str, ...] = tuple(
    fold(m) for m in (decree30.NATIONAL_TITLE, decree30.NATIONAL_MOTTO, decree30.PARTY_TITLE)
)
# A folded line shorter than this is no piece of a motto (too little to tell); one longer
# than the second holds a whole motto line among other text (interleaved columns). A motto
# run printed on an issuer line is found by this many of its first characters.
MOTTO_PIECE_MIN = 4
MOTTO_HOLDER_MIN = 12
MOTTO_PREFIX = 8

# Layout (``layout``). A line is in capitals when at least this share of its letters are.
UPPER_LINE_SHARE = 0.8
# OCR of a seal or speck: fewer letters than this, or letters under this share of its
# non-space characters. A printed rule ("-----") has at least this many signs.
LINE_MIN_LETTERS = 3
JUNK_LETTER_SHARE = 0.5
RULE_LINE_MIN = 3
# A plain-text export of a two-column page: a run of this many spaces or more separates two
# columns; the right column starts at least this many characters in, on at least this many
# lines; segments starting before this share of its first offset are left column.
COLUMN_GAP_SPACES = 3
RIGHT_COLUMN_MIN_OFFSET = 20
MIN_COLUMN_LINES = 2
LEFT_SHARE = 0.7
# A gap between two words wider than this many line heights separates two columns that OCR
# read as one line ("Nơi nhận:  ……  TL. CHỦ TỊCH").
COLUMN_GAP_HEIGHTS = 4.0
# A label ("kinh gui", "noi nhan") this long or longer is matched allowing this many OCR
# slips (".Vơi nhận:"); shorter ones must match exactly.
LABEL_SLIP_MIN = 6
LABEL_SLIPS = 1

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
# Lines under "ĐẾN" looked at for the stamp's hand-filled fields.
STAMP_FIELD_LINES = 4
# A copy block (bản sao) is looked for from this many lines after the document's start on
# (the lines above open the original's own header).
COPY_MIN_OFFSET = 3

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
    "giao ",
    "đề nghị",
    "yêu cầu",
)

# Starts that end even the first line under a type title (there is no subject then).
STRONG_BODY_STARTS: tuple[str, ...] = ("căn cứ", "kính gửi", "điều ")

# Header (``header``): how many lines after the document start it may span; how many lines
# under a type title the subject may take.
HEADER_SPAN = 40
SUBJECT_SPAN = 12
# A place before ", ngày" has at most this many words; a place of fewer words may have
# wrapped from the line above (the two lines together at most this many words). A place at
# most this many OCR slips from a gazetteer name is snapped to it, unless the name is this
# short or shorter (too many names lie that close).
PLACE_MAX_WORDS = 5
PLACE_WRAP_WORDS = 2
PLACE_SLIPS = 1
PLACE_SNAP_MIN = 4
# A place name cut by a line end ("Sơn La - Điện" / "Biên"): words looked at either side.
PLACE_CUT_WORDS = 3
# A parent body printed above the issuer has at least this many words ("BỘ TÀI CHÍNH").
PARENT_MIN_WORDS = 2
# A type code in the symbol this many letters from the title's code is the title's one
# ("TIr" under "TỜ TRÌNH" → "TTr").
TYPE_CODE_SLIPS = 1

# Text whose 90th-percentile line is at most this many characters is wrapped like a page; a
# subject line continuing with a capital is then at most this share of a full line.
WRAPPED_TEXT_MAX = 120
SUBJECT_WIDTH_SHARE = 0.85
MIN_BODY_LINES = 10
# On a scan, a centred subject line is inset from both body margins by this share of the body
# width (a justified body line reaches at least one margin).
SUBJECT_INSET = 0.03
# Percentile of line widths taken as a full body line's width; the share of lines at
# either edge of the body (1 in this many) left out of its margins as outliers.
WRAP_PERCENTILE = 0.9
MARGIN_OUTLIERS = 10

# "Kính gửi" and the Công điện address form ("THỦ TƯỚNG CHÍNH PHỦ điện:"), folded.
RECIPIENT_LABELS: tuple[str, ...] = ("kinh gui", "dong kinh gui")
TELEGRAM_LABEL = "dien:"
# Lines after the subject looked at for "Kính gửi"; lines after it its list may run over; a
# ";"- or "."-ended recipient line shorter than this is an entry, a longer one body text;
# a line longer than this after the recipients is body text.
RECIPIENT_LABEL_SPAN = 15
RECIPIENT_LIST_SPAN = 25
RECIPIENT_ENTRY_MAX = 120
BODY_LINE_MIN = 150

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

# --- action items (see ``actions``) ---
# Verbs that take the addressee right after them ("Giao Sở Tài chính …", "đề nghị UBND …"):
# an assignment only when a capitalised name or a collective word follows ("giao thông",
# "giao đất" are not).
ADDRESSED_VERBS: tuple[str, ...] = ("giao", "đề nghị", "yêu cầu")
ADDRESSEE_LEADS: tuple[str, ...] = ("các", "cho", "mọi", "toàn thể")
# A request verb counts as addressing the text's body when its clause starts this close to
# the start ("Để …, Sở Nội vụ đề nghị UBND …").
ADDRESSED_WITHIN = 80
# An addressee line run into its task ("1. Bộ trưởng các Bộ Tập trung chỉ đạo …"): the task
# goes on in small letters by this word of it (a name list does not).
TASK_SMALL_WORD = 3
# A verb after a comma names bodies when one of these (printed) stands in the next words
# ("các cơ quan, tổ chức khác có liên quan").
NOMINAL_LOOKAHEAD = 4
OTHER_BODIES: tuple[str, ...] = ("khác", "có liên")
# Words at the start of a name compared with body heads (the longest heads have four).
BODY_HEAD_WORDS = 4
# Verbs (printed, lower case) that start a body's task: the body's name ends before them.
TASK_VERBS: tuple[str, ...] = (
    "chủ trì", "phối hợp", "tổ chức", "thực hiện", "nghiên cứu", "hướng dẫn", "tổng hợp",
    "chỉ đạo", "khẩn trương", "xây dựng", "theo dõi", "báo cáo", "giám sát", "căn cứ",
    "xem xét", "triển khai", "xử lý", "kiểm tra", "cung cấp", "gửi", "cân đối", "bố trí",
    "rà soát", "tập trung", "tiếp tục", "hoàn thành", "hoàn thiện", "tăng cường", "đẩy mạnh",
    "đẩy nhanh", "tham mưu", "đề xuất", "ban hành", "trình", "bảo đảm", "đảm bảo", "quan tâm",
    "lãnh đạo", "kịp thời", "chủ động", "sớm", "giải quyết", "điều chỉnh", "sửa đổi",
    "cập nhật", "tiếp nhận", "thông báo", "tuyên truyền", "phổ biến", "đánh giá", "khắc phục",
    "nâng cao", "quản lý", "phân công", "lập", "phê duyệt", "hỗ trợ", "chuẩn bị", "tham gia",
    "cần", "phải", "tiến hành", "giải đáp", "đôn đốc", "thẩm định", "chi trả", "thanh toán",
    "quyết toán", "cử", "rút kinh nghiệm", "vận động", "thống kê", "ưu tiên", "nghiêm túc",
    "thường xuyên", "liên hệ", "trao đổi", "bổ sung", "quyết liệt", "công bố", "thi hành",
    "chấp hành", "dành", "hoàn tất", "thực thi", "tiếp thu", "làm rõ", "nắm", "sắp xếp",
    "phản ánh",
)  # fmt: skip
# What a body does in a request, printed before its task ("Sở Tài chính chủ trì, …", "Bộ Y
# tế theo chức năng, nhiệm vụ được giao …"): the body's name ends before it.
ASSIGNEE_ROLES: tuple[str, ...] = (
    "có trách nhiệm", "chịu trách nhiệm", "chủ trì", "theo chức năng", "theo thẩm quyền",
    "trong phạm vi",
)  # fmt: skip
# Roles that name their body however long its description ("… được phân bổ vốn … chịu trách
# nhiệm …").
RESPONSIBILITY_ROLES: tuple[str, ...] = ("chịu trách nhiệm", "có trách nhiệm")
# Words after which a verb is a noun ("việc thực hiện", "các tổ chức").
NOMINALIZERS: frozenset[str] = frozenset(
    {"việc", "công tác", "các", "những", "mọi", "để", "nhằm", "sự", "cuộc", "của", "được"}
)
# Words no body's name holds that start no task: a clause about something else (narrative,
# decisions, circumstances); a sentence whose subject runs into one asks nothing.
CLAUSE_WORDS: tuple[str, ...] = (
    "đã", "sẽ", "đang", "vừa", "từng", "chưa", "không", "cũng", "vẫn", "còn", "là", "được",
    "bị", "có", "với", "về", "cho", "để", "nhằm", "khi", "nếu", "do", "vì", "đồng ý",
    "thống nhất", "thông qua", "nhất trí", "ghi nhận", "biểu dương", "hoan nghênh", "cho rằng",
    "nêu", "này", "đó", "số", "ngày", "kêu gọi", "mời", "trả lời", "xin", "cảm ơn",
    "chúc mừng", "nhận thấy", "cho biết",
)  # fmt: skip
# Phrases of body names that open with a clause word ("các cơ quan có liên quan").
BODY_PHRASES: tuple[str, ...] = ("có liên quan",)
# Narration before a request verb: a request told, not made ("… đã có văn bản giao Bộ Y tế").
NARRATIVE_WORDS: tuple[str, ...] = ("đã", "sẽ", "đang", "vừa", "từng")
# Lower-case words a body's name may open with ("các địa phương", "bộ, ngành, địa phương").
BODY_LEADS: tuple[str, ...] = (
    "các", "mọi", "toàn thể", "bộ", "ngành", "địa phương", "cơ quan", "đơn vị",
    "ban thường vụ", "cấp ủy", "chính quyền", "người đứng đầu", "đồng chí", "ông", "bà",
    "tỉnh", "thành phố", "doanh nghiệp", "chủ đầu tư", "nhà đầu tư", "tổ chức", "cá nhân",
    "lãnh đạo",
)  # fmt: skip
# Body words besides organ heads and titles that open a body's name (folded).
BODY_HEADS: tuple[str, ...] = (
    "thu truong", "lanh dao", "cong ty", "tong cong ty", "ngan hang", "tap doan", "quy",
    "hiep hoi", "lien doan", "hoc vien", "dai hoc", "bao hiem xa hoi", "kiem toan",
    "chinh phu", "quoc hoi", "hdnd", "ubnd", "thuong truc", "mat tran", "bao",
    "dai phat thanh", "dai truyen hinh",
    "truong", "cuc", "nha dau tu", "chu dau tu", "ong", "ba", "dong chi", "cac dong chi",
    "tinh", "thanh pho", "huyen", "xa", "doanh nghiep", "nguoi dung dau", "cap uy",
)  # fmt: skip
# Starts that look like a body head but are not one ("Trường hợp …", folded).
NOT_BODY_STARTS: tuple[str, ...] = ("truong hop",)
# Types whose tasks are assigned in an execution section ("IV. TỔ CHỨC THỰC HIỆN") when
# they have one; the rest of their text sets goals and rules.
SECTIONED_TYPES: frozenset[str] = frozenset(
    {"Kế hoạch", "Chương trình", "Đề án", "Phương án", "Hướng dẫn"}
)
# Abbreviations of organ words (folded) that name the same body as the words in full.
ORGAN_ABBREVIATIONS: dict[str, str] = {"ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan"}
# Verbs that hand out a task only with one after them ("chủ trì, phối hợp …", "tiếp tục
# thực hiện"), not alone ("chủ trì buổi làm việc", "tiếp tục hoạt động", "cần có").
# Time adverbials a directive may open with before the body it names ("Trong thời gian tới,
# Tỉnh tổ chức thực hiện …").
LEADING_ADVERBIALS: tuple[str, ...] = (
    "trong thời gian tới", "thời gian tới", "trong thời gian tiếp theo", "thời gian tiếp theo",
    "trước mắt", "sắp tới", "từ nay đến cuối năm", "trong những năm tới", "năm tới",
)  # fmt: skip
# A transitional provision: a body "goes on" with what it does "until" a new arrangement
# (folded; the first before the second in the item).
TRANSITIONAL_GOES_ON: tuple[str, ...] = (" tiep tuc ",)
TRANSITIONAL_UNTIL: tuple[str, ...] = (" cho den khi ", " den khi co ")
# Title lines read under a signer's prefix line when no name could be read below them.
NAMELESS_TITLE_LINES = 2
AUXILIARY_VERBS: tuple[str, ...] = (
    "chủ trì", "tiếp tục", "cần", "phải", "khẩn trương", "chủ động", "sớm", "kịp thời",
    "tập trung", "thường xuyên", "nghiêm túc", "quyết liệt", "lãnh đạo",
)  # fmt: skip
# Tasks of a closing that asks to carry out what was said ("… đề nghị các đơn vị triển khai
# thực hiện./."), printed.
GENERIC_TASKS: tuple[str, ...] = (
    "thực hiện", "triển khai thực hiện", "tổ chức thực hiện", "chỉ đạo thực hiện",
    "nghiêm túc thực hiện", "chỉ đạo triển khai thực hiện", "phối hợp thực hiện",
)  # fmt: skip
# Types whose points in the imperative ("2. Rà soát, đánh giá …") are requests even under no
# lead-in.
IMPERATIVE_TYPES: frozenset[str] = frozenset(
    {"Công văn", "Thông báo", "Công điện", "Kết luận", "Thông báo kết luận", "Chỉ thị"}
)
# A Điều this short assigns nothing.
MIN_ASSIGNMENT = 20
# Endings of a lead-in whose task announces the list under it (folded): "… thực hiện các nội
# dung sau:".
LIST_ANNOUNCEMENTS: tuple[str, ...] = ("sau", "nhu sau", "sau day")
# A sentence this short after a lead-in's request ("Cụ thể:") takes the one before with it.
SHORT_SENTENCE = 40
# The end of a task that announces its own details ("…, cụ thể:", "…, cần lưu ý:"), folded:
# the points under it stay inside the one item.
ELABORATION_ENDS: tuple[str, ...] = ("cu the", "nhu", "gom", "bao gom", "luu y", "trong do")
# Points that ask nothing: praise, decisions, purposes (printed starts).
NOT_TASK_STARTS: tuple[str, ...] = (
    "đánh giá cao", "ghi nhận", "biểu dương", "hoan nghênh", "thông qua", "đồng ý",
    "cơ bản thống nhất", "thống nhất", "nhất trí", "chấp thuận", "mục đích",
)  # fmt: skip
# Tasks of a closing request that ask for attention, not for a task ("đề nghị các đồng chí
# quan tâm, chỉ đạo …").
CLOSING_TASKS: tuple[str, ...] = ("quan tâm", "dành thời gian quan tâm")
# What may follow that attention in a closing ("quan tâm, lãnh đạo, chỉ đạo …").
ATTENTION_TASKS: tuple[str, ...] = ("lãnh đạo", "chỉ đạo", "thực hiện", "triển khai")
# Paragraphs a quotation whose closing quote was lost may run over at most.
QUOTE_SPAN_MAX = 8
# A heading over points is at most this long; one this short without punctuation is a heading
# even when it opens with a verb ("Đánh giá chung").
HEADING_MAX = 90
SHORT_HEADING = 40
QUOTES = "“\"«'"
ADDRESSEE_LINE_MAX = 200
# Conditional instructions that follow a request ("Trường hợp … thì …"), folded prefixes.
CONDITIONAL_STARTS: tuple[str, ...] = ("truong hop", "neu ")
# The "thì" that states the consequence of a condition (folded, as a whole word).
CONDITIONAL_THEN = " thi "
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
# Characters before and after "đề nghị" searched for those contexts.
REQUEST_NOUN_BEFORE = 12
REQUEST_NOUN_AFTER = 16
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
# A closing that asks to carry out what was said is at most this long (folded characters);
# a longer paragraph says more.
GENERIC_CLOSING_MAX = 220
# Sentences inside an assigning Điều that are not assignments (folded substrings).
NON_ASSIGNMENT_SENTENCES: tuple[str, ...] = ("co hieu luc", "thay the", "bai bo")
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
# Phrases that introduce a deadline (folded), longest first; recurring dates are none.
DEADLINE_CUES: tuple[str, ...] = (
    "hoan thanh truoc", "cham nhat la", "cham nhat", "han cuoi", "han chot", "truoc",
)  # fmt: skip
RECURRING: tuple[str, ...] = (
    "hang thang", "hang quy", "hang nam", "hang tuan", "hang ngay", "moi thang", "dinh ky",
)  # fmt: skip
# Characters after a deadline cue read for its date, and how far into them its date may
# start ("trước ngày 15/12/2025"); a recurring word this close after a cue or a period
# ("trong tháng 12 hằng năm") makes it no deadline.
DEADLINE_WINDOW = 60
DEADLINE_DATE_NEAR = 8
RECURRING_NEAR_CUE = 40
RECURRING_NEAR_PERIOD = 20

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

# Ranks and degrees printed before a signer's name, not part of it ("Thiếu tướng Nguyễn Văn A",
# "PGS.TS. Lê Thị B"): military ranks (folded) and the abbreviations of degrees and honours.
MILITARY_RANKS: tuple[str, ...] = (
    "dai tuong", "thuong tuong", "trung tuong", "thieu tuong", "dai ta", "thuong ta", "trung ta",
    "thieu ta", "dai uy", "thuong uy", "trung uy", "thieu uy", "do doc", "pho do doc",
    "chuan do doc",
)  # fmt: skip
DEGREES: tuple[str, ...] = (
    "GS", "PGS", "TS", "TSKH", "ThS", "BS", "BSCKI", "BSCKII", "CKI", "CKII", "DS", "KS", "CN",
    "NGND", "NGƯT", "NSND", "NSƯT", "TTND", "TTƯT", "LS",
)  # fmt: skip

# Name model (``names``): a syllable seen as a middle name counts this many times less as a
# given name (and the other way round); a repair needs this many people with the name and a
# lead of this factor over the next candidate; a known but rare name is changed to a spelling
# of the same letters only when that one is this many times more frequent (OCR input only).
NAME_OTHER_SLOT = 4
NAME_MIN_COUNT = 3
NAME_MARGIN = 3
NAME_TONE_RATIO = 10
# A name read one OCR slip (this many letters) from a known name is a candidate for it.
NAME_SLIPS = 1

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

# Signs OCR reads for the slash between a document's number and its symbol ("Số: 2191 (CT-CS").
SLASH_LOOKALIKES = "/(¿|\\⁄∕÷"

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
    "PHÓ HIỆU TRƯỞNG", "VIỆN TRƯỞNG", "PHÓ VIỆN TRƯỞNG", "BÍ THƯ", "PHÓ BÍ THƯ", "TỔNG BÍ THƯ",
    "THỐNG ĐỐC", "PHÓ THỐNG ĐỐC", "TRƯỞNG ĐOÀN", "CHÁNH ÁN", "PHÓ CHÁNH ÁN",
)  # fmt: skip
# Largest share of a title's letters OCR may have garbled for it to be snapped.
TITLE_SNAP_SHARE = 0.2
# Shortest end of a deputy's title that identifies it when the signature hid its start.
MIN_TITLE_TAIL = 4
# How many lines of signature or seal ink OCR may read between a signer's title and name.
SIGNATURE_NOISE_LINES = 4
# How far above a name its title block may start (lines of the other column included), and
# how many capital lines it holds at most.
SIGNER_BLOCK_SPAN = 40
TITLE_BLOCK_MAX = 6
# A title word or known title read this many OCR slips away still counts as one.
TITLE_SLIPS = 1
# A personal name: at most this many words, and its line at most this many times as long as
# its name words (the rest is ink or specks). A signer's name has at least this many words.
NAME_MAX_WORDS = 6
NAME_SPECK_RATIO = 2
SIGNER_NAME_MIN_WORDS = 2
# A small-letter word this long or longer may be a surname OCR lost the first letter of.
MIN_CLIPPED_SURNAME = 3
# A name wrapped before its last word ("Lê Tấn" / "Cận"): lines below it looked at, and the
# most words the name has before the wrap.
NAME_WRAP_LINES = 2
WRAPPED_NAME_MAX_WORDS = 3
# Signer candidates are ranked by: a title word above (this weight), a prefix, a surname,
# and standing closer than this many lines to the Nơi nhận list (one each).
SIGNER_TITLE_WEIGHT = 2
SIGNER_NEAR_CC = 40
# What OCR reads of a signature: words shorter than this are specks; the word of a note in
# brackets about it ("(Đã ký)"), folded.
SPECK_WORD_MIN = 2
SIGNATURE_WORD = "ky"
# Nơi nhận read from OCR: lines after the label looked at to tell whether the list has
# bullets; bulleted entries a list whose label OCR lost needs (its "Lưu" entry included);
# lines below a signer line read into the list looked at for more entries.
CC_BULLET_WINDOW = 12
MIN_UNLABELLED_ENTRIES = 3
CC_RESUME_WINDOW = 3
# Longest line read as the wrapped end of a Nơi nhận entry (longer ones are body text).
CC_ENTRY_MAX = 120
# The deputy who signs for ("KT.") a head: "PHÓ" + the head's title, unless listed here.
DEPUTY_WORD = "PHÓ"
DEPUTY_TITLES: dict[str, str] = {"BỘ TRƯỞNG": "THỨ TRƯỞNG"}

# Number and date (``parse.identity``): how sure a reading must be to fill the field (0–100).
# A digit reading of a handwritten gap (the confidence of its least sure digit, less that
# of the surest disagreeing crop); Tesseract's confidence of a printed number or month read
# on a scanned line without a gap reading.
WRITTEN_MIN_CONF = 85.0
PRINTED_MIN_CONF = 85.0
