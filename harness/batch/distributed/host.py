"""`harness worker`: this host's devices, each in its own Celery worker process.

One process per device (a solo-pool Celery worker) is what makes "one app per device at a time"
and device-aware routing exact: each process consumes only the queues its device can serve. This
process only starts them, forwards SIGTERM/SIGINT (a warm shutdown: each finishes its current
app, then stops) and restarts one that died, so the host keeps serving. The children also get
SIGTERM if this process is killed (Linux parent-death signal): none outlives the worker.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from harness.batch.distributed.slotspec import SLOT_ENV, SlotSpec
from harness.batch.parentdeath import die_with_parent
from harness.batch.routing import SIM_TAGS, check_tag, entry_tags, queues_of
from harness.errors import ConfigError

RESTART_BACKOFF_S = 5.0


@dataclass(frozen=True)
class WorkerOptions:
    broker: str
    host: str
    inventory: Path | None
    sim_slots: int
    home: Path  # the simulated devices' homes: HOME/slot-<i>
    heartbeat_s: float
    max_time_limit: float
    visibility_timeout: float | None
    store: str | None
    artifacts: Path | None
    extra_tags: tuple[str, ...] = ()


def default_host() -> str:
    return socket.gethostname().split(".")[0] or "host"


def slot_specs(options: WorkerOptions) -> list[SlotSpec]:
    """One spec per device of this host: every adb device of the inventory, then the sim slots."""
    extra = tuple(check_tag(t, "--tag") for t in options.extra_tags)
    common = {
        "host": options.host,
        "broker": options.broker,
        "heartbeat_s": options.heartbeat_s,
        "max_time_limit": options.max_time_limit,
        "visibility_timeout": options.visibility_timeout,
        "store": options.store,
        "artifacts": str(options.artifacts.resolve()) if options.artifacts else None,
    }
    specs: list[SlotSpec] = []
    if options.inventory is not None:
        from harness.device.inventory import load_inventory

        for entry in load_inventory(options.inventory).devices:
            if entry.kind == "sim":
                continue
            specs.append(
                SlotSpec(
                    slot=entry.key,
                    kind="adb",
                    tags=tuple(sorted(entry_tags(entry) | set(extra))),
                    inventory=str(options.inventory.resolve()),
                    **common,
                )
            )
    for i in range(1, options.sim_slots + 1):
        specs.append(
            SlotSpec(
                slot=f"sim-{i}",
                kind="sim",
                tags=tuple(sorted(SIM_TAGS | set(extra))),
                home=str((options.home / f"slot-{i}").resolve()),
                **common,
            )
        )
    if not specs:
        where = f"{options.inventory} lists no adb devices" if options.inventory else "no --devices"
        raise ConfigError(f"no devices to serve: {where} and --sim-slots is 0")
    for spec in specs:
        queues_of(spec.tags, spec.device)  # too many tags: say so before starting anything
    return specs


class _Child:
    def __init__(self, spec: SlotSpec, log_dir: Path | None) -> None:
        self.spec = spec
        self.log_dir = log_dir
        self.proc: subprocess.Popen[bytes] | None = None
        self.started = 0.0

    def start(self) -> None:
        env = {**os.environ, SLOT_ENV: self.spec.model_dump_json()}
        out: int | object = subprocess.DEVNULL
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = open(self.log_dir / f"{self.spec.slot}.log", "ab")  # noqa: SIM115 - child owns it
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "harness.batch.distributed.device_main"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,  # type: ignore[arg-type]
            stderr=subprocess.STDOUT,
            preexec_fn=die_with_parent if sys.platform.startswith("linux") else None,
        )
        if not isinstance(out, int):
            out.close()  # type: ignore[attr-defined]
        self.started = time.monotonic()


def serve(
    options: WorkerOptions,
    *,
    log_dir: Path | None = None,
    say: Callable[[str], None] = lambda _line: None,
    stop: threading.Event | None = None,
) -> int:
    """Run until SIGTERM/SIGINT (or `stop`); returns the exit status."""
    specs = slot_specs(options)
    from harness.batch.distributed.registry import Registry

    registry = Registry(options.broker)
    try:
        registry.check()
    finally:
        registry.close()
    stop = stop or threading.Event()
    children = [_Child(spec, log_dir) for spec in specs]

    def on_signal(signum: int, _frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        for child in children:
            child.start()
            say(f"{child.spec.device}: tags {', '.join(child.spec.tags)}")
        while not stop.is_set():
            for child in children:
                assert child.proc is not None
                code = child.proc.poll()
                if code is None:
                    continue
                if time.monotonic() - child.started >= RESTART_BACKOFF_S:
                    say(f"{child.spec.device}: its worker process ended ({code}); restarting")
                    child.start()
            stop.wait(0.5)
        say("stopping: each device finishes its current app")
        for child in children:
            if child.proc is not None and child.proc.poll() is None:
                child.proc.send_signal(signal.SIGTERM)  # Celery's warm shutdown
        for child in children:
            if child.proc is not None:
                child.proc.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for child in children:
            if child.proc is not None and child.proc.poll() is None:
                child.proc.kill()
                child.proc.wait()
    return 0
