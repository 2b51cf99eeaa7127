"""End to end on the simulated device: the real CLI, run_app, 2 sim slots, kill -9 + resume."""

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

from harness.batch.targets import expand_targets

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "apps"
NEEDED = ("good-news", "ad-sdk-app", "push-app")
FAST = [
    "--sim-slots",
    "2",
    "--window",
    "1",
    "--background-window",
    "0.5",
    "--dialog-timeout",
    "30",
    "--time-limit",
    "90",
]

pytestmark = pytest.mark.sim


@pytest.fixture(scope="module")
def apps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The three examples plus a second copy of the ad app; returns folder name -> app key."""
    folder = tmp_path_factory.mktemp("apps")
    for name in NEEDED:
        shutil.copytree(EXAMPLES / name, folder / name)
    shutil.copytree(EXAMPLES / "ad-sdk-app", folder / "ad-sdk-app-copy")
    keys = {Path(t.source).name: t.key for t in expand_targets([str(folder)])}
    keys["_folder"] = str(folder)
    return keys


def _batch(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "harness", "batch", *args, "--log"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,  # so that a kill takes its device processes with it
    )


def _outcome(db: Path) -> tuple[list[tuple], set[tuple]]:
    with sqlite3.connect(db) as conn:
        results = conn.execute(
            "SELECT app, state FROM jobs WHERE state IN ('done', 'failed_app', 'timeout') "
            "ORDER BY app"
        ).fetchall()
        # call counts depend on timing; which code read what, where, is what must match
        findings = conn.execute(
            "SELECT app, rule, data, api, actor_kind, actor_name, process FROM findings"
        ).fetchall()
        duplicates = conn.execute(
            "SELECT COUNT(*) FROM (SELECT job_id, rule, data, api, actor_name, process, COUNT(*) n "
            "FROM findings GROUP BY 1, 2, 3, 4, 5, 6 HAVING n > 1)"
        ).fetchone()[0]
    assert duplicates == 0
    return results, set(findings)


@pytest.fixture(scope="module")
def straight(apps: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    rundir = tmp_path_factory.mktemp("straight") / "run"
    proc = _batch(apps["_folder"], "--out", str(rundir), *FAST)
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, out.decode(errors="replace")
    return rundir


def test_batch_over_two_sim_slots_finds_the_sdk_and_aggregates_it(
    apps: dict[str, str], straight: Path
) -> None:
    summary = json.loads((straight / "summary.json").read_text(encoding="utf-8"))
    by_app = {a["app"]: a for a in summary["apps"]}
    assert {a["state"] for a in by_app.values()} == {"done"}
    assert by_app[apps["good-news"]]["findings"] == []
    for key in (apps["ad-sdk-app"], apps["ad-sdk-app-copy"]):
        pre = [f for f in by_app[key]["findings"] if f["rule"] == "pre_consent"]
        assert pre and all(f["actor_kind"] == "sdk" for f in pre)
    push = by_app[apps["push-app"]]["findings"]
    assert any(f["process"].endswith(":push") for f in push)
    ad_sdk = {
        f["actor_name"] for f in by_app[apps["ad-sdk-app"]]["findings"] if f["actor_kind"] == "sdk"
    }
    rows = [r for r in summary["sdks"] if r["sdk"] in ad_sdk and r["rule"] == "pre_consent"]
    assert rows and max(r["apps"] for r in rows) >= 2  # both copies counted, each once
    devices = {a["device"] for a in summary["apps"]}
    assert devices == {"sim-1", "sim-2"}
    assert (straight / "summary.html").is_file() and (straight / "summary.xlsx").is_file()


def test_kill_9_then_resume_matches_the_uninterrupted_batch(
    apps: dict[str, str], straight: Path, tmp_path: Path
) -> None:
    rundir = tmp_path / "run"
    proc = _batch(apps["_folder"], "--out", str(rundir), *FAST)
    deadline = time.monotonic() + 120
    db = rundir / "harness.db"
    while True:
        assert proc.poll() is None, "the batch ended before it could be killed"
        assert time.monotonic() < deadline
        if db.exists():
            try:
                with sqlite3.connect(db) as conn:
                    done = conn.execute("SELECT COUNT(*) FROM jobs WHERE state='done'").fetchone()
                if done[0] >= 1:
                    break
            except sqlite3.OperationalError:
                pass
        time.sleep(0.1)
    # kill -9 the batch and everything it started, as a crash of the host would
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    resumed = _batch("--resume", str(rundir))
    out, _ = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, out.decode(errors="replace")
    assert _outcome(db) == _outcome(straight / "harness.db")
    # The killed controller left app processes behind (some paused forever): the resumed batch
    # rebooted its simulated devices, so none is left.
    assert _jvms_under(rundir) == []


def _jvms_under(folder: Path) -> list[int]:
    marker = str(folder)
    pids = []
    for proc in psutil.process_iter(["pid", "cmdline", "status"]):
        cmdline = " ".join(proc.info["cmdline"] or [])
        if (
            marker in cmdline
            and "com.android.internal.sim" in cmdline
            and proc.info["status"] != psutil.STATUS_ZOMBIE
        ):
            pids.append(proc.info["pid"])
    return pids


def test_a_hanging_sim_app_is_cut_at_its_time_limit(tmp_path: Path) -> None:
    rundir = tmp_path / "run"
    started = time.monotonic()
    proc = _batch(
        str(Path(__file__).parent / "apps" / "hang-app"),
        "--out",
        str(rundir),
        "--sim-slots",
        "1",
        "--window",
        "30",
        "--background-window",
        "0",
        "--time-limit",
        "4",
    )
    out, _ = proc.communicate(timeout=120)
    elapsed = time.monotonic() - started
    with sqlite3.connect(rundir / "harness.db") as conn:
        states = conn.execute("SELECT app, state FROM jobs").fetchall()
    assert states == [("com.example.hang", "timeout")], out.decode(errors="replace")
    assert elapsed < 30, f"a 4 s limit took {elapsed:.0f} s (the window alone is 30 s)"
    assert _jvms_under(rundir) == []


def test_summary_answers_per_sdk_embedding_and_collection_before_consent(
    apps: dict[str, str], straight: Path
) -> None:
    summary = json.loads((straight / "summary.json").read_text(encoding="utf-8"))
    rows = {r["sdk"]: r for r in summary["sdk_inventory"]}
    gdt = rows["Tencent GDT Ads (优量汇)"]
    assert (gdt["apps_embedding"], gdt["apps_before_consent"]) == (2, 2)  # both ad-app copies
    assert rows["JPush"]["apps_embedding"] == 1
    assert "SDK inventory" in (straight / "summary.html").read_text(encoding="utf-8")
