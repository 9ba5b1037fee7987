"""Batch runner and `congvan process`: error records, summary, atomic writes, resume."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
from PIL import Image
from typer.testing import CliRunner

from congvan.batch import collect_jobs
from congvan.cli import app
from congvan.record import json_schema

FIXTURES = Path(__file__).parent / "fixtures"
runner = CliRunner()


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    box = tmp_path / "inbox"
    (box / "sub").mkdir(parents=True)
    shutil.copy(FIXTURES / "cong_van.txt", box / "good.txt")
    shutil.copy(FIXTURES / "cong_van.txt", box / "sub" / "again.txt")
    (box / "zero.pdf").write_bytes(b"")
    (box / "fake.pdf").write_text("not a pdf at all\n", encoding="utf-8")
    (box / "truncated.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    Image.new("L", (1240, 1754), 255).save(box / "blank.png", dpi=(150, 150))
    (box / "notes.docx").write_bytes(b"ignored: unsupported suffix")
    return box


def test_bad_inputs_get_error_records_and_the_batch_goes_on(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["process", str(inbox), "-o", str(out), "--no-restore"])
    assert result.exit_code == 1, result.output
    summary = pd.read_csv(out / "summary.csv")
    status = dict(zip(summary["path"].map(lambda p: Path(p).name), summary["status"], strict=True))
    assert status == {
        "blank.png": "error",
        "fake.pdf": "error",
        "good.txt": "ok",
        "truncated.pdf": "error",
        "again.txt": "ok",
        "zero.pdf": "error",
    }
    errors = {
        name: json.loads((out / f"{name}.json").read_text(encoding="utf-8"))["error"]
        for name in ("zero", "fake", "truncated", "blank")
    }
    assert errors["zero"]["type"] == "empty_input"
    assert "content is text" in errors["fake"]["message"]
    assert errors["truncated"]["type"] == "corrupt_input"
    assert errors["blank"]["type"] == "blank_page"
    good = json.loads((out / "good.json").read_text(encoding="utf-8"))
    jsonschema.validate(good, json_schema())
    assert good["number"] == "45"
    assert (out / "sub" / "again.json").exists()
    assert not list(out.rglob("*.tmp"))


def test_rerun_resumes_and_force_redoes(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["process", str(inbox / "good.txt"), "-o", str(out), "--no-restore"]
    assert runner.invoke(app, args).exit_code == 0
    assert pd.read_csv(out / "summary.csv")["status"].tolist() == ["ok"]
    assert runner.invoke(app, args).exit_code == 0
    assert pd.read_csv(out / "summary.csv")["status"].tolist() == ["skipped"]
    (inbox / "good.txt").write_text("Số: 46/SNV\n", encoding="utf-8")  # changed input
    assert runner.invoke(app, args).exit_code == 0
    assert pd.read_csv(out / "summary.csv")["status"].tolist() == ["ok"]
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
    assert pd.read_csv(out / "summary.csv")["status"].tolist() == ["ok"]


def test_same_stem_keeps_extension(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.png").write_bytes(b"x")
    names = sorted(j.output.name for j in collect_jobs([tmp_path], tmp_path / "out"))
    assert names == ["a.png.json", "a.txt.json"]


def test_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["process", str(tmp_path / "nope"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
