"""When a PDF was digitally signed: an upper bound for the document's date.

Decree 30 puts the issuing body's digital signature at the top right of page 1 (image plus
"Ký bởi", "Cơ quan", "Thời gian ký: 26/01/2025 11:12:09"); the Công báo centre that
publishes the document adds its own stamp ("27.01.2025 07:10:01 +07:00"). In scanned PDFs
these are often a text layer over the image. A document is signed on its date or later
(measured on 21 real scans: the same day or 1–5 days later, never earlier; the Công báo
stamp can be weeks later), so the earliest signing time bounds the date from above. It is
a check, never the date itself.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Final

import regex

from . import textlayer
from .parse.text import fold

# "Thời gian ký: 26/01/2025 …" (folded: "thoi gian ky"), "Ngày ký: …".
_LABELLED: Final = regex.compile(
    r"(?:thoi\s*gian\s*ky|ngay\s*ky)\s*:?\s*(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*"
    r"(?P<y>\d{4})"
)
# A signing stamp's timestamp: "27.01.2025 07:10:01" (the "+07:00" may wrap).
_STAMP: Final = regex.compile(
    r"(?<!\d)(?P<d>\d{2})\.(?P<m>\d{2})\.(?P<y>\d{4})\s+\d{1,2}:\d{2}(?::\d{2})?"
)


def signing_dates(text: str) -> list[dt.date]:
    """Every signing date in a text layer, in order of appearance."""
    folded = fold(text)
    found: list[tuple[int, dt.date]] = []
    for pattern in (_LABELLED, _STAMP):
        for m in pattern.finditer(folded):
            try:
                found.append((m.start(), dt.date(int(m["y"]), int(m["m"]), int(m["d"]))))
            except ValueError:
                continue
    return [d for _, d in sorted(found)]


def signed_on(path: Path) -> dt.date | None:
    """The earliest signing date on page 1 of a PDF's text layer, None when it shows none."""
    dates = signing_dates(textlayer.page_text(path, 1))
    return min(dates) if dates else None
