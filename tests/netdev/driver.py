"""Runs a simulated app once, with or without the agent, and keeps everything it produced.

The agent is loaded straight through Frida (as `harness run` does, but without the controller's
session), so that a test sees the wire items as the agent sent them: raw SendItems and the
PayloadMessage bytes that go with them, which the stored events never hold.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.agent.messages import (
    BatchMessage,
    CallItem,
    PayloadMessage,
    SendItem,
    StackItem,
    parse_message,
)
from harness.agent.session import agent_bundle
from harness.device.sim import SimDevice
from harness.device.sim.netsink import Connection, Datagram

DEADLINE = 120.0  # generous: the machine is shared; a healthy run takes a few seconds


@dataclass
class Run:
    log: list[str]
    connections: list[Connection]
    sends: list[SendItem] = field(default_factory=list)
    calls: list[CallItem] = field(default_factory=list)
    payloads: dict[tuple[int, int], bytes] = field(default_factory=dict)  # (pid, seq) -> body
    stacks: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # "payload:<seq>" / "send:<seq>" as received
    errors: list[Any] = field(default_factory=list)
    hooked: list[str] = field(default_factory=list)
    datagrams: list[Datagram] = field(default_factory=list)

    def lines(self, prefix: str) -> list[str]:
        return [line for line in self.log if line.startswith(prefix)]

    def frames(self, item: SendItem) -> list[str]:
        assert item.stack_id is not None
        return self.stacks[(item.pid, item.stack_id)]

    def call(self, hook_id: str) -> CallItem:
        found = [c for c in self.calls if c.hook_id == hook_id]
        assert found, (hook_id, sorted({c.hook_id for c in self.calls}))
        return found[0]

    def by_channel(self, channel: str) -> list[SendItem]:
        return [s for s in self.sends if s.channel.value == channel]


class _Collector:
    def __init__(self, run: Run) -> None:
        self.run = run
        self.lock = threading.Lock()

    def on_message(self, pid: int, message: dict[str, Any], data: bytes | None) -> None:
        if message.get("type") != "send":
            with self.lock:
                self.run.errors.append(message)
            return
        parsed = parse_message(message["payload"], data)
        with self.lock:
            if isinstance(parsed, PayloadMessage):
                assert data is not None
                bodies = parsed.bodies(bytes(data))
                assert bodies is not None, parsed
                for seq, body in bodies:
                    self.run.payloads[(parsed.pid, seq)] = body
                    self.run.order.append(f"payload:{seq}")
            elif isinstance(parsed, BatchMessage):
                for item in parsed.items:
                    if isinstance(item, StackItem):
                        self.run.stacks[(pid, item.id)] = item.texts()
                    elif isinstance(item, CallItem):
                        self.run.calls.append(item)
                    elif isinstance(item, SendItem):
                        self.run.sends.append(item)
                        self.run.order.append(f"send:{item.seq}")
            elif parsed.type == "agent_error":
                self.run.errors.append(parsed)


def run_app(
    device: SimDevice,
    app: Path,
    package: str,
    *,
    agent: bool,
    done: str,
    grant: tuple[str, ...] = (),
    processes: int = 1,
    source: str | None = None,
) -> Run:
    """Install and start `app`, wait for `done` in its log (and for `processes` processes to
    have printed it, for apps with a :process), stop it; returns what was seen. `source`: a
    script loaded instead of the agent (a benchmark's pass-through hooks), with `agent`."""
    import frida

    device.install(app)
    device.clear_data(package)
    for permission in grant:
        device.grant(package, permission)
    device.network_sink.clear()
    run = Run(log=[], connections=[])
    collector = _Collector(run)
    sessions: list[Any] = []
    scripts: list[Any] = []
    if agent and source is None:
        source = agent_bundle()
    elif not agent:
        source = None

    def instrument(pid: int, name: str) -> None:
        session = device.frida_device().attach(pid)
        script = session.create_script(source, name="harness-agent")
        script.on("message", lambda message, data: collector.on_message(pid, message, data))
        script.load()
        reply = script.exports_sync.init(
            {
                "process": name,
                "pid": pid,
                "raw_values": False,
                "batch_size": 200,
                "flush_ms": 50,
                "app_package": package,
            }
        )
        with collector.lock:
            run.hooked.extend(reply["hooked"])
        sessions.append(session)
        scripts.append(script)

    gate = device.gate_processes(package, lambda proc: instrument(proc.pid, proc.name))
    try:
        main = device.start_paused(package)
        if source is not None:
            instrument(main.pid, package)
        device.resume(main.pid)
        log = device.log_file(package)
        deadline = time.monotonic() + DEADLINE
        while True:
            text = log.read_text(encoding="utf-8") if log.is_file() else ""
            if text.count(done) >= processes:
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"{package} did not print {done!r}:\n{text[-3000:]}")
            time.sleep(0.05)
        for script in scripts:
            script.exports_sync.flush()
        time.sleep(0.2)  # the last batch's message crosses the transport
        run.log = log.read_text(encoding="utf-8").splitlines()
    finally:
        gate.close()
        device.force_stop(package)
        for session in sessions:
            try:
                session.detach()
            except frida.InvalidOperationError:
                pass
    run.connections = sorted(device.network_sink.connections(), key=lambda c: c.number)
    run.datagrams = device.network_sink.datagrams()
    run.sends.sort(key=lambda s: (s.pid, s.seq))
    return run
