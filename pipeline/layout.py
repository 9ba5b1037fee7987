"""Page layout before OCR: where the two-column header, the body and the two-column footer are.

Works on line blobs (ink dilated along the line) of a small copy of the cleaned page, so it
costs milliseconds. Decree 30 layout (docs/DECREE30.md): page 1 opens with two columns that
share baselines — issuer/Số/V/v left (ô 2, 3, 5b), motto/place-date right (ô 1, 4); the
signing page ends with two columns — Nơi nhận left (ô 9b), signer right (ô 7). Reading them
across the full width would interleave the columns, so each column becomes its own crop.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Final

import cv2
import numpy as np

from .types import BBox, Region

LAYOUT_DPI: Final = 75
# Ink closer than this many line heights along a line is one blob (words of a line join;
# the gap between header or footer columns is wider).
WORD_JOIN_LINES: Final = 1.5
# ... and when no two-column header shows, once more with a tighter join: an issuer set
# close to the national title (a ministry's long name) leaves a gap narrower than that.
FINE_JOIN_LINES: Final = 0.8
# A column gap is wider than this many line heights; word gaps are far narrower.
COLUMN_GAP_LINES: Final = 1.0
# Consecutive lines of one header column are at most this many line heights apart.
COLUMN_STEP_LINES: Final = 3.5  # the motto's rule leaves a wide gap above the date
# A header column line is centred within this share of the page width of its column's centre.
COLUMN_CENTRE_TOL: Final = 0.09
HEADER_ZONE: Final = 0.45  # the header starts in the top share of the page
FOOTER_SPLIT_RANGE: Final = (0.30, 0.70)  # where the footer's column gap may lie
CUT_REACH: Final = 0.15  # a joined top row is cut within this share of the width of the gap
TALL_LINE: Final = 1.6  # a blob this many header lines tall is not a text line
CUT_GAP_LINES: Final = 0.6  # ... at an empty run at least this wide (wider than word gaps)
MIN_TEXT_SHARE: Final = 0.35  # less of the ink in text lines: a photo, not a page of text
THIN_SHAPE: Final = 25  # ink this many times longer than thick is a rule or crease, not text
SMALL_PRINT: Final = 0.75  # lines above the header smaller than this × its lines are stamp print
FOOTER_GAP_WIDTH: Final = 0.08  # the footer's column gap is at least this share of the width


@dataclass(frozen=True, slots=True)
class Blob:
    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2.0

    @property
    def h(self) -> int:
        return self.y1 - self.y0


@dataclass(frozen=True, slots=True)
class Zone:
    """A region crop in full-resolution page coordinates. The body's box may overlap the
    header or footer (a body line level with a header line); their boxes are its holes."""

    region: Region
    bbox: BBox
    holes: tuple[BBox, ...] = ()  # other zones' boxes, blanked inside this crop


def line_blobs(mask: np.ndarray, line_h: float, join: float = WORD_JOIN_LINES) -> list[Blob]:
    """Text-line pieces: ink closer than ``join`` line heights along the line joined, but
    not across a column gap."""
    kx = max(3, round(line_h * join))
    joined = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (kx, 1)))
    _n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    blobs = []
    for x, y, w, h, _area in stats[1:]:
        if h >= max(2, 0.4 * line_h) and h < 4 * line_h:
            # undo the dilation's horizontal growth
            blobs.append(Blob(int(x + kx // 2), int(y), int(x + w - kx // 2), int(y + h)))
    return sorted(blobs, key=lambda b: (b.y0, b.x0))


def _typical_height(mask: np.ndarray) -> float:
    joined = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 1)))
    _n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    h = stats[1:, cv2.CC_STAT_HEIGHT]
    w = stats[1:, cv2.CC_STAT_WIDTH]
    keep = (h >= 3) & (w >= 2 * h) & (h < mask.shape[0] * 0.05)
    # upper quartile: fragments (single letters, marks) pull the median below a line's height
    return float(np.percentile(h[keep], 75)) if keep.sum() >= 3 else 10.0


def _same_row(a: Blob, b: Blob) -> bool:
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    return overlap > 0.5 * min(a.h, b.h)


def _column(
    blobs: list[Blob], start: Blob, side: str, split: float, limit: float, step: float, tol: float
) -> list[Blob]:
    """Blobs of one header column, chained downwards from ``start``. Left-column lines lie
    left of ``split`` and end before ``limit`` (where the motto starts: the V/v block may be
    wider than the issuer); right-column lines start right of ``split`` and are centred on
    the motto (a title centred on the page is not one of them). Left-column lines may be
    left-aligned (V/v lines under Số), so only a gap or a full-width line ends that column."""
    col = [start]
    centre = start.cx
    for b in blobs:
        if b.y0 <= start.y0 or b in col:
            continue
        if side == "left":
            crossing, inside = b.x0 < split and b.x1 > limit, b.x1 <= limit
        else:
            crossing, inside = b.x0 < split < b.x1, b.x0 >= split
        if crossing:
            if b.y0 > col[-1].y1:
                break  # a line across the gap: the header has ended
            continue
        if not inside:
            continue
        if b.y0 - max(c.y1 for c in col) > step:
            break
        if side == "right" and abs(b.cx - centre) > tol:
            break
        col.append(b)
    return col


def _header(
    blobs: list[Blob], width: int, height: int, line_h: float
) -> tuple[list[Blob], list[Blob]] | None:
    """Left and right header columns, or None when the page has no two-column top."""
    gap = COLUMN_GAP_LINES * line_h
    for a in blobs:
        if a.y0 > HEADER_ZONE * height:
            break
        row = sorted((b for b in blobs if _same_row(a, b)), key=lambda b: b.x0)
        for left, right in itertools.pairwise(row):
            if right.x0 - left.x1 < gap:
                continue
            split = (left.x1 + right.x0) / 2.0
            if not 0.25 * width < split < 0.70 * width:
                continue
            if left.cx > 0.40 * width or right.cx < 0.50 * width:
                continue  # issuer sits left of centre, motto right of it
            limit = right.x0 - 0.3 * line_h
            step, tol = COLUMN_STEP_LINES * line_h, COLUMN_CENTRE_TOL * width
            lcol = _column(blobs, left, "left", split, limit, step, tol)
            rcol = _column(blobs, right, "right", split, limit, step, tol)
            if len(lcol) + len(rcol) >= 3:
                return _fill(blobs, lcol, rcol, split, limit)
    return None


def _fill(
    blobs: list[Blob], lcol: list[Blob], rcol: list[Blob], split: float, limit: float
) -> tuple[list[Blob], list[Blob]]:
    """Give every blob level with the header and on one side of the gap to that column, so
    that no header line (a date below a wide gap, a stamp under Số) falls between zones."""
    top = min(b.y0 for b in lcol + rcol)
    bottom = max(b.y1 for b in lcol + rcol)
    taken = set(lcol + rcol)
    for b in blobs:
        if b in taken or not top <= (b.y0 + b.y1) / 2 <= bottom:
            continue
        if b.x1 <= limit and b.x0 < split:
            lcol.append(b)
        elif b.x0 >= split:
            rcol.append(b)
    return lcol, rcol


def _cut(
    mask: np.ndarray, b: Blob, split: float, reach: float, least: float
) -> tuple[Blob, Blob] | None:
    """Split a blob that runs across the column gap at its widest run of empty ink columns
    within ``reach`` of ``split``; None when no run is ``least`` wide (one centred line,
    e.g. a motto over the full width, is not two columns)."""
    cols = np.concatenate(([True], mask[b.y0 : b.y1, b.x0 : b.x1].any(axis=0), [True]))
    edges = np.flatnonzero(np.diff(cols.astype(np.int8)))
    best, x = 0, int(split)
    for a, e in zip(edges[::2], edges[1::2], strict=False):  # empty runs [a, e)
        centre = b.x0 + (a + e) / 2.0
        if abs(centre - split) <= reach and e - a > best:
            best, x = e - a, int(centre)
    if best < least:
        return None
    return Blob(b.x0, b.y0, x, b.y1), Blob(x, b.y0, b.x1, b.y1)


def _extend_up(
    mask: np.ndarray, blobs: list[Blob], lcol: list[Blob], rcol: list[Blob], line_h: float
) -> tuple[list[Blob], list[Blob], list[Blob]]:
    """Add header lines above the first two-column row (a top row whose columns nearly
    touch, a parent body above the issuer); small print and anything above the motto on
    the right (the e-signature box) is not."""
    split = (max(b.x1 for b in lcol) + min(b.x0 for b in rcol)) / 2.0
    size = float(np.median([b.h for b in lcol + rcol]))
    top = min(b.y0 for b in lcol + rcol)
    used: list[Blob] = []
    for b in sorted((b for b in blobs if b.y1 <= top), key=lambda b: -b.y1):
        if top - b.y1 > COLUMN_STEP_LINES * line_h or b.h > TALL_LINE * size:
            break  # far above, or not a text line (a page border, a logo)
        if b.h < SMALL_PRINT * size:
            continue
        if b.x0 < split < b.x1:
            parts = _cut(mask, b, split, CUT_REACH * mask.shape[1], CUT_GAP_LINES * line_h)
            if parts is None:
                break
            lcol, rcol = [parts[0], *lcol], [parts[1], *rcol]
        elif b.x1 <= split:
            lcol = [b, *lcol]
        else:
            continue  # the motto is the right column's first line: above it is stamp print
        used.append(b)
        top = min(top, b.y0)
    return lcol, rcol, used


def _footer(blobs: list[Blob], width: int, line_h: float) -> tuple[list[Blob], list[Blob]] | None:
    """Bottom run of blobs leaving a vertical corridor: Nơi nhận left, signer right."""
    lo, hi = FOOTER_SPLIT_RANGE[0] * width, FOOTER_SPLIT_RANGE[1] * width
    need = max(COLUMN_GAP_LINES * line_h, FOOTER_GAP_WIDTH * width)
    taken: list[Blob] = []
    free = np.ones(int(hi - lo) + 1, dtype=bool)
    for b in sorted(blobs, key=lambda b: -b.y1):
        trial = free.copy()
        a0, a1 = int(max(lo, b.x0) - lo), int(min(hi, b.x1) - lo)
        if a1 >= a0:
            trial[a0 : a1 + 1] = False
        if _longest_run(trial) < need:
            break
        free = trial
        taken.append(b)
    if len(taken) < 2:
        return None
    runs = _runs(free)
    start, end = max(runs, key=lambda r: r[1] - r[0])
    split = lo + (start + end) / 2.0
    left = [b for b in taken if b.cx < split]
    right = [b for b in taken if b.cx >= split]
    if not right or (not left and len(right) < 2):
        return None
    return left, right


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    runs, start = [], None
    for i, f in enumerate(flags):
        if f and start is None:
            start = i
        elif not f and start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(flags)))
    return runs or [(0, 0)]


def _longest_run(flags: np.ndarray) -> int:
    return max(e - s for s, e in _runs(flags))


def _text_share(mask: np.ndarray, blobs: list[Blob]) -> float:
    """Share of the ink that lies in text-line blobs: ≈ 0.9–1 on a letter, low on a photo.
    Ink along the page edges (scanner borders) and long thin shapes (fold creases, rules)
    is neither, and is not counted: on a short last page it would outweigh the text."""
    _n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    x, y, w, h, area = (stats[:, i] for i in range(5))
    height, width = mask.shape
    edge = (x == 0) | (y == 0) | (x + w >= width) | (y + h >= height)
    thin = np.maximum(w, h) > THIN_SHAPE * np.maximum(1, np.minimum(w, h))
    counted = ~(edge | thin)
    counted[0] = False
    total = int(area[counted].sum())
    keep = np.where(counted[labels], mask, 0)
    inside = sum(cv2.countNonZero(keep[b.y0 : b.y1, b.x0 : b.x1]) for b in blobs)
    return inside / max(1, total)


def _union(blobs: list[Blob]) -> Blob:
    return Blob(
        min(b.x0 for b in blobs),
        min(b.y0 for b in blobs),
        max(b.x1 for b in blobs),
        max(b.y1 for b in blobs),
    )


def find_zones(grey: np.ndarray, dpi: int, *, header: bool, footer: bool) -> list[Zone]:
    """Regions of a cleaned page in reading order, in full-resolution coordinates:
    header_left, header_right, body, footer_left, footer_right (absent ones are skipped)."""
    scale = min(1.0, LAYOUT_DPI / max(dpi, 1))
    small = (
        cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        if scale < 1
        else grey
    )
    # Otsu, kept within bounds: thin strokes of an upsampled photo turn light grey once
    # shrunk to LAYOUT_DPI, while a blank-ish page would make Otsu pick paper noise
    otsu, _ = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    _, mask = cv2.threshold(small, min(215, max(150, otsu)), 255, cv2.THRESH_BINARY_INV)
    height, width = mask.shape
    line_h = _typical_height(mask)
    blobs = line_blobs(mask, line_h)
    if not blobs or _text_share(mask, blobs) < MIN_TEXT_SHARE:
        return []  # blank, or a photo / drawing without lines of text
    pad = round(0.4 * line_h)
    inv = 1.0 / scale

    def box(b: Blob) -> BBox:  # padded, in full-resolution coordinates
        return BBox(
            max(0, int((b.x0 - pad) * inv)),
            max(0, int((b.y0 - pad) * inv)),
            min(grey.shape[1], int((b.x1 + pad) * inv)),
            min(grey.shape[0], int((b.y1 + pad) * inv)),
        )

    heads: list[Zone] = []
    rest = blobs
    if header:
        head = _header(blobs, width, height, line_h)
        if head is None:
            fine = line_blobs(mask, line_h, FINE_JOIN_LINES)
            head = _header(fine, width, height, line_h)
            if head is not None:
                blobs = rest = fine
        if head is not None:
            lcol, rcol, used = _extend_up(mask, blobs, *head, line_h)
            heads = [
                Zone(r, box(_union(c)))
                for r, c in (("header_left", lcol), ("header_right", rcol))
                if c
            ]
            taken = set(lcol + rcol + used)
            # above the header is stamp print (e-signature box), not part of the letter
            head_top = min(b.y0 for b in lcol + rcol)
            rest = [b for b in blobs if b not in taken and b.y0 >= head_top]
    feet: list[Zone] = []
    if footer and rest:
        foot = _footer(rest, width, line_h)
        if foot is not None:
            feet = [
                Zone(r, box(_union(c)))
                for r, c in zip(("footer_left", "footer_right"), foot, strict=True)
                if c
            ]
            taken = set(foot[0] + foot[1])
            rest = [b for b in rest if b not in taken]
    body = [Zone("body", box(_union(rest)), tuple(z.bbox for z in heads + feet))] if rest else []
    return [z for z in heads + body + feet if z.bbox.x1 > z.bbox.x0 and z.bbox.y1 > z.bbox.y0]
