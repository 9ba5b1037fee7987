"""Page image cleanup before OCR (OpenCV).

Every step is a pure function with a switch in ``CleanupOptions`` so its effect can be
measured alone (``congvan.ocr_eval.ablation``). Order: orientation and skew are measured
first; colour ink is separated on the colour image after any quarter turn; the skew
rotation and every later step run on one grey image (a third of the work). Steps that
only *measure* the page (orientation, skew, text size, marks, borders) run on a small copy,
so cleanup stays cheap next to Tesseract (target: whole pipeline ≤ 1.10× raw ``tesseract``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import cv2
import numpy as np

from .errors import CorruptInputError, ImageTooLargeError
from .types import Page

# --- tunables, in one place -------------------------------------------------------------
MAX_PIXELS: Final = 200_000_000  # decompression-bomb guard (A4 at 1200 dpi ≈ 140 MP)
ANALYSIS_DPI: Final = 75  # resolution of the small copy used to measure the page
TARGET_DPI: Final = 300  # resolution Tesseract `vie` reads best at
LOW_DPI: Final = 200  # below this (declared or estimated) the page is upsampled: 200 dpi
# pages read better as they are (ablation: archive profile 0.60% CER vs 0.87% upsampled)
# x-height + ascenders of 12–14 pt body text at 300 dpi is ≈ 35–45 px (line blob height)
EXPECTED_LINE_PX_300: Final = 40.0
MIN_LINE_PX_300: Final = 24.0  # estimated line height below this means an under-resolved page
PAGE_SHORT_IN: Final = 8.27  # an A4 page's short side (inches)
MAX_SKEW_DEG: Final = 10.0
INK_BIAS: Final = 0.12  # ink centred this far above the middle: the page is upright
ORIENTATION_PROBE_DEG: Final = 0.5  # angle step when comparing line directions (0° vs 90°)
ORIENTATION_POINTS: Final = 8000  # ink points sampled for that comparison
MIN_ROTATION_DEG: Final = 0.05  # smaller skews are left alone (not worth a resampling)
BIG_MARK_IN: Final = (0.6, 0.45)  # coloured marks at least this wide × tall are removed whole
SEAL_MAX_IN: Final = 3.5  # ... up to this size (a seal over a signature; a tinted page is not)
COLOURED_TEXT_SHARE: Final = 0.5  # more of the dark ink coloured than this: it is the text
PALE_CHROMA: Final = 20  # inside a mark's box, faint colour (faded rims) goes too ...
PALE_MIN_LEVEL: Final = 110  # ... if not dark (black text under a seal is dark)
PAPER_MAX_GAIN: Final = 1.6  # white balance never brightens a channel more than this
COLOUR_CHROMA: Final = 45  # max−min channel difference that marks coloured ink (seals, pens)
# On images smaller than this (short side, px: a web image or a photo, not a 300 dpi scan)
# colour is judged on a 3×3 average: one-pixel fringes around black text are not ink.
FRINGE_MAX_PX: Final = 1500
# Page-1 band (fractions of the height) where blue ink is kept: handwritten Số / day.
HANDWRITING_BAND: Final = (0.06, 0.32)
PEN_BLUE_OVER_RED: Final = 25  # blue or violet felt pen: blue channel this far above red
PEN_MAX_RED: Final = 200  # ... and dark in red (paper and pale tints are not ink)
PEN_MIN_PIXELS: Final = 50  # fewer pen pixels than this in the band: no pen layer
RULE_LEN_IN: Final = 0.4  # a straight run longer than this (inches) is a rule, not a glyph
VRULE_LEN_IN: Final = 0.25  # vertical: taller than any 13–16 pt letter stem (stamp frames)
SPECK_IN: Final = 0.035  # dust/toner dots are at most this big (a 13 pt full stop ≈ 0.03)
SPECK_CLEARANCE_IN: Final = 0.06  # ... and this far from any other ink
GRAPHIC_HEIGHT_IN: Final = 0.45  # 2.5× a 13 pt line; title capitals with marks stay below
SPECK_INK_LEVEL: Final = 170  # grey at or below this is ink when looking for specks (faint dust)
GRAPHIC_INK_LEVEL: Final = 150  # ... when measuring tall shapes (a light seal halo is not one)
# Ruled stamp boxes (inches): at least this wide and tall (two lines of print: a KHẨN box is
# one), at most this wide and tall.
STAMP_BOX_IN: Final = (1.0, 0.45, 4.0, 2.0)
SAUVOLA_WINDOW_IN: Final = 0.2
SAUVOLA_K: Final = 0.2
BLANK_INK_FRACTION: Final = 0.0008  # below this share of text-like ink a page is blank
BLANK_MIN_COMPONENTS: Final = 12
BLANK_INK_LEVEL: Final = 150  # darker than show-through and seal bleed, lighter than faint text
# Phone photos: the page is a bright quadrilateral on a darker background (a desk).
PHOTO_SIDE_PX: Final = 500  # the page outline is looked for on a copy this long
PHOTO_MAX_PAPER: Final = 0.92  # paper filling more of the frame than this: a scan
PHOTO_MIN_PAPER: Final = 0.2  # ... less than this: no page to speak of
PHOTO_MIN_CONTRAST: Final = 40.0  # paper this much brighter (grey levels) than the background
QUAD_FILL: Final = 0.9  # the paper region fills its four-cornered outline at least this much
PERSPECTIVE_MIN_DEG: Final = 2.0  # a corner further from 90° than this: seen at an angle
EDGE_STEP_PX: Final = 4  # a page edge is looked at this far inside and outside (small copy)
EDGE_MIN_CONTRAST: Final = 30.0  # ... where paper and background differ at least this much


@dataclass(frozen=True)
class CleanupOptions:
    """One switch per step. Defaults are the best measured setting (see ocr_eval.ablation)."""

    orientation: bool = True  # 0/90/180/270 by projection + ascender test
    deskew: bool = True  # ±10°, projection-profile search
    remove_colour_ink: bool = True  # seal-shaped red, blue pens outside the Số/day band
    flatten_illumination: bool = True  # divide by estimated background (shadows, yellowing)
    remove_borders: bool = True  # dark scanner borders / edge shadows
    denoise: bool = True  # isolated specks
    binarise: bool = False  # Sauvola: mixed effect in the ablation and ~0.7 s a page
    remove_stamp_boxes: bool = True  # ruled stamps (incoming mail, e-signature) on page 1
    remove_rules: bool = True  # header underlines, table rules
    remove_graphics: bool = True  # signatures, logos: ink shapes taller than any glyph
    upsample_low_dpi: bool = True  # < 200 dpi (declared or estimated from text size) → 300
    rectify_photo: bool = True  # a page photographed at an angle is warped flat


# --- input normalisation -----------------------------------------------------------------
def to_uint8(image: np.ndarray) -> np.ndarray:
    """Any page array (bool/1-bit, 16-bit, float, grey, BGR, BGRA) → uint8 grey or BGR.

    Alpha is composited over white (a transparent background would read as black)."""
    if image.size == 0 or image.ndim not in (2, 3):
        raise CorruptInputError(f"not a page image (shape {image.shape})")
    if image.shape[0] * image.shape[1] > MAX_PIXELS:
        raise ImageTooLargeError(
            f"image of {image.shape[1]}×{image.shape[0]} px is over the "
            f"{MAX_PIXELS // 1_000_000} MP limit"
        )
    img = image
    if img.dtype == np.bool_:
        img = img.astype(np.uint8) * 255
    elif img.dtype == np.uint16:
        img = (img >> 8).astype(np.uint8)
    elif img.dtype != np.uint8:
        f = img.astype(np.float32)
        hi = float(f.max()) if f.size else 1.0
        img = np.clip(f * (255.0 if hi <= 1.0 else 1.0), 0, 255).astype(np.uint8)
    if img.ndim == 3:
        channels = img.shape[2]
        if channels == 1:
            img = img[:, :, 0]
        elif channels == 2:  # grey + alpha
            a = img[:, :, 1].astype(np.float32) / 255.0
            img = (img[:, :, 0] * a + 255.0 * (1.0 - a)).astype(np.uint8)
        elif channels == 4:
            a = img[:, :, 3:4].astype(np.float32) / 255.0
            img = (img[:, :, :3] * a + 255.0 * (1.0 - a)).astype(np.uint8)
        elif channels != 3:
            raise CorruptInputError(f"unsupported channel count {channels}")
    return np.ascontiguousarray(img)


def to_grey(img: np.ndarray) -> np.ndarray:
    return img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)


# --- measuring on a small copy ------------------------------------------------------------
def _small(grey: np.ndarray, dpi: int, target: int = ANALYSIS_DPI) -> tuple[np.ndarray, float]:
    """Downscaled copy and its scale factor (small = full × scale)."""
    scale = min(1.0, target / max(dpi, 1))
    if scale >= 1.0:
        return grey, 1.0
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return small, scale


def _half_res_shapes(
    grey: np.ndarray, dpi: int, level: int
) -> tuple[float, np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """Connected ink shapes (grey at or below ``level``) at half resolution, which is plenty to
    size specks and graphics and four times cheaper: (scale, 0/1 ink, labels, stats,
    centroids), or None on a page without ink."""
    half, scale = _small(grey, dpi, dpi // 2)
    _, ink = cv2.threshold(half, level, 1, cv2.THRESH_BINARY_INV)
    n, labels, stats, centroids = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return None if n <= 1 else (scale, ink, labels, stats, centroids)


def ink_mask(grey: np.ndarray) -> np.ndarray:
    """Binary ink mask (255 = ink) by Otsu, guarded for near-empty pages."""
    t, mask = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    if t > 200 or t < 40:  # Otsu on a blank or all-dark page picks noise
        _, mask = cv2.threshold(grey, 160, 255, cv2.THRESH_BINARY_INV)
    return mask


def text_only(mask: np.ndarray) -> np.ndarray:
    """The mask without shapes bigger than a glyph (page borders, rules, seals, photos),
    which would otherwise dominate the projection profiles used for orientation and skew."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if n <= 1:
        return mask
    h, w = mask.shape
    keep = (stats[:, cv2.CC_STAT_HEIGHT] < 0.03 * h) & (stats[:, cv2.CC_STAT_WIDTH] < 0.1 * w)
    keep[0] = False
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def _profile_score(points: np.ndarray, angle: float) -> float:
    """Sharpness of the row profile of ink ``points`` (x, y) rotated by ``angle``: text lines
    make it peaky. Projecting the points is much cheaper than warping the image."""
    a = np.deg2rad(angle)
    y = points[:, 1] * np.cos(a) - points[:, 0] * np.sin(a)
    rows = np.bincount((y - y.min()).astype(np.intp)).astype(np.float64)
    return float(np.square(np.diff(rows)).sum())


