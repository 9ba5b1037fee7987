"""Body rules: paragraphs and cited documents (references); action items are in ``actions``.

The body is regrouped into paragraphs first (wrapped lines joined, enumerations recognised:
"Điều 1.", "I.", "1.", "a)", "(i)", "-"), because both citations and requests run across
printed lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from . import text as tx
from . import vocab
from .layout import Found, Line

MARKER = regex.compile(
    r"^(?:(?P<article>(?i:[đd]i[eêềệểễ]u)\s+\d+[a-z]?\s*[.:])"
    r"|(?P<roman>[IVX]{1,5}\s*[.)])(?=\s)"
    r"|(?P<num>\d{1,2}(?:\.\d{1,2})*\s*[.)])(?=\s|$|\p{Lu}\p{Ll})"  # "1.Chính phủ" too
    r"|(?P<alpha>[a-zđ]\s*\))"
    r"|(?P<paren>\(\s*(?:[ivx]+|\d{1,2})\s*\))"
    rf"|(?P<bullet>[{regex.escape(vocab.BULLETS)}]{{1,3}})(?=\s|$|\p{{L}}))\s*"
)
# A point number OCR misread: "2," or "2:" for "2.", "l." for "1.", a speck before it ("-2."),
# a letter or sign for the digit ("Á. Trung tâm …" for "4. Trung tâm …").
_GARBLED_NUM = regex.compile(
    r"^(?:(?P<n>\d{1,2})\s?[,:]|(?P<one>[l|])\s?\.|[-–—_~'‘’]\s?(?P<n>\d{1,2})\s?[.)]"
    r"|[^\s\d\p{Ll}]\s?[.)])\s+(?=\p{Lu}\p{Ll})"
)
_TERMINAL = (".", ";", ":", "!", "?", "./.")


@dataclass(slots=True)
class Para:
    """A paragraph: joined text without its marker, the marker kind and its lines."""

    text: str
    marker: str | None
    label: str
    lines: list[Line]

    @property
    def folded(self) -> str:
        return tx.fold(self.text)


def paragraphs(lines: Sequence[Line]) -> list[Para]:
    """Group body lines into paragraphs."""
    out: list[Para] = []
    for ln in lines:
        text = ln.text
        if not text or tx.is_rule_line(text) or regex.fullmatch(r"\d{1,3}", text):
            continue
        m = MARKER.match(text)
        if m is not None:
            kind = next(k for k, v in m.groupdict().items() if v)
            body = text[m.end() :].strip()
            prev = out[-1] if out else None
            if prev is not None and prev.marker == "bullet" and not prev.text:
                prev.text, prev.marker, prev.label = body, kind, m[kind]
                prev.lines.append(ln)
                continue
            out.append(Para(body, kind, m[kind].strip(), [ln]))
            continue
        prev = out[-1] if out else None
        if (garbled := _garbled_number(text, out)) is not None:
            out.append(Para(text[garbled:].strip(), "num", "", [ln]))
            continue
        if prev is not None and _continues(prev, text):
            prev.text = f"{prev.text} {text}".strip()
            prev.lines.append(ln)
        else:
            out.append(Para(text, None, "", [ln]))
    return out


def _garbled_number(text: str, out: Sequence[Para]) -> int | None:
    """Where the text starts after a point number OCR garbled: between numbered points (the
    next number when it is legible), or the first point after a lead-in or a heading."""
    m = _GARBLED_NUM.match(text)
    if m is None or not out:
        return None
    prev = out[-1]
    marked = next((p for p in reversed(out) if p.marker is not None), None)
    if marked is not None and marked.marker == "num" and prev.text.endswith(_TERMINAL):
        number = regex.match(r"\d+", marked.label)
        if m["n"] is None or number is None or int(m["n"]) == int(number[0]) + 1:
            return m.end()
        return None
    first = m["n"] == "1" or m["one"] is not None
    heading = prev.text.isupper() or (prev.marker in ("article", "roman") and _is_heading(prev))
    return m.end() if first and (prev.text.endswith(":") or heading) else None


def _continues(prev: Para, text: str) -> bool:
    if not prev.text:
        return True
    if text[:1].islower() or text[:1] in '("“' or text[:1].isdigit():
        return True
    if prev.text.endswith(_TERMINAL):
        return False
    if _name_wraps(prev.text, text):  # "… của tỉnh Điện" / "Biên vào …" is no heading
        return True
    return not (prev.marker in ("article", "roman", "num") and _is_heading(prev))


# A place name of several words cut by a line end: (folded words before, words after).
_PLACE_CUTS = frozenset(
    (" ".join(words[:k]), " ".join(words[k:]))
    for words in (regex.findall(r"\w+", tx.fold(p)) for p in vocab.PLACES)
    for k in range(1, len(words))
)


def _name_wraps(before: str, after: str) -> bool:
    """The line break falls inside a place name ("Sơn La - Điện" / "Biên - Cửa khẩu")."""
    tail = regex.findall(r"\w+", tx.fold(before))[-vocab.PLACE_CUT_WORDS :]
    head = regex.findall(r"\w+", tx.fold(after))[: vocab.PLACE_CUT_WORDS]
    return any(
        (" ".join(tail[-k:]), " ".join(head[:j])) in _PLACE_CUTS
        for k in range(1, len(tail) + 1)
        for j in range(1, len(head) + 1)
    )


def _is_heading(p: Para) -> bool:
    """A short title after a marker ("Điều 5. Tổ chức thực hiện", "IV. TỔ CHỨC THỰC HIỆN");
    not a request cut by the line end ("Điều 2. Giao Sở Công" / "Thương chủ trì …")."""
    return (
        len(p.text) < vocab.HEADING_MAX
        and not tx.starts_with_word(p.text, vocab.ADDRESSED_VERBS)
        and not p.text.endswith((".", ";", ","))
        and "," not in p.text
        and ":" not in p.text[:-1]
        and not regex.search(r"(?<!\p{L})[a-zđ]\)", p.text)
    )


# --- references ----------------------------------------------------------------------------

_TYPE_KEYS = sorted(vocab.REFERENCE_TYPES, key=len, reverse=True)
_NAMED_KEYS = [k for k in _TYPE_KEYS if vocab.REFERENCE_TYPES[k] in vocab.NAMED_REFERENCE_TYPES]
_SO = regex.compile(r"(?<![\p{L}\d])so\s*:?\s*(?=[a-z0-9])")
# "<type> số", also with the date first ("văn bản đề ngày 29 tháng 10 năm 2025 số …").
_TYPE_AT_END = regex.compile(
    rf"(?<![a-z0-9])(?P<type>{'|'.join(map(regex.escape, _TYPE_KEYS))})"
    r"(?:\s+(?:de\s+)?ngay\s[\d\s/a-z]{4,30}?)?\s*$"
)
# A name between the type word and "số" ("Báo cáo giải trình, tiếp thu số …").
_NAMED_TYPE_GAP = regex.compile(
    rf"(?<![a-z0-9])(?P<type>{'|'.join(map(regex.escape, _NAMED_KEYS))})"
    r"(?:\s+[^\s;:,.()]+,?){1,14}\s*$"
)
# "các Thông tư …: số 02/2017/TT-VPCP …; số 03/2025/TT-VPCP" (one type word for a list).
_LISTED_TYPE = regex.compile(
    rf"(?<![a-z0-9])cac\s+(?P<type>{'|'.join(map(regex.escape, _TYPE_KEYS))})\b[^.]*?:[^:.]*$"
)
# The cited number/symbol: "45/UBND-VP", "92/2009/TT- BTC" (stray space), "JHDPC/2025/276".
_NS = regex.compile(
    r"\d[\p{Lu}\d]*(?:\.\d+)*(?:-\d+)?(?:\s*/\s*[\p{L}\d&.]+(?:-[\p{L}\d&.]+)*)+"
    r"(?:\s*-\s*[\p{Lu}\d][\p{Lu}\d&]*(?![\p{Ll}\d]))*"
    r"|\d+\s?-\s?\p{Lu}\p{L}*/[\p{Lu}\d-]+"  # Party style: "03-TTr/ĐU", "9151- CV/BTCTW"
    r"|[\p{Lu}][\p{Lu}\d.&-]*(?:/[\p{Lu}\d.&-]+)*/\d+"
)
# "… của <issuer> về …": the issuer of a cited document ends at a verb or connective.
_OF = regex.compile(
    r"^\s*,?\s*(?:cua|do)\s+(?P<iss>.+?)(?=\s+(?:"
    + "|".join(regex.escape(tx.fold(w)) for w in vocab.CITED_ISSUER_STOPS)
    + r")\b|[,;.()]|$)"
)
# Keywords are matched on folded text, so legacy text without tone marks reads the same.
_DATE_AFTER = regex.compile(r"^\s*,?\s*(?:\([^)]*\)\s*)?(?:duoc\s+\S+\s+)?ngay\s*")


def _ns_key(ns: str) -> str:
    return tx.collapse(ns).replace(" ", "").casefold()


# Between two numbers cited after one type word: a date, a comma, "và" ("… số A ngày …, số B").
_LIST_GAP = regex.compile(
    rf"\s*(?:\(?\s*ngay\s[^,;()]{{0,{vocab.LISTED_DATE_MAX}}}\)?)?\s*[,;]?\s*"
    rf"(?:{'|'.join(vocab.LIST_CONJUNCTIONS)})?\s*"
)


def find_references(paras: Sequence[Para], own: str | None) -> Found:
    """Every "<type> số <number/symbol> [ngày …] [của …]" citation, once each."""
    refs: list[dict[str, str | None]] = []
    used: list[Line] = []
    own_key = _ns_key(own) if own else None
    for p in paras:
        text = p.text
        folded = tx.fold(text)
        last: tuple[str, int, int] | None = None  # the citation before: type, start, end
        for m in _SO.finditer(folded):
            type_at = _cited_type(folded[: m.start()], text)
            if last is not None and _LIST_GAP.fullmatch(folded[last[2] : m.start()]):
                type_at = last[:2]  # "Công văn số A và số B": B is a Công văn too
            ns_m = _NS.match(text, m.end())
            if type_at is None or ns_m is None:
                continue
            type_name, type_start = type_at
            last = (type_name, type_start, ns_m.end())
            ns = regex.sub(r"[.,]+$", "", ns_m[0]).replace(" ", "")
            key = _ns_key(ns)
            if own_key is not None and _strip_number(key) == _strip_number(own_key):
                continue
            date = _date_after(text, ns_m.end()) or _date_before(text, type_start)
            issuer = _issuer_after(text, ns_m.end())
            _add_reference(
                refs, {"doc_type": type_name, "number_symbol": ns, "date": date, "issuer": issuer}
            )
            used.extend(x for x in p.lines if x not in used)
    return Found(refs, tuple(used), "references.cite")


def _cited_type(before: str, text: str) -> tuple[str, int] | None:
    """(type name, start) of the type word closest before "số", if the citation has one."""
    window = before[-vocab.CITED_TYPE_WINDOW :]
    offset = len(before) - len(window)
    m = _TYPE_AT_END.search(window) or _NAMED_TYPE_GAP.search(window) or _LISTED_TYPE.search(window)
    if m is None:
        return None
    start = offset + m.start("type")
    # bare abbreviations ("QĐ số …") only count in capitals
    if len(m["type"]) <= vocab.BARE_TYPE_ABBREVIATION and not text[start : start + 1].isupper():
        return None
    return vocab.REFERENCE_TYPES[m["type"]], start


def _strip_number(key: str) -> str:
    """A number/symbol key that names the same document however printed: no leading zeros,
    "-" or "/" after the number, the year left out ("55/TT-BCT" for "55/2025/TT-BCT")."""
    m = regex.match(r"(\d+)\s*[-/]\s*(.*)", key)
    if m is None:
        return key
    return f"{tx.strip_zeros(m[1])}/{_YEAR_GROUP.sub('', m[2])}"


_YEAR_GROUP = regex.compile(r"(?<![\p{L}\d])\d{4}/")


def _add_reference(refs: list[dict[str, str | None]], new: dict[str, str | None]) -> None:
    key = _ns_key(new["number_symbol"] or "")
    for old in refs:
        if _ns_key(old["number_symbol"] or "") != key:
            continue
        if old["date"] is None or new["date"] is None or old["date"] == new["date"]:
            old["date"] = old["date"] or new["date"]
            old["issuer"] = old["issuer"] or new["issuer"]
            return
    refs.append(new)


def _date_after(text: str, pos: int) -> str | None:
    """Date of a citation: "… số 12/QĐ-UBND ngày 05/01/2024" (or "(…) ngày", "được … ngày")."""
    tail = text[pos : pos + vocab.CITED_DATE_WINDOW]
    m = _DATE_AFTER.match(tx.fold(tail))
    if m is None:
        return None
    d = tx.find_date(tail)
    return d.iso if d is not None and d.start <= m.end() + 1 else None


def _date_before(text: str, pos: int) -> str | None:
    """ "Ngày 19 tháng 9 năm 2013, … có văn bản số …": the sentence opens with the date."""
    sentence = regex.split(r"(?<=[.;])\s+", text[:pos])[-1]
    if not regex.match(r"^\s*ngay\s", tx.fold(sentence)) or not sentence.strip()[:1].isupper():
        return None
    d = tx.find_date(sentence)
    return d.iso if d is not None and d.start == 0 else None


def _issuer_after(text: str, pos: int) -> str | None:
    """ "… của <issuer> về …" after the number (and date) of a citation."""
    tail = text[pos : pos + vocab.CITED_ISSUER_WINDOW]
    if regex.match(r"^\s*,?\s*ngay\s*", tx.fold(tail)):
        found = tx.find_date(tail)
        if found is None:
            return None
        tail = tail[found.end :]
    m = _OF.match(tx.fold(tail))
    if m is None:
        return None
    iss = tail[m.start("iss") : m.end("iss")].strip()
    return iss if 0 < len(iss.split()) <= vocab.CITED_ISSUER_MAX_WORDS else None


_SENTENCE_END = regex.compile(r"(?<=[\p{L}\d)\"”]{2}\.)\s+(?=\p{Lu})")


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph (a full stop after a word, then a capital)."""
    return _SENTENCE_END.split(text)
