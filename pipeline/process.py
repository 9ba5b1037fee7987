"""One document through every stage: ingest → cleanup → OCR → normalise/restore → parse.

This module only wires stages together; each stage lives in its own module. The CLI and the
batch runner call ``process_file`` (or the pieces below, for ``ocr``/``restore``/``parse``).
"""

from __future__ import annotations

import hashlib
import statistics
from dataclasses import asdict, dataclass
from pathlib import Path

import regex

from . import cleanup, ingest, ocr
from .errors import BlankPageError, NotVietnameseError
from .normalize import decode_legacy, fix_ocr_header, normalize_text
from .parse import parse_lines
from .record import Quality, Record, Source
from .restore import get_restorer
from .types import OcrLine, SourceInfo, TextDocument

# A page OCR'd with the Vietnamese model that carries almost no Vietnamese letters is not a
# Vietnamese page (English, a photo, noise). Only judged with enough words to be fair.
_VI_LETTERS = regex.compile(
    r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", regex.IGNORECASE
)
_WORD = regex.compile(r"\p{L}{2,}")
MIN_WORDS_FOR_LANGUAGE_CHECK = 30
MIN_VIETNAMESE_WORD_SHARE = 0.12


@dataclass(frozen=True, slots=True)
class Options:
    """Switches a user can set from the CLI."""

    restore: bool = True
    tone_style: str = "new"


DEFAULT_OPTIONS = Options()


def ocr_document(item: ingest.Input) -> TextDocument:
    """Clean and OCR every page of a scan; blank pages are skipped with a warning."""
    lines: list[OcrLine] = []
    warnings: list[str] = []
    pages = 0
    for page in ingest.iter_pages(item):
        pages += 1
        if cleanup.is_blank(page):
            warnings.append(f"page {page.index} is blank; skipped")
            continue
        lines.extend(ocr.ocr_page(cleanup.clean_page(page)))
    if not any(line.text.strip() for line in lines):
        raise BlankPageError(
            f"{item.path}: no text found on {pages} page(s): blank or not a document"
        )
    _check_vietnamese(item.path, lines)
    confs = [w.conf for line in lines for w in line.words if w.conf >= 0]
    return TextDocument(
        source=ingest.source_info(item, pages),
        lines=lines,
        raw_lines=list(lines),
        ocr_confidence=round(statistics.fmean(confs), 2) if confs else None,
        warnings=warnings,
    )


def text_document(item: ingest.Input) -> TextDocument:
    """A .txt input (already OCR'd or typed): one OcrLine per line, no layout."""
    text = decode_legacy(ingest.read_text(item.path))
    lines = [OcrLine(text=line) for line in text.split("\n")]
    while lines and not lines[-1].text.strip():
        lines.pop()
    return TextDocument(
        source=ingest.source_info(item, pages=text.count("\f") + 1),
        lines=lines,
        raw_lines=list(lines),
    )


def _check_vietnamese(path: Path, lines: list[OcrLine]) -> None:
    words = [w for line in lines for w in _WORD.findall(line.text)]
    if len(words) < MIN_WORDS_FOR_LANGUAGE_CHECK:
        return
    share = sum(1 for w in words if _VI_LETTERS.search(w)) / len(words)
    if share < MIN_VIETNAMESE_WORD_SHARE:
        raise NotVietnameseError(
            f"{path}: the page does not look like Vietnamese text "
            f"({share:.0%} of {len(words)} words carry Vietnamese letters)"
        )


def prepare(doc: TextDocument, options: Options = DEFAULT_OPTIONS) -> TextDocument:
    """Normalise every line (NFC, whitespace, header OCR fixes), then restore marks.

    Tone marks stay where they were printed: field values are copied as printed ("KHÁNH
    HOÀ"); the record's ``text`` gets the chosen convention (``display_text``). Keeps
    ``raw_lines`` as they were so the parser can fall back to them for codes.
    """
    normalised = [fix_ocr_header(normalize_text(line.text, "printed")) for line in doc.lines]
    changed = 0
    if options.restore:
        # One call per document: the restorer uses cross-line context and a per-document
        # estimate of the damage (stripped text, Latin-only OCR, or normal marks).
        normalised, changed = get_restorer().restore_lines(
            normalised,
            [_token_confidences(ln, t) for ln, t in zip(doc.lines, normalised, strict=True)],
        )
    doc.lines = [line.with_text(t) for line, t in zip(doc.lines, normalised, strict=True)]
    doc.restored_tokens = changed
    return doc


def display_text(doc: TextDocument, options: Options = DEFAULT_OPTIONS) -> str:
    """The document's full text in the chosen tone-mark convention (record key ``text``)."""
    return normalize_text(doc.text, tone_style=options.tone_style)


def _token_confidences(line: OcrLine, text: str) -> list[float] | None:
    """Per-token OCR confidences of ``text`` when its tokens are still the line's OCR words
    (normalisation may split or merge tokens; then confidences are not used)."""
    if not line.words or len(line.words) != len(text.split()):
        return None
    return [w.conf for w in line.words]


def build_record(doc: TextDocument, options: Options = DEFAULT_OPTIONS) -> Record:
    """Parse the prepared lines and assemble the JSON record."""
    result = parse_lines(doc.lines, doc.raw_lines)
    return Record(
        source=Source(**asdict(doc.source)),
        **result.fields,
        text=display_text(doc, options),
        evidence=result.evidence,
        quality=Quality(
            ocr_confidence=doc.ocr_confidence,
            restored_tokens=doc.restored_tokens,
            warnings=[*doc.warnings, *result.warnings],
        ),
    )


def load_document(path: Path) -> TextDocument:
    """Ingest + (for scans) cleanup and OCR: the text of a file before normalisation."""
    item = ingest.identify(path)
    return text_document(item) if item.kind == "text" else ocr_document(item)


def process_file(path: Path, options: Options = DEFAULT_OPTIONS) -> Record:
    """Everything, for one input file."""
    return build_record(prepare(load_document(path), options), options)


def record_from_text(text: str, path: str = "-", options: Options = DEFAULT_OPTIONS) -> Record:
    """Parse text given directly (stdin): no file, so the hash is of the text."""
    lines = [OcrLine(text=line) for line in decode_legacy(text).splitlines()]
    doc = TextDocument(
        source=SourceInfo(
            path=path,
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            pages=text.count("\f") + 1,
            kind="text",
        ),
        lines=lines,
        raw_lines=list(lines),
    )
    return build_record(prepare(doc, options), options)

