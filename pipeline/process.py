"""One document through the stages: read → normalise → restore → parse.

As in spaCy, one ``Document`` goes through an ordered list of named stages, each
``(Document, Options) -> Document``; the CLI commands are slices of that list (``ocr`` stops
after normalise, ``restore`` after restore, ``parse`` and ``process`` run them all). Scans
and text (files or stdin) share it from the first stage on. The page-level stages (ingest,
cleanup, OCR) live in their own modules and run inside ``read``, one page at a time, so a
long PDF never sits in memory whole. This module only wires stages together.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import regex

from . import cleanup, ingest, ocr, signature, textlayer
from .errors import BlankPageError, NotVietnameseError
from .normalize import decode_legacy, fix_ocr_header, normalize_text
from .ocr import OcrOptions
from .parse import parse_lines
from .record import Evidence, Quality, Record, Source
from .types import BBox, Document, Geometry, OcrLine

# A page OCR'd with the Vietnamese model that carries almost no Vietnamese letters is not a
# Vietnamese page (English, a photo, noise). Only judged with enough words to be fair.
_VI_LETTERS = regex.compile(
    r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", regex.IGNORECASE
)
_WORD = regex.compile(r"\p{L}{2,}")
MIN_WORDS_FOR_LANGUAGE_CHECK = 30
MIN_VIETNAMESE_WORD_SHARE = 0.12

ToneStyle = Literal["new", "old"]


@dataclass(frozen=True, slots=True)
class Options:
    """What a user can set (CLI flags, or ``congvan.process_file(path, Options(...))``)."""

    restore: bool = True  # restore diacritics and repair OCR confusions
    tone_style: ToneStyle = "new"  # tone-mark placement of the record's text and CLI output
    ocr: OcrOptions = field(default_factory=OcrOptions)  # engines and reading modes


DEFAULT_OPTIONS = Options()

Stage = Callable[[Document, Options], Document]


# --- read: the first stage, from an input to a Document -------------------------------------


def read(item: ingest.Input, options: Options = DEFAULT_OPTIONS) -> Document:
    """A text input as lines, or a scan cleaned and OCR'd page by page."""
    return _read_text(item) if item.kind == "text" else _read_scan(item, options)


def _read_scan(item: ingest.Input, options: Options) -> Document:
    """Clean and OCR every page of a scan; blank pages are skipped with a warning. PDF pages
    whose text layer can be trusted (born-digital; ``textlayer.LayerPage.distrust``) are read
    from it instead: no rendering, no OCR."""
    pdf = ingest.pdf_pages(item.path) if item.kind == "pdf" else None
    layer = textlayer.trusted_pages(item.path, pdf, ingest.PDF_DPI) if pdf else {}
    lines: list[OcrLine] = []
    warnings: list[str] = []
    geometry = {}
    pages = 0
    dpi = ingest.PDF_DPI if layer else None
    for page in ingest.iter_pages(item, pdf, skip=frozenset(layer)):
        while pages + 1 in layer:  # layer pages before this one, in page order
            pages += 1
            lines.extend(_layer_page(layer[pages], geometry))
        pages += 1
        dpi = dpi or page.dpi
        if cleanup.is_blank(page):
            warnings.append(f"page {page.index} is blank; skipped")
            continue
        cleaned = cleanup.clean_page(page)
        warnings.extend(cleaned.warnings)
        geometry[page.index] = cleaned.input_geometry()
        lines.extend(ocr.ocr_page(cleaned, options=options.ocr))
    while pages + 1 in layer:
        pages += 1
        lines.extend(_layer_page(layer[pages], geometry))
    if not any(line.text.strip() for line in lines):
        raise BlankPageError(
            f"{item.path}: no text found on {pages} page(s): blank or not a document"
        )
    _check_vietnamese(item.path, lines)
    confs = [w.conf for line in lines for w in line.words if w.conf >= 0]
    return Document(
        source=ingest.source_info(item, pages, dpi),
        lines=lines,
        raw_lines=list(lines),
        geometry=geometry,
        ocr_confidence=round(statistics.fmean(confs), 2) if confs else None,
        warnings=warnings,
        signed=signature.signed_on(item.path) if item.kind == "pdf" else None,
    )


def _layer_page(page: textlayer.LayerPage, geometry: dict[int, Geometry]) -> list[OcrLine]:
    """A born-digital page: its text layer in regions; boxes are already in the pixels of
    the page rendered at PDF_DPI (the input page evidence boxes refer to)."""
    geometry[page.number] = Geometry(page.pixels(), page.dpi)
    return textlayer.zoned_lines(page)


