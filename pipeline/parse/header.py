"""Header rules: issuer, number/symbol, place/date, type title, subject, recipients, marks.

The header (phần đầu) is everything above the body: the two header columns (issuer and Số
on the left, motto and place/date on the right), the type title with the subject under it,
and "Kính gửi". Rules read left/right columns when the layout is known and fall back to
reading order otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import regex
from rapidfuzz.distance import Levenshtein

from . import text as tx
from . import vocab
from .layout import Found, Line, is_motto

_TYPE_BY_FOLD = {tx.fold(name): name for name in vocab.DOC_TYPES}
_TYPE_BY_ABBR = {abbr: name for name, abbr in vocab.DOC_TYPES.items() if abbr}
_VV = regex.compile(r"(?:^|\s)v\s*/\s*v\b\s*[:.]?\s*")
# A word of a place name: "Hà", "TP.", "TP.HCM", "phố" (of "Thành phố …"), "HÀ", and the
# apostrophe words of Central Highlands names ("Ea H'leo", "Cư M'gar").
_PLACE_TOKEN = regex.compile(
    r"^(?:\p{Lu}[\p{Ll}\p{M}]*(?:['’‘ʼ`]\p{Ll}[\p{Ll}\p{M}]*)?\.?"
    r"|\p{Lu}{1,3}\.(?:\p{Lu}+)?|[Pp]hố|\p{Lu}+|[-–])$"
)


@dataclass(slots=True)
class Header:
    """Header fields found, and which line indices they used (the body starts after)."""

    fields: dict[str, Found] = field(default_factory=dict)
    used: set[int] = field(default_factory=set)
    end: int = 0  # position after the last header line
    number_line: int | None = None
    warnings: list[str] = field(default_factory=list)


def _mark(line: Line) -> tuple[str, str] | None:
    """(field, value) when the line is an urgency or secrecy stamp on its own."""
    if not line.upper:
        return None
    f = regex.sub(r"[^a-z ]", "", line.folded).strip()
    if f in vocab.URGENCY_MARKS:
        return "urgency", vocab.URGENCY_MARKS[f]
    if f in vocab.CONFIDENTIALITY_MARKS:
        return "confidentiality", vocab.CONFIDENTIALITY_MARKS[f]
    return None


def title_type(line: Line) -> str | None:
    """The document type when ``line`` is a type title ("QUYẾT ĐỊNH", "CÔNG ĐIỆN")."""
    f = regex.sub(r"^[^a-z]+|[^a-z]+$", "", line.folded)  # "THÔNG BÁO_." (OCR specks)
    if not f or not line.upper:
        return None
    return _TYPE_BY_FOLD.get(regex.sub(r"\s+", " ", f))


def parse_header(lines: Sequence[Line], start: int, stop: int, skip: set[int]) -> Header:
    """Read the header fields from ``lines[start:stop]``, ignoring positions in ``skip``."""
    h = Header()
    window = [i for i in range(start, min(stop, start + vocab.HEADER_SPAN)) if i not in skip]
    title = next((i for i in window if title_type(lines[i])), None)
    head = [i for i in window if title is None or i < title]

    _find_number(lines, head, h)
    _find_date(lines, head, h)
    _find_marks(lines, head, h)
    _find_issuer(lines, head, h)
    if title is not None:
        h.fields["doc_type"] = Found(title_type(lines[title]), (lines[title],), "doc_type.title")
        h.used.add(title)
        h.end = max(h.end, title + 1)
        _fix_type_code(h)
    _find_letter_subject(lines, head, h)
    if title is not None and "subject" not in h.fields:
        _find_title_subject(lines, title, stop, skip, h)
    if "doc_type" not in h.fields:
        _doc_type_fallback(h)
    _find_recipients(lines, h.end, stop, skip, h)
    return h


# --- number / symbol ----------------------------------------------------------------------


def _score(m: tx.NumberMatch) -> int:
    return (m.symbol is not None) * 2 + (m.number is not None)


def _find_number(lines: Sequence[Line], head: list[int], h: Header) -> None:
    """The first "Số:" line of the header; the pre-restoration text wins when it reads more
    (restoration may damage codes), a bare label takes the number from the next line."""
    best: tuple[int, tx.NumberMatch, Line, str] | None = None
    for i in head:
        ln = lines[i]
        for variant, src in ((ln.text, "text"), (ln.raw, "raw")):
            m = tx.find_number(variant)
            if m is None:
                continue
            if m.symbol is None and m.number is None and (nxt := _next_in_column(lines, head, i)):
                parsed = tx.parse_number(lines[nxt].raw) or tx.parse_number(lines[nxt].text)
                if parsed is not None:
                    m = tx.NumberMatch(parsed[0], parsed[1], 0, parsed[2])
                    h.used.add(nxt)
            if best is None or _score(m) > _score(best[1]):
                best = (i, m, ln, src)
        if best is not None and best[1].symbol is not None:
            break
    if best is None:
        h.warnings.append("no document number (Số) found")
        return
    i, m, ln, src = best
    h.used.add(i)
    h.end = max(h.end, i + 1)
    rule = f"number.label.{src}"
    h.fields["number"] = Found(m.number, (ln,), rule)
    h.fields["symbol"] = Found(m.symbol, (ln,), rule)
    h.number_line = i
    if m.number is None:
        h.warnings.append("number is blank or handwritten")


def _next_in_column(lines: Sequence[Line], head: list[int], i: int) -> int | None:
    for j in head:
        if j > i and lines[j].column == lines[i].column and not lines[j].blank:
            return j
    return None


# --- place / date --------------------------------------------------------------------------


def _find_date(lines: Sequence[Line], head: list[int], h: Header) -> None:
    """The header's "<place>, ngày … tháng … năm …" (possibly wrapped over two lines); the
    first one with a place, or the right column's, wins over dates without a place."""
    candidates: list[tuple[Found, Found | None]] = []
    for k, i in enumerate(head):
        ln = lines[i]
        if ln.column == "left" and ln.region == "text":
            continue
        joined = [ln]
        d = tx.find_word_date(ln.text)
        if d is None and k + 1 < len(head):  # "…, ngày" / "15 tháng 11 năm 2025"
            nxt = lines[head[k + 1]]
            d2 = tx.find_word_date(ln.text + " " + nxt.text)
            if d2 is not None and d2.start < len(ln.text):
                d, joined = d2, [ln, nxt]
        rule = "date.header"
        if d is None or d.iso is None:  # restoration may have damaged the digits
            raw = tx.find_word_date(ln.raw)
            if raw is not None and raw.iso is not None:
                comma = ln.text.find(",")
                start = d.start if d is not None else comma if comma > 0 else raw.start
                d, joined, rule = tx.DateMatch(raw.iso, start, raw.end), [ln], "date.header.raw"
        if d is None or d.start >= len(ln.text):
            continue
        place = _place(lines, head, k, ln.text[: d.start])
        date = Found(d.iso, tuple(joined), rule)
        candidates.append((date, place))
        if place is not None or ln.column == "right":
            break
    if not candidates:  # "Hà Nội, ngày 21 tháng": the place, and a date the export cut
        cut = next(((k, m) for k, i in enumerate(head) if (m := tx.find_cut_date(lines[i].text))),
                   None)  # fmt: skip
        if cut is not None:
            k, m = cut
            ln = lines[head[k]]
            candidates.append((Found(None, (ln,), "date.header.cut"),
                               _place(lines, head, k, ln.text[: m.start])))  # fmt: skip
    if not candidates:
        h.warnings.append("no date found")
        return
    date, place = next((c for c in candidates if c[1] is not None), candidates[0])
    h.fields["date"] = date
    if date.value is None:
        h.warnings.append("date is blank, handwritten or invalid")
    h.used.update(_pos(lines, ln) for ln in date.lines)
    if place is not None:
        h.fields["place"] = place
        h.used.update(_pos(lines, ln) for ln in place.lines)
    h.end = max(h.end, *(_pos(lines, ln) + 1 for ln in date.lines))


