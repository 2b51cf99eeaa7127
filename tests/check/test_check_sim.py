"""End to end on the simulated device: a baseline run of the ad-SDK example app, then a changed
copy whose SDK makes one extra read before consent. `harness check` must name exactly that read.

Two short real runs (window 1 s) shared by the module; everything else re-checks their run folders.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

from harness.attribution.frames import parse_frame
from harness.errors import ExitCode
from harness.report.model import RunReport

from .cli_helpers import harness
from .factories import sarif_schema

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "examples" / "apps" / "ad-sdk-app"
EXTRA_API = "android.os.Build.getSerial"

pytestmark = pytest.mark.sim


def _project(app: Path, baseline: Path) -> Path:
    """harness.yaml inside the app's folder, as an app team keeps it next to its sources."""
    path = app / "harness.yaml"
    path.write_text(
        "app: {target: .}\n"
        "protocol: {window: 1, background_window: 0.5, dialog_timeout: 30, time_limit: 90,"
        " evidence: false}\n"
        f"baseline: '{baseline}'\nout: out\nsarif: {{source_root: src}}\n",
        encoding="utf-8",
    )
    return path


def _check(project: Path) -> subprocess.CompletedProcess[str]:
    # a real CI invocation, in its own process (Frida, JVM and threads die with it)
    return subprocess.run(
        [sys.executable, "-m", "harness", "check", "--project", str(project), "--quiet"],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=project.parent,
        env={**os.environ, "COLUMNS": "250"},
    )


def _add_extra_read(app: Path, report: RunReport) -> str:
    """Insert Build.getSerial() before the statement of an SDK's pre-consent read; returns actor."""
    for finding in report.findings:
        if finding.rule.value != "pre_consent" or finding.actor.kind != "sdk":
            continue
        frame = parse_frame(finding.actor.frame or "")
        if not frame.is_java or frame.file is None or frame.line is None:
            continue
        suffix = "/".join([*frame.class_name.split(".")[:-1], frame.file])
        sources = [p for p in app.rglob(frame.file) if p.as_posix().endswith(suffix)]
        if not sources:
            continue
        lines = sources[0].read_text(encoding="utf-8").splitlines(keepends=True)
        start = frame.line - 1
        while start > 0 and not lines[start - 1].rstrip().endswith((";", "{", "}")):
            start -= 1  # back to the first line of the statement
        indent = re.match(r"\s*", lines[start]).group(0)  # type: ignore[union-attr]
        lines.insert(start, f"{indent}{EXTRA_API}();\n")
        sources[0].write_text("".join(lines), encoding="utf-8")
        return finding.actor.name
    pytest.fail("no pre-consent SDK finding with a source frame in the baseline run")


@dataclass
class Runs:
    base_project: Path
    changed_project: Path
    baseline: Path
    changed_run: Path
    changed: subprocess.CompletedProcess[str]
    actor: str
    report_package: str


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    root = tmp_path_factory.mktemp("check-sim")
    baseline = root / "harness-baseline.json"
    shutil.copytree(APP, root / "original")
    base_project = _project(root / "original", baseline)
    first = _check(base_project)
    assert first.returncode == ExitCode.FINDINGS, first.stdout + first.stderr  # no baseline yet
    report = RunReport.model_validate_json((root / "original/out/run/report.json").read_text())
    assert report.status == "completed" and report.findings
    assert EXTRA_API not in {f.api for f in report.findings}
    accept = subprocess.run(
        [
            sys.executable,
            "-m",
            "harness",
            "baseline",
            "accept",
            str(root / "original/out/run"),
            "--project",
            str(base_project),
            "--by",
            "test",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert accept.returncode == 0, accept.stderr

    shutil.copytree(APP, root / "changed")
    actor = _add_extra_read(root / "changed", report)
    changed_project = _project(root / "changed", baseline)
    changed = _check(changed_project)
    return Runs(
        base_project,
        changed_project,
        baseline,
        root / "changed/out/run",
        changed,
        actor,
        report.target.package,
    )


def test_changed_app_fails_naming_exactly_the_new_read(runs: Runs) -> None:
    assert runs.changed.returncode == ExitCode.FINDINGS, runs.changed.stdout + runs.changed.stderr
    new = [line for line in runs.changed.stdout.splitlines() if line.startswith(("NEW", "EXPIRED"))]
    assert len(new) == 1, runs.changed.stdout
    assert f"pre_consent serial {EXTRA_API} by sdk:{runs.actor}" in new[0]
    check = json.loads((runs.changed_project.parent / "out/check.json").read_text())
    assert check["counts"]["new"] == 1 and check["counts"]["expired"] == 0
    assert check["counts"]["baselined"] >= 1  # the old reads keep their keys across runs


def test_outputs_of_the_changed_run(runs: Runs) -> None:
    out = runs.changed_project.parent / "out"
    log = json.loads((out / "check.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    errors = [r for r in log["runs"][0]["results"] if r["level"] == "error"]
    assert len(errors) == 1 and errors[0]["properties"]["api"] == EXTRA_API
    # every result points at the team's own files: never at the SDK's sources under src/com/qq
    app_package = "src/" + runs.report_package.replace(".", "/") + "/"
    for result in log["runs"][0]["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.startswith(app_package) or uri == "AndroidManifest.xml", uri
        assert (runs.changed_project.parent / uri).is_file()
    suite = ET.parse(out / "check-junit.xml").getroot().find("testsuite")
    assert suite is not None and suite.get("failures") == "1" and suite.get("skipped") == "0"
    assert EXTRA_API in (out / "check-summary.md").read_text(encoding="utf-8")


def test_waiver_passes_until_it_expires(runs: Runs, capsys, monkeypatch) -> None:
    project = runs.changed_project
    text = project.read_text(encoding="utf-8")
    project.write_text(
        text
        + "waivers:\n  - {rule: pre_consent, data: serial, actor: {name: '"
        + runs.actor
        + "'}, reason: 'vendor fix pending', expires: 2030-01-31}\n",
        encoding="utf-8",
    )
    try:
        args = ("check", "-p", str(project), "--from-run", str(runs.changed_run))
        ok = harness(capsys, monkeypatch, *args, "--today", "2030-01-31")
        assert ok.code == 0, ok.out
        late = harness(capsys, monkeypatch, *args, "--today", "2030-02-01")
        assert late.code == ExitCode.FINDINGS and "waiver expired on 2030-01-31" in late.out
    finally:
        project.write_text(text, encoding="utf-8")


def test_accepting_the_changed_run_makes_it_pass(runs: Runs, capsys, monkeypatch) -> None:
    project = str(runs.changed_project)
    saved = runs.baseline.read_bytes()
    try:
        r = harness(capsys, monkeypatch, "baseline", "accept", str(runs.changed_run), "-p", project)
        assert r.code == 0 and f"+ pre_consent serial {EXTRA_API}" in r.out
        r = harness(
            capsys, monkeypatch, "check", "-p", project, "--from-run", str(runs.changed_run)
        )
        assert r.code == 0, r.out
    finally:
        runs.baseline.write_bytes(saved)
