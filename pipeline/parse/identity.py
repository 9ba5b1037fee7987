"""Number and date, the document's identity: filled only when read with confidence.

Decree 30 makes number + symbol + issuer + year unique, so a wrong number or date is worse
than none. On scans the number and the day (sometimes the month) are handwritten into the
printed gaps; ``congvan.handwriting`` re-reads them as digits and leaves a ``Fill`` on the
line (the readings and their confidence). Here:

- the **number** is kept when its fill is confident and says what the line says; a number
  on a scanned line without a fill (a printed one the gap finder missed) needs a sure OCR
  reading;
- the **date** is built from the day and month readings that are possible: a day that
  exists in that month, a date no later than the digital signature (``congvan.signature``:
  documents are signed on their date or later) and no earlier than the documents the body
  cites (a letter cannot cite a later one). Impossible readings are dropped before the
  confidence is judged, so the constraints choose between candidates and refuse readings,
  never invent one;
- a refused value becomes null with a warning, the best reading and its confidence go to
  ``evidence`` (``candidate``), the known month and year to ``date_partial``, and the field
  to ``quality.needs_review``.

Text inputs (no boxes, nothing handwritten to doubt) keep what the rules read.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import regex

from ..types import Fill, FillField, OcrLine
from . import text as tx
from . import vocab
from .layout import Found

ISO = "%Y-%m-%d"


@dataclass(slots=True)
class Refusal:
    """A value read but not trusted: the best reading, its confidence, its lines."""

    candidate: str | None
    confidence: float
    found: Found


@dataclass(slots=True)
class Settled:
    """What the checks decided beyond the field values themselves."""

    confidence: dict[str, float] = field(default_factory=dict)  # of accepted values
    refused: dict[str, Refusal] = field(default_factory=dict)
    date_partial: str | None = None
    warnings: list[str] = field(default_factory=list)
    needs_review: list[str] = field(default_factory=list)


def settle(
    found: dict[str, Found],
    lines: Sequence[OcrLine],
    signed: dt.date | None = None,
) -> Settled:
    """Decide number and date in ``found`` (values refused are set to None in place)."""
    out = Settled()
    _settle_number(found, lines, out)
    _settle_date(found, lines, signed, out)
    return out


def _fills(item: Found, lines: Sequence[OcrLine], kind: FillField) -> Fill | None:
    for ln in item.lines:
        if 0 <= ln.index < len(lines):
            for f in lines[ln.index].fills:
                if f.field == kind:
                    return f
    return None


def _scanned(item: Found, lines: Sequence[OcrLine]) -> bool:
    return any(0 <= ln.index < len(lines) and lines[ln.index].bbox for ln in item.lines)


def _printed_conf(item: Found, lines: Sequence[OcrLine], token: str | None) -> float:
    """OCR confidence of the word holding ``token`` on the item's lines (the line's own
    when no word box holds it; 0 when there is no token)."""
    if not token:
        return 0.0
    confs = []
    for ln in item.lines:
        if 0 <= ln.index < len(lines):
            line = lines[ln.index]
            for w in line.words:
                if token in tx.digits(w.text):
                    return w.conf
            confs.append(line.conf or 0.0)
    return min(confs, default=0.0)


def _min_conf(fill: Fill | None) -> float:
    """How sure a reading must be: a digit reading of a gap, or Tesseract's of print."""
    return vocab.WRITTEN_MIN_CONF if fill is not None else vocab.PRINTED_MIN_CONF


def _refuse(out: Settled, name: str, item: Found, candidate: str | None, conf: float,
            why: str) -> None:
    out.refused[name] = Refusal(candidate, round(conf, 2), item)
    out.warnings.append(why)


# --- number --------------------------------------------------------------------------------


def _settle_number(found: dict[str, Found], lines: Sequence[OcrLine], out: Settled) -> None:
    item = found.get("number")
    if item is None or not _scanned(item, lines):
        if item is None or item.value is None:
            out.needs_review.append("number")
        return
    fill = _fills(item, lines, "number")
    value = item.value if isinstance(item.value, str) else None
    if fill is not None:
        conf = fill.conf if fill.text is not None and _same(fill.text, value) else 0.0
        if value is not None and conf >= _min_conf(fill):
            out.confidence["number"] = conf
            return
        candidate = fill.text or value
    else:
        conf = _printed_conf(item, lines, value) if value else 0.0
        if value is not None and conf >= _min_conf(fill):
            out.confidence["number"] = conf
            return
        candidate = value
    found["number"] = replace(item, value=None)
    out.needs_review.append("number")
    if candidate is not None:
        _refuse(out, "number", item, candidate, conf,
                f"number not read with confidence (best reading {candidate}, "
                f"confidence {conf:.0f}); left empty")


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and tx.strip_zeros(a) == tx.strip_zeros(b)


# --- date ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Parts:
    """The date as the line shows it: day and month as read, year."""

    day: str | None
    month: str | None
    year: int | None


