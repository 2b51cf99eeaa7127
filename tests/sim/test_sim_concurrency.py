"""Two users of the simulated device at once: per-run instances for `--device sim`, a lease with a
"busy, used by pid N since ..." error for one device home, abandoned instances cleaned up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from harness.device.sim import SimDevice
from harness.device.sim.instances import INSTANCES, open_instance
from harness.device.sim.lease import DeviceBusy
from harness.device.sim.procs import app_pids
from harness.device.sim.sandbox import sandboxed
from harness.errors import ExitCode

from .conftest import EXAMPLES, LIFECYCLE

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.sim


def _run(base: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "harness",
            "run",
            str(EXAMPLES / "ad-sdk-app"),
            "--device",
            "sim",
            "--out",
            str(out),
            "--window",
            "1",
            "--background-window",
            "0.5",
            "--dialog-timeout",
            "30",
            "--json",
            "--fail-on",
            "pre_consent",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "HARNESS_SIM_HOME": str(base), "PYTHONPATH": str(ROOT)},
    )


def test_two_runs_on_sim_at_once_each_get_their_own_device(tmp_path: Path) -> None:
    base = tmp_path / "sim"
    # the same app twice: same package, same data folder names, started together
    runs = [_run(base, tmp_path / f"run-{i}") for i in (1, 2)]
    for i, proc in enumerate(runs, 1):
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == ExitCode.FINDINGS, err
        summary = json.loads(out)
        assert summary["by_rule"]["pre_consent"] >= 3, summary
        report = json.loads((tmp_path / f"run-{i}" / "report.json").read_text(encoding="utf-8"))
        assert report["status"] == "completed", report["problems"]
    # each instance was removed with everything it ran
    assert list((base / INSTANCES).iterdir()) == []
    assert not [p for p in psutil.process_iter(["cmdline"]) if str(base) in str(p.info["cmdline"])]


def test_a_second_user_of_one_device_home_is_told_who_has_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = SimDevice(home)
    try:
        with pytest.raises(DeviceBusy) as busy:
            SimDevice(home)
        message = str(busy.value)
        assert f"is busy: used by pid {os.getpid()}" in message and " since 20" in message
        # the CLI says it in one line, with the device exit status
        done = subprocess.run(
            [sys.executable, "-m", "harness", "sim", "list", "--home", str(home)],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert done.returncode == ExitCode.DEVICE, done.stderr
        assert f"used by pid {os.getpid()}" in done.stderr and "Traceback" not in done.stderr
    finally:
        first.close()
    SimDevice(home).close()  # free again once the first user let go


def test_an_abandoned_instance_is_stopped_and_removed_by_the_next_run(tmp_path: Path) -> None:
    base = tmp_path / "sim"
    # a controller that dies without cleaning up (os._exit) and leaves a paused app behind
    script = (
        "import os, sys\n"
        "from harness.device.sim.instances import open_instance\n"
        "dev = open_instance(__import__('pathlib').Path(sys.argv[1]))\n"
        "dev.install(sys.argv[2])\n"
        "print(dev.start_paused('com.test.lifecycle').pid, dev.home, flush=True)\n"
        "os._exit(0)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(base), str(LIFECYCLE)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    pid_text, home_text = done.stdout.split()
    left = Path(home_text)
    if sandboxed():
        # the sandbox's watchdog ends the abandoned app with its controller, paused or not
        deadline = time.monotonic() + 30
        while app_pids(left) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert app_pids(left) == [], "the paused app outlived its controller"
    else:
        assert app_pids(left) == [int(pid_text)]  # unfenced: left for the next run to stop
    device = open_instance(base)
    try:
        assert not left.exists()
        assert app_pids(left) == []
        assert [p.name for p in (base / INSTANCES).iterdir()] == [device.home.name]
    finally:
        device.close()
    assert not device.home.exists()


def test_a_run_instance_installs_a_package_of_the_default_device(tmp_path: Path) -> None:
    base = tmp_path / "sim"
    default = SimDevice(base)
    app = default.install(LIFECYCLE)
    default.grant(app.package, "android.permission.READ_PHONE_STATE")  # a runtime grant
    default.close()
    device = open_instance(base)
    try:
        copy = device.install(app.package)  # a bare package name, as `harness run PKG` gives
        assert copy.package == app.package and device.home != base
        assert "android.permission.READ_PHONE_STATE" in device.granted_permissions(app.package)
    finally:
        device.close()
