"""A campaign across hosts with real components: redis-server, PostgreSQL, 2-3 `harness worker`
processes (each its own host name and simulated-device home), `harness batch --broker`; and the
faults: kill -9 of a worker, of the coordinator, a Redis restart, a job no device can run."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from lab import FAST, Lab, harness, make_apps, outcome, rows
from services import RedisServer, wait_for

# each test starts servers and worker processes and runs a campaign; the first also the reference
pytestmark = [pytest.mark.sim, pytest.mark.slow, pytest.mark.timeout(900)]
# an app of the lab's set takes a few seconds alone (call-flood is shrunk, lab.FLOOD_CALLS); the
# limit only stops a hung run, with room for 3 workers beside the suite on 2 cores
TIME_LIMIT = ["--time-limit", "180"]


@pytest.fixture(scope="module")
def apps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_apps(tmp_path_factory.mktemp("apps"))


def _app_count(apps: Path) -> int:
    """Every app folder of the campaign (the example apps, whatever they are, + synthetic ones)."""
    return sum(1 for p in apps.iterdir() if (p / "AndroidManifest.xml").is_file())


@pytest.fixture(scope="module")
def reference(apps: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[list, set]:
    """The single-host runner's result over the same apps (embedded, SQLite, no Redis)."""
    rundir = tmp_path_factory.mktemp("reference") / "run"
    proc = harness(
        "batch", str(apps), "--out", str(rundir), "--sim-slots", "2", *FAST, *TIME_LIMIT, "--log"
    )
    assert proc.wait(400) == 0
    result = outcome(str(rundir / "harness.db"))
    assert len(result[0]) == _app_count(apps) and {s for _, s in result[0]} == {"done"}
    return result


@pytest.fixture
def lab(redis_srv: RedisServer, tmp_path: Path) -> Iterator[Lab]:
    lab = Lab(tmp_path, redis_srv.url)
    try:
        yield lab
    finally:
        lab.close()


def _wait_batch(lab: Lab, proc: subprocess.Popen[bytes], timeout: float = 400) -> int:
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"the batch did not end:\n{lab.log()[-3000:]}") from None


def _campaign(
    lab: Lab, targets: list[str], out: Path, *extra: str, store: str | None = None
) -> subprocess.Popen[bytes]:
    """`harness batch TARGETS --broker ... --out OUT [--store URL] EXTRA` with the tests' short
    windows and time limit: the one command line every campaign here starts from."""
    stored = ["--store", store] if store else []
    return lab.batch(
        *targets, "--broker", lab.broker, *stored, "--out", str(out), *extra, *FAST, *TIME_LIMIT
    )


def _count(store: str, where: str) -> int:
    return int(rows(store, f"SELECT COUNT(*) FROM jobs WHERE {where}")[0][0])


def test_three_workers_give_the_single_host_result(
    lab: Lab, apps: Path, reference: tuple, pg_url: str, tmp_path: Path
) -> None:
    for name in ("h1", "h2", "h3"):
        lab.start_worker(name)
    lab.wait_ready("h1", "h2", "h3")
    share = tmp_path / "share"
    rundir = tmp_path / "run"
    proc = _campaign(lab, [str(apps)], rundir, "--artifacts", str(share), store=pg_url)
    assert _wait_batch(lab, proc) == 0, lab.log()[-3000:]
    assert outcome(pg_url) == reference
    hosts = {r[0].split("/")[0] for r in rows(pg_url, "SELECT device FROM jobs")}
    assert len(hosts) >= 2 and hosts <= {"h1", "h2", "h3"}  # the apps were spread over hosts
    # evidence on the shared root, the store holding where (relative to it)
    reports = [r[0] for r in rows(pg_url, "SELECT report_path FROM jobs WHERE state = 'done'")]
    assert reports and all((share / r).is_file() for r in reports)
    assert not (rundir / "apps").exists() and not (rundir / "harness.db").exists()
    summary = json.loads((rundir / "summary.json").read_text(encoding="utf-8"))
    assert {a["state"] for a in summary["apps"]} == {"done"}
    assert len(summary["apps"]) == _app_count(apps)
    # `harness workers` shows each host's device and what it did
    shown = subprocess.run(
        [*harness_argv(), "workers", "--broker", lab.broker], capture_output=True, text=True
    )
    assert shown.returncode == 0 and all(f"h{i}" in shown.stdout for i in (1, 2, 3))


