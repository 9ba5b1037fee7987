"""Ingest: turn an input file into page images or text, or fail with a clear error.

The kind of a file is decided by its leading bytes, not its extension, so a text file named
``.pdf`` is reported as such instead of crashing deep inside Poppler. Images are checked for
size before they are decoded (a decompression-bomb guard) and converted to 8-bit grey or BGR
whatever their mode (CMYK, 16-bit, alpha, 1-bit CCITT, palette).
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageSequence, UnidentifiedImageError

from .errors import (
    CorruptInputError,
    EmptyInputError,
    ImageTooLargeError,
    UnsupportedInputError,
)
from .types import Page, SourceInfo, SourceKind

PDF_DPI = 300
# A0 at 300 dpi is ~140 megapixels; anything larger is not a letter and would exhaust memory.
MAX_PIXELS = 150_000_000
# Below this, a PDF page rendered at PDF_DPI would exceed MAX_PIXELS: render it coarser.
MAX_PDF_PAGE_INCHES2 = MAX_PIXELS / PDF_DPI**2
DEFAULT_DPI = 300
IMAGE_SUFFIXES = frozenset({".tif", ".tiff", ".png", ".jpg", ".jpeg"})
TEXT_SUFFIXES = frozenset({".txt"})
SUPPORTED_SUFFIXES = IMAGE_SUFFIXES | TEXT_SUFFIXES | {".pdf"}

# Leading bytes → kind. Decides what a file *is*, whatever its name says.
_MAGIC: tuple[tuple[bytes, SourceKind, str], ...] = (
    (b"%PDF-", "pdf", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "image", "PNG"),
    (b"\xff\xd8\xff", "image", "JPEG"),
    (b"II*\x00", "image", "TIFF"),
    (b"MM\x00*", "image", "TIFF"),
    (b"II+\x00", "image", "BigTIFF"),
)

Image.MAX_IMAGE_PIXELS = None  # we enforce MAX_PIXELS ourselves, with a clearer message


@dataclass(frozen=True, slots=True)
class Input:
    """An input identified by content: its kind, a human name of the format, its hash.
    ``data`` holds the bytes of an input given in memory (text on stdin); ``path`` is then
    only its display name."""

    path: Path
    kind: SourceKind
    fmt: str
    sha256: str
    data: bytes | None = None

    def read_text(self) -> str:
        """The text of a text input (file or in-memory bytes)."""
        data = self.path.read_bytes() if self.data is None else self.data
        return decode_text(data, self.path)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def from_text(data: bytes, name: str = "-") -> Input:
    """An in-memory text input (stdin): the same path through the stages as a .txt file."""
    return Input(Path(name), "text", "text", hashlib.sha256(data).hexdigest(), data)


def identify(path: Path, sha256: str | None = None) -> Input:
    """Decide what ``path`` holds from its bytes; raise a readable error when unusable.
    ``sha256``: the file's digest when the caller already has it (the file is read once)."""
    if not path.is_file():
        raise UnsupportedInputError(f"{path}: not a file")
    size = path.stat().st_size
    if size == 0:
        raise EmptyInputError(f"{path}: the file is empty (0 bytes)")
    with path.open("rb") as fh:
        head = fh.read(16)
    suffix = path.suffix.lower()
    digest = sha256 or sha256_of(path)
    for magic, kind, fmt in _MAGIC:
        if head.startswith(magic):
            return Input(path, kind, fmt, digest)
    if suffix in TEXT_SUFFIXES:
        return Input(path, "text", "text", digest)
    if suffix in SUPPORTED_SUFFIXES:
        looks = "text" if _looks_like_text(path) else "unknown binary data"
        raise CorruptInputError(
            f"{path}: named {suffix} but its content is {looks}, not a valid {suffix[1:].upper()}"
        )
    raise UnsupportedInputError(
        f"{path}: unsupported file type {suffix or '(no extension)'}; "
        f"expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}"
    )


def _looks_like_text(path: Path) -> bool:
    sample = path.read_bytes()[:4096]
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return b"\x00" not in sample
    return True


def source_info(item: Input, pages: int, dpi: int | None = None) -> SourceInfo:
    return SourceInfo(str(item.path), item.sha256, pages, item.kind, dpi)


# --- PDF ---------------------------------------------------------------------------------


