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

from pipeline.types import BBox, Region

LAYOUT_DPI: Final = 75
# A column gap is wider than this many line heights; word gaps are far narrower.
COLUMN_GAP_LINES: Final = 1.0
# Consecutive lines of one header column are at most this many line heights apart.
COLUMN_STEP_LINES: Final = 2.2
# A header column line is centred within this share of the page width of its column's centre.
COLUMN_CENTRE_TOL: Final = 0.13
HEADER_ZONE: Final = 0.45  # the header starts in the top share of the page
FOOTER_SPLIT_RANGE: Final = (0.30, 0.70)  # where the footer's column gap may lie
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
    """A region crop in full-resolution page coordinates."""

    region: Region
    bbox: BBox


def line_blobs(mask: np.ndarray, line_h: float) -> list[Blob]:
    """Text-line pieces: ink joined along the line but not across a column gap."""
    kx = max(3, round(line_h * 0.9))
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
    return float(np.median(h[keep])) if keep.sum() >= 3 else 10.0


def _same_row(a: Blob, b: Blob) -> bool:
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    return overlap > 0.5 * min(a.h, b.h)


def _column(
    blobs: list[Blob], start: Blob, side: str, split: float, step: float, tol: float
) -> list[Blob]:
    """Blobs of one header column, chained downwards from ``start``."""
    col = [start]
    centre = start.cx
    for b in blobs:
        if b.y0 <= start.y0 or b in col:
            continue
        inside = b.x1 <= split if side == "left" else b.x0 >= split
        if b.x0 < split < b.x1:
            if b.y0 > col[-1].y1:
                break  # a line across the gap: the header has ended
            continue
        if not inside:
            continue
        if b.y0 - max(c.y1 for c in col) > step:
            break
        if abs(b.cx - centre) > tol:
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
            step, tol = COLUMN_STEP_LINES * line_h, COLUMN_CENTRE_TOL * width
            lcol = _column(blobs, left, "left", split, step, tol)
            rcol = _column(blobs, right, "right", split, step, tol)
            if len(lcol) + len(rcol) >= 3:
                return lcol, rcol
    return None


def _cut(mask: np.ndarray, b: Blob, split: float) -> tuple[Blob, Blob]:
    """Split a blob that runs across the column gap at the empty ink column nearest ``split``."""
    cols = mask[b.y0 : b.y1, b.x0 : b.x1].any(axis=0)
    empty = np.flatnonzero(~cols) + b.x0
    x = int(empty[np.argmin(np.abs(empty - split))]) if len(empty) else int(split)
    return Blob(b.x0, b.y0, x, b.y1), Blob(x, b.y0, b.x1, b.y1)


def _extend_up(
    mask: np.ndarray, blobs: list[Blob], lcol: list[Blob], rcol: list[Blob], line_h: float
) -> tuple[list[Blob], list[Blob]]:
    """Add header lines above the first two-column row (a top row whose columns nearly
    touch, a parent body above the issuer); small print above (e-signature stamp) is not."""
    split = (max(b.x1 for b in lcol) + min(b.x0 for b in rcol)) / 2.0
    size = float(np.median([b.h for b in lcol + rcol]))
    top = min(b.y0 for b in lcol + rcol)
    for b in sorted((b for b in blobs if b.y1 <= top), key=lambda b: -b.y1):
        if top - b.y1 > COLUMN_STEP_LINES * line_h:
            break
        if b.h < SMALL_PRINT * size:
            continue
        if b.x0 < split < b.x1:
            left, right = _cut(mask, b, split)
            lcol, rcol = [left, *lcol], [right, *rcol]
        elif b.x1 <= split:
            lcol = [b, *lcol]
        else:
            rcol = [b, *rcol]
        top = min(top, b.y0)
    return lcol, rcol


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
    _, mask = cv2.threshold(small, 170, 255, cv2.THRESH_BINARY_INV)
    height, width = mask.shape
    line_h = _typical_height(mask)
    blobs = line_blobs(mask, line_h)
    if not blobs:
        return []
    pad = round(0.4 * line_h)
    found: list[tuple[Region, Blob]] = []
    top = 0
    if header:
        head = _header(blobs, width, height, line_h)
        if head is not None:
            lcol, rcol = head
            lcol, rcol = _extend_up(mask, blobs, lcol, rcol, line_h)
            found += [("header_left", _union(lcol))] if lcol else []
            found += [("header_right", _union(rcol))] if rcol else []
            top = max(b.y1 for b in lcol + rcol) + 1
    rest = [b for b in blobs if b.y0 >= top]
    bottom = height
    foot_zones: list[tuple[Region, Blob]] = []
    if footer and rest:
        foot = _footer(rest, width, line_h)
        if foot is not None:
            left, right = foot
            bottom = min(b.y0 for b in left + right)
            foot_zones += [("footer_left", _union(left))] if left else []
            foot_zones += [("footer_right", _union(right))] if right else []
    body = [b for b in rest if b.y1 <= bottom]
    if body:
        u = _union(body)
        found.append(("body", Blob(u.x0, max(u.y0, top), u.x1, min(u.y1, bottom))))
    found += foot_zones
    inv = 1.0 / scale
    zones = []
    for region, b in found:
        y0 = b.y0 - pad
        y1 = b.y1 + pad
        if region == "body":  # do not reach into the header's or footer's last/first line
            y0, y1 = max(y0, top), min(y1, bottom)
        box = BBox(
            max(0, int((b.x0 - pad) * inv)),
            max(0, int(y0 * inv)),
            min(grey.shape[1], int((b.x1 + pad) * inv)),
            min(grey.shape[0], int(y1 * inv)),
        )
        if box.x1 > box.x0 and box.y1 > box.y0:
            zones.append(Zone(region, box))
    return zones
