"""Action items (yêu cầu, giao nhiệm vụ): who is asked to do what, by when.

A request is a structure, not a sentence. A lead-in ("… đề nghị UBND các tỉnh thực hiện như
sau:", "Giao các cơ quan, đơn vị:", a line naming only the addressee, "IV. TỔ CHỨC THỰC HIỆN")
stands over points (1., 1.1., a), (i), -, +); each point is one item, with the body it names
or else the lead-in's; a point that details one task ("…, cụ thể: (i) … (ii) …", "… cần lưu
ý: - …") stays one item, and unmarked paragraphs between two points go on with the first.
Outside lists, a paragraph addressed to a body ("Đề nghị/Giao/Yêu cầu X …", "X chủ trì …", "X
có trách nhiệm …"), a request embedded in a sentence ("…, Bộ Xây dựng đề nghị X …") and an
executor clause ("… chịu trách nhiệm thi hành Quyết định này") are items. Decisions, resolutions
and circulars give one item per Điều that assigns a task, one per khoản that names a body, and
the executor clause. Nothing comes from the preamble (Căn cứ …), quoted text, narrative ("đã
giao …", "sẽ …") or closings ("… để biết, thực hiện").

``assignee`` is the body named, up to the verb of its task; ``deadline`` the date of "trước
ngày …", "chậm nhất …", "hạn cuối …", the last day of "trong tháng 11/2025", "trong quý I năm
2026", "trong năm 2025"; a date without its year takes the document's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from . import text as tx
from . import vocab
from .body import MARKER, Para, sentences
from .layout import Found, Line

# --- nodes: paragraphs with their depth in the enumeration ----------------------------------

_DEPTH = {"article": 0, "roman": 1, "num": 2, "alpha": 6, "paren": 7, "bullet": 8}
UNMARKED = 99


@dataclass(slots=True)
class Node:
    """A paragraph as the request rules see it: its text, depth (UNMARKED when it carries no
    enumerator) and printed lines."""

    text: str
    depth: int
    lines: list[Line]
    label: str = ""

    @property
    def marked(self) -> bool:
        return self.depth < UNMARKED


def _joined(body: Sequence[Node]) -> str:
    """The text of a node and those under it, their labels kept ("…: 1. … 2. …")."""
    rest = (f"{n.label} {n.text}".strip() for n in body[1:])
    return " ".join([body[0].text, *rest]) if body else ""


def _depth(p: Para) -> int:
    if p.marker is None:
        return UNMARKED
    if p.marker == "num":  # "2.1." lies under "2."
        return _DEPTH["num"] + p.label.rstrip(".) ").count(".")
    if p.marker == "bullet" and p.label.startswith("+"):
        return _DEPTH["bullet"] + 1
    return _DEPTH[p.marker]


_INLINE_MARKER = regex.compile(
    r"(?<=[\s:;.])\s*(?=(?:[a-zđ]\)|\((?:[ivx]+|\d{1,2})\))\s*\p{Lu})"
)


def nodes(paras: Sequence[Para]) -> list[Node]:
    """Paragraphs as nodes: points printed inside a line ("…: a) … b) …", "(i) … (ii) …")
    become nodes of their own, unless they detail the task before them ("…, cụ thể: (i) …
    (ii) …": one task); an addressee line that a text export ran into its task ("1. Bộ
    trưởng các Bộ Tập trung chỉ đạo …") is cut before the task."""
    out: list[Node] = []
    for p in paras:
        pieces = _INLINE_MARKER.split(p.text)
        first = Node(pieces[0].strip(), _depth(p), list(p.lines), p.label)
        out.extend(_addressee_then_task(first))
        detail: str | None = None  # the kind of the points being kept inside their task
        for piece in pieces[1:]:
            m = MARKER.match(piece)
            kind = next((k for k, v in m.groupdict().items() if v), None) if m else None
            last = out[-1]
            if m is None or kind is None or kind == detail or _elaborates(last.text):
                last.text = f"{last.text} {piece.strip()}".strip()
                detail = detail or kind
                continue
            detail = None
            inner = Para(piece[m.end() :].strip(), kind, m[kind].strip(), list(p.lines))
            out.append(Node(inner.text, _depth(inner), inner.lines, inner.label))
    return out


def _addressee_then_task(node: Node) -> list[Node]:
    """A marked addressee line and its task run together: [heading, task one level under]."""
    if not node.marked:
        return [node]
    # a capitalised task after a small word ("… ngang bộ Tập trung …"), not inside a proper
    # name ("Ban Quản lý …")
    for m in regex.finditer(r"(?<=(?:^|\s)\p{Ll}[\p{Ll}\p{M}]*|,)\s+(?=\p{Lu}\p{Ll})", node.text):
        rest = node.text[m.end() :]
        head = node.text[: m.start()]
        # the task goes on in small letters ("Tập trung chỉ đạo …"); a name list does not
        # ("Các Bộ, cơ quan: Tài chính, Xây dựng, Nông nghiệp …")
        words = rest.split()
        n = vocab.TASK_SMALL_WORD
        if ":" in head or len(words) < n or not words[n - 1][:1].islower():
            continue
        if _starts_task(rest) and _addressee_only(head):
            head = Node(node.text[: m.start()].strip(" ,"), node.depth, node.lines, node.label)
            return [head, Node(rest, node.depth + 1, node.lines)]
    return [node]


# --- words -----------------------------------------------------------------------------------


def _words_start(text: str, phrases: tuple[str, ...]) -> bool:
    """``text`` (lower-cased here) starts with one of the printed ``phrases``, as whole words;
    tone marks must match unless the text carries none (legacy OCR)."""
    low = text.lower()
    if low.isascii():
        low, phrases = tx.fold(low), tuple(tx.fold(p) for p in phrases)
    return any(low.startswith(p) and not low[len(p) : len(p) + 1].isalpha() for p in phrases)


def _starts_task(text: str) -> bool:
    return _words_start(text, vocab.TASK_VERBS)


def _elaborates(text: str) -> bool:
    """A task that announces its own details ("…, cụ thể:", "… cần lưu ý:")."""
    f = tx.fold(text).rstrip()
    return f.endswith(":") and any(f[:-1].rstrip().endswith(e) for e in vocab.ELABORATION_ENDS)


_ADDRESSED = regex.compile(
    r"(?<![\p{L}])(?i:"
    + "|".join(regex.escape(v) for v in sorted(vocab.ADDRESSED_VERBS, key=len, reverse=True))
    + r")\s+(?=\p{Lu}|(?:"
    + "|".join(map(regex.escape, (*vocab.ADDRESSEE_LEADS, *vocab.BODY_LEADS)))
    + r")[\s,])"
)
# What may stand before the body a request names: its topic ("Về …:") or a time adverbial
# ("Trong thời gian tới, Tỉnh tổ chức …").
_TOPIC = regex.compile(
    r"^(?:Về [^:]{0,200}:|(?i:"
    + "|".join(map(regex.escape, vocab.LEADING_ADVERBIALS))
    + r"),)\s*(?=\p{Lu})"
)
_FORM_OF_ADDRESS = regex.compile(r"^(?i:các\s+)?(?i:ông|bà|đồng chí)\s*(?:\((?i:bà|ông)\))?\s*:\s*")


def _body_end(text: str, start: int) -> tuple[int | None, str]:
    """Where the body named from ``start`` ends, and why: "role" before its role ("có trách
    nhiệm", "chủ trì", "theo chức năng"), "task" before its first task verb (not a noun:
    "việc thực hiện", "các tổ chức khác"), "colon" at a colon that closes the text; (None,
    "clause") when a word that is no part of a body's name and starts no task comes first
    ("đã", "đồng ý", "với"): no body is asked; (None, "name") when the text is a name only."""
    for m in regex.finditer(r"(?<=^|[\s(])\S+", text[start:]):
        k = start + m.start()
        word = m.group()
        if k == start or not word[:1].islower():
            continue
        rest = text[k:]
        if _words_start(rest, vocab.ASSIGNEE_ROLES):
            return k - 1, ("role" if _leads_task(rest) else "clause")
        if _starts_task(rest) and not _nominal(text[start:k], rest):
            return k - 1, ("task" if _leads_task(rest) else "clause")
        if _words_start(rest, vocab.CLAUSE_WORDS) and not _words_start(rest, vocab.BODY_PHRASES):
            # a body described by a clause ("Các cơ quan được phân bổ vốn … chịu trách nhiệm")
            role = _responsibility(text, k)
            return (role, "role") if role is not None else (None, "clause")
    stripped = text.rstrip()
    if stripped.endswith(":") and stripped.rfind(":") > start:
        return stripped.rfind(":"), "colon"
    return None, "name"


def _responsibility(text: str, start: int) -> int | None:
    """Where "chịu/có trách nhiệm" stands after ``start`` in the same sentence, if it does."""
    low = text.lower()
    end = regex.search(r"[.;](?:\s|$)", low[start:])
    stop = start + end.start() if end else len(low)
    hits = [low.find(f" {r} ", start) for r in vocab.RESPONSIBILITY_ROLES]
    hits = [h for h in hits if 0 <= h < stop]
    return min(hits) if hits else None


def _leads_task(rest: str) -> bool:
    """The verb at the start of ``rest`` hands out a task: an auxiliary ("chủ trì", "tiếp
    tục", "cần", "khẩn trương" …) only with a task after it ("chủ trì, phối hợp …", "tiếp tục
    thực hiện"), not "chủ trì buổi làm việc", "tiếp tục hoạt động", "cần có"."""
    aux = next((a for a in vocab.AUXILIARY_VERBS if _words_start(rest, (a,))), None)
    if aux is None:
        return True
    after = rest[len(aux) :].lstrip()
    return after.startswith(",") or _starts_task(after)


def _nominal(before: str, rest: str) -> bool:
    """The verb at the start of ``rest`` is used as a noun: it follows "việc", "các", "công
    tác" …, or names bodies ("các cơ quan, tổ chức khác có liên quan")."""
    words = before.lower().split()
    if words and (words[-1] in vocab.NOMINALIZERS or " ".join(words[-2:]) in vocab.NOMINALIZERS):
        return True
    after = " " + " ".join(rest.split()[: vocab.NOMINAL_LOOKAHEAD])
    others = any(f" {q}" in after for q in vocab.OTHER_BODIES)
    return bool(words) and words[-1].endswith(",") and others


_BODY_HEADS = tuple(
    sorted({*vocab.ORGAN_HEADS_STRONG, *vocab.ORGAN_HEADS_WEAK, *vocab.TITLE_WORDS,
            *(tx.fold(w) for w in vocab.BODY_LEADS), *vocab.BODY_HEADS}, key=len, reverse=True)
)  # fmt: skip


def _is_body(name: str, by_role: bool = False) -> bool:
    """A body's name: it opens with an organ, a title or a collective word ("Sở …", "Chủ tịch
    …", "các địa phương"), not with a verb or an adverbial ("Xét …", "Ngày …"). A word that
    is a verb and a body too ("Tổ chức kiểm định", "Lãnh đạo Bộ") names a body only before a
    role ("… có trách nhiệm")."""
    if not name:
        return False
    if _starts_task(name) and not (by_role and _words_start(name, vocab.BODY_LEADS)):
        return False
    words = regex.sub(r"[^\w\s]", " ", tx.fold(name)).split()
    head = " ".join(words[: vocab.BODY_HEAD_WORDS])
    if any(head == h or head.startswith(h + " ") for h in vocab.NOT_BODY_STARTS):
        return False
    return any(head == h or head.startswith(h + " ") for h in _BODY_HEADS)


def _addressee_only(text: str) -> bool:
    """A line that only names who is addressed ("Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang
    bộ", "Chủ tịch UBND các tỉnh:"): a body, no task verb."""
    text = text.strip().rstrip(":").strip()
    if not text or len(text) > vocab.ADDRESSEE_LINE_MAX or not _is_body(text):
        return False
    if regex.search(r"[.;!?]", text):
        return False
    return _body_end(text, 0)[1] == "name" and not _ADDRESSED.match(text)


def assignee(text: str) -> str | None:
    """The body a request names ("Giao <body> chủ trì …", "Đề nghị <body> …", "<body> có
    trách nhiệm …"), as printed, without its verb; None when the text names none."""
    start = 0
    if (topic := _TOPIC.match(text)) is not None:
        start = topic.end()
    m = _ADDRESSED.search(text, start)
    if m is not None and _clause_start(text, m.start()) <= start + vocab.ADDRESSED_WITHIN:
        start = m.end()
    if (form := _FORM_OF_ADDRESS.match(text[start:])) is not None:
        start += form.end()
    end, _ = _body_end(text, start)
    if end is None:
        return None
    name = text[start:end].strip(" ,:;")
    return name if _is_body(name) else None


def _clause_start(text: str, pos: int) -> int:
    """Start of the clause holding ``pos``: after the last ", " or sentence end before it."""
    cut = max(text.rfind(", ", 0, pos), text.rfind(". ", 0, pos), text.rfind("; ", 0, pos))
    return cut + 2 if cut >= 0 else 0


# --- deadlines -------------------------------------------------------------------------------

_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PERIOD = regex.compile(
    r"(?<![a-z])trong\s+(?:"
    r"thang\s+(?P<month>\d{1,2})(?:\s*/\s*|\s+nam\s*)(?P<myear>\d{4})?"
    r"|quy\s+(?P<quarter>iv|i{1,3}|[1-4])(?:\s*/\s*|\s+nam\s+)(?P<qyear>\d{4})"
    r"|nam\s+(?P<year>\d{4}))"
)
_DAY_MONTH = regex.compile(r"^\s*(?:ngay\s*)?(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?![\d/])")
_CUE = regex.compile(rf"(?<![a-z])(?:{'|'.join(map(regex.escape, vocab.DEADLINE_CUES))})\b")


def deadline(text: str, year: int | None, issued: dt.date | None = None) -> str | None:
    """ISO date by which ``text`` asks the task done, or None (also for recurring dates)."""
    f = tx.fold(text)
    found: list[tuple[int, str]] = []
    for m in _CUE.finditer(f):
        tail = text[m.end() : m.end() + vocab.DEADLINE_WINDOW]
        ftail = f[m.end() : m.end() + vocab.DEADLINE_WINDOW]
        if any(w in ftail[: vocab.RECURRING_NEAR_CUE] for w in vocab.RECURRING):
            continue
        d = tx.find_date(tail)
        if d is not None and d.iso is not None and d.start <= vocab.DEADLINE_DATE_NEAR:
            found.append((m.start(), d.iso))
            continue
        short = _DAY_MONTH.match(ftail)
        if short is not None and year is not None:
            iso = _short_date(int(short["d"]), int(short["m"]), year, issued)
            if iso is not None:
                found.append((m.start(), iso))
    for m in _PERIOD.finditer(f):
        if any(w in f[m.end() : m.end() + vocab.RECURRING_NEAR_PERIOD] for w in vocab.RECURRING):
            continue
        iso = _period_end(m, year)
        if iso is not None:
            found.append((m.start(), iso))
    return min(found)[1] if found else None


def _short_date(day: int, month: int, year: int, issued: dt.date | None) -> str | None:
    """A day and month without a year: the first such date on or after the issue date."""
    iso = tx.make_date(day, month, year)
    if iso is not None and issued is not None and dt.date.fromisoformat(iso) < issued:
        iso = tx.make_date(day, month, year + 1)
    return iso


def _period_end(m: regex.Match[str], year: int | None) -> str | None:
    """Last day of "trong tháng M/YYYY", "trong quý I năm YYYY", "trong năm YYYY"."""
    if m["month"]:
        y = int(m["myear"]) if m["myear"] else year
        month = int(m["month"])
        if y is None or not 1 <= month <= 12:
            return None
        return (dt.date(y + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()
    if m["quarter"]:
        q, y = _QUARTERS[m["quarter"]], int(m["qyear"])
        return (dt.date(y + q // 4, q * 3 % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()
    return f"{int(m['year'])}-12-31"


# --- items -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Context:
    """What the items need from the header: the issue year and date (deadlines) and the
    issuer (its own statements, "Bộ Tài chính gửi kèm …", ask nothing)."""

    year: int | None = None
    issued: dt.date | None = None
    issuer: str = ""
    imperative: bool = False  # a type whose points in the imperative are requests

    @staticmethod
    def of(date: str | None, issuer: str | None = None, doc_type: str | None = None) -> Context:
        d = dt.date.fromisoformat(date) if date is not None else None
        imperative = doc_type in vocab.IMPERATIVE_TYPES
        return Context(d.year if d else None, d, _organ_key(issuer or ""), imperative)

    def is_issuer(self, body: str) -> bool:
        """The body is the issuing body itself ("Bộ Tài chính" in a letter of BỘ TÀI CHÍNH,
        "Ủy ban nhân dân tỉnh" in one of UBND TỈNH QUẢNG NGÃI)."""
        key = _organ_key(body)
        return bool(self.issuer) and len(key.split()) >= 2 and self.issuer.startswith(key)


def _organ_key(name: str) -> str:
    words = regex.sub(r"[^\w\s]", " ", tx.fold(name)).split()
    return " ".join(vocab.ORGAN_ABBREVIATIONS.get(w, w) for w in words)


def _item(text: str, lines: Sequence[Line], rule: str, ctx: Context,
          default: str | None = None) -> Found:  # fmt: skip
    clean = _clean(text)
    value = {
        "text": clean,
        "assignee": assignee(clean) or default,
        "deadline": deadline(clean, ctx.year, ctx.issued),
    }
    return Found(value, tuple(lines), rule)


def _clean(text: str) -> str:
    return tx.strip_item(regex.sub(r"\s*\./\.\s*$", "", text))


def find_action_items(
    paras: Sequence[Para], doc_type: str | None, date: str | None = None, issuer: str | None = None
) -> list[Found]:
    """Requests and assignments, one item per task (see the module docstring)."""
    ctx = Context.of(date, issuer, doc_type)
    ns = nodes(paras)
    if doc_type in vocab.ARTICLE_TYPES and any(n.depth == _DEPTH["article"] for n in ns):
        items = _article_items(ns, ctx)
    else:
        items = _request_items(ns, ctx, sectioned=doc_type in vocab.SECTIONED_TYPES)
    return [f for f in items if not _transitional(f.value["text"])]


def _transitional(text: str) -> bool:
    """A transitional provision, no task: a body goes on as it is until something happens
    ("… tiếp tục hoạt động cho đến khi …", "… tiếp tục thực hiện chức năng … cho đến khi
    Bộ trưởng có quyết định …")."""
    f = tx.fold(text)
    return any(
        0 <= f.find(go) < f.find(until)
        for go in vocab.TRANSITIONAL_GOES_ON
        for until in vocab.TRANSITIONAL_UNTIL
    )


# --- letters, notices, telegrams, plans: request structures ---------------------------------


def _request_items(ns: list[Node], ctx: Context, sectioned: bool = False) -> list[Found]:
    """Items of a letter, notice or telegram; of a plan (``sectioned``) only those of its
    execution section ("IV. TỔ CHỨC THỰC HIỆN") when it has one."""
    ns = _cited_law_dropped(_unquoted_nodes(ns))
    if sectioned:
        at = next((k for k, n in enumerate(ns) if _execution_heading(n)), None)
        if at is not None:
            return _points(ns, at + 1, _block_end(ns, at, ctx), None, ctx)
    items: list[Found] = []
    i = 0
    while i < len(ns):
        node = ns[i]
        end = _block_end(ns, i, ctx)
        if end > i + 1 and (who := _opens_list(node, ctx)) is not None:
            items.extend(_points(ns, i + 1, end, who or None, ctx))
            i = end
            continue
        if end > i + 1 and node.marked and _elaborates(node.text) and _asks(node.text, ctx):
            items.append(_whole(ns[i:end], "action.detailed_point", ctx))
            i = end
            continue
        found = _paragraph_items(node, ctx)
        cont = _between_points(ns, i, ctx) or _details(ns, i, ctx)
        if cont and len(found) == 1 and found[0].value["text"] == _clean(node.text):
            found = [_whole([node, *cont], found[0].rule, ctx)]  # "2. … Trường hợp còn …"
            i += len(cont)
        items.extend(found)
        i += 1
    return items


def _details(ns: list[Node], i: int, ctx: Context) -> list[Node]:
    """The unmarked paragraphs after the unmarked request ``i`` that go on with its task in
    the imperative, naming no body of their own ("… yêu cầu các cấp ủy … tập trung …" /
    "Điều chỉnh kịp thời, ban hành …")."""
    if ns[i].marked:
        return []
    out: list[Node] = []
    for node in ns[i + 1 :]:
        text = node.text
        detail = _starts_task(text) and _leads_task(text) and not _is_heading(node)
        if node.marked or not detail or _is_closing(text) or _paragraph_items(node, ctx):
            break
        out.append(node)
    return out


def _between_points(ns: list[Node], i: int, ctx: Context) -> list[Node]:
    """The unmarked paragraphs after point ``i`` that go on with it: they open no new request
    and the next point of its list follows them (so none is the letter's closing)."""
    node = ns[i]
    if not node.marked:
        return []
    k = next((k for k in range(i + 1, len(ns)) if ns[k].marked), None)
    if k is None or k == i + 1 or ns[k].depth != node.depth:
        return []
    rest = ns[i + 1 : k]
    return [] if any(_opens_request(n, ctx) for n in rest) else rest


def _unquoted_nodes(ns: list[Node]) -> list[Node]:
    """The nodes that do not start inside a quotation running over several paragraphs (legal
    text cited in full). An export may lose the closing quote: a quotation also ends at a
    bulleted paragraph (the letter's own next point) or after QUOTE_SPAN_MAX paragraphs."""
    out: list[Node] = []
    depth = span = 0
    for node in ns:
        bullet = bool(node.label) and node.label[0] in vocab.BULLETS
        if depth and (bullet or span >= vocab.QUOTE_SPAN_MAX):
            depth = 0
        if depth == 0:
            out.append(node)
        depth = max(0, depth + node.text.count("“") - node.text.count("”"))
        span = span + 1 if depth else 0
    return out


def _cited_law_dropped(ns: list[Node]) -> list[Node]:
    """Without the articles a letter cites ("+ Tại Điều 2 quy định: Điều 2. Hiệu lực thi hành
    … 1. …"): a letter has no Điều of its own, so they and their khoản are another text."""
    out: list[Node] = []
    cited = False
    for node in ns:
        if node.depth == _DEPTH["article"]:
            cited = True
        elif cited and not (node.marked and node.depth > _DEPTH["article"]):
            cited = False
        if not cited:
            out.append(node)
    return out


def _execution_heading(node: Node) -> bool:
    f = tx.fold(node.text)
    return len(node.text) < vocab.HEADING_MAX and any(h in f for h in vocab.EXECUTION_HEADINGS)


def _block_end(ns: list[Node], i: int, ctx: Context) -> int:
    """End (exclusive) of the points under node ``i``: deeper marked nodes, and unmarked ones
    that lie between two of them (a point's continuation). Under an unmarked lead-in the
    points are the marked run that follows it."""
    node = ns[i]
    j = i + 1
    if j >= len(ns) or not ns[j].marked:
        return j
    floor = node.depth if node.marked else ns[j].depth - 1
    last = ns[j].depth
    while j < len(ns):
        if ns[j].marked:
            if ns[j].depth <= floor:
                break
            last = ns[j].depth
            j += 1
            continue
        # unmarked paragraphs go on with the point above when a point of its list follows
        # (not a list of their own: "Bộ Tài chính gửi kèm bộ Cẩm nang gồm: - …")
        k = next((k for k in range(j, len(ns)) if ns[k].marked), None)
        sibling = k is not None and floor < ns[k].depth <= last
        if not sibling or any(_new_request(n, ctx) for n in ns[j:k]):
            break
        j = k
    return j


def _opens_list(node: Node, ctx: Context) -> str | None:
    """The assignee a lead-in hands to its points ("" when it names none), or None when the
    node is not a lead-in. Lead-ins: a request that ends with ":" ("… đề nghị X thực hiện như
    sau:", "X chủ trì, phối hợp …:"), a line naming only the addressee, a heading over the
    execution section ("IV. TỔ CHỨC THỰC HIỆN")."""
    text = node.text
    if _execution_heading(node):
        return ""
    if _addressee_only(text):
        return text.strip().rstrip(":").strip()
    if _is_heading(node):
        return None
    if not text.rstrip().endswith(":"):
        return None
    parts = sentences(_unquoted(text))
    # "… đề nghị UBND các huyện chỉ đạo. Cụ thể:": the request is in the sentence before
    clause = " ".join(parts[-2:]) if len(parts[-1]) < vocab.SHORT_SENTENCE else parts[-1]
    # a body and its role ("… có trách nhiệm:"), or its task announcing the list ("UBND …
    # chỉ đạo Sở … thực hiện các nội dung sau:"), not the issuer's own ("… ban hành Kế hoạch
    # như sau:")
    announced = any(tx.fold(clause).rstrip(" :").endswith(a) for a in vocab.LIST_ANNOUNCEMENTS)
    directed = _directs(clause, role=not announced) and not ctx.is_issuer(assignee(clause) or "")
    if _request_at(clause) is None and not directed:
        return None  # a task that details itself ("…, cụ thể:"), or no request at all
    return assignee(clause) or ""


def _points(ns: list[Node], lo: int, hi: int, who: str | None, ctx: Context) -> list[Found]:
    """Items of the points in ``ns[lo:hi]`` under a lead-in that names ``who``."""
    out: list[Found] = []
    j = lo
    while j < hi:
        node = ns[j]
        end = j + 1
        while end < hi and (not ns[end].marked or ns[end].depth > node.depth):
            end += 1
        if not node.marked or not node.text:
            j = end
            continue
        deeper = any(n.marked for n in ns[j + 1 : end])
        own = _opens_list(node, ctx) if deeper else None
        if own is not None:  # a point that is itself a lead-in ("2. UBND … thực hiện:")
            out.extend(_points(ns, j + 1, end, own or who, ctx))
        elif deeper and _is_heading(node):  # "I. VỀ HOÀN THIỆN THỂ CHẾ": the points go on
            out.extend(_points(ns, j + 1, end, who, ctx))
        elif deeper or _is_task(node):
            body = ns[j:end] if deeper else [node, *_continuation(ns, j + 1, end)]
            out.append(_whole(body, "action.point", ctx, who))
        j = end
    return out


def _continuation(ns: list[Node], lo: int, hi: int) -> list[Node]:
    return [n for n in ns[lo:hi] if not n.marked]


def _whole(body: Sequence[Node], rule: str, ctx: Context, who: str | None = None) -> Found:
    return _item(_joined(body), [x for n in body for x in n.lines], rule, ctx, who)


# "Căn cứ Nghị định số …", "Căn cứ Luật …": a document named after "Căn cứ" (not "Căn cứ
# quy định hiện hành, …": the start of a task).
_LEGAL_BASIS = regex.compile(r"^(?i:căn cứ|can cu)\s+(?:(?i:các)\s+)?\p{Lu}")


def _is_task(node: Node) -> bool:
    """A point that asks something: not a heading, a closing, a legal basis ("Căn cứ Nghị
    định số …"), a decision or praise."""
    if _is_heading(node) or _is_closing(node.text) or _LEGAL_BASIS.match(node.text):
        return False
    return not _words_start(_TOPIC.sub("", node.text), vocab.NOT_TASK_STARTS)


def _is_heading(node: Node) -> bool:
    """A title over a section ("I. VỀ HOÀN THIỆN THỂ CHẾ", "Điều 5. Tổ chức thực hiện")."""
    text = node.text
    if text.isupper() and len(text) < vocab.HEADING_MAX:
        return True
    bare = not text.endswith((".", ";", ",", ":")) and "," not in text
    if node.marked and bare and len(text) < vocab.SHORT_HEADING:
        return True
    return (
        node.marked
        and bare
        and len(text) < vocab.HEADING_MAX
        and not _starts_task(text)
        and assignee(text) is None
    )


def _asks(text: str, ctx: Context) -> bool:
    """The text asks something: a task in the imperative, a body and its task, a request."""
    text = _unquoted(text)
    if ctx.imperative and _starts_task(text):
        return True
    return _directs(text) or _request_at(text) is not None


def _new_request(node: Node, ctx: Context) -> bool:
    """An unmarked paragraph that opens a request or a list of its own, or closes the letter:
    it ends the list before it."""
    return _is_closing(_unquoted(node.text)) or _opens_request(node, ctx)


def _opens_request(node: Node, ctx: Context) -> bool:
    text = _unquoted(node.text)
    return _opens_list(node, ctx) is not None or _request_at(text) is not None or _directs(text)


def _paragraph_items(node: Node, ctx: Context) -> list[Found]:
    """Items of a paragraph outside any list. A paragraph that opens with a request ("Giao X
    …", "X có trách nhiệm …", a marked directive) is one item with the sentences that detail
    it; a request inside it runs from its requesting clause ("…, Bộ Xây dựng đề nghị X …") to
    the end of its sentence; a sentence that opens a request to another body is an item of
    its own (one to the same body goes on with the item), and so is a conditional instruction
    after a request ("Trường hợp … thì …")."""
    text = node.text
    if not text or _is_heading(node):
        return []
    task = _TOPIC.sub("", text)
    imperative = node.marked and ctx.imperative and _starts_task(task) and _leads_task(task)
    if imperative and _is_task(node):
        return [_item(text, node.lines, "action.imperative_point", ctx)]  # "2. Rà soát …"
    out: list[Found] = []
    parts = sentences(text)
    k = 0
    while k < len(parts):
        start = _request_start(parts[k], ctx)
        if start is None:
            k += 1
            continue
        body = [parts[k][start:]]
        opened = k == 0 and start == 0
        who = _organ_key(assignee(body[0]) or "")
        k += 1
        while opened and k < len(parts) and not _conditional(parts[k]):
            if _is_closing(parts[k]):
                break
            if _request_start(parts[k], ctx) is not None and (
                not who or _organ_key(assignee(parts[k]) or "") != who
            ):  # a request to another body; one to the same body goes on with its item
                break
            body.append(parts[k])
            k += 1
        out.append(_item(" ".join(body), node.lines, "action.request", ctx))
        while k < len(parts) and _conditional(parts[k]):
            out.append(_item(parts[k], node.lines, "action.conditional_request", ctx))
            k += 1
    return out


def _request_start(sentence: str, ctx: Context) -> int | None:
    """Where the request in ``sentence`` starts: 0 when the sentence opens with it (a request
    verb and its addressee, or a body and its task), the start of the requesting clause when
    the request is embedded; None when it asks nothing (narrative, a noun "đề nghị", a
    quotation, a closing)."""
    text = _unquoted(sentence)
    if not text.strip() or text.lstrip()[:1] in vocab.QUOTES or _is_closing(text):
        return None
    if _directs(text):
        end, _ = _body_end(_TOPIC.sub("", text), 0)
        return None if ctx.is_issuer(_TOPIC.sub("", text)[: end or 0]) else 0
    m = _request_at(text)
    if m is None:
        return None
    start = _clause_start(text, m.start())
    return 0 if not text[:start].strip() or _TOPIC.match(text) else start


def _request_at(text: str) -> regex.Match[str] | None:
    """A request verb ("đề nghị", "yêu cầu", "giao") with its addressee and the task, not
    narrated ("đã giao …") nor a noun ("Xét đề nghị của …")."""
    for m in _ADDRESSED.finditer(text):
        clause = text[_clause_start(text, m.start()) : m.start()]
        if _words_in(clause, vocab.NARRATIVE_WORDS) or _noun_request(tx.fold(text), m.start()):
            continue
        if _body_end(text, m.end())[1] in ("role", "task", "colon"):
            return m
    return None


def _directs(text: str, role: bool = False) -> bool:
    """The sentence opens with a body and its task ("Bộ Công Thương chủ trì …", "UBND các
    tỉnh căn cứ …", "Chánh Văn phòng … chịu trách nhiệm thi hành …"); with ``role``, with its
    role only ("… có trách nhiệm:", "… chủ trì, phối hợp …:")."""
    text = _TOPIC.sub("", text)
    end, why = _body_end(text, 0)
    if why not in ("role", "task") or end is None:
        return False
    if not _is_body(text[:end].strip(" ,"), by_role=why == "role"):
        return False
    return not role or _words_start(text[end:].lstrip(), vocab.ASSIGNEE_ROLES)


def _words_in(text: str, words: tuple[str, ...]) -> bool:
    low = f" {text.lower()} "
    return any(f" {w} " in low for w in words)


def _noun_request(folded: str, pos: int) -> bool:
    """True when "đề nghị" at ``pos`` is a noun ("Xét đề nghị của …"), not a request."""
    window = folded[max(0, pos - vocab.REQUEST_NOUN_BEFORE) : pos + vocab.REQUEST_NOUN_AFTER]
    return any(c in window for c in vocab.REQUEST_NOUN_CONTEXTS)


def _conditional(sentence: str) -> bool:
    f = tx.fold(sentence)
    return f.startswith(vocab.CONDITIONAL_STARTS) and vocab.CONDITIONAL_THEN in f


_QUOTED = regex.compile(r"“[^”]*”?|\"[^\"]*\"?|\([^()]*\)")


def _unquoted(text: str) -> str:
    """The text with quoted and parenthesised passages blanked (same length): a quoted request
    or a note in brackets ("(giao Ban Dân tộc tỉnh thông báo)") is not one."""
    return _QUOTED.sub(lambda m: " " * len(m.group()), text)


_TYPE_WORDS = sorted({tx.fold(t) for t in vocab.DOC_TYPES}, key=len, reverse=True)
# The "./." that ends a letter's text, as OCR may read it ("này/.", "./. - 5").
_END_MARK = regex.compile(r"\.?/\.[\s\d–—-]*$")
# "… nghiêm túc triển khai thực hiện Chỉ thị này./." (folded): the closing exhortation.
_EXHORTATION = regex.compile(
    rf"{vocab.CLOSING_EXHORTATION}.*(?:{'|'.join(map(regex.escape, _TYPE_WORDS))}) nay[^a-z]*$"
)


def _is_closing(text: str) -> bool:
    """A generic closing that asks nothing concrete ("… để biết, thực hiện", "… quan tâm,
    chỉ đạo", "… nghiêm túc thực hiện Chỉ thị này./.")."""
    f = tx.fold(text)
    if any(c in f for c in vocab.GENERIC_CLOSINGS) or _EXHORTATION.search(f):
        return True
    # "đề nghị <body> quan tâm, …", "… đề nghị các đơn vị triển khai thực hiện./.": attention
    # or carrying out what was said, no task of its own
    m = _ADDRESSED.search(text)
    end, _ = _body_end(text, m.end() if m is not None else 0)
    task = text[end:].lstrip(" ,") if end is not None else ""
    attention = next((c for c in vocab.CLOSING_TASKS if _words_start(task, (c,))), None)
    if attention is not None:  # unless a concrete task follows ("quan tâm bố trí kinh phí")
        after = task[len(attention) :].lstrip(" ,")
        if not _starts_task(after) or _words_start(after, vocab.ATTENTION_TASKS):
            return True
    asked = m is not None or (end is not None and _is_body(text[:end].strip(" ,")))
    generic = asked and task and _words_start(task, vocab.GENERIC_TASKS)
    short = len(f) < vocab.GENERIC_CLOSING_MAX
    return _END_MARK.search(text) is not None and bool(generic) and short


# --- decisions, resolutions, circulars: Điều -------------------------------------------------


def _article_items(ns: list[Node], ctx: Context) -> list[Found]:
    """One item per Điều that assigns a task; the khoản of a Điều that name bodies (or of the
    "Tổ chức thực hiện" Điều) one each; an executor clause after the first sentence of a Điều
    is an item of its own."""
    items: list[Found] = []
    articles: list[list[Node]] = []
    for node in ns:
        if node.depth == _DEPTH["article"]:
            articles.append([node])
        elif articles:
            articles[-1].append(node)
    for art in articles:
        head, rest = art[0], art[1:]
        is_title = bool(rest) and not head.text.endswith((".", ":", ";"))
        content = ([] if is_title or not head.text else [head]) + rest
        if not content:
            continue
        marked = [n for n in rest if n.marked]
        top = min((n.depth for n in marked), default=UNMARKED)
        clauses = [k for k, n in enumerate(rest) if n.marked and n.depth == top]
        execution = is_title and any(h in tx.fold(head.text) for h in vocab.EXECUTION_HEADINGS)
        assigning = [k for k in clauses if _assigns(_clause_text(rest, k, clauses))]
        # "Điều 2. Giao Sở … có trách nhiệm:" over its khoản: one task
        leadin = not is_title and head.text.endswith(":")
        if (len(assigning) >= 2 or (execution and assigning)) and not leadin:
            for k in assigning:
                body = rest[k : next((c for c in clauses if c > k), len(rest))]
                lines = [x for n in body for x in n.lines]
                text = _drop_non_assignment(_joined(body))
                items.append(_item(text, lines, "action.article_clause", ctx))
            continue
        text = _drop_non_assignment(_joined(content))
        if _assigns(text):
            lines = [x for n in content for x in n.lines]
            items.append(_item(text, lines, "action.article", ctx))
    return items


def _clause_text(rest: list[Node], k: int, clauses: list[int]) -> str:
    return _joined(rest[k : next((c for c in clauses if c > k), len(rest))])


def _assigns(text: str) -> bool:
    """Some sentence of the text gives a body a task or requests one."""
    if len(text) <= vocab.MIN_ASSIGNMENT:
        return False
    parts = sentences(_unquoted(text))
    return any(_directs(s) or _request_at(s) is not None for s in parts)


def _drop_non_assignment(text: str) -> str:
    kept = [
        s
        for s in sentences(text)
        if not any(c in tx.fold(s) for c in vocab.NON_ASSIGNMENT_SENTENCES)
    ]
    return " ".join(kept).strip()