def _pos(lines: Sequence[Line], line: Line) -> int:
    for i, ln in enumerate(lines):
        if ln is line:
            return i
    raise ValueError("line not in document")


def _place(lines: Sequence[Line], head: list[int], k: int, before: str) -> Found | None:
    """Place name printed before ", ngày": the trailing run of capitalised words."""
    before = regex.sub(r"[,\s]+$", "", before)
    number = tx.find_number(before)  # "Số: 473 / SNV Bắc Ninh, ngày …" (columns flattened)
    if number is not None and number.symbol is not None:
        before = before[number.end :]
    # text left of the place on an interleaved line (the Số column) is not part of it
    m = regex.search(r"(?:/[\p{L}\d&.-]+|\s{2,}|[:;])\s*(?=[^/:;]*$)", before)
    if m is not None:
        before = before[m.end() :]
    words = before.split()
    kept: list[str] = []
    for w in reversed(words):
        if not _PLACE_TOKEN.match(w) or len(kept) >= vocab.PLACE_MAX_WORDS:
            break
        kept.insert(0, w)
    lines_used = [lines[head[k]]]
    if len(kept) < vocab.PLACE_WRAP_WORDS and k > 0:
        # "Tây" / "Ninh, ngày …": the place wrapped, its first word alone on the line above
        prev = lines[head[k - 1]]
        pw = prev.text.split()
        fits = len(pw) <= vocab.PLACE_WRAP_WORDS - len(kept)
        if pw and fits and all(_PLACE_TOKEN.match(w) and not w.isupper() for w in pw):
            kept = pw + kept
            lines_used.insert(0, prev)
    while kept and kept[0] in "-–":
        kept.pop(0)
    if not kept:
        return None
    place = " ".join(kept)
    known = snap_place(place)
    rule = "place.before_date" if known in (None, place) else "place.before_date.gazetteer"
    return Found(known or place, tuple(lines_used), rule)