def _points(mask: np.ndarray) -> np.ndarray:
    ys, xs = np.nonzero(mask)
    return np.stack([xs, ys], axis=1).astype(np.float32)


def estimate_skew(mask: np.ndarray) -> float:
    """Skew angle in degrees (positive = counter-clockwise correction), ±MAX_SKEW_DEG.

    Coarse-to-fine search of the row-profile sharpness; it works with a few lines of text
    because it scores every ink pixel rather than fitting detected lines."""
    if cv2.countNonZero(mask) < 50:
        return 0.0
    points = _points(mask)
    best = 0.0
    for step, span in ((1.0, MAX_SKEW_DEG), (0.25, 1.0), (0.05, 0.25)):
        angles = np.arange(best - span, best + span + 1e-9, step)
        scores = [_profile_score(points, float(a)) for a in angles]
        best = float(angles[int(np.argmax(scores))])
    return best


def upright_score(mask: np.ndarray) -> float:
    """Share of text lines that look upright minus those that look upside down (−1…1).

    In each line the x-height band (densest rows) sits nearer the bottom, because ascenders
    and Vietnamese tone marks above outnumber descenders below. Run it on a deskewed mask:
    tilted lines merge into one band and the test loses its meaning."""
    rows = mask.sum(axis=1, dtype=np.float64)
    if rows.max() <= 0:
        return 0.0
    on = rows > 0.05 * rows.max()
    edges = np.flatnonzero(np.diff(np.concatenate(([0], on.astype(np.int8), [0]))))
    bands = [rows[a:b] for a, b in zip(edges[::2], edges[1::2], strict=False) if b - a >= 4]
    if not bands:
        return 0.0
    typical = float(np.median([len(b) for b in bands]))
    votes = []
    for band in bands:
        if not 0.6 * typical <= len(band) <= 1.6 * typical:
            continue  # merged lines, rules, graphics
        dense = np.flatnonzero(band > 0.5 * band.max())
        centre = (dense[0] + dense[-1]) / 2.0
        votes.append(np.sign(centre - (len(band) - 1) / 2.0))
    return float(np.mean(votes)) if votes else 0.0


