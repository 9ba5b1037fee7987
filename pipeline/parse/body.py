"""Body rules: paragraphs, cited documents (references) and action items.

The body is regrouped into paragraphs first (wrapped lines joined, enumerations recognised:
"Điều 1.", "I.", "1.", "a)", "(i)", "-"), because both citations and requests run across
printed lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from pipeline.parse import text as tx
from pipeline.parse import vocab
from pipeline.parse.layout import Found, Line

_MARKER = regex.compile(
    r"^(?:(?P<article>Điều\s+\d+[a-z]?\s*[.:])"
    r"|(?P<roman>[IVX]{1,5}\s*[.)])(?=\s)"
    r"|(?P<num>\d{1,2}(?:\.\d{1,2})*\s*[.)])(?=\s|$)"
    r"|(?P<alpha>[a-zđ]\s*\))"
    r"|(?P<paren>\(\s*(?:[ivx]+|\d{1,2})\s*\))"
    r"|(?P<bullet>[-+•–*])(?=\s|$|\p{L}))\s*"
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
        if prev is not None and _continues(prev, text):
            prev.text = f"{prev.text} {text}".strip()
            prev.lines.append(ln)
        else:
            out.append(Para(text, None, "", [ln]))
    return out


def _continues(prev: Para, text: str) -> bool:
    if not prev.text:
        return True
    if text[:1].islower() or text[:1] in '("“':
        return True
    if prev.text.endswith(_TERMINAL):
        return False
    return not (prev.marker in ("article", "roman", "num") and _is_heading(prev))


def _is_heading(p: Para) -> bool:
    """A short title after a marker ("Điều 5. Tổ chức thực hiện", "IV. TỔ CHỨC THỰC HIỆN")."""
    return len(p.text) < 90 and not p.text.endswith((".", ";", ","))


# --- references ----------------------------------------------------------------------------

_TYPE_ALT = "|".join(regex.escape(k) for k in sorted(vocab.REFERENCE_TYPES, key=len, reverse=True))
_CITE = regex.compile(
    rf"(?<![\p{{L}}\d])(?P<type>{_TYPE_ALT})(?P<name>(?:\s+[^\s;:,.()]+){{0,14}}?)"
    r"\s+so\s*:?\s*(?=\d)"
)
_NS = regex.compile(
    r"\d+(?:\s*/\s*[\p{L}\d&.]+(?:-[\p{L}\d&.]+)*)+"
    r"(?:\s*-\s*[\p{Lu}\d][\p{Lu}\d&]*(?![\p{Ll}\d]))*"
    r"|\d+-[\p{Lu}]+/[\p{Lu}\d-]+"
)
_OF = regex.compile(
    r"^\s*,?\s*(?:của|do)\s+(?P<iss>.+?)(?=\s+(?:về|quy định|hướng dẫn|ban hành|sửa đổi|tại|đã|thì"
    r"|và|với|trả lời|gửi|đối với|phê duyệt|công bố|triển khai|thực hiện)\b|[,;.()]|$)"
)


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
        for m in _CITE.finditer(folded):
            type_name = vocab.REFERENCE_TYPES[m["type"]]
            if m["name"].strip() and type_name not in vocab.NAMED_REFERENCE_TYPES:
                continue
            if (
                m["type"] in ("qd", "nd", "nq", "tt", "cv")
                and not text[m.start() : m.end()][:1].isupper()
            ):
                continue
            ns_m = _NS.match(text, m.end())
            if ns_m is None:
                continue
            ns = regex.sub(r"[.,]+$", "", ns_m[0]).replace(" ", "")
            key = _ns_key(ns)
            if own_key is not None and _strip_number(key) == _strip_number(own_key):
                continue
            date = _date_after(text, ns_m.end()) or _date_before(text, m.start())
            issuer = _issuer_after(text, ns_m.end())
            _add_reference(
                refs, {"doc_type": type_name, "number_symbol": ns, "date": date, "issuer": issuer}
            )
            used.extend(x for x in p.lines if x not in used)
    return Found(refs, tuple(used), "references.cite")


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
    tail = text[pos : pos + 80]
    m = regex.match(r"^\s*,?\s*(?:\([^)]*\)\s*)?(?:được\s+\S+\s+)?ngày\s*", tail, regex.IGNORECASE)
    if m is None:
        return None
    d = tx.find_date(tail)
    return d.iso if d is not None and d.start <= m.end() + 1 else None


def _date_before(text: str, pos: int) -> str | None:
    sentence = regex.split(r"(?<=[.;])\s+", text[:pos])[-1]
    m = regex.match(r"^\s*Ngày\s", sentence)
    if m is None:
        return None
    d = tx.find_date(sentence)
    return d.iso if d is not None and d.start == 0 else None


def _issuer_after(text: str, pos: int) -> str | None:
    tail = text[pos : pos + 200]
    d = regex.match(r"^\s*,?\s*ngày\s*", tail, regex.IGNORECASE)
    if d is not None:
        found = tx.find_date(tail)
        if found is None:
            return None
        tail = tail[found.end :]
    m = _OF.match(tail)
    if m is None:
        return None
    iss = m["iss"].strip()
    return iss if 0 < len(iss.split()) <= 12 else None


# --- action items --------------------------------------------------------------------------


def _has_cue(folded: str) -> bool:
    return any(c in folded for c in vocab.ASSIGNMENT_CUES)


def _is_closing(p: Para) -> bool:
    f = p.folded
    if any(c in f for c in vocab.GENERIC_CLOSINGS):
        return True
    return p.text.endswith("./.") and "thuc hien" in f and len(f) < 220


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


def _assignee(text: str) -> str | None:
    f = tx.fold(text)
    for cue in ("giao ", "de nghi ", "yeu cau "):
        pos = f.find(cue)
        if pos == 0 or (pos > 0 and f[pos - 1] == " " and pos < 80):
            start = pos + len(cue)
            ends = [f.find(" " + v, start) for v in vocab.ASSIGNEE_VERBS]
            ends = [e for e in ends if e > start]
            comma = f.find(",", start)
            end = min([*ends, comma if comma > start else len(f)])
            who = text[start:end].strip(" ,:")
            return who or None
    for cue in ("chiu trach nhiem", "co trach nhiem", "chu tri"):
        pos = f.find(" " + cue)
        if 0 < pos < 400:
            return text[:pos].strip(" ,:") or None
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
    items: list[Found] = []
    articles: list[list[Para]] = []
    for p in paras:
        if p.marker == "article":
            articles.append([p])
        elif articles:
            articles[-1].append(p)
    for art in articles:
        head, rest = art[0], art[1:]
        lead = [head] if head.text and not (_is_heading(head) and rest) else []
        content = lead + rest
        if not content:
            continue
        clauses = [p for p in rest if p.marker in ("num", "alpha")]
        first = content[0]
        if (
            len(clauses) >= 2
            and not first.text.endswith(":")
            and sum(_has_cue(c.folded) for c in clauses) >= 2
        ):
            items.extend(
                _item(_drop_non_assignment(c.text), c, "action.article_clause")
                for c in clauses
                if _has_cue(c.folded)
            )
            continue
        joined = " ".join(_para_text(p) for p in content)
        if not _has_cue(tx.fold(joined)):
            continue
        text = _drop_non_assignment(joined)
        if text:
            items.append(
                _item(
                    text,
                    Para(text, None, "", [x for p in content for x in p.lines]),
                    "action.article",
                )
            )
    return items


def _para_text(p: Para) -> str:
    return f"{p.label} {p.text}".strip() if p.marker in ("num", "alpha", "paren") else p.text


def _drop_non_assignment(text: str) -> str:
    sentences = regex.split(r"(?<=\.)\s+(?=\p{Lu})", text)
    kept = [
        s for s in sentences if not any(c in tx.fold(s) for c in vocab.NON_ASSIGNMENT_SENTENCES)
    ]
    return " ".join(kept).strip()


def _request_items(paras: Sequence[Para]) -> list[Found]:
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
            block = _enumerated_after(paras, i, stop_depth=p.depth)
            taken.update(block)
            items.extend(_lowest(paras, block, "action.execution_section", None))
            continue
        if (
            p.text.endswith((":", ","))
            and any(c in f for c in vocab.REQUEST_LEADINS)
            and i + 1 < n
            and paras[i + 1].marker is not None
        ):
            block = _enumerated_after(paras, i, stop_depth=paras[i + 1].depth - 1, contiguous=True)
            taken.update(block)
            items.extend(_lowest(paras, block, "action.request_list", _assignee(p.text)))
            continue
        if _is_closing(p) or (p.marker is not None and p.depth < 9 and heading):
            continue
        if regex.match(r"^(?:đề nghị|giao|yêu cầu)\s", p.text, regex.IGNORECASE) or any(
            c in f for c in (" chu tri ", " co trach nhiem ", " chiu trach nhiem ")
        ):
            items.append(_item(p.text, p, "action.request"))
            continue
        pos = f.find("de nghi ")
        if pos > 0 and not _is_closing(p):
            sentence_end = regex.search(r"\.(?:\s|$)", p.text[pos:])
            end = pos + sentence_end.start() if sentence_end else len(p.text)
            items.append(_item(p.text[pos:end], p, "action.embedded_request"))
    return items


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
        if not p.text or _is_closing(p):
            continue
        out.append(_item(p.text, p, rule, assignee))
    return out
