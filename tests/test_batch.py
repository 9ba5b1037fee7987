"""Batch runner and `congvan process`: error records, summary, atomic writes, resume."""

from __future__ import annotations

import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import jsonschema
import pandas as pd
import pyarrow.parquet as pq
import pytest
from PIL import Image
from typer.testing import CliRunner

from congvan.batch import collect_jobs
from congvan.cli import app
from congvan.paths import samples_dir
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


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares width × height pixels (and holds none): the size guard must
    refuse it before anything is decoded."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )


def _encrypted_pdf() -> bytes:
    """A one-page PDF behind a user password (Standard handler, RC4 40-bit): readers that
    do not have the password cannot open it."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /P -4 /O <"
        + b"ab" * 32
        + b"> /U <"
        + b"cd" * 32
        + b"> >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1, b"01" * 16, b"01" * 16)  # fmt: skip
    return out + b"startxref\n%d\n%%%%EOF\n" % xref


@pytest.fixture
def hostile_inbox(tmp_path: Path) -> Path:
    """Bad inputs of every kind, odd and Vietnamese names, and real scans between them (so
    that a batch takes long enough to be killed in the middle)."""
    box = tmp_path / "hộp thư"
    (box / "thư mục con").mkdir(parents=True)
    scans = sorted(samples_dir().glob("0[1-3]_*.png"))
    for i, scan in enumerate(scans):
        shutil.copy(scan, box / f"{i}_scan.png")
    shutil.copy(FIXTURES / "cong_van.txt", box / "Công văn số 45 (bản sao).txt")
    shutil.copy(FIXTURES / "cong_van.txt", box / "thư mục con" / "-a b;c'd $x.txt")
    (box / "zero.pdf").write_bytes(b"")
    (box / "text named.pdf").write_text("not a pdf at all\n", encoding="utf-8")
    (box / "truncated.pdf").write_bytes(
        (samples_dir() / "09_cong_van_clean.pdf").read_bytes()[:5000]
    )
    (box / "encrypted.pdf").write_bytes(_encrypted_pdf())
    (box / "huge.png").write_bytes(_png_header(30000, 30000))
    return box


EXPECTED_ERRORS = {
    "zero.json": "empty_input",
    "text named.json": "corrupt_input",
    "truncated.json": "corrupt_input",
    "encrypted.json": "corrupt_input",
    "huge.json": "image_too_large",
}


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def test_kill_mid_batch_and_rerun(hostile_inbox: Path, tmp_path: Path) -> None:
    """kill -9 in the middle of a batch, then rerun: every input ends with exactly one
    complete JSON, no temp file is left, nothing is written outside OUT, the summary and
    both tables list every input once in input order, and finished inputs are not redone."""
    out = tmp_path / "out"
    before = _files(tmp_path)
    cmd = [Path(sys.executable).with_name("congvan"), "process", str(hostile_inbox), "-o", str(out),
           "-j", "1", "--no-restore"]  # fmt: skip
    env = os.environ | {"OMP_THREAD_LIMIT": "1"}
    proc = subprocess.Popen(cmd, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 300
    while not list(out.glob("[0-9]_scan.json")) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the batch and its workers, mid-way
    proc.wait()
    done_first = {p.name for p in out.rglob("*.json")}
    assert done_first and "summary.csv" not in {p.name for p in out.iterdir()}
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, result.stderr  # the bad inputs failed
    assert "failed" in result.stderr.splitlines()[-1]
    jobs = collect_jobs([hostile_inbox], out)
    assert sorted(p.relative_to(out) for p in out.rglob("*.json")) == sorted(
        j.output.relative_to(out) for j in jobs
    )
    assert not list(out.rglob("*.tmp")) and not list(out.rglob(".*"))
    assert _files(tmp_path) - before - _files(hostile_inbox) == _files(out)
    summary = pd.read_csv(out / "summary.csv")
    assert summary["path"].tolist() == [str(j.source) for j in jobs]
    by_output = dict(zip([j.output.name for j in jobs], summary["status"], strict=True))
    assert all(by_output[name] == "error" for name in EXPECTED_ERRORS)
    assert {n for n, s in by_output.items() if s == "skipped"} == done_first - set(EXPECTED_ERRORS)
    lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert records == [json.loads(j.output.read_text(encoding="utf-8")) for j in jobs]
    for job, record in zip(jobs, records, strict=True):
        kind = EXPECTED_ERRORS.get(job.output.name)
        assert (record["error"]["type"] if "error" in record else None) == kind, job.output
    table = pq.read_table(out / "records.parquet").to_pylist()
    assert [r["source_path"] for r in table] == summary["path"].tolist()
    assert [r["error_type"] for r in table] == [EXPECTED_ERRORS.get(j.output.name) for j in jobs]
    good = next(r for r in table if r["source_path"].endswith("(bản sao).txt"))
    assert good["number"] == "45" and good["issuer_name"] and isinstance(good["cc"], list)
    assert (out / "thư mục con" / "-a b;c'd $x.json").exists()


def test_failures_are_kept_unless_retried(tmp_path: Path) -> None:
    src = tmp_path / "bad.pdf"
    src.write_text("not a pdf\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["process", str(src), "-o", str(out), "--no-restore", "-j", "1"]
    assert runner.invoke(app, args).exit_code == 1
    stamp = (out / "bad.json").stat().st_mtime_ns
    assert runner.invoke(app, args).exit_code == 1  # still failed, not redone
    assert (out / "bad.json").stat().st_mtime_ns == stamp
    result = runner.invoke(app, [*args, "--retry-failed"])
    assert result.exit_code == 1 and (out / "bad.json").stat().st_mtime_ns != stamp


def test_a_slow_input_times_out_and_the_batch_goes_on(tmp_path: Path) -> None:
    shutil.copy(samples_dir() / "01_cong_van_clean.png", tmp_path / "scan.png")
    shutil.copy(FIXTURES / "cong_van.txt", tmp_path / "cv.txt")
    out = tmp_path / "out"
    args = ["process", str(tmp_path / "scan.png"), str(tmp_path / "cv.txt"), "-o", str(out),
            "--no-restore", "--time-limit", "0.5"]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    error = json.loads((out / "scan.json").read_text(encoding="utf-8"))["error"]
    assert error["type"] == "timeout"
    assert json.loads((out / "cv.json").read_text(encoding="utf-8"))["number"] == "45"
    assert "2 documents processed" in result.output and "1 failed" in result.output
