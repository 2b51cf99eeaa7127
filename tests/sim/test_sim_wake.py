"""The listeners' wake-up: set() makes a blocked select return, and the gate and the network
sink end their threads on close (no poll left running after a run)."""

from __future__ import annotations

import select
import threading
from pathlib import Path

from harness.device.sim.gate import SimGate
from harness.device.sim.netsink import NetworkSink
from harness.device.sim.wake import Wake


def test_set_wakes_a_select_blocked_without_a_timeout() -> None:
    wake = Wake()
    seen: list[bool] = []

    def blocked() -> None:
        ready, _, _ = select.select([wake.reader], [], [])
        seen.append(wake.reader in ready)

    thread = threading.Thread(target=blocked, daemon=True)
    thread.start()
    assert not wake.is_set()
    wake.set()
    thread.join(timeout=30)
    assert seen == [True] and wake.is_set()
    wake.set()  # twice: still set, still readable
    assert select.select([wake.reader], [], [], 0)[0] == [wake.reader]
    wake.close()


def test_the_gate_and_the_sink_end_their_threads_on_close(tmp_path: Path) -> None:
    gate = SimGate("com.example.x", lambda _p: None, token="t", verify=lambda _pid: "no")
    sink = NetworkSink(tmp_path / "net")
    threads = [gate._acceptor, sink._thread, sink._udp_thread]
    assert all(t.is_alive() for t in threads)
    gate.close()
    sink.close()
    assert not any(t.is_alive() for t in threads)
    assert not Path(gate.address).exists()