def harness_argv() -> list[str]:
    import sys

    return [sys.executable, "-m", "harness"]


def test_kill_9_of_a_worker_mid_job_runs_its_app_again_and_records_it_once(
    lab: Lab, apps: Path, reference: tuple, pg_url: str, tmp_path: Path
) -> None:
    lab.start_worker("h1")
    lab.start_worker("h2")
    lab.wait_ready("h1", "h2")
    proc = _campaign(lab, [str(apps)], tmp_path / "run", "--worker-timeout", "4", store=pg_url)
    wait_for(lambda: _count(pg_url, "state = 'running' AND device = 'h1/sim-1'"), 120, "h1 mid-job")
    (victim,) = rows(pg_url, "SELECT app FROM jobs WHERE state = 'running' AND device = 'h1/sim-1'")
    lab.kill9(lab.workers["h1"])  # the host crashes: the worker and its device process
    assert _wait_batch(lab, proc) == 0, lab.log()[-3000:]
    assert outcome(pg_url) == reference
    attempts = rows(
        pg_url, f"SELECT device, state, infra_kind FROM jobs WHERE app = '{victim[0]}' ORDER BY id"
    )
    assert attempts[0] == ("h1/sim-1", "failed_infra", "interrupted")
    assert attempts[-1][1] == "done" and attempts[-1][0] == "h2/sim-1"


def test_a_killed_workers_task_is_redelivered_by_redis_late_ack(
    lab: Lab, apps: Path, pg_url: str, tmp_path: Path
) -> None:
    # the coordinator does not step in (a long --worker-timeout): only Redis's visibility
    # timeout brings the message of the killed worker back, and the other worker takes it over
    for name in ("h1", "h2"):
        # a visibility timeout shorter than a run is safe: a redelivery while the holder still
        # runs the job is dropped (Store.take), so the test need not wait a whole time limit
        lab.start_worker(name, "--max-time-limit", "240", "--visibility-timeout", "20")
    lab.wait_ready("h1", "h2")
    app = apps / "good-news"
    targets = [str(app), str(apps / "synth-1")]
    proc = _campaign(lab, targets, tmp_path / "run", "--worker-timeout", "3600", store=pg_url)
    wait_for(lambda: _count(pg_url, "state = 'running' AND device = 'h1/sim-1'"), 120, "h1 busy")
    lab.kill9(lab.workers["h1"])
    assert _wait_batch(lab, proc, timeout=300) == 0, lab.log()[-3000:]
    states = rows(pg_url, "SELECT app, attempt, device, state, infra_kind FROM jobs ORDER BY id")
    assert _count(pg_url, "infra_kind = 'interrupted'") == 1, states
    assert _count(pg_url, "state = 'done'") == 2, states
    taken = rows(pg_url, "SELECT reason FROM jobs WHERE infra_kind = 'interrupted'")
    assert "h1/sim-1" in taken[0][0]  # taken over on redelivery, naming the dead holder


def test_kill_9_of_the_coordinator_then_resume_records_running_jobs_once(
    lab: Lab, apps: Path, reference: tuple, pg_url: str, tmp_path: Path
) -> None:
    lab.start_worker("h1")
    lab.start_worker("h2")
    lab.wait_ready("h1", "h2")
    rundir = tmp_path / "run"
    first = _campaign(lab, [str(apps)], rundir, "--require", "abi=x86_64", store=pg_url)
    wait_for(lambda: _count(pg_url, "state = 'done'") >= 1, 150, "a first result")
    wait_for(lambda: _count(pg_url, "state = 'running'") >= 1, 60, "an app running")
    lab.kill9(first)
    running = rows(pg_url, "SELECT id FROM jobs WHERE state = 'running'")
    # the workers go on without a coordinator: what ran is recorded by them
    wait_for(
        lambda: all(
            _count(pg_url, f"id = {job_id} AND state != 'running'") for (job_id,) in running
        ),
        120,
        "the running apps to be recorded without a coordinator",
    )
    resumed = lab.batch("--resume", str(rundir), log="resume.log")
    assert _wait_batch(lab, resumed) == 0, lab.log("resume.log")[-3000:]
    assert outcome(pg_url) == reference
    assert _count(pg_url, "infra_kind = 'interrupted'") == 0  # nothing had to run twice
    for (job_id,) in running:
        assert _count(pg_url, f"id = {job_id} AND state = 'done'") == 1


