"""Body rules: paragraphs, cited documents (references) and action items.

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

_MARKER = regex.compile(
    r"^(?:(?P<article>(?i:[đd]i[eêềệểễ]u)\s+\d+[a-z]?\s*[.:])"
    r"|(?P<roman>[IVX]{1,5}\s*[.)])(?=\s)"
    r"|(?P<num>\d{1,2}(?:\.\d{1,2})*\s*[.)])(?=\s|$)"
    r"|(?P<alpha>[a-zđ]\s*\))"
    r"|(?P<paren>\(\s*(?:[ivx]+|\d{1,2})\s*\))"
    rf"|(?P<bullet>[{regex.escape(vocab.BULLETS)}]{{1,3}})(?=\s|$|\p{{L}}))\s*"
)
# A point number OCR misread: "2," or "2:" for "2.", "l." for "1.", a letter or sign for the
# digit ("Á. Trung tâm …" for "4. Trung tâm …").
_GARBLED_NUM = regex.compile(
    r"^(?:(?P<n>\d{1,2})\s?[,:]|(?P<one>[l|])\s?\.|[^\s\d\p{Ll}]\s?[.)])\s+(?=\p{Lu}\p{Ll})"
)
_DEPTH = {"article": 0, "roman": 1, "num": 2, "alpha": 3, "paren": 4, "bullet": 5}
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

    @property
    def depth(self) -> int:
        return _DEPTH.get(self.marker or "", 9)


def paragraphs(lines: Sequence[Line]) -> list[Para]:
    """Group body lines into paragraphs."""
    out: list[Para] = []
    for ln in lines:
        text = ln.text
        if not text or tx.is_rule_line(text) or regex.fullmatch(r"\d{1,3}", text):
            continue
        m = _MARKER.match(text)
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
    return not (prev.marker in ("article", "roman", "num") and _is_heading(prev))


def _is_heading(p: Para) -> bool:
    """A short title after a marker ("Điều 5. Tổ chức thực hiện", "IV. TỔ CHỨC THỰC HIỆN")."""
    return (
        len(p.text) < 90
        and not p.text.endswith((".", ";", ","))
        and "," not in p.text
        and ":" not in p.text[:-1]
        and not regex.search(r"(?<!\p{L})[a-zđ]\)", p.text)
    )


# --- references ----------------------------------------------------------------------------

_TYPE_KEYS = sorted(vocab.REFERENCE_TYPES, key=len, reverse=True)
_NAMED_KEYS = [k for k in _TYPE_KEYS if vocab.REFERENCE_TYPES[k] in vocab.NAMED_REFERENCE_TYPES]
_SO = regex.compile(r"(?<![\p{L}\d])so\s*:?\s*(?=[a-z0-9])")
_TYPE_AT_END = regex.compile(
    rf"(?<![a-z0-9])(?P<type>{'|'.join(map(regex.escape, _TYPE_KEYS))})\s*$"
)
_NAMED_TYPE_GAP = regex.compile(
    rf"(?<![a-z0-9])(?P<type>{'|'.join(map(regex.escape, _NAMED_KEYS))})"
    r"(?:\s+[^\s;:,.()]+){1,14}\s*$"
)
# "các Thông tư …: số 02/2017/TT-VPCP …; số 03/2025/TT-VPCP" (one type word for a list).
_LISTED_TYPE = regex.compile(
    rf"(?<![a-z0-9])cac\s+(?P<type>{'|'.join(map(regex.escape, _TYPE_KEYS))})\b[^.]*?:[^:.]*$"
)
# The cited number/symbol: "45/UBND-VP", "92/2009/TT- BTC" (stray space), "JHDPC/2025/276".
_NS = regex.compile(
    r"\d[\p{Lu}\d]*(?:\.\d+)*(?:\s*/\s*[\p{L}\d&.]+(?:-[\p{L}\d&.]+)*)+"
    r"(?:\s*-\s*[\p{Lu}\d][\p{Lu}\d&]*(?![\p{Ll}\d]))*"
    r"|\d+-[\p{Lu}]+/[\p{Lu}\d-]+"
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


def find_references(paras: Sequence[Para], own: str | None) -> Found:
    """Every "<type> số <number/symbol> [ngày …] [của …]" citation, once each."""
    refs: list[dict[str, str | None]] = []
    used: list[Line] = []
    own_key = _ns_key(own) if own else None
    for p in paras:
        text = p.text
        folded = tx.fold(text)
        for m in _SO.finditer(folded):
            type_at = _cited_type(folded[: m.start()], text)
            ns_m = _NS.match(text, m.end())
            if type_at is None or ns_m is None:
                continue
            type_name, type_start = type_at
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
    window = before[-300:]
    offset = len(before) - len(window)
    m = _TYPE_AT_END.search(window) or _NAMED_TYPE_GAP.search(window) or _LISTED_TYPE.search(window)
    if m is None:
        return None
    start = offset + m.start("type")
    # bare abbreviations ("QĐ số …") only count in capitals
    if len(m["type"]) <= 2 and not text[start : start + 1].isupper():
        return None
    return vocab.REFERENCE_TYPES[m["type"]], start


def _strip_number(key: str) -> str:
    num, _, rest = key.partition("/")
    return f"{tx.strip_zeros(num)}/{rest}"


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
    tail = text[pos : pos + 80]
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
    tail = text[pos : pos + 200]
    if regex.match(r"^\s*,?\s*ngay\s*", tx.fold(tail)):
        found = tx.find_date(tail)
        if found is None:
            return None
        tail = tail[found.end :]
    m = _OF.match(tx.fold(tail))
    if m is None:
        return None
    iss = tail[m.start("iss") : m.end("iss")].strip()
    return iss if 0 < len(iss.split()) <= 12 else None


# --- action items --------------------------------------------------------------------------


_ADDRESSED = regex.compile(
    r"(?<![\p{L}])(?i:"
    + "|".join(regex.escape(v) for v in sorted(vocab.ADDRESSED_VERBS, key=len, reverse=True))
    + r")\s+(?=\p{Lu}|(?:"
    + "|".join(map(regex.escape, vocab.ADDRESSEE_LEADS))
    + r")\s)"
)


def _addressed(text: str) -> regex.Match[str] | None:
    """ "Giao Sở …" / "Đề nghị UBND …": a request verb followed by a capitalised addressee."""
    return _ADDRESSED.search(text)


_TYPE_WORDS = sorted({tx.fold(t) for t in vocab.DOC_TYPES}, key=len, reverse=True)
# The "./." that ends a letter's text, as OCR may read it ("này/.", "./. - 5" with the page
# number after it).
_END_MARK = regex.compile(r"\.?/\.[\s\d–—-]*$")


# "… nghiêm túc triển khai thực hiện Chỉ thị này./." (folded, specks after it allowed): the
# exhortation that closes a directive or plan.
_EXHORTATION = regex.compile(
    rf"{vocab.CLOSING_EXHORTATION}.*(?:{'|'.join(map(regex.escape, _TYPE_WORDS))}) nay[^a-z]*$"
)


def _is_closing(p: Para) -> bool:
    f = p.folded
    if any(c in f for c in vocab.GENERIC_CLOSINGS) or _EXHORTATION.search(f):
        return True
    return _END_MARK.search(p.text) is not None and "thuc hien" in f and len(f) < 220


def _clean_item(text: str) -> str:
    return tx.strip_item(regex.sub(r"\s*\./\.\s*$", "", text))


def _deadline(text: str) -> str | None:
    f = tx.fold(text)
    for cue in vocab.DEADLINE_CUES:
        pos = f.find(cue)
        if pos >= 0:
            d = tx.find_date(text[pos : pos + 60])
            if d is not None:
                return d.iso
    return None


def _all(haystack: str, needle: str, start: int) -> list[int]:
    return [m.start() for m in regex.finditer(regex.escape(needle), haystack, pos=start)]


def _assignee(text: str) -> str | None:
    """Who is asked: the name after "Giao"/"Đề nghị", or before "chủ trì"/"chịu trách nhiệm"."""
    f = tx.fold(text)
    m = _addressed(text)
    if m is not None and m.start() < 80:
        start = m.end()
        # a task verb ends the name; capitalised words are part of it ("Phòng Tổng hợp")
        ends = [
            e
            for v in vocab.ASSIGNEE_VERBS
            for e in _all(f, " " + v, start)
            if text[e + 1 : e + 2].islower()
        ]
        comma = f.find(",", start)
        end = min([*ends, comma if comma > start else len(f)])
        return text[start:end].strip(" ,:") or None
    for cue in ("chiu trach nhiem", "co trach nhiem", "chu tri"):
        pos = f.find(" " + cue)
        if 0 < pos < 400:
            return text[:pos].strip(" ,:") or None
    # "Bộ Quốc phòng chỉ đạo …": the named body before its task verb
    topic = regex.match(r"^Về [^:]{0,150}:\s*", text)
    start = topic.end() if topic else 0
    if any(f[start:].startswith(v + " ") for v in vocab.DIRECTIVE_SUBJECTS):
        ends = [
            e
            for v in vocab.DIRECTIVE_VERBS
            for e in _all(f, " " + v + " ", start)
            if text[e + 1 : e + 2].islower()
        ]
        if ends and min(ends) - start < 120:
            return text[start : min(ends)].strip(" ,:") or None
    return None


def _item(text: str, p: Para, rule: str, default_assignee: str | None = None) -> Found:
    clean = _clean_item(text)
    value = {
        "text": clean,
        "assignee": _assignee(clean) or default_assignee,
        "deadline": _deadline(clean),
    }
    return Found(value, tuple(p.lines), rule)


def find_action_items(paras: Sequence[Para], doc_type: str | None) -> list[Found]:
    """Requests and assignments, one item per task (see the gold conventions)."""
    if doc_type in vocab.ARTICLE_TYPES and any(p.marker == "article" for p in paras):
        return _article_items(paras)
    return _request_items(paras)


def _article_items(paras: Sequence[Para]) -> list[Found]:
    """One item per Điều that assigns a task; separate khoản naming bodies are separate."""
    items: list[Found] = []
    articles: list[list[Para]] = []
    for p in paras:
        if p.marker == "article":
            articles.append([p])
        elif articles:
            articles[-1].append(p)
    for art in articles:
        head, rest = art[0], art[1:]
        # "Điều 3. <title>" over its khoản: the title assigns nothing
        is_title = rest and not head.text.endswith((".", ":", ";"))
        lead = [head] if head.text and not is_title else []
        content = lead + rest
        if not content:
            continue
        clauses = [p for p in rest if p.marker in ("num", "alpha")]
        assigning = [c for c in clauses if _assigns(_drop_non_assignment(c.text))]
        if len(assigning) >= 2 and not content[0].text.endswith(":"):
            items.extend(
                _item(_drop_non_assignment(c.text), c, "action.article_clause") for c in assigning
            )
            continue
        text = _drop_non_assignment(" ".join(_para_text(p) for p in content))
        if _assigns(text):
            lines = [x for p in content for x in p.lines]
            items.append(_item(text, Para(text, None, "", lines), "action.article"))
    return items


def _assigns(text: str) -> bool:
    f = tx.fold(text)
    return len(f) > 20 and (_addressed(text) is not None or any(c in f for c in vocab.ARTICLE_CUES))


def _para_text(p: Para) -> str:
    return f"{p.label} {p.text}".strip() if p.marker in ("num", "alpha", "paren") else p.text


_SENTENCE_END = regex.compile(r"(?<=[\p{L}\d)\"”]{2}\.)\s+(?=\p{Lu})")


def _sentences(text: str) -> list[str]:
    return _SENTENCE_END.split(text)


def _drop_non_assignment(text: str) -> str:
    kept = [
        s
        for s in _sentences(text)
        if not any(c in tx.fold(s) for c in vocab.NON_ASSIGNMENT_SENTENCES)
    ]
    return " ".join(kept).strip()


def _is_leadin(p: Para) -> bool:
    """A sentence announcing a list of requests ("… đề nghị UBND các tỉnh chỉ đạo:")."""
    if not p.text.endswith((":", ",")):
        return False
    parts = _sentences(p.text)
    # "… đề nghị … chủ động điều chỉnh …. Cụ thể:": the cue is in the sentence before
    text = " ".join(parts[-2:]) if len(parts[-1]) < 40 else parts[-1]
    last = tx.fold(text)
    return any(
        not _noun_request(last, m.start())
        and not (m.start() > 0 and text[m.start()].isupper())  # "Ban Chỉ đạo": a name
        for c in vocab.REQUEST_LEADINS
        for m in regex.finditer(regex.escape(c), last)
    )


_INLINE_MARKER = regex.compile(r"\s(?=(?:[a-zđ]\)|\((?:[ivx]+|\d{1,2})\))\s+\p{Lu})")


def split_inline(paras: Sequence[Para]) -> list[Para]:
    """Split paragraphs at enumerators printed inside a line ("… 4 a) Đánh giá … (i) Tập
    đoàn …"), as web exports of notices merge points onto one line. Points that detail one
    addressee's task ("Bộ Công Thương chủ trì …, cụ thể: (i) … (ii) …") stay in it."""
    out: list[Para] = []
    for p in paras:
        pieces = _INLINE_MARKER.split(p.text)
        out.append(Para(pieces[0].strip(), p.marker, p.label, p.lines))
        kept_kind: str | None = None
        for piece in pieces[1:]:
            m = _MARKER.match(piece)
            kind = next((k for k, v in m.groupdict().items() if v), None) if m else None
            cur = out[-1]
            detail = kind is not None and (
                kind == kept_kind or (cur.text.endswith(":") and _assignee(cur.text) is not None)
            )
            if m is None or kind is None or detail:
                cur.text = f"{cur.text} {piece}"
                kept_kind = kind if detail else kept_kind
                continue
            kept_kind = None
            out.append(Para(piece[m.end() :].strip(), kind, m[kind].strip(), p.lines))
    return out


def _addresses(p: Para) -> bool:
    """A point that only names who is addressed ("Chủ tịch UBND các tỉnh, thành phố:")."""
    if not p.text.endswith(":") or len(p.text) > vocab.ADDRESSEE_LINE_MAX:
        return False
    f = p.folded
    heads = vocab.DIRECTIVE_SUBJECTS + vocab.TITLE_WORDS + vocab.ADDRESSEE_LEADS_FOLDED
    return any(f.startswith(h + " ") for h in heads)


def _directive(p: Para) -> bool:
    """An enumerated point that tells a body to act ("Bộ Công Thương chỉ đạo …", "Về …: Ủy
    ban nhân dân tỉnh xử lý …")."""
    text = regex.sub(r"^Về [^:]{0,150}:\s*", "", p.text)
    f = tx.fold(text)
    if not _names_body(text, f):
        return False
    head = " ".join(f.split()[:16])
    return any(f" {v} " in f" {head} " for v in vocab.DIRECTIVE_VERBS)


def _names_body(text: str, folded: str) -> bool:
    """The text opens with a body: a directive subject ("Các đơn vị …", "Sở …") or an organ
    word before a capitalised name ("Kho bạc Nhà nước", "Phòng Tài chính")."""
    if any(folded.startswith(v + " ") for v in vocab.DIRECTIVE_SUBJECTS):
        return True
    for v in vocab.ORGAN_HEADS_WEAK:
        if regex.match(rf"{regex.escape(v)}\s", folded) and text[len(v) + 1 : len(v) + 2].isupper():
            return True
    return False


def _request_items(paras: Sequence[Para]) -> list[Found]:
    """Items of letters, notices, plans: lists under a request or "Tổ chức thực hiện",
    "Đề nghị …"/"Giao …" paragraphs, directives to named bodies and requests embedded in a
    paragraph."""
    paras = split_inline(paras)
    items: list[Found] = []
    taken: set[int] = set()
    n = len(paras)
    for i, p in enumerate(paras):
        if i in taken:
            continue
        f = p.folded
        heading = (p.marker in ("roman", "num") and _is_heading(p)) or (
            p.text.isupper() and len(p.text) < 90
        )
        if heading and any(h in f for h in vocab.EXECUTION_HEADINGS):
            # a capital heading whose numeral OCR lost ("TII. TỔ CHỨC …") heads a section
            depth = p.depth if p.marker is not None else _DEPTH["roman"]
            block = _enumerated_after(paras, i, stop_depth=depth)
            taken.update(block)
            items.extend(_lowest(paras, block, "action.execution_section", None))
            continue
        if _addresses(p) and i + 1 < n and paras[i + 1].depth > p.depth:
            # "1. Chủ tịch UBND các tỉnh:" over its points: each point is a task of that body
            block = _enumerated_after(paras, i, stop_depth=p.depth, contiguous=True)
            taken.update(block)
            who = p.text.rstrip(" :")
            items.extend(_lowest(paras, block, "action.addressed_points", who))
            continue
        if _is_leadin(p) and i + 1 < n and paras[i + 1].marker is not None:
            block = _enumerated_after(paras, i, stop_depth=paras[i + 1].depth - 1, contiguous=True)
            taken.update(block)
            items.extend(_lowest(paras, block, "action.request_list", _assignee(p.text)))
            continue
        if _is_closing(p) or heading:
            continue
        addressed = _addressed(p.text)
        if (addressed is not None and addressed.start() == 0) or _assigned_role(f):
            items.append(_item(p.text, p, "action.request"))
            continue
        if p.marker is not None and _directive(p):
            items.append(_item(p.text, p, "action.directive"))
            continue
        if p.marker is None:
            items.extend(_embedded_requests(p))
    return items


def _assigned_role(folded: str) -> bool:
    """ "X chịu/có trách nhiệm …" or "X chủ trì, phối hợp …" anywhere in a paragraph."""
    if " chiu trach nhiem " in folded or " co trach nhiem " in folded:
        return True
    for m in regex.finditer(rf" {vocab.LEAD_ROLE}\W+", folded):
        if folded[m.end() :].startswith(vocab.LEAD_ROLE_FOLLOWERS):
            return True
    return False


def _embedded_requests(p: Para) -> list[Found]:
    """ "… do đó đề nghị X …." inside a paragraph, and a conditional instruction right after it
    ("Trường hợp … thì …")."""
    out: list[Found] = []
    sentences = _sentences(p.text)
    for k, sentence in enumerate(sentences):
        f = tx.fold(sentence)
        pos = f.find("de nghi ")
        if pos <= 0 or _noun_request(f, pos) or any(c in f for c in vocab.GENERIC_CLOSINGS):
            continue
        out.append(_item(sentence[pos:], p, "action.embedded_request"))
        for follow in sentences[k + 1 :]:
            g = tx.fold(follow)
            if not (g.startswith(vocab.CONDITIONAL_STARTS) and " thi " in g):
                break
            out.append(_item(follow, p, "action.conditional_request"))
    return out


def _noun_request(folded: str, pos: int) -> bool:
    """True when "đề nghị" at ``pos`` is a noun ("Xét đề nghị của …"), not a request."""
    window = folded[max(0, pos - 12) : pos + 16]
    return any(c in window for c in vocab.REQUEST_NOUN_CONTEXTS)


def _enumerated_after(
    paras: Sequence[Para], i: int, stop_depth: int, contiguous: bool = False
) -> list[int]:
    out: list[int] = []
    for j in range(i + 1, len(paras)):
        q = paras[j]
        if q.marker is None:
            if contiguous:
                break
            continue
        if q.depth <= stop_depth:
            break
        out.append(j)
    return out


def _lowest(
    paras: Sequence[Para], block: list[int], rule: str, assignee: str | None
) -> list[Found]:
    out: list[Found] = []
    for k, j in enumerate(block):
        p = paras[j]
        nxt = paras[block[k + 1]] if k + 1 < len(block) else None
        if nxt is not None and nxt.depth > p.depth and block[k + 1] == j + 1:
            continue
        if not p.text or _is_closing(p) or p.text.isupper():
            continue
        if _is_heading(p) and p.text.startswith("Về "):
            continue
        out.append(_item(p.text, p, rule, assignee))
    return out
