"""Ctrl-C and SIGTERM on `harness run`: the protocol stops, a partial report marked interrupted is
written with what was recorded, the exit status is the shell's (130, 143), and no process of the
run (the simulated device's JVMs included) outlives it. Issue #14, "Runs that must end well"."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
AD_APP = ROOT / "examples" / "apps" / "ad-sdk-app"
pytestmark = pytest.mark.sim


def _wait_for(path: Path, proc: subprocess.Popen[bytes], deadline_s: float) -> None:
    end = time.monotonic() + deadline_s
    while not path.exists():
        assert proc.poll() is None, "the run ended before it reached the dialog"
        assert time.monotonic() < end, f"{path.name} never appeared"
        time.sleep(0.2)


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_signal_gives_partial_report_exit_status_and_no_process_left(
    sig: signal.Signals, code: int, tmp_path: Path
) -> None:
    out = tmp_path / "run"
    env = {**os.environ, "HARNESS_SIM_HOME": str(tmp_path / "home")}
    env.pop("HARNESS_DEBUG", None)
    args = ["run", str(AD_APP), "--out", str(out), "--window", "120", "--dialog-timeout", "60"]
    # its own process group, which gets the signal as a terminal's Ctrl-C reaches the foreground
    proc = subprocess.Popen(
        [sys.executable, "-m", "harness", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _wait_for(out / "ui-dialog_shown.xml", proc, 180)  # the app runs and has read
        descendants = psutil.Process(proc.pid).children(recursive=True)
        assert any("java" in p.name() for p in descendants), "expected the sim's JVMs"
        os.killpg(proc.pid, sig)
        stdout, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    text = stderr.decode()
    assert proc.returncode == code, text
    assert "Traceback" not in text
    assert f"interrupted by {sig.name}: partial report in {out}" in text

    report = json.loads((out / "report.json").read_text())
    assert report["status"] == "partial"
    kinds = {p["kind"]: p["message"] for p in report["problems"]}
    assert sig.name in kinds["interrupted"]
    assert report["consent"]["dialog_detected"] is True  # what was observed is kept
    assert report["event_count"] > 0 and report["findings"]
    assert (out / "report.html").is_file()

    _, alive = psutil.wait_procs(descendants, timeout=30)
    assert alive == [], f"left running: {[(p.pid, p.name()) for p in alive]}"


def test_kill_9_of_the_app_keeps_the_dialog_it_showed(tmp_path: Path) -> None:
    """The app's JVM killed (-9) while its dialog is on screen: the report still says the dialog
    was detected (and not answered), as the markers and the saved dump show."""
    out = tmp_path / "run"
    env = {**os.environ, "HARNESS_SIM_HOME": str(tmp_path / "home")}
    args = ["run", str(AD_APP), "--out", str(out), "--window", "120", "--dialog-timeout", "60"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "harness", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _wait_for(out / "ui-dialog_shown.xml", proc, 180)
        apps = [
            p
            for p in psutil.Process(proc.pid).children(recursive=True)
            if any("com.example.adsdkapp" in part for part in p.cmdline())
        ]
        assert apps, "the app's JVM was not found among the run's processes"
        for app in apps:
            app.kill()
        proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    report = json.loads((out / "report.json").read_text())
    markers = [m["name"] for m in report["consent"]["markers"]]
    assert "consent_dialog_shown" in markers
    assert report["consent"]["dialog_detected"] is True
    assert report["consent"]["outcome"] == "not_answered"
    assert report["status"] == "partial"
    assert any(p["kind"] == "app_crashed" for p in report["problems"])
