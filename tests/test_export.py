"""``congvan export``: a fixed batch folder gives the checked-in archive CSV byte for byte;
JSON Lines and Parquet hold the same records in the same order."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
from typer.testing import CliRunner

from congvan.cli import app
from congvan.export import COLUMNS, load_records

FIXTURE = Path(__file__).parent / "fixtures" / "export"
BATCH = FIXTURE / "batch"
PATHS = ["inbox/2020/so_noi_vu_19.jpg", "inbox/broken.pdf", "inbox/cong_van.txt"]


def _export(tmp_path: Path, fmt: str) -> Path:
    target = tmp_path / f"records.{fmt}"
    result = CliRunner().invoke(app, ["export", str(BATCH), "--format", fmt, "-o", str(target)])
    assert result.exit_code == 0, result.output
    return target


def test_archive_csv_equals_the_expected_file(tmp_path: Path) -> None:
    assert _export(tmp_path, "archive-csv").read_bytes() == (FIXTURE / "expected.csv").read_bytes()


def test_values_over_a_limit_are_flagged_not_cut(tmp_path: Path) -> None:
    text = _export(tmp_path, "archive-csv").read_text(encoding="utf-8-sig")
    rows = {r["path"]: r for r in csv.DictReader(text.splitlines())}
    scan = rows["inbox/2020/so_noi_vu_19.jpg"]
    record = json.loads((BATCH / "sub" / "scan.json").read_text(encoding="utf-8"))
    assert scan["subject"] == record["subject"] and len(scan["subject"]) > 500
    assert scan["flags"] == "code_number: 12 > 11 characters; subject: 647 > 500 characters"
    assert rows["inbox/broken.pdf"]["status"] == "error"
    assert rows["inbox/cong_van.txt"]["flags"] == ""
    limits = {c.name: c.limit for c in COLUMNS if c.limit}
    assert limits == {"organ_name": 200, "code_number": 11, "code_notation": 30, "subject": 500,
                      "signer_position": 100, "signer_full_name": 50}  # fmt: skip


def test_jsonl_and_parquet_hold_the_records_sorted_by_path(tmp_path: Path) -> None:
    lines = _export(tmp_path, "jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == load_records(BATCH)
    assert [json.loads(line)["source"]["path"] for line in lines] == PATHS
    table = pq.read_table(_export(tmp_path, "parquet")).to_pylist()
    assert [row["source_path"] for row in table] == PATHS
    assert [row["status"] for row in table] == ["ok", "error", "ok"]


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", str(BATCH), "--format", "xml", "-o", "x"])
    assert result.exit_code == 2
