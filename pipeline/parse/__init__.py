"""Rule-based Decree-30 parser: OCR or text lines → record fields with evidence.

Public API: ``parse_lines`` (OCR lines, optionally with their pre-restoration text) and
``parse_text`` (plain text). ``layout`` turns the input into column-aware lines (OCR
regions and word gaps, or the spacing of a text export) and finds the web preface, the
incoming "ĐẾN" stamp and copy blocks, which no field is read from; ``header`` (issuer, số
và ký hiệu, địa danh và ngày, type title, trích yếu, Kính gửi, độ khẩn/mật), ``footer``
(Nơi nhận, người ký), ``body`` (paragraphs, cited documents) and ``actions`` (requests and
assignments) hold the rules; every word list and threshold they use is in ``vocab``. Each
field's evidence names the rule that read it ("number.label.raw", "subject.vv",
"signer.title_above_name", …).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from statistics import fmean
from typing import Any

from ..record import Evidence
from ..types import OcrLine
from . import actions, body, footer, header, identity, layout, names, vocab
from .layout import Found

__all__ = ["ParseResult", "parse_lines", "parse_text"]


@dataclass
class ParseResult:
    """Record fields (JSON-ready, keys as in ``record.Record``), their evidence and warnings."""

    fields: dict[str, Any]
    evidence: dict[str, Evidence] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    needs_review: list[str] = field(default_factory=list)  # record keys to check by hand


def _empty_fields() -> dict[str, Any]:
    return {
        "issuer": {"name": None, "parent": None},
        "doc_type": None,
        "number": None,
        "symbol": None,
        "place": None,
        "date": None,
        "date_partial": None,
        "subject": None,
        "recipients": [],
        "references": [],
        "action_items": [],
        "signer": {"name": None, "title": None, "authority": None},
        "cc": [],
        "urgency": None,
        "confidentiality": None,
    }


def _evidence(found: Found) -> Evidence:
    lines = found.lines
    boxes = [ln.bbox for ln in lines if ln.bbox is not None]
    bbox = None
    if boxes:
        box = boxes[0]
        for other in boxes[1:]:
            if other is not None:
                box = box.union(other)
        bbox = box.as_list()
    confs = [ln.conf for ln in lines if ln.conf is not None]
    return Evidence(
        page=lines[0].page if lines else None,
        bbox=bbox,
        confidence=round(fmean(confs), 2) if confs else None,
        rule=found.rule,
    )


def parse_text(text: str) -> ParseResult:
    """Parse a plain-text document (no layout): one OcrLine per text line."""
    return parse_lines([OcrLine(text=t, region="text") for t in text.splitlines()])


def parse_lines(
    lines: Sequence[OcrLine],
    raw_lines: Sequence[OcrLine] | None = None,
    signed: dt.date | None = None,
) -> ParseResult:
    """Parse OCR lines in reading order (restored text; ``raw_lines`` before restoration).
    ``signed``: the digital signature's date, a bound for the document date."""
    result = ParseResult(_empty_fields())
    if not lines:
        result.warnings.append("no text")
        return result
    ls = layout.build_lines(lines, raw_lines)
    first = next((ln.text.strip() for ln in lines if ln.text.strip()), "")
    markdown = first.startswith(("#", "---", "**"))  # a web export with a preface
    start = layout.preface_end(ls, markdown)
    stamp = layout.stamp_lines(ls)
    copy = {i for i, ln in enumerate(ls) if ln.region == "copy"}
    copy_at = layout.copy_start(ls, start + vocab.COPY_MIN_OFFSET)
    if copy_at is not None:  # a copy block runs to the end of its page
        copy.update(i for i in range(copy_at, len(ls)) if ls[i].page == ls[copy_at].page)
    if stamp:
        result.warnings.append("incoming stamp (ĐẾN) left out of the fields")
    if copy:
        result.warnings.append("copy block (SAO Y / SAO LỤC / TRÍCH SAO) left out of the fields")
    skip = stamp | copy

    h = header.parse_header(ls, start, len(ls), skip)
    found: dict[str, Found] = dict(h.fields)
    result.warnings.extend(h.warnings)

    cc, cc_at = footer.find_cc(ls, h.end, len(ls), skip)
    found["cc"] = cc
    signer = footer.find_signer(ls, h.end, len(ls), skip, cc_at)
    found.update(signer)
    if not signer:
        result.warnings.append("no signer found")
    elif "signer.name" not in signer:
        result.warnings.append("signer name not read (seal or signature over it)")
    elif isinstance(name := signer["signer.name"].value, str):
        # a name under the signature may have lost a letter or a tone mark
        scanned = any(x.bbox is not None for x in signer["signer.name"].lines)
        mended = names.repair(name, ocr=scanned)
        found["signer.name"] = replace(signer["signer.name"], value=mended.name)
        result.warnings.extend(mended.warnings)

    used = {id(x) for f in (cc, *signer.values()) for x in f.lines}
    position = {id(x): i for i, x in enumerate(ls)}
    signer_at = min(
        (position[id(x)] for f in signer.values() for x in f.lines if id(x) in position),
        default=len(ls),
    )
    body_end = min(cc_at if cc_at is not None else len(ls), signer_at)
    main = [ls[i] for i in range(h.end, body_end) if i not in skip and i not in h.used]
    rest = [ls[i] for i in range(h.end, len(ls)) if i not in skip and id(ls[i]) not in used]
    main_paras = body.paragraphs(main)
    subject = found.get("subject")
    subject_paras = (
        [body.Para(str(subject.value), None, "", list(subject.lines))] if subject else []
    )

    number, symbol = found.get("number"), found.get("symbol")
    own = (
        f"{number.value}/{symbol.value}"
        if number and symbol and number.value and symbol.value
        else None
    )
    found["references"] = body.find_references(subject_paras + body.paragraphs(rest), own)
    doc_type = found.get("doc_type")
    type_name = str(doc_type.value) if doc_type is not None and doc_type.value else None
    settled = identity.settle(found, lines, signed)  # a refused date bounds no deadline
    date = found.get("date")
    iso = date.value if date is not None and isinstance(date.value, str) else None
    issuer = found.get("issuer.name")
    name = issuer.value if issuer is not None and isinstance(issuer.value, str) else None
    items = actions.find_action_items(main_paras, type_name, iso, name)
    _fill(result, found, items)
    _settled(result, settled)
    return result


