"""`harness sim ...` end to end: what a new user types."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import EXAMPLES, ROOT, wait_for


def sim(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HARNESS_SIM_HOME": str(home), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "harness", "sim", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_install_start_dump_tap_stop(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert (
        "installed com.example.goodnews 1.2.0"
        in sim(home, "install", str(EXAMPLES / "good-news")).stdout
    )
    assert sim(home, "list").stdout.split() == ["com.example.goodnews"]
    try:
        started = sim(home, "start", "com.example.goodnews")
        assert started.returncode == 0, started.stderr
        pid = int(started.stdout.strip())
        wait_for(lambda: "同意" in sim(home, "dump").stdout, what="the dialog in the dump")
        assert str(pid) in sim(home, "ps").stdout
        tapped = sim(home, "tap-text", "同意")
        assert tapped.returncode == 0 and "同意" in tapped.stdout
        assert "已同意" in sim(home, "dump").stdout
        assert "consent given" in sim(home, "logs", "com.example.goodnews").stdout
        missing = sim(home, "tap-text", "no such button")
        assert missing.returncode == 3 and "no node with text" in missing.stderr
    finally:
        sim(home, "stop", "com.example.goodnews")
    assert sim(home, "ps").stdout == ""


def test_bad_input_gives_a_clear_message(tmp_path: Path) -> None:
    home = tmp_path / "home"
    sim(home, "install", str(EXAMPLES / "good-news"))
    grant = sim(home, "grant", "com.example.goodnews", "android.permission.CAMERA")
    assert grant.returncode == 2 and "does not request android.permission.CAMERA" in grant.stderr
    missing = sim(home, "clear", "com.nope.app")
    assert missing.returncode == 4 and "com.nope.app is not installed" in missing.stderr
    key = sim(home, "key", "MENU")
    assert key.returncode == 2 and "use HOME or BACK" in key.stderr
    folder = sim(home, "install", str(tmp_path / "nothing-here"))
    assert folder.returncode == 4 and "no such app folder" in folder.stderr
