"""What the app sees with and without the agent, raw values, and dying processes."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from harness.device.base import ProcessInfo
from tests.agent.conftest import FixtureApp

COMMANDS = [
    "clinit",
    "imei",
    "thread",
    "reflect",
    "denied",
    "androidId",
    "otherSetting",
    "contacts",
    "media",
    "wifi",
    "nullret",
    "flood 20",
]


def _outputs(app: FixtureApp, sdk: Path) -> list[str]:
    results = [app.run(c) for c in COMMANDS] + [app.run(f"sdk {sdk}")]
    return [r.split(" ns=")[0] for r in results]  # the flood's timing differs, its value not


def test_the_app_sees_the_same_results_with_and_without_the_agent(
    java_classes: dict[str, Path], agent_source: str
) -> None:
    plain = FixtureApp(java_classes)
    try:
        without = _outputs(plain, java_classes["sdk"])
    finally:
        plain.close()
    hooked = FixtureApp(java_classes)
    try:
        hooked.instrument(agent_source)
        with_agent = _outputs(hooked, java_classes["sdk"])
        hooked.inst.flush()  # type: ignore[union-attr]
        assert len(hooked.sink.calls()) >= len(COMMANDS)  # the agent did watch
    finally:
        hooked.close()
    assert with_agent == without


def test_raw_values_are_sent_unmasked(fixture_app: FixtureApp, agent_source: str) -> None:
    fixture_app.instrument(agent_source, raw_values=True)
    calls = fixture_app.calls_of("deviceId")
    assert [c.ret for c in calls] == ["861234567890123"]


def test_events_sent_before_the_process_exits_arrive_and_the_loss_is_reported(
    fixture_app: FixtureApp, agent_source: str
) -> None:
    lost: list[tuple[ProcessInfo, str]] = []
    done = threading.Event()
    fixture_app.instrument(agent_source, batch_size=1000, flush_ms=10_000)  # nothing leaves early
    assert fixture_app.inst is not None

    def on_lost(proc: ProcessInfo, reason: str) -> None:
        lost.append((proc, reason))
        done.set()

    fixture_app.inst.on_process_lost(on_lost)
    assert fixture_app.proc.stdin is not None
    fixture_app.proc.stdin.write("exitnow 300\n")
    fixture_app.proc.stdin.flush()
    assert fixture_app.proc.wait(timeout=20) == 3
    assert done.wait(timeout=10), "process loss was not reported"
    calls = fixture_app.sink.calls()
    assert len(calls) == 300
    assert [c.seq for c in calls] == sorted(c.seq for c in calls)
    assert lost[0][0] == fixture_app.info and "terminated" in lost[0][1]
    # Everything below must be harmless on a dead process.
    assert fixture_app.inst.mark("consent_accepted") == []
    fixture_app.inst.flush()
    fixture_app.inst.close()
    fixture_app.inst.close()


def test_instrumenting_a_missing_process_names_it(agent_source: str) -> None:
    import frida

    from harness.agent.session import AgentOptions, Instrumentation
    from harness.errors import AgentError
    from tests.agent.conftest import RecordingSink

    inst = Instrumentation(
        frida.get_local_device(), RecordingSink(), AgentOptions(), source=agent_source
    )
    with pytest.raises(AgentError, match=r"com\.example\.gone \(pid 999999\)"):
        inst.instrument(ProcessInfo(999999, "com.example.gone"))
    inst.close()
