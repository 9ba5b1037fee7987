"""PDF text layers: born-digital pages are read from their layer, junk OCR layers and
signature boxes are not trusted, and a trusted layer gives the regions OCR would."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from congvan import ingest, textlayer
from congvan.process import process_file

BORN_DIGITAL = "quangngai/05.signed_20250517_044750.pdf"
JUNK_LAYER = ("dhdl/dl_2025_0006.pdf", "dhdl/dl_2025_0007.pdf")
SIGNATURE_ONLY = "quangngai/46_TB.signed_20250510_123557.pdf"


def _layer(shared: Path, name: str) -> list[textlayer.LayerPage]:
    path = shared / "scans" / name
    return textlayer.read_layer(path, ingest.pdf_pages(path), ingest.PDF_DPI)


def test_born_digital_pages_are_trusted_and_zoned(shared: Path) -> None:
    pages = _layer(shared, BORN_DIGITAL)
    assert len(pages) == 2 and all(p.distrust() is None for p in pages)
    lines = textlayer.zoned_lines(pages[0])
    regions = {ln.region for ln in lines}
    assert {"header_left", "header_right", "body"} <= regions
    left = [ln.text for ln in lines if ln.region == "header_left"]
    assert left[:3] == ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Số: 11 /TB-UBND"]
    right = [ln.text for ln in lines if ln.region == "header_right"]
    assert right[0].startswith("CỘNG HÒA")  # the signature box above it is left out
    assert not any("TRUNG TÂM CÔNG BÁO" in ln.text for ln in lines)


def test_born_digital_record_comes_from_the_layer(shared: Path) -> None:
    record = process_file(shared / "scans" / BORN_DIGITAL)
    assert (record.number, record.symbol, record.date) == ("11", "TB-UBND", "2025-01-08")
    assert record.quality.ocr_confidence == textlayer.LAYER_CONF  # no word was OCR'd
    width, height = _layer(shared, BORN_DIGITAL)[0].pixels()
    box = record.evidence["number"].bbox
    assert box is not None and 0 <= box[0] < box[2] <= width and 0 <= box[1] < box[3] <= height


@pytest.mark.parametrize("name", JUNK_LAYER)
def test_junk_ocr_layers_are_not_trusted(shared: Path, name: str) -> None:
    pages = _layer(shared, name)
    assert pages and all(p.distrust() is not None for p in pages)
    # even without the scan image underneath, the words alone give the layer away
    for page in pages:
        reason = replace(page, image_share=0.0).distrust()
        assert reason is not None and reason.startswith("not Vietnamese text")


def test_a_signature_box_layer_is_not_born_digital(shared: Path) -> None:
    pages = _layer(shared, SIGNATURE_ONLY)
    assert pages and all(p.distrust() is not None for p in pages)
    page1 = replace(pages[0], image_share=0.0)
    reason = page1.distrust()
    assert reason is not None and reason.endswith("words")
