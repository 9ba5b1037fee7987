"""CLI commands on text input: schema, parse (legacy OCR text), restore (line count), help."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from congvan.cli import app
from congvan.record import json_schema

FIXTURES = Path(__file__).parent / "fixtures"
runner = CliRunner()


def test_schema_is_valid_json_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    required = set(schema["required"])
    assert {"issuer", "number", "symbol", "date", "signer", "cc", "evidence", "quality"} <= required


def test_parse_legacy_ocr_header_finds_number_symbol_place_date() -> None:
    result = runner.invoke(app, ["parse", str(FIXTURES / "legacy_ocr.txt")])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    jsonschema.validate(record, json_schema())
    assert record["number"] == "45"
    assert record["symbol"] == "UBND-VP"
    assert record["date"] == "2024-03-09"
    assert record["place"] == "Nam Định"
    assert record["source"]["kind"] == "text"


def test_parse_reads_stdin() -> None:
    text = (FIXTURES / "cong_van.txt").read_text(encoding="utf-8")
    result = runner.invoke(app, ["parse", "-", "--no-restore"], input=text)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert (record["number"], record["symbol"]) == ("45", "SNV-TCBC")
    signer = {"name": "Trần Văn Bình", "title": "PHÓ GIÁM ĐỐC", "authority": "KT."}
    assert record["signer"] == signer
    assert record["source"]["path"] == "-"


def test_restore_keeps_line_count_and_restores_marks() -> None:
    text = "cong tac xay dung Dang\n\nSố 312/SYT-NVY\ntang cuong lanh dao\n"
    result = runner.invoke(app, ["restore", "-"], input=text)
    assert result.exit_code == 0, result.output
    lines = result.stdout.split("\n")
    assert len(lines) == len(text.split("\n"))
    assert lines[0] == "công tác xây dựng Đảng"
    assert "312/SYT-NVY" in lines[2]


@pytest.mark.parametrize("command", ["ocr", "restore", "parse"])
def test_a_corrupt_scan_is_one_readable_error(tmp_path: Path, command: str) -> None:
    path = tmp_path / "x.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    result = runner.invoke(app, [command, str(path)])
    assert result.exit_code == 1
    assert "x.png: not a readable image" in " ".join(result.stderr.split())


@pytest.mark.parametrize("command", ["process", "ocr", "restore", "parse", "schema", "eval"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    example = result.stdout.split("Example:", 1)[1].splitlines()[0]
    assert f"congvan {command}" in example


def test_usage_error_exits_2() -> None:
    assert runner.invoke(app, ["process"]).exit_code == 2
    assert runner.invoke(app, ["parse", "--tone-style", "weird", "-"], input="x").exit_code == 2


def test_fields_keep_printed_tone_marks_text_gets_the_convention() -> None:
    text = (FIXTURES / "cong_van.txt").read_text(encoding="utf-8")
    text = text.replace("UBND TỈNH NAM ĐỊNH", "UBND TỈNH KHÁNH HOÀ")
    record = json.loads(runner.invoke(app, ["parse", "-"], input=text).stdout)
    assert record["issuer"]["parent"] == "UBND TỈNH KHÁNH HOÀ"
    assert "UBND TỈNH KHÁNH HÒA" in record["text"]
    old = json.loads(runner.invoke(app, ["parse", "-", "--tone-style", "old"], input=text).stdout)
    assert "CỘNG HOÀ" in old["text"]
