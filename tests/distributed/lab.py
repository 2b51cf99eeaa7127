"""A lab on one machine: real `harness worker` processes (each its own host name and simulated-
device home), `harness batch --broker` coordinators, and what tests read back from the store."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import psutil
from services import kill_group, wait_for

from harness.batch.distributed.registry import Registry
from harness.batch.store import Store

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_flood_memory import APP as FLOOD_APP  # noqa: E402
from bench_flood_memory import flood_app  # noqa: E402

EXAMPLES = ROOT / "examples" / "apps"
# short protocol windows (as tests/batch/test_batch_sim.py): an app takes a few seconds
FAST = ["--window", "1", "--background-window", "0.5", "--dialog-timeout", "30"]
HEARTBEAT = "0.5"
# call-flood reads ANDROID_ID a million times before its dialog (the memory test's app): 45 s
# alone idle and past a 180 s time limit beside two other workers and the suite in CI. These
# tests are about where jobs run, not about a flood (tests/run/test_flood_sim.py is), so the
# lab's copy floods FLOOD_CALLS times, made by benchmarks/bench_flood_memory.py's `flood_app`
FLOOD_CALLS = 20_000


def make_apps(folder: Path, synthetic: int = 3) -> Path:
    """The example apps plus `synthetic` generated ones, each reading an identifier at start."""
    for app in sorted(EXAMPLES.iterdir()):
        if app == FLOOD_APP:
            flood_app(folder / app.name, FLOOD_CALLS)
        else:
            shutil.copytree(app, folder / app.name)
    for i in range(1, synthetic + 1):
        package = f"com.synth.app{i}"
        base = folder / f"synth-{i}"
        src = base / "src" / "com" / "synth" / f"app{i}"
        src.mkdir(parents=True)
        (base / "AndroidManifest.xml").write_text(
            textwrap.dedent(
                f"""\
                <?xml version="1.0" encoding="utf-8"?>
                <manifest xmlns:android="http://schemas.android.com/apk/res/android"
                    package="{package}" android:versionCode="1" android:versionName="1.0">
                    <uses-permission android:name="android.permission.READ_PHONE_STATE" />
                    <application android:name=".SynthApp" android:label="Synth {i}">
                        <activity android:name=".MainActivity" android:exported="true">
                            <intent-filter>
                                <action android:name="android.intent.action.MAIN" />
                                <category android:name="android.intent.category.LAUNCHER" />
                            </intent-filter>
                        </activity>
                    </application>
                </manifest>
                """
            ),
            encoding="utf-8",
        )
        (src / "SynthApp.java").write_text(
            textwrap.dedent(
                f"""\
                package {package};

                import android.app.Application;
                import android.content.Context;
                import android.telephony.TelephonyManager;

                public class SynthApp extends Application {{
                    @Override
                    public void onCreate() {{
                        super.onCreate();
                        TelephonyManager tm =
                            (TelephonyManager) getSystemService(Context.TELEPHONY_SERVICE);
                        System.out.println("synthetic {i}: " + tm.getDeviceId().length());
                    }}
                }}
                """
            ),
            encoding="utf-8",
        )
        (src / "MainActivity.java").write_text(
            f"package {package};\n\nimport android.app.Activity;\n\n"
            "public class MainActivity extends Activity {\n}\n",
            encoding="utf-8",
        )
    return folder


def harness(*args: str, env: dict[str, str] | None = None, log: Path | None = None):  # type: ignore[no-untyped-def]
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "harness", *args],
        cwd=ROOT,
        stdout=out,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        start_new_session=True,  # its own process group: a kill -9 takes all it started
    )
    if log:
        out.close()  # type: ignore[union-attr]
    return proc


class Lab:
    def __init__(self, tmp: Path, broker: str) -> None:
        self.tmp = tmp
        self.broker = broker
        self.workers: dict[str, subprocess.Popen[bytes]] = {}
        self.others: list[subprocess.Popen[bytes]] = []

    def home(self, name: str) -> Path:
        return self.tmp / "hosts" / name

    def start_worker(self, name: str, *extra: str, env: dict[str, str] | None = None) -> None:
        home = self.home(name)
        home.mkdir(parents=True, exist_ok=True)
        self.workers[name] = harness(
            "worker",
            "--broker",
            self.broker,
            "--name",
            name,
            "--sim-slots",
            "1",
            "--heartbeat",
            HEARTBEAT,
            "--max-time-limit",
            "240",  # above the campaigns' --time-limit (test_campaign.TIME_LIMIT)
            "--log-dir",
            str(home / "logs"),
            *extra,
            env={"HARNESS_SIM_HOME": str(home / "sim"), **(env or {})},
            log=home / "worker.log",
        )

    def wait_ready(self, *names: str, timeout: float = 90) -> None:
        wanted = {f"{n}/sim-1" for n in names}

        def ready() -> bool:
            registry = Registry(self.broker)
            try:
                return wanted <= {d.device for d in registry.devices() if d.state == "idle"}
            finally:
                registry.close()

        wait_for(ready, timeout, f"workers {', '.join(names)} to be ready", interval=0.2)

    def batch(self, *args: str, log: str = "batch.log") -> subprocess.Popen[bytes]:
        proc = harness("batch", *args, "--log", log=self.tmp / log)
        self.others.append(proc)
        return proc

    def kill9(self, proc: subprocess.Popen[bytes]) -> None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(30)

    def log(self, name: str = "batch.log") -> str:
        path = self.tmp / name
        return path.read_text(errors="replace") if path.exists() else ""

    def close(self) -> None:
        for proc in [*self.workers.values(), *self.others]:
            if proc.poll() is None:
                kill_group(proc, grace=15)
        # app processes of the simulated devices live in sessions of their own
        kill_processes_under(self.tmp)


def kill_processes_under(folder: Path) -> None:
    marker = str(folder)
    victims = []
    for proc in psutil.process_iter(["pid", "cmdline"]):
        with contextlib.suppress(psutil.Error):
            if marker in " ".join(proc.info["cmdline"] or []):
                victims.append(proc)
    for proc in victims:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    psutil.wait_procs(victims, timeout=10)


def _open(store_spec: str) -> Store:
    """The store, never created by a test: a SQLite file appears only once the batch made it
    (a test creating it first would make the batch find a batch already there)."""
    if "://" not in store_spec and not Path(store_spec).is_file():
        raise FileNotFoundError(store_spec)
    return Store(store_spec)


def outcome(store_spec: str) -> tuple[list[tuple], set[tuple]]:
    """What must match between runs: each app's result, and which code read what, where."""
    store = _open(store_spec)
    try:
        results = [
            tuple(r)
            for r in store.query(
                "SELECT app, state FROM jobs WHERE state IN ('done', 'failed_app', 'timeout') "
                "ORDER BY app"
            )
        ]
        findings = {
            tuple(r)
            for r in store.query(
                "SELECT app, rule, data, api, actor_kind, actor_name, process FROM findings"
            )
        }
        per_job = store.query(
            "SELECT COUNT(*) FROM (SELECT job_id, rule, data, api, actor_name, process, "
            "COUNT(*) AS n FROM findings GROUP BY job_id, rule, data, api, actor_name, process "
            "HAVING COUNT(*) > 1) AS d"
        )
        assert per_job[0][0] == 0, "a finding was recorded twice"
        per_app = store.query(
            "SELECT app, COUNT(*) FROM jobs WHERE state IN ('done', 'failed_app', 'timeout') "
            "GROUP BY app HAVING COUNT(*) > 1"
        )
        assert [tuple(r) for r in per_app] == [], "an app has two results"
    finally:
        store.close()
    return results, findings


def rows(store_spec: str, sql: str) -> list[tuple]:
    store = _open(store_spec)
    try:
        return [tuple(r) for r in store.query(sql)]
    finally:
        store.close()
