"""Executors: the per-task guard (time, memory, a dying worker) and a real dask cluster."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from congvan.cli import app
from congvan.executors import Limits, TaskFailure, get_executor, guarded
from congvan.paths import samples_dir

FIXTURES = Path(__file__).parent / "fixtures"


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def _allocate(mb: int) -> int:
    block = bytearray(mb * 2**20)
    block[::4096] = b"x" * len(block[::4096])  # touch every page: resident, not just reserved
    time.sleep(1)
    return len(block)


def _crash(_: object) -> None:
    os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's OOM killer or a crash would


def _fail(message: str) -> None:
    raise ValueError(message)


def _anon_rss_mb() -> float:
    """This process's resident memory that a forked child starts with: anonymous pages (a
    child re-faults file-backed library pages lazily, so they do not count in its RSS)."""
    with open("/proc/self/statm") as fh:
        _, resident, shared, *_ = (int(v) for v in fh.read().split())
    return (resident - shared) * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_guard_returns_results_and_stops_runaway_tasks() -> None:
    assert guarded(_sleep, Limits(seconds=10), None, 0.01) == 0.01
    slow = guarded(_sleep, Limits(seconds=0.3), None, 30)
    assert isinstance(slow, TaskFailure) and slow.kind == "timeout"
    big = guarded(_allocate, Limits(memory_mb=_anon_rss_mb() + 100), None, 400)
    assert isinstance(big, TaskFailure) and big.kind == "memory_limit"
    died = guarded(_crash, Limits(seconds=10), None, None)
    assert isinstance(died, TaskFailure) and died.kind == "worker_died"
    with pytest.raises(ValueError, match="bad task"):  # a task's own error is the caller's
        guarded(_fail, Limits(seconds=10), None, "bad task")


def test_process_pool_goes_on_after_a_killed_task() -> None:
    executor = get_executor("process", 2, limits=Limits(seconds=1.0))
    results = dict(executor.map_unordered(_sleep, [0.01, 30, 0.02]))
    assert results[0] == 0.01 and results[2] == 0.02
    assert isinstance(results[1], TaskFailure) and results[1].kind == "timeout"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def dask_cluster(tmp_path: Path):
    """A real scheduler and two one-thread workers, as separate processes (what the README
    tells users to start on their machines)."""
    dask = Path(sys.executable).with_name("dask")
    if not dask.exists():
        pytest.skip("dask is not installed")
    address = f"tcp://127.0.0.1:{_free_port()}"
    env = os.environ | {"OMP_THREAD_LIMIT": "1"}
    log = (tmp_path / "dask.log").open("w")
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port",
                               address.rsplit(":", 1)[1], "--no-dashboard"],
                              stdout=log, stderr=log, env=env)]  # fmt: skip
    procs += [
        subprocess.Popen(
            [
                dask,
                "worker",
                address,
                "--nthreads",
                "1",
                "--nworkers",
                "1",
                "--no-dashboard",
                "--memory-limit",
                "0",
            ],
            stdout=log,
            stderr=log,
            env=env,
            cwd=tmp_path,
        )
        for _ in range(2)
    ]
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(2, timeout=120)
    yield address
    for proc in procs[::-1]:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    log.close()


def test_dask_cluster_gives_the_serial_outputs(dask_cluster: str, tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(FIXTURES / "cong_van.txt", inbox / "cv.txt")
    shutil.copy(FIXTURES / "legacy_ocr.txt", inbox / "legacy.txt")
    shutil.copy(samples_dir() / "01_cong_van_clean.png", inbox / "scan.png")
    (inbox / "broken.pdf").write_text("not a pdf\n", encoding="utf-8")
    runner = CliRunner()
    serial, cluster = tmp_path / "serial", tmp_path / "dask"
    common = ["--no-restore", "--time-limit", "300"]
    result = runner.invoke(app, ["process", str(inbox), "-o", str(serial), "--executor",
                                 "serial", *common])  # fmt: skip
    assert result.exit_code == 1, result.output  # broken.pdf
    result = runner.invoke(app, ["process", str(inbox), "-o", str(cluster), "--executor", "dask",
                                 "--scheduler", dask_cluster, *common])  # fmt: skip
    assert result.exit_code == 1, result.output
    names = sorted(p.name for p in serial.glob("*.json"))
    assert names == ["broken.json", "cv.json", "legacy.json", "scan.json"]
    assert names == sorted(p.name for p in cluster.glob("*.json"))
    for name in names:
        assert json.loads((cluster / name).read_bytes()) == json.loads((serial / name).read_bytes())
    assert (cluster / "records.jsonl").read_bytes() == (serial / "records.jsonl").read_bytes()
