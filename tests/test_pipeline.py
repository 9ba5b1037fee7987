"""End to end with the real Tesseract on real images: generated samples and real scans."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from PIL import Image, ImageDraw, ImageFont
from typer.testing import CliRunner

from congvan.cli import app
from congvan.errors import NotVietnameseError
from congvan.paths import samples_dir
from congvan.process import process_file
from congvan.record import json_schema

pytestmark = pytest.mark.slow  # Tesseract on whole pages

HEADER_FIELDS = ("number", "symbol", "date", "doc_type")
FONT = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"


def _samples() -> list[Path]:
    golds = sorted(samples_dir().glob("*.gold.json"))
    assert golds, "samples/ holds no gold files"
    return golds


def test_make_run_equivalent_processes_every_sample(tmp_path: Path) -> None:
    """What `make run` does: every sample → a schema-valid record with its header fields."""
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["process", str(samples_dir()), "-o", str(out), "-j", "2"])
    assert result.exit_code == 0, result.output
    schema = json_schema()
    right = total = 0
    for gold_path in _samples():
        stem = gold_path.name.removesuffix(".gold.json")
        record = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
        jsonschema.validate(record, schema)
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        for name in HEADER_FIELDS:
            total += 1
            right += record[name] == gold[name]
    assert right / total >= 0.9, f"header fields right: {right}/{total}"


def test_real_scan_53_tb(shared: Path) -> None:
    """Issue acceptance: a real Quảng Ngãi scan with a handwritten number and red seal."""
    pdf = shared / "scans" / "quangngai" / "53_TB.signed_20250510_124908.pdf"
    record = process_file(pdf).model_dump(mode="json")
    jsonschema.validate(record, json_schema())
    assert record["number"] == "53"
    assert record["symbol"] == "TB-UBND"
    assert record["date"] == "2025-02-07"
    assert record["doc_type"] == "Thông báo"
    assert record["issuer"]["name"] == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
    assert record["signer"]["name"] == "Trần Phước Hiền"
    assert record["evidence"]["number"]["page"] == 1
    assert record["source"] == {
        "path": str(pdf),
        "sha256": record["source"]["sha256"],
        "pages": 2,
        "kind": "pdf",
        "dpi": 300,
    }


def test_english_page_is_reported_as_not_vietnamese(tmp_path: Path) -> None:
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 44)
    sentence = "The quarterly report of the regional office describes the budget and staff."
    for row in range(12):
        draw.text((200, 300 + row * 90), sentence, font=font, fill=0)
    path = tmp_path / "english.png"
    page.save(path, dpi=(300, 300))
    with pytest.raises(NotVietnameseError, match="does not look like Vietnamese"):
        process_file(path)
