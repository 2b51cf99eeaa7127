"""Simulated device start-up: compile (cold/warm cache), the Java runtime image's build, Frida's
attach to an app process on the image and on the JDK, the class-data sharing archive's build,
start-to-paused with and without the archive (runs alternate, so both see the same load),
paused-to-app-code, and memory per process. Prints figures and their ratio to the
targets, and the machine's load.

    .venv/bin/python benchmarks/bench_sim_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import psutil

if TYPE_CHECKING:  # imported in main, after HARNESS_CACHE_DIR is set
    from harness.device.sim import SimDevice

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "tests" / "sim" / "apps" / "lifecycle"
PUSH = ROOT / "examples" / "apps" / "push-app"
PKG = "com.test.lifecycle"
TARGET_PAUSED_S = 1.5
TARGET_RSS_MB = 150.0


def rss_mb(pid: int) -> float:
    return psutil.Process(pid).memory_info().rss / (1024 * 1024)


def attach_times(device: SimDevice, runs: int) -> None:
    """frida.attach + detach to a paused app process on the image and on the JDK, alternating:
    Frida reads every read-only file mapping of its target per attach (runtime.py)."""
    import frida

    from harness.device.sim.runtime import RUNTIME_ENV

    local = frida.get_local_device()
    times: dict[str, list[float]] = {"image": [], "jdk": []}
    for _ in range(runs):
        for kind in ("jdk", "image"):
            if kind == "jdk":
                os.environ[RUNTIME_ENV] = "jdk"
            else:
                os.environ.pop(RUNTIME_ENV, None)
            proc = device.start_paused(PKG)
            t0 = time.perf_counter()
            session = local.attach(proc.pid)
            times[kind].append(time.perf_counter() - t0)
            session.detach()
            device.force_stop(PKG)
    os.environ.pop(RUNTIME_ENV, None)
    image, jdk = statistics.median(times["image"]), statistics.median(times["jdk"])
    print(
        f"frida attach to a paused app: median {image * 1000:.0f} ms on the image, "
        f"{jdk * 1000:.0f} ms on the JDK (image/JDK = {image / jdk:.2f}); "
        f"load {os.getloadavg()[0]:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-sim-") as tmp:
        os.environ["HARNESS_CACHE_DIR"] = str(Path(tmp) / "cache")  # cold: an empty cache
        from harness.device.sim import SimDevice
        from harness.device.sim.build import build_framework, compile_app

        t0 = time.perf_counter()
        build_framework()
        cold_fw = time.perf_counter() - t0
        t0 = time.perf_counter()
        compile_app(APP / "src", PKG)
        cold_app = time.perf_counter() - t0
        t0 = time.perf_counter()
        build_framework()
        compile_app(APP / "src", PKG)
        warm = time.perf_counter() - t0
        print(f"compile, cold cache: framework {cold_fw:.2f} s, app {cold_app:.2f} s")
        print(
            f"compile, warm cache: {warm * 1000:.1f} ms  "
            f"(cold/warm = {(cold_fw + cold_app) / warm:.0f}x)"
        )

        from harness.device.sim.runtime import app_runtime

        t0 = time.perf_counter()
        runtime = app_runtime()
        modules = runtime.image / "lib" / "modules" if runtime.image else None
        print(
            f"runtime image: built in {time.perf_counter() - t0:.2f} s, "
            + (
                f"lib/modules {modules.stat().st_size / 1e6:.0f} MB"
                if modules
                else f"none ({runtime.note})"
            )
        )

        from harness.device.sim.cds import ENABLE_ENV, device_archive

        os.environ.pop(ENABLE_ENV, None)  # on by default: measured even where it is turned off
        t0 = time.perf_counter()
        archive = device_archive(build_framework())
        print(
            f"class-data sharing archive: built in {time.perf_counter() - t0:.2f} s, "
            + (f"{archive.stat().st_size / 1e6:.1f} MB" if archive else "none (see .jsa.failed)")
        )

        device = SimDevice(Path(tmp) / "home")
        device.install(APP)
        device.install(PUSH)
        attach_times(device, args.runs)
        paused, to_code, to_front, rss = [], [], [], []
        without: list[float] = []
        for _ in range(args.runs):
            os.environ[ENABLE_ENV] = "0"  # the same start without the archive, for the ratio
            t0 = time.perf_counter()
            proc = device.start_paused(PKG)
            without.append(time.perf_counter() - t0)
            device.force_stop(PKG)
            os.environ.pop(ENABLE_ENV)  # the default: with it
            t0 = time.perf_counter()
            proc = device.start_paused(PKG)
            paused.append(time.perf_counter() - t0)
            rss.append(rss_mb(proc.pid))
            log = device.log_file(PKG)
            t0 = time.perf_counter()
            device.resume(proc.pid)
            while "static-init" not in log.read_text(encoding="utf-8"):
                time.sleep(0.001)
            to_code.append(time.perf_counter() - t0)
            while device.foreground_package() != PKG:
                time.sleep(0.005)
            to_front.append(time.perf_counter() - t0)
            time.sleep(0.2)
            rss.append(rss_mb(proc.pid))
            device.force_stop(PKG)
        med = statistics.median(paused)
        bare = statistics.median(without)
        print(
            f"start -> paused and announced: median {med * 1000:.0f} ms of {args.runs} "
            f"(target {TARGET_PAUSED_S * 1000:.0f} ms, ratio {med / TARGET_PAUSED_S:.2f}); "
            f"without the archive {bare * 1000:.0f} ms (archive/none = {med / bare:.2f}); "
            f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        print(
            f"resume -> first app code (static initialiser): median "
            f"{statistics.median(to_code) * 1000:.0f} ms"
        )
        print(
            "resume -> launcher activity in front: median "
            f"{statistics.median(to_front) * 1000:.0f} ms"
        )
        top = max(rss)
        print(
            f"RSS per process: max {top:.0f} MB, median {statistics.median(rss):.0f} MB "
            f"(target {TARGET_RSS_MB:.0f} MB, ratio {top / TARGET_RSS_MB:.2f})"
        )

        main_proc = device.start_paused("com.example.pushapp")
        device.resume(main_proc.pid)
        deadline = time.monotonic() + 20
        while len(device.processes("com.example.pushapp")) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.3)
        for p in device.processes("com.example.pushapp"):
            print(f"  {p.name}: RSS {rss_mb(p.pid):.0f} MB")
        device.force_stop("com.example.pushapp")
        device.close()


if __name__ == "__main__":
    main()
