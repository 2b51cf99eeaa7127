import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
PYTHON = sys.executable


def _run(rundir: Path, *extra: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), os.getcwd()])}
    return subprocess.Popen([PYTHON, str(HERE / "batch_script.py"), str(rundir), *extra], env=env)


def _done_jobs(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT COUNT(*) FROM jobs WHERE state = 'done'").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # the schema is still being created


def _final(db: Path) -> tuple[list[tuple], list[tuple]]:
    with sqlite3.connect(db) as conn:
        results = conn.execute(
            "SELECT app, state FROM jobs WHERE state IN ('done', 'failed_app', 'timeout') "
            "ORDER BY app"
        ).fetchall()
        findings = conn.execute(
            "SELECT app, rule, data, api, actor_name, process, count FROM findings "
            "ORDER BY app, rule, data"
        ).fetchall()
    return results, findings


def test_kill_9_mid_batch_then_resume_gives_the_uninterrupted_result(tmp_path: Path) -> None:
    straight = tmp_path / "straight" / "run"
    straight.parent.mkdir()
    assert _run(straight).wait(60) == 0

    killed = tmp_path / "killed" / "run"
    killed.parent.mkdir()
    proc = _run(killed)
    deadline = time.monotonic() + 30
    while _done_jobs(killed / "harness.db") < 1:
        assert proc.poll() is None, "the batch ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    with sqlite3.connect(killed / "harness.db") as conn:
        left = conn.execute(
            "SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')"
        ).fetchone()[0]
        running = conn.execute("SELECT COUNT(*) FROM jobs WHERE state = 'running'").fetchone()[0]
    assert left > 0, "kill came too late to test anything"

    assert _run(killed, "--resume").wait(60) == 0

    results, findings = _final(killed / "harness.db")
    expected_results, expected_findings = _final(straight / "harness.db")
    assert results == expected_results  # every app has exactly one result, as without the kill
    assert len(results) == 8
    assert findings == expected_findings  # nothing lost, nothing counted twice
    with sqlite3.connect(killed / "harness.db") as conn:
        interrupted = conn.execute(
            "SELECT COUNT(*) FROM jobs WHERE infra_kind = 'interrupted'"
        ).fetchone()[0]
    assert interrupted == running  # the runs cut by the kill were run again
