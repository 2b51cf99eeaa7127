"""An app that quits while it polls hooked APIs exits, and every call it made is recorded.

Each hooked call hands the agent Java objects whose wrappers hold JNI global references, freed
by weak callbacks on the agent's JS thread. Freed there, a reference released while HotSpot
exits (its final safepoint never ends) blocked the JS thread inside the VM for good; exit()
then waited on the agent and the app never died (CI at 18072c2, frida-detector; 5 runs in 5
with this app). hooks/src/handles.ts releases them on app threads instead. The app's
shutdown hook makes 3,000 reads right before the exit, so the references are freed then.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.run.shortrun import short_run

APP = Path(__file__).parent / "apps" / "quits-while-polling"
SHUTDOWN_READS = 3000  # PollingApp's shutdown hook
pytestmark = pytest.mark.sim


def test_an_app_that_quits_while_polling_exits_and_loses_no_call(
    device: Any, tmp_path: Path
) -> None:
    out = tmp_path / "run"
    report = short_run(device, APP, out, dialog_timeout=10.0)
    agent_problems = [p for p in report.problems if p.kind.startswith("agent")]
    assert agent_problems == [], report.problems
    events = [json.loads(line) for line in (out / "events.jsonl").read_text().splitlines()]
    threads = [e.get("thread") for e in events if e.get("type") == "call"]
    # every read of the shutdown hook, the last ones before exit, is in the evidence
    assert threads.count("last-reads") == SHUTDOWN_READS
    assert threads.count("poller-0") + threads.count("poller-1") >= 400
    log = (out / "app.log").read_text(encoding="utf-8", errors="replace")
    assert "quitting after 400 calls" in log
    assert device.processes("com.example.quitspolling") == []