def estimate_orientation(mask: np.ndarray) -> tuple[int, float]:
    """Clockwise quarter turn (0, 90, 180, 270) that makes the page upright, and the skew
    angle to apply after it. Lines run along the sharper projection (0 vs 90); the ascender
    test on the deskewed mask then tells upright from upside down."""
    if cv2.countNonZero(mask) < 200:
        return 0, 0.0
    rot90 = cv2.rotate(mask, cv2.ROTATE_90_CLOCKWISE)
    # The profile peak of straight lines is under a degree wide: probe every skew it may
    # have, on a sample of the ink (every k-th point) to keep it cheap.
    k = max(1, cv2.countNonZero(mask) // ORIENTATION_POINTS)
    p0, p90 = _points(mask)[::k], _points(rot90)[::k]
    angles = np.arange(-MAX_SKEW_DEG, MAX_SKEW_DEG + 1e-9, ORIENTATION_PROBE_DEG)
    best0 = max(_profile_score(p0, float(a)) for a in angles)
    best90 = max(_profile_score(p90, float(a)) for a in angles)
    base, turn = (mask, 0) if best0 >= best90 else (rot90, 90)
    angle = estimate_skew(base)
    straight = rotate_small_angle(base, angle, fill=0)
    if _ink_bias(straight) or (_ink_bias(straight) is None and upright_score(straight) < 0):
        turn = (turn + 180) % 360
    return turn, angle


def _ink_bias(mask: np.ndarray) -> bool | None:
    """True when the ink sits low on the page (upside down: a letter's text starts at the top
    of each page and a short last page leaves its bottom empty), False when it sits high,
    None when it is spread over the page and says nothing."""
    rows = mask.sum(axis=1, dtype=np.float64)
    if rows.sum() <= 0:
        return None
    centre = float((rows * np.arange(len(rows))).sum() / rows.sum()) / len(rows)
    if centre < 0.5 - INK_BIAS:
        return False
    return True if centre > 0.5 + INK_BIAS else None


_ROTATE = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def rotate_quarter(img: np.ndarray, degrees: int) -> np.ndarray:
    return img if degrees == 0 else cv2.rotate(img, _ROTATE[degrees])


def quarter_turn_matrix(degrees: int, width: int, height: int) -> np.ndarray:
    """Where ``rotate_quarter`` sends a pixel of a ``width`` × ``height`` image (2×3)."""
    w, h = width - 1, height - 1
    return np.array(
        {
            0: [[1, 0, 0], [0, 1, 0]],
            90: [[0, -1, h], [1, 0, 0]],
            180: [[-1, 0, w], [0, -1, h]],
            270: [[0, 1, 0], [-1, 0, w]],
        }[degrees],
        np.float64,
    )


def small_angle_matrix(angle: float, width: int, height: int) -> np.ndarray | None:
    """The 2×3 rotation about the image centre, or None below the angle worth a warp."""
    if abs(angle) < MIN_ROTATION_DEG:
        return None
    return cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)


