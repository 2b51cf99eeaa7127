"""Spawn gating logic against a stand-in for frida's Device (the library boundary)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from harness.device.adb.frida_link import SpawnGate, spawn_belongs_to
from harness.device.base import ProcessInfo


@dataclass
class Spawn:
    pid: int
    identifier: str


class GatingDevice:
    """Just the frida.core.Device calls SpawnGate makes, recording them."""

    def __init__(self, pending: list[Spawn]) -> None:
        self.pending = pending
        self.callbacks: list = []
        self.resumed: list[int] = []
        self.gating = False
        self.lock = threading.Lock()

    def on(self, signal, cb):
        assert signal == "spawn-added"
        self.callbacks.append(cb)

    def off(self, signal, cb):
        self.callbacks.remove(cb)

    def enable_spawn_gating(self):
        self.gating = True

    def disable_spawn_gating(self):
        self.gating = False

    def enumerate_pending_spawn(self):
        return list(self.pending)

    def resume(self, pid):
        with self.lock:
            self.resumed.append(pid)

    def emit(self, spawn: Spawn) -> None:
        for cb in list(self.callbacks):
            cb(spawn)


def wait_for(cond, timeout=2.0):
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.01)


def test_gate_hands_app_processes_to_handler_and_resumes_everything() -> None:
    fdev = GatingDevice([Spawn(10, "com.example.app:push")])
    seen: list[ProcessInfo] = []
    order: list[str] = []

    def handler(proc: ProcessInfo) -> None:
        order.append(f"handle {proc.pid}")
        seen.append(proc)

    gate = SpawnGate(fdev, "com.example.app", handler)
    assert fdev.gating
    fdev.emit(Spawn(11, "com.android.chrome"))
    fdev.emit(Spawn(12, "com.example.app"))
    fdev.emit(Spawn(13, "com.example.apple"))
    wait_for(lambda: len(fdev.resumed) == 4)
    assert [p.pid for p in seen] == [10, 12]
    assert sorted(fdev.resumed) == [10, 11, 12, 13]
    assert gate.handled == {10, 12}
    gate.close()
    assert not fdev.gating and fdev.callbacks == []


def test_failing_handler_still_resumes_the_process() -> None:
    fdev = GatingDevice([])
    errors = []

    def handler(proc: ProcessInfo) -> None:
        raise RuntimeError("agent failed")

    gate = SpawnGate(fdev, "com.x", handler, on_error=lambda p, e: errors.append((p.pid, str(e))))
    fdev.emit(Spawn(5, "com.x"))
    wait_for(lambda: fdev.resumed == [5])
    assert errors == [(5, "agent failed")]
    gate.close()


def test_spawn_belongs_to() -> None:
    assert spawn_belongs_to("com.a", "com.a") and spawn_belongs_to("com.a:push", "com.a")
    assert not spawn_belongs_to("com.ab", "com.a") and not spawn_belongs_to("com.a.b", "com.a")