_PLACES_BY_FOLD = {tx.fold(p): p for p in vocab.PLACES}
_PLACES_CASEFOLD = frozenset(p.casefold() for p in vocab.PLACES)


def snap_place(place: str) -> str | None:
    """The gazetteer name ``place`` stands for: itself, the same name without its tone marks
    (legacy text), or a name one OCR slip away; None when it is not a known place."""
    if place.casefold() in _PLACES_CASEFOLD:  # "Tp. Hồ Chí Minh": as printed
        return place
    folded = tx.fold(place)
    if folded in _PLACES_BY_FOLD and place.isascii():
        return _PLACES_BY_FOLD[folded]
    near = [
        p
        for p in vocab.PLACES
        if Levenshtein.distance(place, p) <= vocab.PLACE_SLIPS and len(p) > vocab.PLACE_SNAP_MIN
    ]
    return near[0] if len(near) == 1 else None


# --- marks ---------------------------------------------------------------------------------


def _find_marks(lines: Sequence[Line], head: list[int], h: Header) -> None:
    for i in head:
        mark = _mark(lines[i])
        if mark is not None and mark[0] not in h.fields:
            h.fields[mark[0]] = Found(mark[1], (lines[i],), f"{mark[0]}.mark")
            h.used.add(i)


# --- issuer --------------------------------------------------------------------------------


_EDGE_SPECKS = regex.compile(r"^[^\p{L}\d(]+|(?<=\p{L})\s+[^\p{L}\d()]+$")


def _find_issuer(lines: Sequence[Line], head: list[int], h: Header) -> None:
    """Capital lines of the left column above the number, motto and marks left out."""
    number_line = h.number_line
    picked: list[Line] = []
    for i in head:
        if number_line is not None and i >= number_line:
            break
        ln = lines[i]
        if ln.column == "right" or i in h.used or tx.is_rule_line(ln.text) or ln.blank:
            continue
        text = _cut_motto(ln)  # "CHÍNH PHỦ CỘNG HÒA XÃ HỘI …" read across both columns
        # web exports interleave the columns: the issuer may go on below; what a garbled
        # motto leaves before it ("Nó GIÁ") is no issuer
        if (is_motto(ln) and (text == ln.text or not text.isupper())) or _mark(ln):
            continue
        if tx.starts_with_number_label(text):
            break
        if not text or not tx.is_upper_line(text):
            if picked:
                break
            continue
        text = _EDGE_SPECKS.sub("", text)  # "' BỘ …", "BỘ XÂY DỰNG -" (a rule's stub)
        picked.append(ln if text == ln.text else _with_text(ln, text))
    if not picked:
        return
    texts = [ln.text for ln in picked]
    texts[-1] = texts[-1].rstrip(" .,;:")  # "BỘ GIÁO DỤC VÀ ĐÀO TẠO." (a speck, a rule's end)
    name, parent = split_issuer(texts)
    h.fields["issuer.name"] = Found(name, tuple(picked), "issuer.header")
    h.fields["issuer.parent"] = Found(parent, tuple(picked), "issuer.header")


