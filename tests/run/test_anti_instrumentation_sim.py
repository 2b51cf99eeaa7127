"""An app that finds Frida and quits is `anti_instrumentation_suspected`, not `app_crashed`.

Issue #14, "Outcomes that must say what happened". The hostile example app
(examples/apps/frida-detector) checks frida-server's file and port, TracerPid and
/proc/self/maps, and calls System.exit(0) before its privacy dialog when the maps name frida (on
the simulated device the JVM's maps hold frida-agent's library, as on a phone). The control app
reads /proc/self/maps for its own reasons and keeps running: its probes are listed, its run is
not suspected.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.model import ProbeTarget
from tests.run.shortrun import short_run

ROOT = Path(__file__).resolve().parents[2]
DETECTOR = ROOT / "examples" / "apps" / "frida-detector"
CONTROL = Path(__file__).parent / "apps" / "maps-reader"
pytestmark = pytest.mark.sim


def test_an_app_that_quits_after_finding_frida_is_suspected_not_crashed(
    device: Any, tmp_path: Path
) -> None:
    out = tmp_path / "run"
    report = short_run(device, DETECTOR, out, dialog_timeout=20.0)
    kinds = [p.kind for p in report.problems]
    assert "app_crashed" not in kinds, report.problems
    suspected = [p for p in report.problems if p.kind == "anti_instrumentation_suspected"]
    assert len(suspected) == 1, report.problems
    problem = suspected[0]
    assert "probed for instrumentation" in problem.message
    assert "/proc/self/maps" in problem.message
    # The evidence: every probe of the process before it quit, each with API, path, stack, time.
    targets = {p.target for p in problem.probes}
    assert targets == {
        ProbeTarget.frida_server_file,
        ProbeTarget.frida_port,
        ProbeTarget.tracer,
        ProbeTarget.memory_maps,
    }
    maps = next(p for p in problem.probes if p.target is ProbeTarget.memory_maps)
    assert maps.detail == "/proc/self/maps"
    assert maps.api == "java.io.FileInputStream.<init>"  # FileReader's, recorded once
    assert any("com.example.fridadetector.Detector.findFrida(" in f for f in maps.stack)
    assert maps.at_s >= 0 and maps.process == "com.example.fridadetector"
    port = next(p for p in problem.probes if p.target is ProbeTarget.frida_port)
    assert port.detail.endswith(":27042")
    # The app saw the real maps through the hook: it found frida there and said so.
    log = (out / "app.log").read_text(encoding="utf-8", errors="replace")
    assert "instrumentation found (frida in /proc/self/maps); quitting" in log
    assert report.consent.outcome == "no_dialog"
    # Every output says it: report.json, report.html, junit.xml.
    stored = json.loads((out / "report.json").read_text())
    assert stored["problems"][0]["kind"] == "anti_instrumentation_suspected"
    assert stored["problems"][0]["probes"][-1]["detail"] == "/proc/self/maps"
    assert stored["probe_count"] == 4
    html = (out / "report.html").read_text()
    assert "Instrumentation probes" in html and "anti_instrumentation_suspected" in html
    assert "/proc/self/maps" in html
    assert "anti_instrumentation_suspected" in (out / "junit.xml").read_text()
    assert device.processes("com.example.fridadetector") == []


def test_an_app_that_reads_its_maps_and_keeps_running_is_not_suspected(
    device: Any, tmp_path: Path
) -> None:
    out = tmp_path / "run"
    report = short_run(device, CONTROL, out, dialog_timeout=20.0)
    assert report.status == "completed", report.problems
    assert report.consent.outcome == "accepted"
    assert [p.target for p in report.probes] == [ProbeTarget.memory_maps]
    assert report.probes[0].detail == "/proc/self/maps"
    assert "com.example.mapsreader.MapsApp.onCreate(" in report.probes[0].stack[1]
    # The hook returned the real file: the app counted its mapped libraries.
    log = (out / "app.log").read_text(encoding="utf-8", errors="replace")
    counted = [line for line in log.splitlines() if "mapped libraries: " in line]
    assert counted and int(counted[0].rsplit(" ", 1)[1]) > 0, counted
    assert not report.findings  # a probe is not a read of personal data
