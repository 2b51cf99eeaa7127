"""Run an app once under the agent the way `harness run` does, for tests and benchmarks.

Gate the package's processes, start its main process paused, instrument every process while it
is paused, resume; wait for the caller's `done()`, flush, then close the instrumentation, the
gate and the app. The end-to-end agent tests and benchmarks/bench_hook_cost.py share it, so that
what the benchmark times is the path the tests check. (`harness.run.protocol` has its own,
with windows, consent and evidence around the same steps.)
"""

from __future__ import annotations

import time
from collections.abc import Callable

from harness.agent.session import Instrumentation
from harness.device.base import Device, ProcessInfo

POLL_S = 0.05


def drive(
    device: Device,
    package: str,
    inst: Instrumentation | None,
    done: Callable[[], bool],
    timeout_s: float,
    seen: dict[str, int] | None = None,
) -> bool:
    """One run of `package` (`inst` None: no agent). True once `done()` held within
    `timeout_s`, False past it; either way everything is flushed, closed and stopped.
    `seen` collects each process's name and pid as it starts."""
    finished = False

    def on_process(proc: ProcessInfo) -> None:
        if seen is not None:
            seen[proc.name] = proc.pid
        if inst is not None:
            inst.instrument(proc)

    gate = device.gate_processes(package, on_process)
    try:
        main = device.start_paused(package)
        on_process(main)
        device.resume(main.pid)
        deadline = time.monotonic() + timeout_s
        while not (finished := done()) and time.monotonic() < deadline:
            time.sleep(POLL_S)
        if finished and inst is not None:
            inst.flush()
    finally:
        if inst is not None:
            inst.close()
        gate.close()
        device.force_stop(package)
    return finished
