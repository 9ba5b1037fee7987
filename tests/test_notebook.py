"""The review notebook executes top to bottom in a real kernel (as ``make notebook`` runs it)
on a batch with a scan that has gold, a failure and two letters sharing an identity."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from typer.testing import CliRunner

from congvan.cli import app

ROOT = Path(__file__).parents[1]
NOTEBOOK = ROOT / "notebooks" / "review.ipynb"
FIXTURES = Path(__file__).parent / "fixtures"

# Appended to the notebook: what the test checks, printed as JSON.
REPORT = """
print(json.dumps({
    "status": summary["status"].tolist(),
    "errors": errors["type"].tolist(),
    "queue": {p: r for p, r in zip(queue["path"], queue["reasons"])},
    "gold_docs": len(scored), "number_accuracy": field_accuracy.get("number"),
    "cer_paths": cer_table["path"].tolist(),
}))
"""


def test_review_notebook_executes(tmp_path: Path, monkeypatch) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(FIXTURES / "cong_van.txt", inbox / "cv.txt")
    shutil.copy(FIXTURES / "cong_van.txt", inbox / "cv_again.txt")
    (inbox / "broken.pdf").write_bytes(b"")
    scan = ROOT / "samples" / "01_cong_van_clean.png"  # gold and ground truth beside it
    out = tmp_path / "out"
    monkeypatch.chdir(tmp_path)  # record paths are relative to where process ran
    CliRunner().invoke(app, ["process", "in", str(scan), "-o", str(out)])
    monkeypatch.setenv("CONGVAN_OUT", str(out))
    monkeypatch.setenv("CONGVAN_RUN_DIR", str(tmp_path))

    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")  # committed clean
    assert "parameters" in nb.cells[1].metadata["tags"]
    nb.cells.append(nbformat.v4.new_code_cell(REPORT))
    NotebookClient(
        nb, timeout=300, resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    ).execute()

    report = json.loads(nb.cells[-1].outputs[0]["text"])
    assert report["status"] == ["error", "ok", "ok", "ok"]
    assert report["errors"] == ["empty_input"]
    duplicate = "duplicate identity: 45 SNV-TCBC SỞ NỘI VỤ 2024"
    assert duplicate in report["queue"]["in/cv.txt"]
    assert duplicate in report["queue"]["in/cv_again.txt"]
    assert report["gold_docs"] == 1 and report["number_accuracy"] == 1.0
    assert report["cer_paths"] == [str(scan)]
    figures = [
        o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})
    ]
    assert len(figures) >= 4  # failures, fields, issuers and types, gold
