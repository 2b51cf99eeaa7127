"""Stores for the dashboard's tests, written with the batch store's own writer (claim/finish),
and a `harness serve` child process on a loopback port the system picks."""

from __future__ import annotations

import contextlib
import http.client
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from harness.batch.model import JobResult, JobState
from harness.batch.store import Store
from harness.batch.targets import Target
from harness.model import Actor, Category, Finding, Rule

ROOT = Path(__file__).resolve().parents[2]
START_S = 60.0  # a child Python under the shared machine's load

# A hostile app's strings: markup, an attribute break-out, a javascript: URL, bidi override
XSS = '"><img src=x id=pwned onerror="alert(1)"><script>alert(2)</script>'
HOSTILE_APP = "com.evil" + XSS
BIDI = "com.evil.\u202egnp.exe"


def finding(
    sdk: str,
    rule: Rule = Rule.pre_consent,
    data: Category = Category.device_id,
    api: str = "android.telephony.TelephonyManager.getImei",
) -> Finding:
    return Finding(
        rule=rule,
        data=data,
        api=api,
        actor=Actor(kind="sdk", name=sdk, package=f"com.{sdk.lower()[:8]}", vendor="V"),
        process="main",
        count=3,
        first_at="2024-01-01T00:00:00.000+00:00",
        first_offset_s=0.4,
    )


def finish(store: Store, app: str, result: JobResult, device: str = "lab1/sim-1") -> None:
    job = store.claim(device, {device})
    assert job is not None and job.app == app, (job, app)
    store.finish(job, device, result, retries=0)


def small_store(rundir: Path, apps: int = 30, url: str | None = None) -> list[str]:
    """`apps` apps with findings by three SDKs, a hostile one, an infra failure, a running and
    a queued app, and a run folder with a report for the first app (store: RUNDIR/harness.db,
    or the database `url`)."""
    store = Store(url) if url else Store.in_folder(rundir)
    keys = [f"com.app{i:03d}" for i in range(apps)] + [
        HOSTILE_APP,
        BIDI,
        "com.broken",
        "com.running",
        "com.queued",
    ]
    store.add_targets(Target(k, k, "package") for k in keys)
    sdks = ("Umeng", "JPush", "Bugly")
    for i in range(apps):
        key = keys[i]
        found = [finding(sdks[i % 3])]
        if i % 2:
            found.append(
                finding(
                    "Bugly",
                    Rule.background,
                    Category.location,
                    "android.location.LocationManager.getLastKnownLocation",
                )
            )
        finish(
            store,
            key,
            JobResult(
                JobState.done, package=key, findings=found, report_path=f"apps/{key}/1/report.html"
            ),
        )
    finish(
        store,
        HOSTILE_APP,
        JobResult(
            JobState.done,
            package=XSS,
            reason=XSS,
            report_path="",
            findings=[finding(XSS, api=XSS), finding("Umeng", api=XSS)],
        ),
    )
    finish(store, BIDI, JobResult(JobState.failed_app, package=BIDI, reason=BIDI))
    finish(
        store,
        "com.broken",
        JobResult(JobState.failed_infra, reason="device went away " + XSS, infra_kind="device"),
    )
    store.claim("lab2/sim-1", {"lab2/sim-1"})  # com.running: claimed, not finished
    store.set_device("lab1/sim-1", "ok", done=apps)
    store.set_device("lab2/sim-1", "quarantined", failures=3, reason=XSS)
    store.close()
    run = rundir / "apps" / keys[0] / "1"
    run.mkdir(parents=True)
    (run / "report.html").write_text("<html><title>run report</title><h1>Report</h1></html>")
    (run / "report.json").write_text("{}")
    return keys


@dataclass
class Served:
    base: str
    port: int
    proc: subprocess.Popen[str]
    lines: list[str]

    def get(
        self, path: str, headers: dict[str, str] | None = None, method: str = "GET"
    ) -> tuple[int, dict[str, str], bytes]:
        """A raw request to the loopback port (the path as given: no normalisation)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, headers=headers or {})
            answer = conn.getresponse()
            return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
        finally:
            conn.close()


@contextlib.contextmanager
def serving(*args: str, host: str = "127.0.0.1", extra: int | None = None) -> Iterator[Served]:
    """`extra`: lines printed after the first (default: token and login URL off loopback)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "harness", "serve", *args, "--host", host, "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()  # blocks until bound (or the child failed)
        if not first.startswith("serving "):
            proc.kill()
            raise AssertionError(f"harness serve did not start: {first!r} {proc.communicate()}")
        lines = [first]
        if extra is None:
            extra = 0 if host in ("127.0.0.1", "localhost", "::1") else 2  # token, login URL
        lines += [proc.stdout.readline() for _ in range(extra)]
        port = int(first.split()[1].rstrip("/").rsplit(":", 1)[1])
        served = Served(f"http://127.0.0.1:{port}", port, proc, lines)
        deadline = time.monotonic() + START_S
        while True:  # uvicorn accepts once its loop runs; the socket was bound before
            try:
                served.get("/static/dashboard.css")
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.1)
        # the whole-store answers are counted in the background after the start (503 "still
        # counting" meanwhile, however loaded the machine): the tests start once they are
        for path in ("/api/sdks", "/api/sdks/Umeng?limit=1"):
            while served.get(path)[0] == 503:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise AssertionError(f"{path}: still counting after {START_S:.0f} s")
                time.sleep(0.1)
        yield served
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
