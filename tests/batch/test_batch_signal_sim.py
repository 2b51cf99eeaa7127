"""SIGTERM and Ctrl-C (SIGINT) on `harness batch`: the running app is cancelled and writes its
partial report marked interrupted, the job is recorded as interrupted, the batch exits as the
signal would (143, 130), no JVM is left, and `--resume` runs the app again to the end."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
AD_APP = ROOT / "examples" / "apps" / "ad-sdk-app"
SETTINGS = ["--window", "6", "--background-window", "0", "--dialog-timeout", "60"]
pytestmark = pytest.mark.sim


def _batch(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "harness", "batch", *args, "--log", "--no-summary"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,  # its own group: the signal reaches it as Ctrl-C would
    )


def _wait_for_dialog(rundir: Path, proc: subprocess.Popen[bytes], deadline_s: float) -> Path:
    end = time.monotonic() + deadline_s
    while True:
        assert proc.poll() is None, "the batch ended before the app showed its dialog"
        assert time.monotonic() < end, "the app's dialog never appeared"
        shown = list(rundir.glob("**/ui-dialog_shown.xml"))
        if shown:
            return shown[0].parent
        time.sleep(0.2)


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_signal_records_the_run_as_interrupted_and_resume_finishes_it(
    sig: signal.Signals, code: int, tmp_path: Path
) -> None:
    apps = tmp_path / "apps"
    shutil.copytree(AD_APP, apps / "ad-sdk-app")
    rundir = tmp_path / "batch"
    proc = _batch(str(apps), "--out", str(rundir), "--sim-slots", "1", *SETTINGS)
    try:
        app_dir = _wait_for_dialog(rundir, proc, 180)
        descendants = psutil.Process(proc.pid).children(recursive=True)
        os.killpg(proc.pid, sig)
        out, _ = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == code, out.decode(errors="replace")
    report = json.loads((app_dir / "report.json").read_text())
    assert report["status"] == "partial"
    assert any(p["kind"] == "interrupted" for p in report["problems"])
    with sqlite3.connect(rundir / "harness.db") as conn:
        kinds = conn.execute("SELECT state, infra_kind FROM jobs").fetchall()
    assert ("failed_infra", "interrupted") in kinds  # the cut attempt, and the app queued again
    assert ("queued", "") in kinds
    _, alive = psutil.wait_procs(descendants, timeout=30)
    assert alive == [], f"left running: {[p.pid for p in alive]}"

    resumed = _batch("--resume", str(rundir))
    out, _ = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, out.decode(errors="replace")
    with sqlite3.connect(rundir / "harness.db") as conn:
        states = conn.execute("SELECT state FROM jobs").fetchall()
    assert ("done",) in states and ("queued",) not in states