def rotate_small_angle(img: np.ndarray, angle: float, fill: int = 255) -> np.ndarray:
    """Rotate about the centre, filling with ``fill`` (white paper), keeping the size."""
    h, w = img.shape[:2]
    m = small_angle_matrix(angle, w, h)
    if m is None:
        return img
    border = (fill, fill, fill) if img.ndim == 3 else fill
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=border)


def estimate_line_height(mask_small: np.ndarray, scale: float) -> float | None:
    """Typical height (full-resolution px) of word-like blobs, or None without text.
    The upper quartile: specks, dots and marks pull the median down."""
    k = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 1))
    blobs = cv2.dilate(mask_small, k)
    n, _, stats, _ = cv2.connectedComponentsWithStats(blobs, connectivity=8)
    if n <= 1:
        return None
    h = stats[1:, cv2.CC_STAT_HEIGHT]
    w = stats[1:, cv2.CC_STAT_WIDTH]
    keep = (h >= 3) & (w >= 2 * h) & (h < mask_small.shape[0] * 0.05)
    if keep.sum() < 5:
        return None
    return float(np.percentile(h[keep], 75)) / scale


# --- photos -------------------------------------------------------------------------------
@dataclass(frozen=True)
class PageOutline:
    """What a photo check found: ``photo`` when the page lies on a distinct background;
    ``corners`` (top-left, top-right, bottom-right, bottom-left, full-resolution pixels)
    when that page is a quadrilateral seen at an angle, worth a perspective warp."""

    photo: bool
    corners: np.ndarray | None = None


def find_page_outline(img: np.ndarray) -> PageOutline:
    """Look for a photographed page: a bright region filling between PHOTO_MIN_PAPER and
    PHOTO_MAX_PAPER of the frame on a background PHOTO_MIN_CONTRAST darker. Flatbed scans
    (paper to the edges, thin dark borders) and screenshots are not photos; a page seen
    square-on (a rotated rectangle) is left to deskew. Conservative by design: a scan
    must come out of cleanup unchanged."""
    grey = to_grey(img)
    scale = PHOTO_SIDE_PX / max(grey.shape)
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    _, paper = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    k = max(3, PHOTO_SIDE_PX // 35)
    paper = cv2.morphologyEx(paper, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(paper, connectivity=4)
    if n <= 1:
        return PageOutline(False)
    biggest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    region = labels == biggest
    share = float(region.mean())
    if not PHOTO_MIN_PAPER <= share <= PHOTO_MAX_PAPER:
        return PageOutline(False)
    if float(small[region].mean()) - float(small[~region].mean()) < PHOTO_MIN_CONTRAST:
        return PageOutline(False)
    contours, _ = cv2.findContours(region.astype(np.uint8), cv2.RETR_EXTERNAL,
                                   cv2.CHAIN_APPROX_SIMPLE)
    hull = cv2.convexHull(max(contours, key=cv2.contourArea))
    quad = None
    for eps in (0.01, 0.02, 0.03, 0.04, 0.05):
        approx = cv2.approxPolyDP(hull, eps * cv2.arcLength(hull, True), True)
        if len(approx) == 4:
            quad = approx.reshape(4, 2).astype(np.float64)
            break
    if quad is None or region.sum() < QUAD_FILL * cv2.contourArea(quad.astype(np.float32)):
        return PageOutline(True)  # a photo, but not of one flat page
    quad = _corner_order(quad)
    sharp, soft = _edge_sides(small, quad)
    if sharp < 2:
        return PageOutline(False)  # light falling off across the paper, not a page edge
    if soft:
        return PageOutline(True)  # a page whose outline is hidden (a corner off the picture)
    if max(abs(a - 90.0) for a in _corner_angles(quad)) < PERSPECTIVE_MIN_DEG:
        return PageOutline(False)  # seen square-on: deskew and border removal suffice
    return PageOutline(True, quad / scale)


def _edge_sides(small: np.ndarray, quad: np.ndarray) -> tuple[int, int]:
    """How many sides of ``quad`` inside the frame are a sharp step from paper to
    background (a page edge), and how many are not (a shadow's slow ramp, a line cutting
    off a corner that lies outside the picture)."""
    h, w = small.shape
    centre = quad.mean(axis=0)
    sharp = soft = 0
    for p, q in zip(quad, np.roll(quad, -1, axis=0), strict=True):
        if _frame_side(p, q, w, h):
            continue
        t = np.linspace(0.15, 0.85, 40)[:, None]
        points = p + t * (q - p)
        normal = np.array([q[1] - p[1], p[0] - q[0]]) / max(1e-9, float(np.linalg.norm(q - p)))
        if normal @ (points.mean(axis=0) - centre) < 0:
            normal = -normal  # pointing out of the page
        step = EDGE_STEP_PX * normal
        ins = _sample(small, points - step)
        outs = _sample(small, points + step)
        if float(np.median(ins - outs)) >= EDGE_MIN_CONTRAST:
            sharp += 1
        else:
            soft += 1
    return sharp, soft


def _frame_side(p: np.ndarray, q: np.ndarray, w: int, h: int) -> bool:
    """True when the side from ``p`` to ``q`` runs along one edge of the frame (the page
    goes on beyond the picture there)."""
    near = 2
    return bool(max(p[0], q[0]) <= near or max(p[1], q[1]) <= near
                or min(p[0], q[0]) >= w - 1 - near or min(p[1], q[1]) >= h - 1 - near)


def _sample(img: np.ndarray, points: np.ndarray) -> np.ndarray:
    xs = np.clip(points[:, 0].round().astype(int), 0, img.shape[1] - 1)
    ys = np.clip(points[:, 1].round().astype(int), 0, img.shape[0] - 1)
    return img[ys, xs].astype(np.float64)


def _corner_order(quad: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    s, d = quad.sum(axis=1), quad[:, 0] - quad[:, 1]
    return np.array([quad[np.argmin(s)], quad[np.argmax(d)], quad[np.argmax(s)],
                     quad[np.argmin(d)]])  # fmt: skip


def _corner_angles(quad: np.ndarray) -> list[float]:
    out = []
    for i in range(4):
        a, b = quad[i - 1] - quad[i], quad[(i + 1) % 4] - quad[i]
        cos = float(a @ b / max(1e-9, np.linalg.norm(a) * np.linalg.norm(b)))
        out.append(float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))))
    return out