def _read_text(item: ingest.Input) -> Document:
    """A text input (already OCR'd or typed; legacy encodings decoded): one OcrLine per
    line, no layout; form feeds separate pages, as ``congvan ocr`` writes them. Newlines at
    the very end are not lines."""
    pages = decode_legacy(item.read_text()).rstrip("\n").split("\f")
    lines = [
        OcrLine(text=text, page=number)
        for number, page in enumerate(pages, start=1)
        for text in page.split("\n")
    ]
    return Document(
        source=ingest.source_info(item, len(pages)), lines=lines, raw_lines=list(lines)
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


# --- the stages after read ------------------------------------------------------------------


def normalise(doc: Document, options: Options = DEFAULT_OPTIONS) -> Document:
    """NFC, whitespace, header OCR fixes. Tone marks stay where they were printed: field
    values are copied as printed ("KHÁNH HOÀ"); the chosen convention is applied to the
    record's ``text`` and the CLI output only (``display_text``)."""
    doc.lines = [
        line.with_text(fix_ocr_header(normalize_text(line.text, "printed"))) for line in doc.lines
    ]
    return doc


def restore(doc: Document, options: Options = DEFAULT_OPTIONS) -> Document:
    """Restore marks and repair OCR confusions, the whole document in one call: the
    restorer uses cross-line context and a per-document estimate of the damage (stripped
    text, Latin-only OCR, or normal marks). Skipped when ``options.restore`` is off."""
    if not options.restore:
        return doc
    from .restore import get_restorer  # loads the models: only when restoring

    texts = [line.text for line in doc.lines]
    restored, doc.restored_tokens = get_restorer().restore_lines(
        texts, [_token_confidences(ln) for ln in doc.lines]
    )
    doc.lines = [line.with_text(t) for line, t in zip(doc.lines, restored, strict=True)]
    return doc


def _token_confidences(line: OcrLine) -> list[float] | None:
    """Per-token OCR confidences of the line's text when its tokens are still the OCR
    words (normalisation may split or merge tokens; then confidences are not used)."""
    if not line.words or len(line.words) != len(line.text.split()):
        return None
    return [w.conf for w in line.words]


def parse(doc: Document, options: Options = DEFAULT_OPTIONS) -> Document:
    """Decree-30 fields with evidence, assembled into the record. Evidence boxes are
    mapped back to the input page."""
    result = parse_lines(doc.lines, doc.raw_lines, doc.signed)
    doc.record = Record(
        source=Source(**_source_fields(doc)),
        **result.fields,
        text=display_text(doc, options),
        evidence={k: _on_input_page(doc, ev) for k, ev in result.evidence.items()},
        quality=Quality(
            ocr_confidence=doc.ocr_confidence,
            restored_tokens=doc.restored_tokens,
            warnings=[*doc.warnings, *result.warnings],
            needs_review=result.needs_review,
        ),
    )
    return doc


def _source_fields(doc: Document) -> dict[str, object]:
    s = doc.source
    return {"path": s.path, "sha256": s.sha256, "pages": s.pages, "kind": s.kind, "dpi": s.dpi}


def _on_input_page(doc: Document, evidence: Evidence) -> Evidence:
    """Evidence with its box in input-page pixels (for PDFs: the page rendered at
    ``source.dpi``, whatever resolution it was read at)."""
    geometry = doc.geometry.get(evidence.page or 0)
    if evidence.bbox is None or geometry is None:
        return evidence
    box = geometry.box_to_input(BBox(*evidence.bbox))
    if doc.source.kind == "pdf" and doc.source.dpi and geometry.input_dpi != doc.source.dpi:
        k = doc.source.dpi / geometry.input_dpi
        box = BBox(round(box.x0 * k), round(box.y0 * k), round(box.x1 * k), round(box.y1 * k))
    return evidence.model_copy(update={"bbox": box.as_list()})


STAGES: dict[str, Stage] = {"normalise": normalise, "restore": restore, "parse": parse}


def run(item: ingest.Input, options: Options = DEFAULT_OPTIONS, until: str = "parse") -> Document:
    """Read ``item`` and run the stages in order up to and including ``until``."""
    if until not in STAGES:
        raise ValueError(f"unknown stage {until!r}; stages: read, {', '.join(STAGES)}")
    doc = read(item, options)
    for name, stage in STAGES.items():
        doc = stage(doc, options)
        if name == until:
            break
    return doc


def display_text(doc: Document, options: Options = DEFAULT_OPTIONS) -> str:
    """The document's full text in the chosen tone-mark convention (pages separated by a
    form feed): the record's ``text`` and what ``congvan ocr``/``restore`` print."""
    return normalize_text(doc.text, tone_style=options.tone_style)


def warm_up(options: Options = DEFAULT_OPTIONS) -> None:
    """Load what every input needs (OCR models, the restorer and its compiled kernel) once:
    a batch worker calls this before its first input, so that the inputs it processes share
    them instead of each loading its own."""
    from .engines import get_digit_reader, get_engine

    get_engine(options.ocr.engine).load()
    get_digit_reader(options.ocr.digits).load()
    if options.restore:
        from .restore import get_restorer

        get_restorer().restore_lines(["cong van"])


def process_file(
    path: Path | str, options: Options = DEFAULT_OPTIONS, *, sha256: str | None = None
) -> Record:
    """Everything, for one input file (``sha256``: its digest when the caller has it)."""
    return _record(run(ingest.identify(Path(path), sha256), options))


def process_text(text: str | bytes, name: str = "-", options: Options = DEFAULT_OPTIONS) -> Record:
    """Everything, for text given in memory (stdin): the same stages as a .txt file; the
    hash is of the bytes."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return _record(run(ingest.from_text(data, name), options))


def _record(doc: Document) -> Record:
    assert doc.record is not None
    return doc.record
