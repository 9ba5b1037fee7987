"""Footer rules: "Nơi nhận" (cc) and the signer block (thẩm quyền ký, chức vụ, họ tên).

The two sit side by side on the page (Nơi nhận left, signer right). With a known layout the
columns are read apart; in reading order the signer block is found by its shape: capital
title lines directly above a personal name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import regex
from rapidfuzz.distance import Levenshtein

from ..restore.syllables import is_structural_syllable
from . import text as tx
from . import vocab
from .layout import Found, Line

_BULLET = tx.BULLET_RE
# "KT." as printed, or as OCR reads it ("KT," / "KT:" / "KT" / "K/T"), after specks of a
# rule or the seal ("_—— KT.CHỦ TỊCH"); without its dot the prefix stands alone ("KTCK" is a
# unit's code).
_AUTHORITY = regex.compile(
    r"^[^\p{L}\d(]*"
    r"(?:(?P<a>TUQ|KT|TL|TM)|(?P<q>Q)(?=\s*\.)|(?P<o1>[KT])\s*/\s*(?P<o2>[TLM])"
    r"|(?P<tl>T[1Il|])(?=\s*\.))"  # "T1." / "TI.": OCR's look-alikes of the L of TL.
    r"(?:\s*[.,:](?=\s|\p{Lu}|$)|(?=\s|$))"
)
# A name word: a capital, then small letters; OCR may read as capitals the letters whose
# two cases share a shape ("ĐÔng", "SƠn").
_NAME_WORD = regex.compile(
    rf"^\p{{Lu}}(?:[\p{{Ll}}\p{{M}}]|(?=[{vocab.SAME_SHAPE_CAPITALS}])\p{{Lu}})*$"
)


def authority(text: str) -> tuple[str, str] | None:
    """(canonical prefix, rest of line) when ``text`` starts with KT./TL./TM./TUQ./Q."""
    m = _AUTHORITY.match(text.strip())
    if m is None:
        return None
    key = m["a"] or m["q"] or ("tl" if m["tl"] else f"{m['o1']}/{m['o2']}")
    canon = vocab.AUTHORITY_PREFIXES.get(key.lower())
    if canon is None:
        return None
    return canon, text.strip()[m.end() :].strip()


def cc_label(line: Line) -> int | None:
    """Offset after "Nơi nhận:" when the line starts with it."""
    return tx.label_end(line.folded, vocab.CC_LABELS)


def find_cc(
    lines: Sequence[Line], begin: int, end: int, skip: set[int]
) -> tuple[Found, int | None]:
    """Nơi nhận entries and the position of the label (None when there is no list)."""
    at = next(
        (
            i
            for i in range(begin, end)
            if i not in skip and lines[i].column != "right" and cc_label(lines[i]) is not None
        ),
        None,
    )
    rule = "cc.noi_nhan"
    if at is None:
        at = _unlabelled_list(lines, begin, end, skip)
        if at is None:
            return Found([], (), "cc.none"), None
        rule = "cc.archive_anchor"
    items: list[str] = []
    used = [lines[at]] if rule == "cc.noi_nhan" else []
    # with no bullets (OCR dropped them) each ";"-ended line is an entry of its own, and
    # with no ";" either each line that starts with a capital
    window = [
        lines[k].text
        for k in range(at, min(end, at + vocab.CC_BULLET_WINDOW))
        if k not in skip and lines[k].column != "right"
    ]
    bulleted = any(_BULLET.match(t) for t in window)
    line_per_entry = not bulleted and not any(t.rstrip().endswith(";") for t in window)
    label = cc_label(lines[at])
    first = lines[at].text[label or 0 :].strip() if label is not None else ""
    current = "" if tx.is_junk(first) else first
    for i in range(at + 1 if label is not None else at, end):
        ln = lines[i]
        if i in skip or ln.column == "right":
            continue
        if ln.blank:
            if current or items:
                # a blank line ends the list unless a bullet follows
                nxt = next(
                    (x for x in lines[i + 1 : end] if not x.blank and x.column != "right"), None
                )
                if nxt is None or not _BULLET.match(nxt.text):
                    break
            continue
        text = _TAIL_SPECKS.sub("", ln.text)
        bare = _BULLET.sub("", text)
        if tx.is_junk(bare) and not regex.search(r"\p{L}{3}", bare):  # seal or signature specks
            continue
        if _BULLET.match(text):
            body = _BULLET.sub("", text)
            if current and body[:1].islower() and current.count("(") > current.count(")"):
                current = f"{tx.strip_item(current)} - {body}"
            else:
                if current:
                    items.append(current)
                current = body
            used.append(ln)
            continue
        complete = current.rstrip().endswith((";", "."))
        if authority(text) is not None or _is_title_line(ln) or (is_name(ln) and complete):
            if _bullet_follows(lines, i, end, skip):
                continue  # a signer line OCR without layout read into the list
            break
        if tx.fold(current).startswith("luu") and not text[:1].islower():
            break  # "Lưu: VT, …" closes the list
        # "- Các Công ty: CP A;" / "CP B;": one entry, as printed
        listing = ":" in current and bulleted
        archive = tx.fold(text).startswith(vocab.ARCHIVE_LABEL)  # "Lưu: VT" starts its own
        ended = (current.rstrip().endswith(";") and not listing) or _colon_ends(current) or (
            line_per_entry and text[:1].isupper() and current.count("(") <= current.count(")")
        )
        if not current or ended or (archive and current.rstrip().endswith((";", ","))):
            # an entry whose bullet OCR dropped
            if current:
                items.append(current)
            current = text
            used.append(ln)
            continue
        if current.rstrip().endswith("."):
            break
        current = f"{current} {text}"  # a wrapped entry or the rest of a listing entry
        used.append(ln)
    if current:
        items.append(current)
    entries = (_archive_entry(tx.strip_item(x.rstrip().removesuffix(":"))) for x in items)
    return Found([s for s in entries if s], tuple(used), rule), at


def _colon_ends(entry: str) -> bool:
    """A ":" that OCR read for the ";" ending an entry: after a note in brackets ("Hiệu
    trưởng (để b/c):") or a cross-reference ("Như Điều 3:"), which introduce no listing."""
    body = entry.rstrip()
    if not body.endswith(":"):
        return False
    body = _BULLET.sub("", body[:-1]).rstrip()
    return body.endswith(")") or tx.fold(body).startswith(vocab.CC_CROSS_REFERENCES)


# Seal or signature ink OCR read right of a cc line, after its last separator ("… Tài chính,
# r", "… nông thôn, | 1.", "…; K"): a stray letter, a short small-letter word or signs.
_TAIL_SPECKS = regex.compile(
    r"(?<=[,;])\s+(?:\p{L}|\p{Ll}{2}|[^\p{L}\s,;]*[^\p{L}\d\s(),;.:&/-][^\p{L}\s,;]*)"
    r"[^\p{L}\d\s,;]?(?:\s+[^\s,;]{1,2})*$"
)


def _unlabelled_list(lines: Sequence[Line], begin: int, end: int, skip: set[int]) -> int | None:
    """Where a Nơi nhận list whose label OCR lost starts: above its bulleted archive entry
    ("- Lưu: VT, …"), the run of bulleted lines and their wraps up to the end of the body
    (a line ending with "." that is not an entry). Returns the first entry's position."""
    rows = [k for k in range(begin, end) if k not in skip and lines[k].column != "right"]
    last = next(
        (
            n
            for n in range(len(rows) - 1, -1, -1)
            if _BULLET.match(lines[rows[n]].text)
            and tx.fold(_BULLET.sub("", lines[rows[n]].text)).startswith(vocab.ARCHIVE_LABEL)
        ),
        None,
    )
    if last is None:
        return None
    n = last
    while n > 0:
        prev = lines[rows[n - 1]]
        if prev.blank or (not _BULLET.match(prev.text) and prev.text.rstrip().endswith(".")):
            break
        n -= 1
    bullets = sum(1 for k in rows[n : last + 1] if _BULLET.match(lines[k].text))
    return rows[n] if bullets >= vocab.MIN_UNLABELLED_ENTRIES and n > 0 else None


def _bullet_follows(lines: Sequence[Line], i: int, end: int, skip: set[int]) -> bool:
    """A bulleted entry follows line ``i`` closely: the list goes on below it."""
    below = [
        lines[k]
        for k in range(i + 1, end)
        if k not in skip and lines[k].column != "right" and not lines[k].blank
    ][: vocab.CC_RESUME_WINDOW]
    return any(_BULLET.match(x.text) for x in below)


_ARCHIVE = regex.compile(r"^(?P<label>\p{L}+\s*:?\s*)(?P<code>\S{2}?)(?=[\s,;]|$)")


def _archive_entry(entry: str) -> str:
    """The archive entry with its records-office code as printed ("Lưu: VỀ NV" → "Lưu: VT
    NV"): OCR misreads of "VT" are a closed set; other entries are kept as they are."""
    m = _ARCHIVE.match(entry)
    if m is None or tx.fold(m["label"]).rstrip(" :") != vocab.ARCHIVE_LABEL:
        return entry
    if tx.fold(m["code"]) not in vocab.RECORDS_OFFICE_MISREADS:
        return entry
    return f"{entry[: m.start('code')]}{vocab.RECORDS_OFFICE}{entry[m.end('code') :]}"


def _is_title_line(line: Line) -> bool:
    if not line.upper or _BULLET.match(line.text):
        return False
    if authority(line.text) is not None:
        return True
    return any(w in line.folded for w in vocab.TITLE_WORDS)


_DEGREE = regex.compile(
    rf"^(?:(?i:{'|'.join(sorted(vocab.DEGREES, key=len, reverse=True))})\s*[.,]?\s*)+(?=\p{{Lu}}|$)"
)
_MILITARY_RANK = regex.compile(
    rf"^(?:{'|'.join(sorted(vocab.MILITARY_RANKS, key=len, reverse=True))})(?:\s*,\s*|\s+|$)"
)


def strip_rank(text: str) -> str:
    """The text without the military ranks and degrees printed before a name ("Đại tá, TS.
    Lê Văn An" → "Lê Văn An"); "" when the line is only a rank."""
    text = text.strip()
    while True:
        m = _MILITARY_RANK.match(tx.fold(text)) or _DEGREE.match(text)
        if m is None:
            return text
        text = text[m.end() :].lstrip(" ,")


def name_text(line: Line) -> str:
    """The line without a rank before the name or OCR specks inside or around words ("Phùng
    'Tô Long"), each word a capital and small letters ("Tạ Quang ĐÔng" → "Tạ Quang Đông")
    unless it is all capitals."""
    words = regex.sub(r"[^\p{L}\p{M}\s]", "", strip_rank(line.text)).split()
    if words and words[0].islower() and tx.fold(words[0]) in _SURNAME_FOLDS:
        words[0] = words[0].capitalize()  # "nguyễn Thị Kim Chi": OCR lost the capital
    return tx.collapse(" ".join(w if w.isupper() else w[:1] + w[1:].lower() for w in words))


_SURNAME_FOLDS: dict[str, list[str]] = {}
for _surname in sorted(vocab.SURNAMES):
    _SURNAME_FOLDS.setdefault(tx.fold(_surname), []).append(_surname)


def fix_surname(name: str) -> str:
    """Give a family name OCR misprinted its tone mark back ("Nguyên Văn A" → "Nguyễn Văn
    A") when it folds to exactly one known surname; other names are kept as printed."""
    first, _, rest = name.partition(" ")
    if first in vocab.SURNAMES or name.isascii():  # tone-less legacy text stays as printed
        return name
    known = _SURNAME_FOLDS.get(tx.fold(first), []) or _clipped_surname(first)
    if not known:
        return name
    # "Đoan" is one slip from "Đoàn" and two from "Doãn": the nearest spelling, when unique
    dist = {k: Levenshtein.distance(first, k) for k in known}
    nearest = [k for k in known if dist[k] == min(dist.values())]
    return f"{nearest[0]} {rest}".strip() if len(nearest) == 1 else name


def _clipped_surname(word: str) -> list[str]:
    """Known surnames whose first letter OCR lost ("guyền" of "Nguyễn"): a small-letter word
    of three letters or more that ends exactly one surname."""
    if len(word) < vocab.MIN_CLIPPED_SURNAME or not word[:1].islower():
        return []
    folded = tx.fold(word)
    hits = [
        s
        for f, ss in _SURNAME_FOLDS.items()
        if len(f) == len(folded) + 1 and f.endswith(folded)
        for s in ss
    ]
    return hits if len({tx.fold(h) for h in hits}) == 1 else []


def is_name(line: Line) -> bool:
    """A personal name: 1–6 capitalised words, letters only (specks aside); a list entry
    ("Như Điều 4;") is not one."""
    words = name_text(line).split()
    text = strip_rank(line.text)
    specks = len(text) > vocab.NAME_SPECK_RATIO * len(" ".join(words))
    if tx.is_upper_line(text) or tx.is_junk(text) or specks:
        return False
    if line.text.rstrip().endswith((";", ":")):
        return False
    if not 1 <= len(words) <= vocab.NAME_MAX_WORDS:
        return False
    if not all(_NAME_WORD.match(w) for w in words[1:]):
        return False
    clipped = len(words) >= 2 and bool(_clipped_surname(words[0]))
    return _NAME_WORD.match(words[0]) is not None or clipped


def find_signer(
    lines: Sequence[Line], begin: int, end: int, skip: set[int], anchor: int | None
) -> dict[str, Found]:
    """Signer name, title (line directly above the name) and authority (first prefix line).

    Candidates are personal names under a block of capital title lines; in the right
    footer column a name starting with a known surname also counts when the seal made the
    title unreadable. The best candidate has a title word, a prefix, a surname and sits
    near the Nơi nhận list (``anchor``)."""
    best: tuple[tuple[int, int], dict[str, Found]] | None = None
    for i in range(begin, end):
        ln = lines[i]
        if i in skip or ln.column == "left":
            continue
        flat = _title_then_name(ln)
        short = len(name_text(ln).split()) < vocab.SIGNER_NAME_MIN_WORDS
        if flat is None and (not is_name(ln) or short):
            continue
        name_lines = [ln]
        if flat is not None:  # "THỨ TRƯỞNG Lê Văn An" flattened onto one line
            title_part, name = flat
            block = [*_title_block(lines, i, begin, skip), title_part]
        else:
            name = fix_surname(name_text(ln))
            block = _title_block(lines, i, begin, skip) or _interleaved_block(lines, i, begin, skip)
        if not block and not (ln.column == "right" and name.split()[0] in vocab.SURNAMES):
            continue
        nxt = next(
            (
                lines[k]
                for k in range(i + 1, min(end, i + 1 + vocab.NAME_WRAP_LINES))
                if lines[k].column == ln.column and not lines[k].blank
            ),
            None,
        )
        if (  # a name wrapped before its last word ("Lê Tấn" / "Cận"), not a heading below
            nxt is not None
            and is_name(nxt)
            and len(nxt.text.split()) == 1
            and nxt.text.isalpha()
            and len(name.split()) <= vocab.WRAPPED_NAME_MAX_WORDS
        ):
            name = f"{name} {name_text(nxt)}"
            name_lines.append(nxt)
        auth, title_text, title_lines = read_block(block)
        title_line = title_lines[-1] if title_lines else None
        score = (
            vocab.SIGNER_TITLE_WEIGHT
            * (title_line is not None and any(w in title_line.folded for w in vocab.TITLE_WORDS))
            + (auth is not None)
            + (name.split()[0] in vocab.SURNAMES)
            + (anchor is not None and abs(i - anchor) < vocab.SIGNER_NEAR_CC)
        )
        found = {
            "signer.name": Found(name, tuple(name_lines), "signer.name_under_title"),
            "signer.title": Found(title_text, tuple(title_lines), "signer.title_above_name"),
            "signer.authority": Found(auth, tuple(block), "signer.authority_prefix"),
        }
        key = (score, -i)
        if best is None or key > best[0]:
            best = (key, found)
    return best[1] if best is not None else _nameless_block(lines, begin, end, skip)


def _nameless_block(
    lines: Sequence[Line], begin: int, end: int, skip: set[int]
) -> dict[str, Found]:
    """Authority and title of a signer block whose name the seal or the signature left
    unreadable: the last prefix line (KT./TL./TM./TUQ./Q.) outside the left column with the
    title lines under it; a title only when it is a known one."""
    for i in reversed(range(begin, end)):
        ln = lines[i]
        if i in skip or ln.column == "left" or authority(ln.text) is None:
            continue
        block = [ln]
        for k in range(i + 1, min(end, i + vocab.NAMELESS_TITLE_LINES + 1)):
            below = lines[k]  # a capital line: the title, however garbled (checked below)
            capital = below.upper and not _BULLET.match(below.text)
            if k in skip or below.column != ln.column or not capital:
                break
            block.append(lines[k])
        auth, title, title_lines = read_block(block)
        known = title in _KNOWN_TITLES
        return {
            "signer.title": Found(title if known else None, tuple(title_lines if known else ()),
                                  "signer.title_nameless"),
            "signer.authority": Found(auth, tuple(block), "signer.authority_nameless"),
        }  # fmt: skip
    return {}


@dataclass(slots=True)
class _Group:
    """One element of a signer block: a prefix line with the office it signs for, or a
    title, each with the lines it wrapped onto."""

    prefix: str | None
    parts: list[str]
    lines: list[Line]


def _continues(group: _Group, text: str) -> bool:
    """Whether a block line goes on with the element above it rather than starting one: after
    a bare prefix ("KT." / "TRƯỞNG THUẾ TỈNH") or a comma ("KT. BỘ TRƯỞNG," / "CHỦ NHIỆM"),
    an organ name wrapped under its title ("TRƯỞNG BAN" / "BAN CHÍNH SÁCH, THUẾ QUỐC TẾ"),
    or a qualifier ("PHÓ CHỦ TỊCH" / "THƯỜNG TRỰC"). A line opening with specks is a title
    the signature damaged, not a clean wrap."""
    if not group.parts or group.parts[-1].endswith(","):
        return True
    folded = " ".join(regex.findall(r"\w+", tx.fold(text)))
    if starts_title(folded) or not text.strip()[:1].isalpha():  # a title ink damaged
        return False
    heads = vocab.ORGAN_HEADS_STRONG + vocab.ORGAN_HEADS_WEAK + vocab.TITLE_QUALIFIERS
    return any(folded == h or folded.startswith(h + " ") for h in heads)


def starts_title(folded: str) -> bool:
    """A (folded) line that opens with a chức vụ: a title word or the deputy's "PHÓ"."""
    folded = " ".join(regex.findall(r"[\w/]+", folded))
    return any(
        folded == w or folded.startswith(w + " ")
        for w in (*vocab.TITLE_WORDS, tx.fold(vocab.DEPUTY_WORD))
    )


def read_block(block: Sequence[Line]) -> tuple[str | None, str | None, list[Line]]:
    """(authority, title, the title's lines) of the capital lines over a signer's name.

    The block is cut into elements: each prefix line (TM./KT./TL./TUQ./Q.) opens one with the
    office it signs for, each title line opens one, and wrapped lines go on with theirs. The
    authority is the first prefix; the title is the last element, the signer's own chức vụ,
    joined over its lines ("TRƯỞNG BAN BAN CHÍNH SÁCH, THUẾ QUỐC TẾ")."""
    groups: list[_Group] = []
    for ln in block:
        prefix = authority(ln.text)
        if prefix is not None:
            groups.append(_Group(prefix[0], [prefix[1]] if prefix[1] else [], [ln]))
        elif groups and _continues(groups[-1], ln.text):
            groups[-1].parts.append(ln.text)
            groups[-1].lines.append(ln)
        else:
            groups.append(_Group(None, [ln.text], [ln]))
    if not groups:
        return None, None, []
    auth = next((g.prefix for g in groups if g.prefix is not None), None)
    own = groups[-1]
    text = " ".join(own.parts)
    if own.prefix is not None:  # no line of its own: a title flattened onto the prefix line
        k = _title_start(text, after_office=True)
        if k is not None:  # "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC", "TM. CHÍNH PHỦ THỦ TƯỚNG"
            return auth, _clean_title(" ".join(text.split()[k:])), own.lines
        # an acting head signs with the head's title; TM./KT./TL./TUQ. name the office
        # signed for, not the signer's own title (which the export lost)
        return auth, _clean_title(text) if own.prefix == "Q." and text else None, own.lines
    title = _clean_title(text)
    unknown = title not in _KNOWN_TITLES and not starts_title(tx.fold(text))
    if unknown and (k := _title_start(text)) is not None:  # "VỀ HQ PHÓ TRƯỞNG BAN"
        title = _clean_title(" ".join(text.split()[k:]))  # the office's tail first
    if len(groups) >= 2 and groups[-2].prefix == "KT.":
        title = _deputy_title(" ".join(groups[-2].parts), title)
    return auth, title, own.lines


def _title_start(text: str, after_office: bool = False) -> int | None:
    """Index of the first word after the first where a title starts inside ``text``; with
    ``after_office`` the words before it must name an office (a title or a body, not "PHÓ"
    alone or a concurrent office ending with a comma: "BỘ TRƯỞNG, CHỦ NHIỆM" is one title)."""
    words = text.split()
    folded = [tx.fold(w).strip(".,") for w in words]
    offices = (*vocab.TITLE_WORDS, *vocab.ENACTING_BODIES, *vocab.ORGAN_HEADS_STRONG)
    for k in range(1, len(words)):
        if not starts_title(" ".join(folded[k:])):
            continue
        office = " ".join(folded[:k])
        if not after_office:
            return k
        if words[k - 1].endswith(",") or office == tx.fold(vocab.DEPUTY_WORD):
            continue
        if any(office == o or office.startswith(o + " ") for o in offices):
            return k
    return None


_FLAT_SIGNER = regex.compile(
    r"^(?P<title>.*[\p{Lu}.])\s+(?P<name>\p{Lu}[\p{Ll}\p{M}]+(?:\s+\p{Lu}[\p{Ll}\p{M}]+){1,4})$"
)


def _title_then_name(line: Line) -> tuple[Line, str] | None:
    """(title part as a line, name) of a capital title followed by a personal name."""
    m = _FLAT_SIGNER.match(line.text)
    if m is None or not tx.is_upper_line(m["title"]):
        return None
    title = replace(line, text=m["title"], folded=tx.fold(m["title"]))
    if authority(title.text) is None and not any(w in title.folded for w in vocab.TITLE_WORDS):
        return None
    return title, fix_surname(m["name"])


def _deputy_title(office: str, title: str | None) -> str | None:
    """Under "KT. <head's title>" signs a deputy ("PHÓ CHỦ TỊCH", "THỨ TRƯỞNG"): a title
    whose start the signature covered ("J'HO CHỦ TỊCH", "r+T) CHÁNH VĂN PHÒNG", "HỦ TỊCH")
    is read as that deputy's title when what is left of it ends it, and so is one a few
    letters away from it."""
    if title is None or title.isascii():
        return title  # tone-less legacy text stays as printed
    head = _clean_title(office)
    if head is None:
        return title
    deputy = vocab.DEPUTY_TITLES.get(head, f"{vocab.DEPUTY_WORD} {head}")
    if tx.fold(title) == tx.fold(deputy):
        return title
    words = title.split()
    for k in range(len(words)):
        tail = " ".join(words[k:])
        if k and _is_word(words[k - 1]):
            break  # a printed word before: the title as printed
        if len(tail) >= vocab.MIN_TITLE_TAIL and tx.fold(deputy).endswith(tx.fold(tail)):
            return deputy
    # the deputy's title with a few letters misread ("PHO THÊU TRƯỞNG" under KT. HIỆU TRƯỞNG)
    near = Levenshtein.distance(tx.fold(title), tx.fold(deputy))
    return deputy if near <= vocab.TITLE_SNAP_SHARE * len(deputy) else title


_EDGE_SPECKS = regex.compile(r"^[^\p{L}]+|[^\p{L}\d)]+$")


def _clean_title(text: str) -> str | None:
    """The title without list punctuation or OCR specks around it ("CHỦ TỊCH „", "XP” -PHÓ
    CHỦ TỊCH"); a known title OCR lost tone marks of ("THƯ TRƯƠNG") is given them back, one
    with a token that cannot be a Vietnamese syllable is snapped to the nearest known title."""
    text = _EDGE_SPECKS.sub("", tx.strip_item(text))
    words = text.split()
    k = next((j for j, w in enumerate(words) if _is_word(w)), 0)
    rest = tx.fold(_EDGE_SPECKS.sub("", " ".join(words[k:])))
    if k and rest in _TITLES_BY_FOLD and rest not in _TITLE_TAILS:
        text = " ".join(words[k:])  # seal or signature ink before a whole title
    text = _EDGE_SPECKS.sub("", text)
    text = regex.sub(r"\s+\p{L}$", "", text)  # a lone letter is a speck
    if not text.isascii() and (known := _TITLES_BY_FOLD.get(tx.fold(text))) is not None:
        return known
    folded = tx.fold(text)
    near = [
        t
        for f, t in _TITLES_BY_FOLD.items()
        if Levenshtein.distance(folded, f) == vocab.TITLE_SLIPS
    ]
    if len(near) == 1 and len(text) >= vocab.MIN_TITLE_TAIL and not text.isascii():
        return near[0]  # one letter the signature covered or OCR garbled ("HỦ TỊCH")
    if all(is_structural_syllable(w) for w in text.split()):
        return text or None
    if (unit := _title_of_unit(text)) is not None:
        return unit
    n_words = len(text.split())
    best = min(
        vocab.SIGNER_TITLES,
        key=lambda t: (Levenshtein.distance(text, t), abs(len(t.split()) - n_words)),
    )
    if Levenshtein.distance(text, best) <= vocab.TITLE_SNAP_SHARE * len(best):
        return best
    return text or None


_UNIT_CODE = regex.compile(r"[A-ZĐ][A-ZĐ&-]{1,7}")


def _title_of_unit(text: str) -> str | None:
    """A known title OCR garbled, followed by the code of the unit it heads ("TIRUONG PHONG
    CTSV" → "TRƯỞNG PHÒNG CTSV"): the title snapped as a whole title would be, the code kept."""
    words = text.split()
    for k in range(len(words) - 1, 0, -1):
        if not all(_UNIT_CODE.fullmatch(w) for w in words[k:]):
            break
        head = tx.fold(" ".join(words[:k]))
        near = [t for f, t in _TITLES_BY_FOLD.items()
                if Levenshtein.distance(head, f) <= vocab.TITLE_SNAP_SHARE * len(f)]  # fmt: skip
        if len(near) == 1:
            return " ".join([near[0], *words[k:]])
    return None


_TITLES_BY_FOLD = {tx.fold(t): t for t in vocab.SIGNER_TITLES}
_KNOWN_TITLES = frozenset(vocab.SIGNER_TITLES)
# Titles that end a longer title ("CHÁNH VĂN PHÒNG" of "PHÓ CHÁNH VĂN PHÒNG"): a garbled
# word before one of them may be the rest of the title, not ink.
_TITLE_TAILS = frozenset(tx.fold(t).split(" ", 1)[1] for t in vocab.SIGNER_TITLES if " " in t)


def _is_word(token: str) -> bool:
    """A token that is a printed word: letters only (edge punctuation aside), a syllable."""
    bare = _EDGE_SPECKS.sub("", token)
    return bare.isalpha() and is_structural_syllable(bare)


def _is_speck(line: Line) -> bool:
    """What stands for the signature: OCR of it or of the seal (few letters, no word that
    can be a syllable), or a placeholder such as "(Đã ký)"."""
    bare = " ".join(regex.findall(r"[a-z]+", line.folded))
    if bare in vocab.SIGNATURE_PLACEHOLDERS:
        return True
    # any note in brackets about the signature: "(Đã ký và đóng dấu)", "[Chữ ký số]"
    if regex.fullmatch(r"[(\[].*[)\]]", line.text.strip()) and vocab.SIGNATURE_WORD in bare.split():
        return True
    words = [w for w in regex.findall(r"\p{L}+", line.text) if len(w) >= vocab.SPECK_WORD_MIN]
    return tx.is_junk(line.text) or not any(is_structural_syllable(w) for w in words)


def _over(line: Line, name: Line) -> bool:
    """A line the layout left full-width that stands over the name's column on the page
    ("TM. ỦY BAN NHÂN DÂN" printed a little above "Nơi nhận")."""
    if line.bbox is None or name.bbox is None or line.page != name.page:
        return False
    return line.bbox.x0 >= name.bbox.x0 - (name.bbox.x1 - name.bbox.x0)


def _interleaved_block(lines: Sequence[Line], i: int, begin: int, skip: set[int]) -> list[Line]:
    """The signer's capital lines when a text export interleaved them with the Nơi nhận
    entries ("Nơi nhận:" / "T/M BAN CHẤP HÀNH" / "- Các ban đảng," / "TỔNG BÍ THƯ" / … /
    name): walking up from the name over entries, their wraps and the label, the capital
    lines met, until a line of the body."""
    block: list[Line] = []
    for k in range(i - 1, max(begin, i - vocab.SIGNER_BLOCK_SPAN) - 1, -1):
        ln = lines[k]
        if k in skip or ln.blank or ln.column == "left" or _is_speck(ln):
            continue
        if ln.upper and not _BULLET.match(ln.text):
            block.insert(0, ln)
            continue
        entry = _BULLET.match(ln.text) or cc_label(ln) is not None
        wrap = ln.text.rstrip().endswith((";", ",", ".")) and len(ln.text) < vocab.CC_ENTRY_MAX
        if not (entry or wrap):
            break
    return block if any(_has_title(b) for b in block) else []


def _title_block(lines: Sequence[Line], i: int, begin: int, skip: set[int]) -> list[Line]:
    """Capital lines directly above line ``i`` in its column (top to bottom). In a column,
    lines of the other column are passed over; a full-width text line ends the footer."""
    col = lines[i].column
    first = max(begin, i - vocab.SIGNER_BLOCK_SPAN)
    noise = _signature_gap(lines, i, first, skip)
    # a name below a footer read as one column, its signer lines cut off the cc entries
    interleaved = col == "full" and any(lines[k].column == "right" for k in range(first, i))
    block: list[Line] = []
    for k in range(i - 1, first - 1, -1):
        ln = lines[k]
        other = "left" if col == "full" else None  # a name under both columns: skip cc
        if k in skip or k in noise or ln.blank or ln.column == other:
            continue
        if col != "full" and ln.column not in (col, "full"):
            continue
        if (_is_speck(ln) and not _has_title(ln)) or not strip_rank(ln.text):  # ink, a rank
            continue
        if col != "full" and ln.column == "full" and not _over(ln, lines[i]):
            if _BULLET.match(ln.text) or cc_label(ln) is not None:
                continue
            break
        if ln.column == "full" and (_BULLET.match(ln.text) or cc_label(ln) is not None):
            if interleaved:
                continue
            break
        if not (ln.upper or authority(ln.text)):
            break
        if ln.text.rstrip().endswith((";", ":")):
            break
        block.insert(0, ln)
        if len(block) >= vocab.TITLE_BLOCK_MAX:
            break
    return block


_CLEAN_CAPITALS = regex.compile(r"[\p{Lu}\p{M}\s.,]+")
_TITLE_ENDS = frozenset(w.split()[-1] for w in vocab.TITLE_WORDS)


def _has_title(line: Line) -> bool:
    """A prefix or title word, or a line one OCR slip from a title ("PHO CHU NHIẸỆM")."""
    if authority(line.text) is not None or any(w in line.folded for w in vocab.TITLE_WORDS):
        return True
    letters = " ".join(regex.findall(r"\p{L}+", line.folded))
    return any(Levenshtein.distance(letters, w) <= vocab.TITLE_SLIPS for w in vocab.TITLE_WORDS)


def _signature_gap(lines: Sequence[Line], i: int, first: int, skip: set[int]) -> set[int]:
    """Positions of the signature's OCR between the name at ``i`` and a title line above it
    ("KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" / "KIÊN —- 3 TÂ" / "c^ đã để" / name): lines in the
    name's column that are not clean capital text, when a line with a title word or prefix
    follows within a few lines; empty otherwise (the block is then read as printed)."""
    col = lines[i].column
    gap: set[int] = set()
    for k in range(i - 1, first - 1, -1):
        ln = lines[k]
        if k in skip or ln.blank or (col == "full" and ln.column == "left"):
            continue
        if col != "full" and ln.column != col:
            if ln.column == "full" and not _over(ln, lines[i]):
                return set()
            continue
        if _has_title(ln):
            return gap
        words = regex.findall(r"\p{L}+", ln.folded)
        ends_title = bool(words) and words[-1] in _TITLE_ENDS  # a title the ink damaged
        clean = _CLEAN_CAPITALS.fullmatch(ln.text) is not None
        if ends_title or clean or len(gap) >= vocab.SIGNATURE_NOISE_LINES:
            return set()
        gap.add(k)
    return set()
