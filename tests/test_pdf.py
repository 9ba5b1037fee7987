"""Searchable PDFs (``process --pdf``): same pages as the input, the record's restored text
extractable from the invisible layer (poppler's pdftotext), blank pages kept without text."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pikepdf
from PIL import Image

from congvan import ingest
from congvan.batch import collect_jobs, run_batch
from congvan.pdf import searchable_pdf, text_layer_coverage
from congvan.textlayer import page_text
from congvan.types import BBox, Document, Geometry, OcrLine, OcrWord

SAMPLES = Path(__file__).parents[1] / "samples"


def _process(inputs: list[Path], out: Path) -> list[dict]:
    jobs = collect_jobs(inputs, out)
    run_batch(jobs, out, pdf=True)
    return [json.loads(job.output.read_text(encoding="utf-8")) for job in jobs]


def test_sample_scan_with_a_blank_page(tmp_path: Path) -> None:
    page = Image.open(SAMPLES / "01_cong_van_clean.png").convert("L")
    blank = Image.new("L", page.size, 255)
    scan = tmp_path / "in" / "letter.tif"
    scan.parent.mkdir()
    page.save(scan, save_all=True, append_images=[blank], dpi=(300, 300))
    out = tmp_path / "out"
    (record,) = _process([scan], out)
    pdf = out / "letter.pdf"
    with pikepdf.open(pdf) as doc:
        assert len(doc.pages) == record["source"]["pages"] == 2
        width_pt = float(doc.pages[0].MediaBox[2])
        assert abs(width_pt - page.width / 300 * 72) < 0.01  # input pixels at the input dpi
        assert str(doc.open_metadata()["pdfaid:part"]) == "2"
    assert "page 2 is blank; skipped" in record["quality"]["warnings"]
    assert text_layer_coverage(record["text"], pdf) >= 0.9
    assert page_text(pdf, 2).strip() == ""

    # A rerun keeps finished inputs; one whose PDF went missing is redone.
    assert run_batch(collect_jobs([scan], out), out, pdf=True)["status"].tolist() == ["skipped"]
    pdf.unlink()
    assert run_batch(collect_jobs([scan], out), out, pdf=True)["status"].tolist() == ["ok"]
    assert pdf.exists()


def test_real_scan(shared: Path, tmp_path: Path) -> None:
    scan = shared / "scans" / "dhdl" / "dl_2025_0003.jpg"  # one page, dev split
    (record,) = _process([scan], tmp_path)
    pdf = tmp_path / "dl_2025_0003.pdf"
    with pikepdf.open(pdf) as doc:
        assert len(doc.pages) == record["source"]["pages"] == 1
    assert len(record["text"].split()) > 100
    assert text_layer_coverage(record["text"], pdf) >= 0.9


def test_layer_is_the_restored_text_in_the_page_direction(tmp_path: Path) -> None:
    """Restored tokens, not OCR words, even when restoration changed the token count; a
    page the cleanup turned a quarter keeps its words whole."""
    image = tmp_path / "page.png"
    Image.fromarray(np.full((1000, 800), 255, np.uint8)).save(image, dpi=(200, 200))
    words = (OcrWord("cong", BBox(100, 100, 200, 140), 90.0),
             OcrWord("vanban", BBox(220, 100, 400, 140), 80.0))  # fmt: skip
    line = OcrLine("công văn bản", 1, "body", BBox(100, 100, 400, 140), 85.0, words)
    # Cleaned page = the input turned 90° clockwise: cleaned (x, y) is input (y, 999 - x).
    turned = Geometry((800, 1000), 200, ((0.0, 1.0, 0.0), (-1.0, 0.0, 999.0), (0.0, 0.0, 1.0)))
    item = ingest.identify(image)
    doc = Document(source=ingest.source_info(item, 1, 200), lines=[line], geometry={1: turned})
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(searchable_pdf(item, doc))
    assert page_text(pdf, 1).split() == ["công", "văn", "bản"]