def _with_text(line: Line, text: str) -> Line:
    return replace(line, text=text, folded=tx.fold(text))


def _cut_motto(line: Line) -> str:
    """Drop a motto run printed on the same line as the issuer (interleaved columns)."""
    text = line.text
    for m in vocab.MOTTO:
        pos = line.folded.find(m[: vocab.MOTTO_PREFIX])
        if pos > 0:
            text = text[:pos]
    return text.strip()


def _head_at(words: list[str], k: int, heads: tuple[str, ...]) -> bool:
    """Whether an organ head starts at folded word ``k`` (and is not the tail of a longer
    name such as "ỦY BAN", "ĐẢNG BỘ")."""
    rest = " ".join(words[k:])
    if not any(rest == hd or rest.startswith(hd + " ") for hd in heads):
        return False
    if k == 0:
        return True
    pair = f"{words[k - 1]} {words[k]}"
    return not any(pair.startswith(ns) for ns in vocab.ORGAN_NON_SPLIT)


def split_issuer(texts: Sequence[str]) -> tuple[str, str | None]:
    """(name, parent) from the issuer lines: a superior body printed above the issuing body
    is the parent; a name wrapped over several lines is joined."""
    heads = vocab.ORGAN_HEADS_STRONG + vocab.ORGAN_HEADS_WEAK
    words_per_line = [tx.collapse(t).split() for t in texts]
    words = [w for ws in words_per_line for w in ws]
    folded = [tx.fold(w).strip(",.") for w in words]
    if not words:
        return "", None
    starts_with_head = _head_at(folded, 0, heads)
    # split at a line break followed by an organ head
    pos = 0
    split: int | None = None
    for ws in words_per_line[:-1]:
        pos += len(ws)
        if starts_with_head and _head_at(folded, pos, heads) and pos >= vocab.PARENT_MIN_WORDS:
            split = pos
            # "… HẢI" / "PHÒNG SỞ Y TẾ": a wrapped word, then the real head
            if not _head_at(folded, pos, vocab.ORGAN_HEADS_STRONG) and _head_at(
                folded, pos + 1, vocab.ORGAN_HEADS_STRONG
            ):
                split = pos + 1
        elif (
            starts_with_head
            and pos >= vocab.PARENT_MIN_WORDS
            and _head_at(folded, pos + 1, heads)
            and f"{folded[pos - 1]} {folded[pos]}" in _PLACES_BY_FOLD
        ):  # "UBND THÀNH PHỐ HÀ" / "NỘI TRUNG TÂM …": a place name wrapped, then the head
            split = pos + 1
    if split is None and starts_with_head:
        for k in range(vocab.PARENT_MIN_WORDS, len(words) - 1):
            if _head_at(folded, k, vocab.ORGAN_HEADS_STRONG) and words[k - 1][-1:] != ",":
                split = k
                break
    if split is None:
        return " ".join(words), None
    return " ".join(words[split:]), " ".join(words[:split])


# --- doc type and subject ------------------------------------------------------------------


def _fix_type_code(h: Header) -> None:
    """The type code in the symbol as the title gives it, when OCR misread one letter of it
    ("TIr-UBND" under "TỜ TRÌNH" → "TTr-UBND")."""
    sym, doc_type = h.fields.get("symbol"), h.fields["doc_type"].value
    code = vocab.DOC_TYPES.get(str(doc_type), "")
    if sym is None or not isinstance(sym.value, str) or not code:
        return
    groups = regex.split(r"([-/])", sym.value)
    if code in groups:
        return
    k = next((k for k, g in enumerate(groups) if g[:1].isalpha()), None)  # the type's place
    if k is None or len(groups[k]) != len(code):
        return
    if Levenshtein.distance(groups[k], code) == vocab.TYPE_CODE_SLIPS:
        groups[k] = code
        h.fields["symbol"] = Found("".join(groups), sym.lines, f"{sym.rule}.type_code")


