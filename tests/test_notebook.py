"""The review notebook runs top to bottom on a real batch output (cells executed in order)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
from typer.testing import CliRunner

from congvan.cli import app

NOTEBOOK = Path(__file__).parents[1] / "notebooks" / "review.ipynb"
FIXTURES = Path(__file__).parent / "fixtures"


def test_review_notebook_runs_on_a_batch(tmp_path: Path, monkeypatch) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(FIXTURES / "cong_van.txt", inbox / "cv.txt")
    (inbox / "broken.pdf").write_bytes(b"")
    out = tmp_path / "out"
    CliRunner().invoke(app, ["process", str(inbox), "-o", str(out), "--no-restore"])
    monkeypatch.setenv("CONGVAN_OUT", str(out))
    monkeypatch.chdir(NOTEBOOK.parent)
    namespace: dict[str, object] = {}
    for cell in nbformat.read(NOTEBOOK, as_version=4).cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, str(NOTEBOOK), "exec"), namespace)
    assert namespace["summary"]["status"].tolist() == ["error", "ok"]
    assert len(namespace["ok"]) == 1
    assert json.loads((out / "cv.json").read_text(encoding="utf-8"))["number"] == "45"
