"""Where a run's wall time went: the `timings` block of report.json (issue #19).

Phases are wall-clock seconds measured by the controller around each step of the protocol, so
that the overhead beyond the observation windows has names. A phase that did not happen in a
run (no background window, no relaunch, no dialog) is absent rather than zero. The per-process
agent load is split the way Frida does it: attach, compile the script, load it (the agent's top
level runs, which installs every framework hook), and the `init` round trip.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

# The phases in protocol order, with what each covers; report.json keeps this order.
PHASES: dict[str, str] = {
    "open_device": "connect to the device (the sim: take a slot, start its network sink)",
    "install": "install the app (the sim: compile its sources against the framework, cached)",
    "clear": "force-stop, wipe the app's data and set its permissions",
    "spawn": "gate up, start the main process paused until it is registered",
    "agent_load": "attach Frida and load the agent into the main process (hooks included)",
    "resume": "the app_resumed marker's round trip through the agent, and the resume itself",
    "dialog_polling": "from the resume until the consent dialog was seen (or the wait ended)",
    "window_rest": "the rest of the first window with the dialog untouched",
    "await_start": "wait for awaited processes and the app to finish starting",
    "decision": "the decisive tap, its markers and the phase evidence around it",
    "observe_after": "the window after the decision",
    "observe_background": "HOME and the background window",
    "reboot_spawn": "end the app's processes, start one for BOOT_COMPLETED, load the agent",
    "reboot_window": "the window after the reboot",
    "relaunch_spawn": "force-stop, start again paused, load the agent, resume",
    "relaunch_window": "the relaunch window",
    "first_screen_check": "whether the app reached its first screen (a bounded idle check)",
    "collection": "flush the agents, the last phase evidence and the app's log",
    "stop": "detach, close the gate and force-stop the app",
    "close_device": "close the device the run opened (the sim: its network sink, its instance)",
    "rules": "events to findings: rules, attribution, the static view",
    "report_writing": "report.json, report.html, junit.xml (and report.pdf)",
    "manifest": "manifest.json: the digests of every file (and its signature)",
}

# Phases that are the observation windows themselves, not overhead.
WINDOW_PHASES = frozenset(
    {
        "dialog_polling",
        "window_rest",
        "observe_after",
        "observe_background",
        "reboot_window",
        "relaunch_window",
    }
)


class ProcessLoad(BaseModel):
    """How long loading the agent into one process took, step by step (seconds)."""

    pid: int
    process: str
    attach_s: float
    compile_s: float  # create_script: Frida compiles the bundle (a cache hit after the first)
    load_s: float  # script.load(): the agent's top level, every framework hook installed
    init_s: float  # the init RPC: options in, the hook report back
    total_s: float


class RunTimings(BaseModel):
    """The run's wall time by phase (see PHASES), the evidence's share, each agent load."""

    phases: dict[str, float] = Field(default_factory=dict)  # name -> seconds, protocol order
    total_s: float = 0.0  # from the start of run_app to report.json written (not the manifest)
    windows_s: float = 0.0  # the sum of the window phases (WINDOW_PHASES)
    overhead_s: float = 0.0  # total_s - windows_s
    evidence_s: float = 0.0  # UI dumps and screenshots, inside whichever phase took them
    agent_loads: list[ProcessLoad] = Field(default_factory=list)