def _doc_type_fallback(h: Header) -> None:
    """No type title: a V/v line makes a công văn, else the type code in the symbol."""
    if "subject" in h.fields and h.fields["subject"].rule == "subject.vv":
        h.fields["doc_type"] = Found(vocab.LETTER_TYPE, h.fields["subject"].lines, "doc_type.vv")
        return
    sym = h.fields.get("symbol")
    if sym is not None and isinstance(sym.value, str):
        for group in regex.split(r"[-/]", sym.value):
            if group in _TYPE_BY_ABBR:
                h.fields["doc_type"] = Found(_TYPE_BY_ABBR[group], sym.lines, "doc_type.symbol")
                return
        h.fields["doc_type"] = Found(vocab.LETTER_TYPE, sym.lines, "doc_type.symbol_no_type")


def _find_letter_subject(lines: Sequence[Line], head: list[int], h: Header) -> None:
    """Trích yếu of a công văn: "V/v …" under the number, wrapped lines joined."""
    for k, i in enumerate(head):
        ln = lines[i]
        m = _VV.search(ln.folded)
        if m is None or ln.column == "right":
            continue
        parts = [ln.text[m.end() :].strip()]
        used = [ln]
        for j in head[k + 1 :]:
            nxt = lines[j]
            if nxt.column != ln.column and nxt.column != "full":
                continue
            if ln.column == "left" and nxt.column == "full":
                break  # the left header column has ended
            if j in h.used or nxt.blank or is_motto(nxt) or tx.is_rule_line(nxt.text):
                break
            if tx.starts_with_word(nxt.text, vocab.STRONG_BODY_STARTS):
                break
            if tx.starts_with_any(nxt.folded, vocab.RECIPIENT_LABELS) or _mark(nxt):
                break
            if title_type(nxt) or tx.find_word_date(nxt.text) or tx.find_cut_date(nxt.text):
                break
            parts.append(nxt.text)
            used.append(nxt)
        subject = tx.strip_item(" ".join(p for p in parts if p))
        if subject:
            h.fields["subject"] = Found(subject, tuple(used), "subject.vv")
            h.used.update(_pos(lines, x) for x in used)
            h.end = max(h.end, *(_pos(lines, x) + 1 for x in used))
        return


def _is_authority_line(line: Line, issuer: str | None) -> bool:
    f = line.folded
    if issuer and tx.fold(issuer) == f:
        return True
    if not tx.starts_with_any(f, vocab.TITLE_WORDS + vocab.ENACTING_BODIES):
        return False
    # a capital subject wrapped at "CHÍNH PHỦ BÙI THANH SƠN TẠI …" goes on with its phrase
    return not any(w in f.split() for w in vocab.SUBJECT_PHRASE_WORDS)


def _find_title_subject(
    lines: Sequence[Line], title: int, stop: int, skip: set[int], h: Header
) -> None:
    issuer = h.fields.get("issuer.name")
    issuer_name = issuer.value if issuer is not None and isinstance(issuer.value, str) else None
    picked: list[Line] = []
    wrap = _wrap_width(lines[title + 1 : stop])
    margins = _body_margins(lines[title + 1 : stop], lines[title].page)
    for j in range(title + 1, min(stop, title + vocab.SUBJECT_SPAN)):
        if j in skip:
            continue
        ln = lines[j]
        if ln.blank or tx.is_rule_line(ln.text):  # the rule printed under the subject ends it
            if picked:
                break
            continue
        starts = vocab.BODY_STARTS if picked else vocab.STRONG_BODY_STARTS
        if not ln.upper and tx.starts_with_word(ln.text, starts) and not _VV.match(ln.folded):
            break
        if _mark(ln) or title_type(ln):
            break
        if not picked:
            picked.append(ln)
            continue
        if picked[0].upper:
            if not ln.upper:
                break
            if _is_authority_line(ln, issuer_name):
                break
        elif not _continues_subject(picked[-1], ln, wrap, margins):
            break
        picked.append(ln)
    if not picked:
        return
    subject = tx.strip_item(" ".join(ln.text for ln in picked))
    h.fields["subject"] = Found(subject, tuple(picked), "subject.title")
    h.used.update(_pos(lines, x) for x in picked)
    h.end = max(h.end, _pos(lines, picked[-1]) + 1)


