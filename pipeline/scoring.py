"""Field scoring of parsed records against gold annotations (pure functions).

Only keys present in the gold are scored (absent = not annotated; null = must be null/empty).
Exact fields compare after NFC and whitespace collapse (numbers also without leading zeros);
the subject is correct at normalised similarity ≥ 0.9; list fields get precision/recall/F1
from a one-to-one matching at similarity ≥ 0.9 (references: equal number/symbol, spaces
removed). Action items given as objects ``{text, assignee, deadline}`` are matched on text;
their assignee (similarity ≥ 0.9, null only matches null) and deadline (equal ISO date) are
then scored as accuracy over the matched items.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import regex
from rapidfuzz import fuzz

SIMILARITY = 0.9

EXACT_FIELDS: tuple[str, ...] = (
    "doc_type",
    "number",
    "symbol",
    "place",
    "date",
    "issuer.name",
    "issuer.parent",
    "signer.name",
    "signer.title",
    "signer.authority",
    "urgency",
    "confidentiality",
)
LIST_FIELDS: tuple[str, ...] = ("recipients", "cc", "action_items", "references")
FIELDS: tuple[str, ...] = (*EXACT_FIELDS, "subject", *LIST_FIELDS)
# Scored on the action items matched by text, when the gold gives them as objects.
ITEM_FIELDS: tuple[str, ...] = ("assignee", "deadline")


@dataclass(frozen=True, slots=True)
class FieldScore:
    """Score of one field in one document.

    Exact fields use ``correct``/``total`` (total is 1; for an item field the number of matched
    items compared); list fields use ``tp``/``fp``/``fn``.
    ``pred`` and ``gold`` keep the compared values for error listings.
    """

    kind: str  # "exact" or "list"
    correct: int = 0
    total: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    pred: Any = None
    gold: Any = None


def normalise(value: Any) -> str | None:
    """NFC, whitespace collapsed, stripped; None stays None."""
    if value is None:
        return None
    return regex.sub(r"\s+", " ", unicodedata.normalize("NFC", str(value))).strip()


def _loose(value: str) -> str:
    return regex.sub(r"[\s.;:,]+$", "", value).casefold()


def similarity(a: str, b: str) -> float:
    """Normalised similarity in [0, 1] (case-insensitive, whitespace collapsed)."""
    return fuzz.ratio(_loose(normalise(a) or ""), _loose(normalise(b) or "")) / 100.0


def _get(record: dict[str, Any], key: str) -> tuple[bool, Any]:
    node: Any = record
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def _number(value: Any) -> str | None:
    n = normalise(value)
    if n is None:
        return None
    return n.lstrip("0") or "0"


def _exact(key: str, pred: Any, gold: Any) -> FieldScore:
    conv = _number if key == "number" else normalise
    p, g = conv(pred), conv(gold)
    if isinstance(p, str) and not p:
        p = None
    return FieldScore("exact", correct=int(p == g), total=1, pred=pred, gold=gold)


def _subject(pred: Any, gold: Any) -> FieldScore:
    if gold is None or pred is None:
        ok = (gold is None) == (pred is None or normalise(pred) == "")
    else:
        ok = similarity(str(pred), str(gold)) >= SIMILARITY
    return FieldScore("exact", correct=int(ok), total=1, pred=pred, gold=gold)


def _item_text(item: Any) -> str:
    if isinstance(item, dict):
        return str(item.get("text") or "")
    return str(item)


def _ref_key(item: Any) -> str:
    ns = item.get("number_symbol") if isinstance(item, dict) else item
    return (normalise(ns) or "").replace(" ", "").casefold()


def match_pairs(
    preds: Sequence[str], golds: Sequence[str], same: Callable[[str, str], float]
) -> list[tuple[int, int]]:
    """A one-to-one matching (greedy by best similarity, threshold ``SIMILARITY``) as
    (prediction index, gold index) pairs."""
    pairs = sorted(
        (
            (s, i, j)
            for i, p in enumerate(preds)
            for j, g in enumerate(golds)
            if (s := same(p, g)) >= SIMILARITY
        ),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched = []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            matched.append((i, j))
    return matched


def match_count(
    preds: Sequence[str], golds: Sequence[str], same: Callable[[str, str], float]
) -> int:
    """Size of the one-to-one matching of ``match_pairs``."""
    return len(match_pairs(preds, golds, same))


def _same_value(key: str, pred: Any, gold: Any) -> bool:
    """An item's assignee (similar text, null only for null) or deadline (equal ISO date)."""
    if key == "deadline" or pred is None or gold is None:
        return normalise(pred) == normalise(gold)
    return similarity(str(pred), str(gold)) >= SIMILARITY