def _settled(result: ParseResult, settled: identity.Settled) -> None:
    """Number and date checks into the result: the digit reading's confidence as evidence,
    refused readings as evidence candidates, the partial date, warnings, review list."""
    result.fields["date_partial"] = settled.date_partial
    for name, conf in settled.confidence.items():
        if name in result.evidence:
            result.evidence[name] = result.evidence[name].model_copy(
                update={"confidence": round(conf, 2)}
            )
    for name, refusal in settled.refused.items():
        result.evidence[name] = _evidence(refusal.found).model_copy(
            update={"confidence": refusal.confidence, "candidate": refusal.candidate,
                    "rule": f"{refusal.found.rule}.refused"}
        )
    result.warnings.extend(settled.warnings)
    result.needs_review = settled.needs_review


def _fill(result: ParseResult, found: dict[str, Found], actions: list[Found]) -> None:
    f = result.fields
    for key, item in found.items():
        if "." in key:
            group, sub = key.split(".", 1)
            f[group][sub] = item.value
            if item.lines and group not in result.evidence and item.value is not None:
                result.evidence[group] = _evidence(item)
            continue
        f[key] = item.value
        if item.lines and item.value not in (None, []):
            result.evidence[key] = _evidence(item)
    f["action_items"] = [a.value for a in actions]
    if actions:
        result.evidence["action_items"] = _evidence(
            Found(None, tuple(x for a in actions for x in a.lines), actions[0].rule)
        )
