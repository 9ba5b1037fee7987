"""The package as other systems get it: a built wheel installed into a fresh environment.

The wheel must hold every subpackage and the trained models, and ``congvan`` must work
from any folder, without the checkout. The dependencies are borrowed from this test run's
environment (a path entry, not an install) so the test costs seconds, not a download.
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from congvan.paths import repo_root, samples_dir

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the congvan wheel installed; returns its bin folder."""
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), repo_root()],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("congvan-*.whl")
    env_dir = root / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    subprocess.run(
        [bin_dir / "python", "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    # Borrow the dependencies: a plain path entry (no .pth processing, so this environment's
    # editable congvan is not visible there).
    (purelib,) = (env_dir / "lib").glob("python3*/site-packages")
    (purelib / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    return bin_dir


def _run(bin_dir: Path, *args: str, cwd: Path, stdin: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CONGVAN_MODELS")}
    result = subprocess.run(
        [str(bin_dir / "congvan"), *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=env | {"OMP_THREAD_LIMIT": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_wheel_holds_every_subpackage_and_the_models(installed: Path) -> None:
    (wheel,) = installed.parent.parent.glob("dist/congvan-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for package in ("parse", "restore", "engines"):
        assert f"congvan/{package}/__init__.py" in names
    assert "congvan/models/restore_lm_fwd.npz" in names
    assert any(n.startswith("congvan/data/synth/") for n in names)
    assert not any(n.startswith("pipeline/") for n in names)


def test_installed_congvan_processes_text_and_a_scan_from_any_folder(
    installed: Path, tmp_path: Path
) -> None:
    work = tmp_path / "elsewhere"
    work.mkdir()
    location = subprocess.run(
        [str(installed / "python"), "-c", "import congvan; print(congvan.__file__)"],
        cwd=work, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert str(installed.parent) in location and str(repo_root()) not in location

    _run(installed, "process", str(FIXTURES / "cong_van.txt"),
         str(samples_dir() / "01_cong_van_clean.png"), "-o", "out", cwd=work)  # fmt: skip
    text_record = json.loads((work / "out" / "cong_van.json").read_text(encoding="utf-8"))
    scan_record = json.loads((work / "out" / "01_cong_van_clean.json").read_text(encoding="utf-8"))
    assert (text_record["number"], text_record["symbol"]) == ("45", "SNV-TCBC")
    assert scan_record["number"] == "470" and scan_record["symbol"] == "BYT-HTQT"

    restored = _run(installed, "restore", "-", cwd=work, stdin="cong tac xay dung Dang\n")
    assert restored == "công tác xây dựng Đảng\n"


def test_python_api_from_the_installed_wheel(installed: Path, tmp_path: Path) -> None:
    code = (
        "import sys, congvan; "
        "r = congvan.process_file(sys.argv[1], congvan.Options(restore=False)); "
        "print(type(r).__name__, r.number, r.symbol, r.source.kind)"
    )
    out = subprocess.run(
        [str(installed / "python"), "-c", code, str(FIXTURES / "cong_van.txt")],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert out == ["Record", "45", "SNV-TCBC", "text"]
