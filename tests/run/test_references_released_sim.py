"""The agent lets go of the Java objects a hooked call hands it: no result outlives its call.

Every wrapper frida-java-bridge makes holds a JNI global reference until the agent deletes it
(hooks/src/handles.ts: noted by the wrapper's weak callback, deleted on the next hooked call's
app thread). The app asks an app-side SDK method the catalogue hooks (Huawei's OAID client) for
100 results of 2 MiB (200 MiB against its 128 MiB heap) and keeps none: only released references
let them be collected. With the deletion switched off the app ran out of memory after 61 calls.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.run.shortrun import short_run

APP = Path(__file__).parent / "apps" / "big-results"
CALLS = 100  # BigResultsApp.CALLS
pytestmark = pytest.mark.sim


def test_results_of_hooked_calls_are_released_and_collected(device: Any, tmp_path: Path) -> None:
    out = tmp_path / "run"
    # the dialog shows once the reads are done: the run waits for it, not for a time
    report = short_run(device, APP, out, dialog_timeout=120.0)
    assert report.consent.outcome == "accepted", report.problems
    assert [p.kind for p in report.problems] == [], report.problems
    log = (out / "app.log").read_text(encoding="utf-8", errors="replace")
    assert f"read {CALLS} results" in log
    assert "OutOfMemoryError" not in log
    events = [json.loads(line) for line in (out / "events.jsonl").read_text().splitlines()]
    reads = [e for e in events if e.get("hook_id") == "hms.getAdvertisingIdInfo"]
    assert len(reads) == CALLS
