"""The run folder at fault: --out on a file or an unwritable place, and a disk that fills up
mid-run. Each gives one clear line and a non-zero exit; a full disk keeps what was recorded."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness.errors import ExitCode

ROOT = Path(__file__).resolve().parents[2]
AD_APP = ROOT / "examples" / "apps" / "ad-sdk-app"
FAST = ["--window", "2", "--background-window", "0", "--dialog-timeout", "30"]


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HARNESS_SIM_HOME": str(home)}
    env.pop("HARNESS_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "harness", "run", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def _one_line(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


def test_out_on_an_existing_file_is_one_line_and_the_file_is_untouched(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine")
    done = _run(str(AD_APP), "--out", str(target), home=tmp_path / "home")
    assert done.returncode == ExitCode.USAGE
    assert _one_line(done.stderr) == (
        f"error: --out {target}: exists and is not a folder; give a folder path"
    )
    assert target.read_text() == "mine"


@pytest.mark.parametrize("where", ["under-a-file", "proc"])
def test_out_in_an_unwritable_place_is_one_line(where: str, tmp_path: Path) -> None:
    if where == "proc":
        out = Path("/proc/harness-run")  # not writable, even by root
    else:
        (tmp_path / "file").write_text("")
        out = tmp_path / "file" / "run"
    done = _run(str(AD_APP), "--out", str(out), home=tmp_path / "home")
    assert done.returncode == ExitCode.USAGE
    assert _one_line(done.stderr).startswith(
        f"error: --out {out}: cannot create or write the run folder"
    )


def _can_mount_tmpfs() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "--mount", "--map-root-user", "sh", "-c", "mount -t tmpfs none /mnt"],
        capture_output=True,
    )
    return probe.returncode == 0


@pytest.mark.sim
@pytest.mark.skipif(
    not _can_mount_tmpfs(),
    reason="needs util-linux unshare and user (or root) mount namespaces to mount a small tmpfs",
)
def test_full_disk_mid_run_is_one_line_and_keeps_what_was_recorded(tmp_path: Path) -> None:
    """A real full disk: a 64 KiB tmpfs, mounted in a private mount namespace, as the run
    folder; the app's events fill it. The folder is copied out before the namespace ends."""
    mnt, saved = tmp_path / "mnt", tmp_path / "saved"
    mnt.mkdir()
    cmd = " ".join(
        [sys.executable, "-m", "harness", "run", str(AD_APP), "--out", str(mnt / "run"), *FAST]
    )
    script = (
        f"mount -t tmpfs -o size=64k none {mnt} || exit 99; {cmd}; rc=$?; "
        f"cp -a {mnt / 'run'} {saved}; exit $rc"
    )
    env = {**os.environ, "HARNESS_SIM_HOME": str(tmp_path / "home")}
    env.pop("HARNESS_DEBUG", None)
    done = subprocess.run(
        ["unshare", "--mount", "--map-root-user", "sh", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == ExitCode.USAGE, done.stderr
    line = _one_line(done.stderr)
    assert line.startswith(f"error: cannot write the run folder {mnt / 'run'}: the disk is full")
    assert "kept: events.jsonl" in line
    kept = []
    for text in (saved / "events.jsonl").read_text().splitlines():
        try:
            kept.append(json.loads(text))
        except json.JSONDecodeError:
            pass  # the line the disk cut off
    assert any(e.get("type") == "call" for e in kept), "the calls recorded before are kept"
