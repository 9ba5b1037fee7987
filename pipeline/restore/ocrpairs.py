"""Real OCR of known text: typeset lines in a font, degrade the page, read it back through
the OCR engine seam, and align what was printed with what was read.

Used twice: to learn the channel (``build``: corpus training text, several fonts and
degradations) and to measure restoration on real OCR output (``evaluation``: tuning and
held-out letters). A read costs seconds of Tesseract, so reads are cached under
``.cache/restore_ocr/`` by a hash of the text, the style and the engine version.
"""

from __future__ import annotations

import hashlib
import textwrap
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from ..paths import repo_root

FONTS: dict[str, str] = {
    "dejavu-serif": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "dejavu-sans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "liberation-serif": "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "liberation-sans": "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "liberation-mono": "/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf",
}
PAGE_WIDTH = 2400  # pixels, A4 width at ~290 dpi
MARGIN = 60
MAX_PAGE_HEIGHT = 30_000  # pixels; Tesseract refuses images taller than 32,767


@dataclass(frozen=True)
class OcrStyle:
    """How a page is printed, damaged and read: Tesseract language (``eng`` = the old
    Latin-only OCR archives hold, ``vie`` = the pipeline's own), font, size in pixels at
    full resolution, then shrink factor, Gaussian blur radius and noise level."""

    lang: str
    font: str = "dejavu-serif"
    size: int = 34
    scale: float = 1.0
    blur: float = 0.0
    noise: float = 0.0

    @property
    def name(self) -> str:
        parts = [self.lang, self.font, f"{self.size}px"]
        if self.scale != 1.0:
            parts.append(f"x{self.scale:g}")
        if self.blur:
            parts.append(f"blur{self.blur:g}")
        if self.noise:
            parts.append(f"noise{self.noise:g}")
        return " ".join(parts)


def render(lines: Sequence[str], style: OcrStyle, seed: int = 0) -> list[np.ndarray]:
    """The lines typeset (wrapped to the page width) and degraded: grey uint8 pages, cut
    so that none is taller than Tesseract accepts."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    font = ImageFont.truetype(FONTS[style.font], style.size)
    width_chars = int((PAGE_WIDTH - 2 * MARGIN) / font.getlength("n") * 0.95)
    wrapped = [w for ln in lines for w in (textwrap.wrap(ln, width_chars) or [""])]
    lead = round(style.size * 1.75)
    per_page = MAX_PAGE_HEIGHT // lead
    pages = []
    for first in range(0, max(len(wrapped), 1), per_page):
        chunk = wrapped[first:first + per_page]
        img = Image.new("L", (PAGE_WIDTH, lead * len(chunk) + 2 * MARGIN), 255)
        draw = ImageDraw.Draw(img)
        for i, ln in enumerate(chunk):
            draw.text((MARGIN, MARGIN + lead * i), ln, font=font, fill=0)
        if style.scale != 1.0:
            size = (round(img.width * style.scale), round(img.height * style.scale))
            img = img.resize(size, Image.Resampling.BILINEAR)
        if style.blur:
            img = img.filter(ImageFilter.GaussianBlur(style.blur))
        arr = np.asarray(img, dtype=np.float32)
        if style.noise:
            arr = arr + np.random.default_rng(seed).standard_normal(arr.shape) * style.noise
        pages.append(np.clip(arr + 0.5, 0, 255).astype(np.uint8))
    return pages


@cache
def _engine_version() -> str:
    from ..engines import get_engine

    return get_engine("tesseract").version()


def cache_dir() -> Path:
    return repo_root() / ".cache" / "restore_ocr"


def read(lines: Sequence[str], style: OcrStyle, seed: int = 0) -> list[str]:
    """What the OCR engine reads from ``lines`` printed in ``style`` (cached)."""
    from ..engines import get_engine

    key = hashlib.sha1("\x00".join([_engine_version(), repr(style), str(seed), *lines])
                       .encode()).hexdigest()
    path = cache_dir() / f"{key}.txt"
    if path.is_file():
        return path.read_text("utf-8").split("\n")
    engine = get_engine("tesseract")
    text = "\n".join(engine.read_text(page, lang=style.lang, layout="block")
                     for page in render(lines, style, seed))
    out = [unicodedata.normalize("NFC", ln) for ln in text.splitlines() if ln.strip()]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(out), "utf-8")
    tmp.replace(path)
    return out


def aligned_words(reference: Sequence[str], read_lines: Sequence[str],
                  ) -> Iterator[tuple[str, str]]:
    """(printed word, what OCR made of it) for every whitespace token of the reference,
    from a character alignment of the whole page (line breaks count as spaces, so
    re-wrapping does not matter). A printed word read as nothing gives ""; a word read
    split or merged with its neighbour gives the OCR characters aligned to it (spaces
    removed); characters OCR added next to a word belong to it."""
    from rapidfuzz.distance import Levenshtein

    ref = " ".join(" ".join(reference).split())
    hyp = " ".join(" ".join(read_lines).split())
    # for each reference character, the hypothesis span aligned to it
    spans: list[list[int]] = [[] for _ in range(len(ref))]
    inserted: dict[int, list[int]] = {}  # hyp chars inserted before reference position i
    i = j = 0
    for op in Levenshtein.editops(ref, hyp):
        while i < op.src_pos:
            spans[i].append(j)
            i, j = i + 1, j + 1
        if op.tag == "replace":
            spans[i].append(j)
            i, j = i + 1, j + 1
        elif op.tag == "delete":
            i += 1
        else:
            inserted.setdefault(i, []).append(j)
            j += 1
    while i < len(ref):
        spans[i].append(j)
        i, j = i + 1, j + 1
    start = 0
    for word in ref.split(" "):
        end = start + len(word)
        chars: list[int] = []
        for k in range(start, end):
            chars += inserted.get(k, []) + spans[k]
        chars += inserted.get(end, [])  # read after the word's last letter, before the space
        yield word, "".join(hyp[c] for c in chars).replace(" ", "")
        start = end + 1