def _wrap_width(lines: Sequence[Line]) -> float | None:
    """Typical width of a full body line in characters, or None when too few lines follow to
    tell (a header-only transcription)."""
    widths = sorted(len(ln.text) for ln in lines if ln.text)
    if len(widths) < vocab.MIN_BODY_LINES:
        return None
    return float(widths[int(len(widths) * vocab.WRAP_PERCENTILE)])


def _body_margins(lines: Sequence[Line], page: int) -> tuple[float, float] | None:
    """Left and right edges (pixels) of the body text block on ``page``, when lines have
    boxes (pages of one scan may differ in resolution)."""
    boxes = [
        ln.bbox
        for ln in lines
        if ln.bbox is not None and ln.column == "full" and ln.text and ln.page == page
    ]
    if len(boxes) < vocab.MIN_BODY_LINES:
        return None
    lefts = sorted(b.x0 for b in boxes)
    rights = sorted(b.x1 for b in boxes)
    n = vocab.MARGIN_OUTLIERS
    return float(lefts[len(lefts) // n]), float(rights[len(rights) * (n - 1) // n])


def _continues_subject(
    prev: Line, line: Line, wrap: float | None, margins: tuple[float, float] | None
) -> bool:
    """Whether ``line`` wraps a mixed-case subject ("Về việc …") rather than starting the body
    or the enacting-authority line. On a scan a subject line is centred, inset from both body
    margins; in wrapped text a line starting with a capital must be clearly short."""
    if line.upper or prev.text.rstrip().endswith((".", ";", ":")):
        return False
    if line.text.rstrip().endswith(":"):
        return False
    # reaching out past the body's left margin: stamp ink over the first body line
    outside = (
        line.bbox is not None
        and margins is not None
        and line.bbox.x0 < margins[0] - vocab.SUBJECT_INSET * (margins[1] - margins[0])
    )
    if outside:
        return False
    # a lower-case start (as printed: the raw text, OCR specks dropped) continues a phrase
    first = regex.sub(r"^[^\p{L}\d]+", "", line.raw)[:1]
    if first.islower() or first.isdigit():
        return True
    if line.bbox is not None and margins is not None:
        inset = vocab.SUBJECT_INSET * (margins[1] - margins[0])
        return line.bbox.x0 > margins[0] + inset and line.bbox.x1 < margins[1] - inset
    if wrap is None or wrap > vocab.WRAPPED_TEXT_MAX:
        return True
    return len(line.text) <= vocab.SUBJECT_WIDTH_SHARE * wrap


# --- recipients ----------------------------------------------------------------------------


def _recipient_label(line: Line) -> int | None:
    """Offset of the text after "Kính gửi:" or "… điện:", if the line has the label."""
    f = line.folded
    end = tx.label_end(f, vocab.RECIPIENT_LABELS)
    if end is not None:
        return end
    pos = f.find(vocab.TELEGRAM_LABEL)
    if pos > 0 and tx.is_upper_line(line.text[:pos]):
        return pos + len(vocab.TELEGRAM_LABEL)
    return None


def _find_recipients(
    lines: Sequence[Line], begin: int, stop: int, skip: set[int], h: Header
) -> None:
    label_at = None
    for j in range(begin, min(stop, begin + vocab.RECIPIENT_LABEL_SPAN)):
        if j in skip:
            continue
        off = _recipient_label(lines[j])
        if off is not None:
            label_at = (j, off)
            break
    if label_at is None:
        h.fields["recipients"] = Found([], (), "recipients.none")
        return
    j, off = label_at
    items, used = read_recipients(lines, j, off, stop, skip)
    h.fields["recipients"] = Found(items, tuple(used), "recipients.kinh_gui")
    h.end = max(h.end, _pos(lines, used[-1]) + 1)


def read_recipients(
    lines: Sequence[Line], j: int, off: int, stop: int, skip: set[int]
) -> tuple[list[str], list[Line]]:
    """Entries after a "Kính gửi" label: one per bullet or ';'-ended line, wrapped lines joined,
    descriptive lines (tax code, address) dropped."""
    items: list[str] = []
    used = [lines[j]]
    first = lines[j].text[off:].strip()
    current = first
    bulleted = False
    in_detail = False
    for k in range(j + 1, min(stop, j + vocab.RECIPIENT_LIST_SPAN)):
        if k in skip:
            continue
        ln = lines[k]
        if ln.blank:
            if current or items:
                break
            continue
        text = ln.text
        if (label := _recipient_label(ln)) is not None:  # "Đồng kính gửi:" goes on with the list
            if current:
                items.append(current)
            current, bulleted = text[label:].strip(), False
            used.append(ln)
            continue
        is_bullet = bool(tx.BULLET_RE.match(text))
        if is_bullet:
            bulleted = True
            if current:
                items.append(current)
            current = tx.BULLET_RE.sub("", text)
            used.append(ln)
            continue
        if current and (text.startswith("(") or current.count("(") > current.count(")")):
            current = f"{current} {text}"  # a parenthetical address belongs to the entry
            used.append(ln)
            continue
        if current and not current.rstrip().endswith((";", ":")) and _detail_inside(ln):
            current = f"{current} {text}"  # "Công ty TNHH" / "Tokokosen. (Địa chỉ: …)"
            used.append(ln)
            continue
        bare = regex.sub(r"[^\w\s]", "", ln.folded)  # "Địa. chỉ:" as OCR may print it
        if tx.starts_with_any(bare, vocab.RECIPIENT_DETAIL_LABELS) or in_detail:
            # a describing line (tax code, address) and its wrapped continuation
            in_detail = not text.rstrip().endswith((";", "."))
            used.append(ln)
            continue
        ended = (
            not current
            or current.rstrip().endswith((";", ".", ":"))
            or current.rstrip().endswith(")")
        )
        if _looks_like_body(ln):
            break
        wraps = bulleted or len(text) <= vocab.RECIPIENT_WRAP_MAX or text[:1].islower()
        if current and not ended and wraps:
            current = f"{current} {text}"
            used.append(ln)
            continue
        closed = current.rstrip().endswith(".")  # "A;" / "B;" / "C." closes the list
        if bulleted or closed or (items and current and not text.rstrip().endswith((";", "."))):
            break
        if not current and not items:
            current = text
            used.append(ln)
            continue
        listing = not current or current.rstrip().endswith(";")  # "Sở A;" / "Sở B."
        if listing and text.rstrip().endswith((";", ".")) and len(text) < vocab.RECIPIENT_ENTRY_MAX:
            if current:
                items.append(current)
            current = text
            used.append(ln)
            continue
        break
    if current:
        items.append(current)
    # "- A; - B; - C" printed on one line: one entry per bullet
    entries = (e for x in items for e in _INLINE_BULLETS.split(x))
    return [s for s in (tx.strip_item(x) for x in entries) if s], used


_INLINE_BULLETS = regex.compile(rf"(?<=;)\s*(?=[{regex.escape(vocab.BULLETS)}]\s)")


def _detail_inside(line: Line) -> bool:
    """A line whose parenthesis describes the entry ("… (Địa chỉ: …"), after a short tail of
    the entry's name."""
    at = line.text.find("(")
    if not 0 <= at <= vocab.RECIPIENT_WRAP_MAX:
        return False
    inside = regex.sub(r"[^\w\s]", "", line.folded[at + 1 :]).strip()
    return tx.starts_with_any(inside, vocab.RECIPIENT_DETAIL_LABELS)


def _looks_like_body(line: Line) -> bool:
    """A line of the body after the recipients: long, a body opening ("Thực hiện …", "Đề nghị
    …") or a numbered point ("1. …", "II. …")."""
    if len(line.text) > vocab.BODY_LINE_MIN:
        return True
    if regex.match(r"^(?:\d{1,2}|[IVX]{1,4})[.)]\s", line.text):
        return True
    return tx.starts_with_word(line.text, vocab.BODY_STARTS)