def perspective_matrix(corners: np.ndarray) -> tuple[np.ndarray, tuple[int, int]]:
    """The 3×3 warp sending the page ``corners`` to an upright rectangle as wide and tall
    as the page's mean edge lengths, and that rectangle's size."""
    tl, tr, br, bl = corners
    w = round(float(np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2)
    h = round(float(np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2)
    target = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
    return cv2.getPerspectiveTransform(corners.astype(np.float32), target), (w, h)


# --- image steps --------------------------------------------------------------------------
def _mark_regions(colour: np.ndarray, dpi: int) -> np.ndarray:
    """Boxes around big coloured marks: seals (round, 35–45 mm), received stamps ("ĐẾN"
    boxes), e-signature boxes, signatures. A red KHẨN / MẬT stamp (one line in a thin box)
    or red printed text is smaller than BIG_MARK_IN in height and is left alone."""
    small, scale = _small(colour, dpi, 50)
    # thin, faded or broken rings must still join into one shape at this scale
    joined = cv2.dilate((small > 20).astype(np.uint8), np.ones((3, 3), np.uint8))
    _n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    out = np.zeros_like(colour)
    least_w, least_h, most = BIG_MARK_IN[0] * 50, BIG_MARK_IN[1] * 50, SEAL_MAX_IN * 50
    for x, y, w, h, _area in stats[1:]:
        if least_w <= w <= most and least_h <= h <= most:
            grow_x, grow_y = 0.1 * w, 0.1 * h
            p0 = (int((x - grow_x) / scale), int((y - grow_y) / scale))
            p1 = (int((x + w + grow_x) / scale), int((y + h + grow_y) / scale))
            cv2.rectangle(out, p0, p1, 255, thickness=-1)
    return out


def _white_balanced(channels: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...]:
    """Channels scaled so the paper is neutral: on yellowed or tinted paper every pixel
    would otherwise look coloured, and the colour mask would eat the edges of the text."""
    out = []
    for c in channels:
        paper = float(np.percentile(c[::8, ::8], 90))
        gain = min(PAPER_MAX_GAIN, 255.0 / max(paper, 1.0))
        out.append(c if gain < 1.02 else cv2.multiply(c, gain))
    return tuple(out)


def remove_colour_ink(
    bgr: np.ndarray, dpi: int, keep_blue_rows: tuple[int, int] | None
) -> np.ndarray:
    """Grey image without seals, stamps, e-signature boxes and blue pen strokes.

    Inside the box of a big coloured mark every coloured or pale-coloured pixel turns
    white (faded seal rims included), while black text under a seal, dark in every channel,
    stays. Small red marks (KHẨN / MẬT stamps, red text) stay as dark text. Blue strokes go
    everywhere except between ``keep_blue_rows``: the number and day are sometimes
    handwritten next to Số and ngày."""
    # thin colour fringes around black text of small images (subpixel rendering, chroma
    # subsampling) alternate in hue and average out; pen and seal ink keeps its colour
    tint = cv2.blur(bgr, (3, 3)) if min(bgr.shape[:2]) < FRINGE_MAX_PX else bgr
    b, g, r = _white_balanced(cv2.split(tint))
    hi = cv2.max(cv2.max(b, g), r)
    chroma = cv2.subtract(hi, cv2.min(cv2.min(b, g), r))
    _, colour = cv2.threshold(chroma, COLOUR_CHROMA, 255, cv2.THRESH_BINARY)
    grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    _, ink = cv2.threshold(grey, 160, 255, cv2.THRESH_BINARY_INV)
    marks = _mark_regions(colour, dpi)
    text = cv2.bitwise_and(ink, cv2.bitwise_not(marks))  # a short last page: seal ink ≫ text
    if cv2.countNonZero(cv2.bitwise_and(colour, text)) > COLOURED_TEXT_SHARE * max(
        1, cv2.countNonZero(text)
    ):
        return grey  # most of the ink is coloured: the text itself is (a blue print, a photo)
    _, pale = cv2.threshold(chroma, PALE_CHROMA, 255, cv2.THRESH_BINARY)
    _, light = cv2.threshold(hi, PALE_MIN_LEVEL, 255, cv2.THRESH_BINARY)
    tinted = cv2.bitwise_or(colour, cv2.bitwise_and(pale, light))
    drop = cv2.bitwise_and(tinted, marks)
    blue = cv2.bitwise_and(colour, cv2.compare(b, r, cv2.CMP_GE))
    if keep_blue_rows is not None:
        blue[keep_blue_rows[0] : keep_blue_rows[1]] = 0
    drop = cv2.bitwise_or(drop, blue)
    # grow the mask a little so anti-aliased rims do not leave a dark halo
    grey[cv2.dilate(drop, np.ones((3, 3), np.uint8)) > 0] = 255
    return grey


def pen_ink(bgr: np.ndarray, rows: tuple[int, int]) -> np.ndarray | None:
    """Blue and violet pen strokes between ``rows`` as dark ink on white (the red channel,
    where a blue pen is darkest), the rest of the page white; None without pen ink. The
    number and day are often written in such a pen over or next to black print: this layer
    shows the writing alone."""
    b, _g, r = cv2.split(bgr[rows[0] : rows[1]])
    pen = (cv2.subtract(b, r) > PEN_BLUE_OVER_RED) & (r < PEN_MAX_RED)
    if int(pen.sum()) < PEN_MIN_PIXELS:
        return None
    out = np.full(bgr.shape[:2], 255, np.uint8)
    out[rows[0] : rows[1]][pen] = r[pen]
    return out


def flatten_illumination(grey: np.ndarray, dpi: int) -> np.ndarray:
    """Divide by a smooth background estimate: removes shadows, yellowing, uneven light."""
    small, _scale = _small(grey, dpi, 50)
    k = max(3, round(0.12 * 50) | 1)  # wider than a stroke, narrower than a margin
    bg = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    bg = cv2.medianBlur(bg, 2 * k + 1)
    bg = cv2.resize(bg, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(grey, cv2.max(bg, 1), scale=255)


def remove_borders(grey: np.ndarray, dpi: int) -> np.ndarray:
    """Whiten large dark regions touching the image edge (scanner lid, page shadow)."""
    small, _ = _small(grey, dpi)
    _, dark = cv2.threshold(small, 100, 255, cv2.THRESH_BINARY_INV)
    _n, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    h, w = small.shape
    x, y, bw, bh, area = (stats[:, i] for i in range(5))
    touches = (x == 0) | (y == 0) | (x + bw >= w) | (y + bh >= h)
    big = (bw > 0.15 * w) | (bh > 0.15 * h)
    solid = area > 0.25 * bw * bh
    border = touches & big & solid
    border[0] = False
    if not border.any():
        return grey
    return _whiten(grey, border[labels])


def _whiten(grey: np.ndarray, selected: np.ndarray) -> np.ndarray:
    """``grey`` with the pixels of ``selected`` (a boolean map found at reduced resolution,
    grown by one pixel) set to paper white."""
    mask = cv2.dilate(np.where(selected, 255, 0).astype(np.uint8), np.ones((3, 3), np.uint8))
    full = cv2.resize(mask, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_NEAREST)
    out = grey.copy()
    out[full > 0] = 255
    return out


def denoise(grey: np.ndarray, dpi: int) -> np.ndarray:
    """Whiten isolated specks (dust, toner dots): speck-sized ink with no other ink nearby.
    A full stop or a tone mark sits next to its letters (even broken, faded ones) and
    stays, and so does a short dash (twice as wide as tall: a list item's "-");
    Tesseract would read a lone speck as punctuation."""
    shapes = _half_res_shapes(grey, dpi, SPECK_INK_LEVEL)
    if shapes is None:
        return grey
    scale, ink, labels, stats, centroids = shapes
    size = SPECK_IN * dpi * scale
    win = int(size + 2 * SPECK_CLEARANCE_IN * dpi * scale) | 1
    around = cv2.boxFilter(ink.astype(np.float32), -1, (win, win), normalize=False)
    cx = np.clip(centroids[:, 0].round().astype(int), 0, ink.shape[1] - 1)
    cy = np.clip(centroids[:, 1].round().astype(int), 0, ink.shape[0] - 1)
    alone = around[cy, cx] - stats[:, cv2.CC_STAT_AREA] < 0.5
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    small = (w <= size) & (h <= size)
    dash = (w >= 3) & (w >= 2 * h)  # a list dash before a faded line is not a speck
    lone = small & alone & ~dash
    lone[0] = False
    if not lone.any():
        return grey
    return _whiten(grey, lone[labels])


def sauvola(grey: np.ndarray, dpi: int) -> np.ndarray:
    """Sauvola threshold (local mean and deviation from box filters): robust to stains."""
    win = max(15, int(SAUVOLA_WINDOW_IN * dpi) | 1)
    f = grey.astype(np.float32)
    mean = cv2.boxFilter(f, -1, (win, win))
    sq = cv2.boxFilter(f * f, -1, (win, win))
    std = cv2.sqrt(cv2.max(sq - mean * mean, 0))
    thresh = mean * (1.0 + SAUVOLA_K * (std / 128.0 - 1.0))
    return np.where(f > thresh, 255, 0).astype(np.uint8)


def remove_rules(grey: np.ndarray, dpi: int) -> np.ndarray:
    """Whiten long straight horizontal/vertical runs (underlines, table rules, stamp frames).

    Only the rule pixels go, so a letter touching an underline keeps its strokes. Runs are
    found at half resolution (a quarter of the work); the mask is scaled back up."""
    half, scale = _small(grey, dpi, dpi // 2)
    _, ink = cv2.threshold(half, 170, 255, cv2.THRESH_BINARY_INV)
    hdpi = dpi * scale
    along = cv2.getStructuringElement(cv2.MORPH_RECT, (max(9, int(RULE_LEN_IN * hdpi)), 1))
    down = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(9, int(VRULE_LEN_IN * hdpi))))
    rules = cv2.bitwise_or(
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, along), cv2.morphologyEx(ink, cv2.MORPH_OPEN, down)
    )
    if not rules.any():
        return grey
    return _whiten(grey, rules > 0)


def remove_stamp_boxes(grey: np.ndarray, dpi: int) -> np.ndarray:
    """Whiten ruled boxes of stamp size in the top half of page 1: incoming-mail stamps
    ("CÔNG VĂN ĐẾN", Số/Ngày/Chuyển), e-signature boxes. In colour their ink goes with the
    seals; on copies and 1-bit scans they are black, and their small print would join the
    header lines. A one-line box (KHẨN, MẬT) is lower than STAMP_BOX_IN[1] and stays; a table
    is wider than STAMP_BOX_IN[2]."""
    half, scale = _small(grey, dpi, dpi // 2)
    top = half[: half.shape[0] // 2]
    _, ink = cv2.threshold(top, 170, 255, cv2.THRESH_BINARY_INV)
    hdpi = dpi * scale
    low, least_h, most_w, most_h = (v * hdpi for v in STAMP_BOX_IN)
    # short runs: a stamp is often a few degrees off, and longer runs would break up
    across = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, int(0.3 * low)), np.uint8))
    down = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((int(0.5 * least_h), 1), np.uint8))
    frames = cv2.dilate(cv2.bitwise_or(across, down), np.ones((3, 3), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(frames, connectivity=8)
    boxes = np.zeros(half.shape, bool)
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        if not (low <= w <= most_w and least_h <= h <= most_h):
            continue
        sides = (down[y : y + h, x : x + max(3, w // 10)].any(),
                 down[y : y + h, x + w - max(3, w // 10) : x + w].any(),
                 across[y : y + max(3, h // 8), x : x + w].any(),
                 across[y + h - max(3, h // 8) : y + h, x : x + w].any())
        if all(sides):  # a closed frame, not a rule or a bracket
            boxes[y : y + h, x : x + w] = True
    if not boxes.any():
        return grey
    return _whiten(grey, boxes)


def remove_graphics(grey: np.ndarray, dpi: int) -> np.ndarray:
    """Whiten ink shapes far taller than a text line (signatures, logos, seal remains).

    A signature stroke that runs through the title line above the signer's name makes
    Tesseract merge both into one garbage line; letters are never this tall."""
    shapes = _half_res_shapes(grey, dpi, GRAPHIC_INK_LEVEL)
    if shapes is None:
        return grey
    scale, _, labels, stats, _ = shapes
    limit = GRAPHIC_HEIGHT_IN * dpi * scale
    h = stats[:, cv2.CC_STAT_HEIGHT]
    w = stats[:, cv2.CC_STAT_WIDTH]
    drop = (h > limit) | ((w > 2 * limit) & (h > limit / 3))
    drop[0] = False
    if not drop.any():
        return grey
    return _whiten(grey, drop[labels])


def upsample(grey: np.ndarray, factor: float) -> np.ndarray:
    return cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)


# --- the pipeline ---------------------------------------------------------------------------
def clean_page(page: Page, options: CleanupOptions = CleanupOptions()) -> Page:
    """Cleaned uint8 grey (or binary) page ready for OCR; same index, ``dpi`` updated if
    resampled, ``geometry`` extended by each turn, rotation and resampling so boxes found
    on it map back to the input page. Geometry (rotation, skew) is fixed first so later
    steps see straight text."""
    img = to_uint8(page.image)
    dpi = page.dpi or TARGET_DPI
    geometry = page.input_geometry()
    warnings: tuple[str, ...] = ()
    if options.rectify_photo:
        outline = find_page_outline(img)
        if outline.corners is not None:
            warp, size = perspective_matrix(outline.corners)
            img = cv2.warpPerspective(img, warp, size, flags=cv2.INTER_CUBIC,
                                      borderMode=cv2.BORDER_REPLICATE)
            geometry = geometry.then(warp)
        elif outline.photo:
            warnings = (f"page {page.index} looks like a photo whose page outline was not "
                        "found; it was read without perspective correction",)
    small, scale = _small(to_grey(img), dpi)
    mask = text_only(ink_mask(small))
    turn, angle = 0, 0.0
    if options.orientation:
        turn, angle = estimate_orientation(mask)
        geometry = geometry.then(quarter_turn_matrix(turn, img.shape[1], img.shape[0]))
        img = rotate_quarter(img, turn)
    elif options.deskew:
        angle = estimate_skew(mask)
    if options.remove_colour_ink and img.ndim == 3:
        h = img.shape[0]
        band = (
            (int(HANDWRITING_BAND[0] * h), int(HANDWRITING_BAND[1] * h))
            if page.index == 1
            else None
        )
        grey = remove_colour_ink(img, dpi, band)
        pen = pen_ink(img, band) if band is not None else None
    else:
        grey, pen = to_grey(img), None
    if options.deskew:  # on the grey image: a third of the work of rotating colour
        turned = small_angle_matrix(angle, grey.shape[1], grey.shape[0])
        if turned is not None:
            geometry = geometry.then(turned)
        grey = rotate_small_angle(grey, angle)
        pen = None if pen is None else rotate_small_angle(pen, angle)
    if options.upsample_low_dpi:
        effective = dpi
        if dpi >= LOW_DPI:  # a declared high resolution may be wrong (web images, photos)
            # finer than the other measurements (small text must show), and by pixel size:
            # a small image claiming a high resolution must not be shrunk further
            scale = min(1.0, 2 * ANALYSIS_DPI * PAGE_SHORT_IN / min(grey.shape))
            small = grey if scale == 1.0 else cv2.resize(
                grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
            line_px = estimate_line_height(ink_mask(small), scale)
            if line_px is not None and line_px < MIN_LINE_PX_300 * dpi / TARGET_DPI:
                # never below what the pixels allow: an image shows at most a page's width,
                # so it has at least its short side / PAGE_SHORT_IN pixels per inch (small
                # or broken glyphs make the line estimate too low)
                floor = int(min(grey.shape) / PAGE_SHORT_IN)
                effective = max(int(dpi * line_px / EXPECTED_LINE_PX_300), floor)
        if effective < LOW_DPI:
            factor = min(4.0, TARGET_DPI / max(effective, 1))
            if (grey.shape[0] * factor) * (grey.shape[1] * factor) <= MAX_PIXELS:
                grey = upsample(grey, factor)
                pen = None if pen is None else upsample(pen, factor)
                geometry = geometry.then(np.array([[factor, 0, 0], [0, factor, 0]]))
                dpi = round(effective * factor)  # the text now has the size it has at TARGET_DPI
    if options.remove_borders:  # before flattening, which would fade the borders into grey
        grey = remove_borders(grey, dpi)
    if options.flatten_illumination:
        grey = flatten_illumination(grey, dpi)
    if options.denoise:
        grey = denoise(grey, dpi)
    if options.remove_stamp_boxes and page.index == 1:
        grey = remove_stamp_boxes(grey, dpi)
    if options.remove_rules:
        grey = remove_rules(grey, dpi)
    if options.remove_graphics:
        grey = remove_graphics(grey, dpi)
    if options.binarise:
        grey = sauvola(grey, dpi)
    return Page(
        index=page.index, image=grey, dpi=dpi, geometry=geometry, pen=pen, warnings=warnings
    )


def is_blank(page: Page) -> bool:
    """True for a page without text: empty, or only faint bleed-through (e.g. a seal seen
    from the back side). Coloured ink is ignored, and only dark, text-sized marks count."""
    img = to_uint8(page.image)
    dpi = page.dpi or TARGET_DPI
    grey = remove_colour_ink(img, dpi, None) if img.ndim == 3 else img
    grey = flatten_illumination(grey, dpi)
    small, _scale = _small(grey, dpi, 100)
    _, ink = cv2.threshold(small, BLANK_INK_LEVEL, 255, cv2.THRESH_BINARY_INV)
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n <= 1:
        return True
    h = stats[1:, cv2.CC_STAT_HEIGHT]
    w = stats[1:, cv2.CC_STAT_WIDTH]
    area = stats[1:, cv2.CC_STAT_AREA]
    text_like = (h >= 3) & (h <= 0.05 * small.shape[0]) & (w <= 0.2 * small.shape[1])
    ink_fraction = area[text_like].sum() / small.size
    return bool(text_like.sum() < BLANK_MIN_COMPONENTS or ink_fraction < BLANK_INK_FRACTION)