def _pdfinfo(path: Path, *args: str) -> tuple[str, int]:
    """``pdfinfo``'s report and the page count; a readable error when there is none."""
    result = subprocess.run(["pdfinfo", *args, str(path)], capture_output=True, check=False)
    report = result.stdout.decode("utf-8", errors="replace")
    pages = re.search(r"^Pages:\s+(\d+)", report, re.MULTILINE)
    if result.returncode != 0 or pages is None:
        lines = result.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise CorruptInputError(
            f"{path}: unreadable PDF ({lines[-1] if lines else 'no page count'})"
        )
    if int(pages[1]) == 0:
        raise EmptyInputError(f"{path}: the PDF has no pages")
    return report, int(pages[1])


def pdf_page_count(path: Path) -> int:
    return _pdfinfo(path)[1]


@dataclass(frozen=True, slots=True)
class PdfImage:
    """A raster drawn on a PDF page (a row of ``pdfimages -list``)."""

    width: int
    height: int
    ppi: tuple[float, float]

    @property
    def inches2(self) -> float:
        return (self.width / self.ppi[0]) * (self.height / self.ppi[1]) if all(self.ppi) else 0.0


@dataclass(frozen=True, slots=True)
class PdfPage:
    """A PDF page's displayed size and the rasters drawn on it, known before rendering."""

    number: int
    size_in: tuple[float, float]  # width, height in inches as displayed (after /Rotate)
    images: tuple[PdfImage, ...]

    def dpi(self) -> int:
        """PDF_DPI, lowered for huge page sizes so the raster stays under MAX_PIXELS."""
        inches2 = self.size_in[0] * self.size_in[1]
        if inches2 <= MAX_PDF_PAGE_INCHES2:
            return PDF_DPI
        return max(50, int((MAX_PIXELS / inches2) ** 0.5))


def _run(tool: str, path: Path, *args: str) -> str:
    result = subprocess.run([tool, *args, str(path)], capture_output=True, check=False)
    return result.stdout.decode("utf-8", errors="replace") if result.returncode == 0 else ""


def pdf_pages(path: Path) -> list[PdfPage]:
    """Every page's size and rasters from one ``pdfinfo`` and one ``pdfimages -list`` run
    (instead of runs per page); a readable error for an unreadable or empty PDF."""
    report, count = _pdfinfo(path, "-f", "1", "-l", "1000000")  # every page
    sizes: dict[int, tuple[float, float]] = {}
    rotated: set[int] = set()
    for line in report.splitlines():
        m = re.match(r"Page\s+(\d+)\s+(size|rot):\s+([\d.]+)(?:\s+x\s+([\d.]+))?", line)
        if m is None:
            continue
        if m[2] == "size" and m[4]:
            sizes[int(m[1])] = (float(m[3]) / 72, float(m[4]) / 72)
        elif m[2] == "rot" and round(float(m[3])) % 180 == 90:
            rotated.add(int(m[1]))
    images: dict[int, list[PdfImage]] = {}
    for line in _run("pdfimages", path, "-list").splitlines()[2:]:
        cells = line.split()
        if len(cells) < 14 or cells[2] != "image":
            continue
        try:
            page = int(cells[0])
            image = PdfImage(int(cells[3]), int(cells[4]), (float(cells[12]), float(cells[13])))
        except ValueError:
            continue
        images.setdefault(page, []).append(image)
    pages = []
    for number in range(1, count + 1):
        w, h = sizes.get(number, (8.27, 11.69))  # A4 when pdfinfo says nothing
        size = (h, w) if number in rotated else (w, h)
        pages.append(PdfPage(number, size, tuple(images.get(number, ()))))
    return pages


def _render(path: Path, number: int, dpi: int) -> np.ndarray:
    """Page ``number`` drawn by ``pdftoppm`` at ``dpi``, read from its output pipe (the
    pixels pdf2image gives, without its temp files and Pillow round trip)."""
    n = str(number)
    result = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", n, "-l", n, str(path)],
                            capture_output=True, check=False)  # fmt: skip
    head = re.match(rb"P([56])\s+(\d+)\s+(\d+)\s+255\s", result.stdout)
    if result.returncode != 0 or head is None:
        raise CorruptInputError(f"{path}: page {number} cannot be rendered")
    channels = 3 if head[1] == b"6" else 1
    shape = (int(head[3]), int(head[2]), channels)
    pixels = np.frombuffer(result.stdout, np.uint8, count=int(np.prod(shape)), offset=head.end())
    rgb = pixels.reshape(shape)
    return np.ascontiguousarray(rgb[:, :, ::-1] if channels == 3 else rgb[:, :, 0])