def _item_scores(
    preds: Sequence[Any], golds: Sequence[Any], pairs: Sequence[tuple[int, int]]
) -> dict[str, FieldScore]:
    """Accuracy of each item field over the matched items whose gold is an object with it."""
    out: dict[str, FieldScore] = {}
    for key in ITEM_FIELDS:
        compared = [
            (preds[i].get(key) if isinstance(preds[i], dict) else None, golds[j][key])
            for i, j in pairs
            if isinstance(golds[j], dict) and key in golds[j]
        ]
        if compared:
            out[f"action_items.{key}"] = FieldScore(
                "exact",
                correct=sum(_same_value(key, p, g) for p, g in compared),
                total=len(compared),
                pred=[p for p, _ in compared],
                gold=[g for _, g in compared],
            )
    return out


def _list(key: str, pred: Any, gold: Any) -> dict[str, FieldScore]:
    """The list field's score, plus the item-field scores of matched action items."""
    preds = list(pred or [])
    golds = list(gold or [])
    if key == "references":
        p_keys = [_ref_key(x) for x in preds]
        g_keys = [_ref_key(x) for x in golds]
        pairs = match_pairs(p_keys, g_keys, lambda a, b: float(a == b))
    else:
        p_keys = [_item_text(x) for x in preds]
        g_keys = [_item_text(x) for x in golds]
        pairs = match_pairs(p_keys, g_keys, similarity)
    tp = len(pairs)
    out = {
        key: FieldScore(
            "list", tp=tp, fp=len(preds) - tp, fn=len(golds) - tp, pred=p_keys, gold=g_keys
        )
    }
    if key == "action_items":
        out |= _item_scores(preds, golds, pairs)
    return out


def score_document(pred: dict[str, Any], gold: dict[str, Any]) -> dict[str, FieldScore]:
    """Per-field scores of one predicted record against its gold (gold keys only)."""
    out: dict[str, FieldScore] = {}
    for key in FIELDS:
        present, g = _get(gold, key)
        if not present:
            continue
        _, p = _get(pred, key)
        if key in LIST_FIELDS:
            out |= _list(key, p, g)
        elif key == "subject":
            out[key] = _subject(p, g)
        else:
            out[key] = _exact(key, p, g)
    return out


def aggregate(per_doc: Iterable[dict[str, FieldScore]]) -> dict[str, float]:
    """Exact accuracy (exact fields; item fields over matched items) or micro-F1 (list
    fields) per field."""
    sums: dict[str, list[int]] = {}
    kinds: dict[str, str] = {}
    for doc in per_doc:
        for key, s in doc.items():
            acc = sums.setdefault(key, [0, 0, 0, 0, 0])
            kinds[key] = s.kind
            acc[0] += s.correct
            acc[1] += s.total
            acc[2] += s.tp
            acc[3] += s.fp
            acc[4] += s.fn
    out: dict[str, float] = {}
    order = (*FIELDS, *(f"action_items.{k}" for k in ITEM_FIELDS))
    for key in [k for k in order if k in sums]:
        correct, total, tp, fp, fn = sums[key]
        if kinds[key] == "exact":
            out[key] = correct / total if total else 1.0
        else:
            denom = 2 * tp + fp + fn
            out[key] = 2 * tp / denom if denom else 1.0
    return out
