"""`suspect_exits`: which exits count as the app's answer to its own probes (run/probes.py)."""

from __future__ import annotations

from harness.model import ProbeEvent, ProbeTarget
from harness.report.model import RunProblem
from harness.run.probes import (
    KEEP_FIRST,
    KEEP_LAST,
    SUSPECT_WINDOW_S,
    Exit,
    ProbeLog,
    suspect_exits,
)

T0 = 1_700_000_000_000.0  # the resume, device clock


def _probe(pid: int, at_s: float, target: ProbeTarget = ProbeTarget.memory_maps) -> ProbeEvent:
    return ProbeEvent(
        seq=1,
        ts=T0 + at_s * 1000,
        pid=pid,
        process="com.example.app",
        api="java.io.FileInputStream.<init>",
        target=target,
        detail="/proc/self/maps",
        stack=["com.example.app.Check.run(Check.java:3)"],
    )


def _exit(pid: int, at_s: float) -> Exit:
    problem = RunProblem(kind="app_crashed", message=f"process x (pid {pid}) ended: crashed")
    return Exit(pid, T0 + at_s * 1000, problem)


def _log(*probes: ProbeEvent) -> ProbeLog:
    log = ProbeLog()
    for probe in probes:
        log.add(probe)
    return log


def test_an_exit_right_after_a_probe_of_the_same_process_is_suspected() -> None:
    exit_ = _exit(7, 2.5)
    suspect_exits([exit_], _log(_probe(7, 2.0)), resumed_at_ts=T0, clock_offset_ms=0.0)
    assert exit_.problem.kind == "anti_instrumentation_suspected"
    assert "0.50 s after it probed for instrumentation (memory_maps" in exit_.problem.message
    assert exit_.problem.probes[0].at_s == 2.0
    assert exit_.problem.probes[0].stack == ["com.example.app.Check.run(Check.java:3)"]


def test_late_exits_other_processes_and_probes_after_the_exit_are_not() -> None:
    late = _exit(7, 2.0 + SUSPECT_WINDOW_S + 1)
    other = _exit(8, 2.5)
    before = _exit(9, 1.0)  # its only probe came 5 s after it ended
    log = _log(_probe(7, 2.0), _probe(9, 6.0))
    suspect_exits([late, other, before], log, resumed_at_ts=T0, clock_offset_ms=0.0)
    assert [e.problem.kind for e in (late, other, before)] == ["app_crashed"] * 3
    assert all(not e.problem.probes for e in (late, other, before))


def test_the_device_clock_offset_is_applied_to_the_exit_time() -> None:
    # The device clock runs 60 s ahead of the controller's: the exit, taken on the
    # controller, is 0.5 s after the probe only once the offset is added.
    exit_ = _exit(7, 2.5 - 60.0)
    suspect_exits([exit_], _log(_probe(7, 2.0)), resumed_at_ts=T0, clock_offset_ms=60_000.0)
    assert exit_.problem.kind == "anti_instrumentation_suspected"


def test_a_probing_loop_keeps_the_first_and_last_probes_only() -> None:
    log = _log(*(_probe(7, i / 1000) for i in range(10_000)))
    assert log.total == 10_000
    kept = log.kept()
    assert len(kept) == KEEP_FIRST + KEEP_LAST
    assert kept[0].ts == T0 and kept[-1].ts == T0 + 9.999 * 1000


def test_the_last_probe_is_the_last_in_the_process_order_when_two_share_a_millisecond() -> None:
    # The detector reads /proc/self/status, then /proc/self/maps, within one ms: the same `ts`.
    # The last one named is the one the process made last (its seq), not the first of the tie.
    status = _probe(7, 2.0, ProbeTarget.tracer).model_copy(
        update={"seq": 4, "detail": "/proc/self/status"}
    )
    maps = _probe(7, 2.0).model_copy(update={"seq": 5})
    exit_ = _exit(7, 2.5)
    suspect_exits([exit_], _log(status, maps), resumed_at_ts=T0, clock_offset_ms=0.0)
    assert "on '/proc/self/maps'" in exit_.problem.message, exit_.problem.message
    assert [p.detail for p in exit_.problem.probes] == ["/proc/self/status", "/proc/self/maps"]


def test_probes_are_quoted_in_the_process_order_even_if_the_clock_stepped_back() -> None:
    first = _probe(7, 2.0, ProbeTarget.tracer).model_copy(update={"seq": 4, "detail": "status"})
    second = _probe(7, 1.9).model_copy(update={"seq": 5})  # the device clock was set back
    exit_ = _exit(7, 2.5)
    suspect_exits([exit_], _log(first, second), resumed_at_ts=T0, clock_offset_ms=0.0)
    assert "on '/proc/self/maps'" in exit_.problem.message, exit_.problem.message
    assert exit_.problem.probes[-1].detail == "/proc/self/maps"