def iter_pdf_pages(
    path: Path, pages: list[PdfPage] | None = None, skip: frozenset[int] = frozenset()
) -> Iterator[Page]:
    """Render one page at a time so a long PDF never sits in memory whole (``pages``: its
    ``pdf_pages`` when the caller has them; pages in ``skip``, read from their text layer,
    are not rendered)."""
    for page in pages if pages is not None else pdf_pages(path):
        if page.number in skip:
            continue
        dpi = page.dpi()
        yield Page(index=page.number, image=_render(path, page.number, dpi), dpi=dpi)


# --- images ------------------------------------------------------------------------------


def to_array(img: Image.Image) -> np.ndarray:
    """8-bit grey (H, W) or BGR (H, W, 3) array from any Pillow mode; transparency → white."""
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(img, dtype=np.float64)
        hi = arr.max() or 1.0
        return (arr * (255.0 / hi)).clip(0, 255).astype(np.uint8)
    if img.mode == "F":
        arr = np.asarray(img, dtype=np.float64)
        return (arr * (255.0 / (arr.max() or 1.0))).clip(0, 255).astype(np.uint8)
    if img.mode in ("1", "L"):
        return np.asarray(img.convert("L"), dtype=np.uint8).copy()
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(white, rgba)
    rgb = np.asarray(img.convert("RGB"), dtype=np.uint8)
    return np.ascontiguousarray(rgb[:, :, ::-1])


def _image_dpi(img: Image.Image) -> int:
    dpi = img.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else DEFAULT_DPI
    except (TypeError, ValueError):
        value = DEFAULT_DPI
    # Screen-style metadata (72/96 dpi) on a page-sized raster is common and meaningless.
    return value if 100 <= value <= 1200 else DEFAULT_DPI


def iter_image_pages(path: Path) -> Iterator[Page]:
    """Every frame of an image file (multi-page TIFF included), guarded against huge rasters."""
    try:
        img = Image.open(path)
    except UnidentifiedImageError as exc:
        raise CorruptInputError(f"{path}: not a readable image") from exc
    with img:
        for index, frame in enumerate(ImageSequence.Iterator(img), start=1):
            width, height = frame.size
            if width * height > MAX_PIXELS:
                raise ImageTooLargeError(
                    f"{path}: page {index} is {width}×{height} pixels "
                    f"({width * height / 1e6:.0f} MP), over the {MAX_PIXELS / 1e6:.0f} MP limit"
                )
            try:
                frame.load()
                array = to_array(frame)
            except (OSError, ValueError, SyntaxError) as exc:
                raise CorruptInputError(
                    f"{path}: page {index} cannot be decoded ({_first_line(exc)})"
                ) from exc
            yield Page(index=index, image=array, dpi=_image_dpi(frame))


def image_page_count(path: Path) -> int:
    try:
        with Image.open(path) as img:
            return getattr(img, "n_frames", 1)
    except (UnidentifiedImageError, OSError) as exc:
        raise CorruptInputError(f"{path}: not a readable image") from exc


def iter_pages(
    item: Input, pdf: list[PdfPage] | None = None, skip: frozenset[int] = frozenset()
) -> Iterator[Page]:
    """The pages of a scan as images (a PDF's ``pdf_pages`` may be given), but for the PDF
    pages numbered in ``skip``."""
    if item.kind == "pdf":
        return iter_pdf_pages(item.path, pdf, skip)
    if item.kind == "image":
        return iter_image_pages(item.path)
    raise UnsupportedInputError(f"{item.path}: text input has no pages to render")


def page_count(item: Input) -> int:
    return pdf_page_count(item.path) if item.kind == "pdf" else image_page_count(item.path)


# --- text --------------------------------------------------------------------------------


def decode_text(data: bytes, path: Path) -> str:
    """Text of a text input: UTF-8 (BOM allowed), else Windows-1258 (old Vietnamese
    Windows); line ends made "\n"."""
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # cp1258 leaves a few bytes undefined
        text = data.decode("latin-1")
    if not text.strip():
        raise EmptyInputError(f"{path}: the text file holds no text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