def _parts(item: Found) -> _Parts:
    text = " ".join(ln.text for ln in item.lines)
    m = tx.DATE_WORDS_RE.search(tx.fold(text))
    if m is None:
        return _Parts(None, None, None)
    year = tx.digits(m["y"])
    return _Parts(
        m["d"] and tx.digits(m["d"]),
        m["m"] and tx.digits(m["m"]),
        int(year) if year.isdigit() else None,
    )


def _options(fill: Fill | None, printed: str | None, printed_conf: float
             ) -> list[tuple[int, float]]:
    """(value, confidence) readings of a day or month, best first, one per value."""
    raw = list(fill.readings) if fill is not None else (
        [(printed, printed_conf)] if printed else []
    )
    out: dict[int, float] = {}
    for text, conf in raw:
        if text.isdigit():
            out.setdefault(int(text), conf)
    return list(out.items())


def _pick(options: list[tuple[int, float]], ok: Callable[[int], bool]
          ) -> tuple[int | None, float, int | None]:
    """(value, confidence, best rejected value) among the possible readings: the first
    possible one, less the confidence of the surest other possible one."""
    possible = [(v, c) for v, c in options if ok(v)]
    rejected = next((v for v, _ in options if not ok(v)), None)
    if not possible:
        return None, 0.0, rejected
    value, conf = possible[0]
    rival = max((c for _, c in possible[1:]), default=0.0)
    return value, max(0.0, conf - rival), rejected


def _bounds(found: dict[str, Found], signed: dt.date | None) -> tuple[dt.date, dt.date]:
    """Earliest and latest possible date: the latest cited document's date, the signing."""
    low = dt.date(vocab.MIN_YEAR, 1, 1)
    refs = found.get("references")
    for ref in refs.value if refs is not None and isinstance(refs.value, list) else []:
        date = ref.get("date") if isinstance(ref, dict) else None
        if isinstance(date, str) and regex.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            cited = dt.datetime.strptime(date, ISO).date()
            if signed is None or cited <= signed:
                low = max(low, cited)
    return low, signed or dt.date(vocab.MAX_YEAR, 12, 31)


def _settle_date(found: dict[str, Found], lines: Sequence[OcrLine], signed: dt.date | None,
                 out: Settled) -> None:
    item = found.get("date")
    if item is None or not _scanned(item, lines):
        if item is None or item.value is None:
            out.needs_review.append("date")
        return
    parts = _parts(item)
    year = parts.year
    if year is None or not vocab.MIN_YEAR <= year <= vocab.MAX_YEAR:
        _date_refused(found, item, out, None, 0.0, None, "the year of the date is unreadable")
        return
    low, high = _bounds(found, signed)
    month_fill = _fills(item, lines, "month")
    months = _options(month_fill, parts.month, _printed_conf(item, lines, parts.month))
    month, month_conf, _ = _pick(months, lambda m: _month_possible(year, m, low, high))
    if month is None or month_conf < _min_conf(month_fill):
        best = months[0][0] if months else None
        _date_refused(found, item, out, None, month_conf, f"{year}",
                      f"month of the date not read with confidence (best reading {best}); "
                      "date left empty")
        return
    day_fill = _fills(item, lines, "day")
    days = _options(day_fill, parts.day, _printed_conf(item, lines, parts.day))
    day, day_conf, rejected = _pick(
        days, lambda d: _day_possible(year, month, d, low, high)
    )
    partial = f"{year}-{month:02d}"
    if day is None or day_conf < _min_conf(day_fill):
        if day is None and rejected is not None:
            why = (f"day of the date read as {rejected}: impossible in {partial}, after the "
                   f"signing ({signed}) or before a cited document ({low}); date left empty")
            shown: int | None = rejected
        else:
            shown = day
            why = (f"day of the date not read with confidence (best reading {shown}); "
                   "date left empty")
        _date_refused(found, item, out, _iso(year, month, shown), day_conf, partial, why)
        return
    iso = dt.date(year, month, day).isoformat()
    out.confidence["date"] = min(day_conf, month_conf)
    if iso != item.value:
        found["date"] = replace(item, value=iso, rule=f"{item.rule}.checked")


def _month_possible(year: int, month: int, low: dt.date, high: dt.date) -> bool:
    if not 1 <= month <= 12:
        return False
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1) <= high and dt.date(year, month, last) >= low


def _day_possible(year: int, month: int, day: int, low: dt.date, high: dt.date) -> bool:
    return 1 <= day <= calendar.monthrange(year, month)[1] and (
        low <= dt.date(year, month, day) <= high
    )


def _iso(year: int, month: int, day: int | None) -> str | None:
    try:
        return dt.date(year, month, day).isoformat() if day is not None else None
    except ValueError:
        return None


def _date_refused(found: dict[str, Found], item: Found, out: Settled, candidate: str | None,
                  conf: float, partial: str | None, why: str) -> None:
    found["date"] = replace(item, value=None)
    out.date_partial = partial
    out.needs_review.append("date")
    _refuse(out, "date", item, candidate, conf, why)