def test_a_job_no_worker_can_run_is_reported(lab: Lab, apps: Path, tmp_path: Path) -> None:
    lab.start_worker("h1")
    lab.wait_ready("h1")
    rundir = tmp_path / "run"
    started = time.monotonic()
    grace = ("--route-grace", "2")
    proc = _campaign(lab, [str(apps / "good-news")], rundir, "--require", "vendor=samsung", *grace)
    assert _wait_batch(lab, proc, timeout=120) == 3, lab.log()  # an infrastructure failure
    assert time.monotonic() - started < 100
    store = str(rundir / "harness.db")  # the SQLite default works with --broker too
    ((state, kind, reason),) = rows(store, "SELECT state, infra_kind, reason FROM jobs")
    assert (state, kind) == ("failed_infra", "unroutable")
    assert "vendor=samsung" in reason and "abi=x86_64,android=10,sim" in reason
    summary = json.loads((rundir / "summary.json").read_text(encoding="utf-8"))
    assert [f["infra_kind"] for f in summary["infra_failures"]] == ["unroutable"]


def test_a_redis_restart_mid_campaign_loses_nothing_finished(
    lab: Lab, redis_srv: RedisServer, apps: Path, reference: tuple, pg_url: str, tmp_path: Path
) -> None:
    lab.start_worker("h1")
    lab.start_worker("h2")
    lab.wait_ready("h1", "h2")
    proc = _campaign(lab, [str(apps)], tmp_path / "run", store=pg_url)
    wait_for(lambda: _count(pg_url, "state = 'done'") >= 1, 150, "a first result")
    before = set(rows(pg_url, "SELECT id, app, state FROM jobs WHERE state = 'done'"))
    redis_srv.kill()  # kill -9: only its append-only file survives
    time.sleep(1.0)  # the workers and the coordinator notice it is gone
    redis_srv.start()
    assert _wait_batch(lab, proc) == 0, lab.log()[-3000:]
    assert before <= set(rows(pg_url, "SELECT id, app, state FROM jobs WHERE state = 'done'"))
    assert outcome(pg_url) == reference


def test_sigterm_lets_a_worker_finish_its_app_then_stop(
    lab: Lab, apps: Path, tmp_path: Path
) -> None:
    lab.start_worker("h1")
    lab.wait_ready("h1")
    rundir = tmp_path / "run"
    store = str(rundir / "harness.db")
    proc = _campaign(lab, [str(apps / "good-news"), str(apps / "synth-1")], rundir)
    wait_for(lambda: _count(store, "state = 'running'"), 120, "h1 running an app")
    ((running,),) = rows(store, "SELECT id FROM jobs WHERE state = 'running'")
    worker = lab.workers["h1"]
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(120) == 0  # it stopped by itself, after the app
    assert rows(store, f"SELECT state FROM jobs WHERE id = {running}") == [("done",)]
    assert _count(store, "state = 'queued'") == 1  # the other app waits for a worker
    lab.start_worker("h2")
    assert _wait_batch(lab, proc) == 0, lab.log()[-3000:]
    assert _count(store, "state = 'done'") == 2 and _count(store, "infra_kind != ''") == 0


def test_a_failing_device_is_quarantined_and_its_jobs_run_elsewhere(
    lab: Lab, apps: Path, tmp_path: Path
) -> None:
    lab.start_worker("h1")
    # h2's simulated device has no JDK: every health check fails (an infrastructure failure)
    lab.start_worker("h2", env={"HARNESS_JAVA_HOME": str(tmp_path / "no-jdk")})
    lab.wait_ready("h1", "h2")
    rundir = tmp_path / "run"
    store = str(rundir / "harness.db")
    targets = [str(apps / name) for name in ("good-news", "synth-1", "synth-2")]
    backoff = ("--reopen-backoff", "0.2", "--quarantine-after", "2")
    proc = _campaign(lab, targets, rundir, *backoff)
    assert _wait_batch(lab, proc) == 0, lab.log()[-3000:]
    assert rows(store, "SELECT DISTINCT device, state FROM jobs") == [("h1/sim-1", "done")]
    ((state, reason),) = rows(store, "SELECT state, reason FROM devices WHERE name = 'h2/sim-1'")
    assert state == "quarantined" and "HARNESS_JAVA_HOME" in reason
    assert "quarantined h2/sim-1" in lab.log()
