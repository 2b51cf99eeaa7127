"""The README walk-through of `harness check`, run as written on the simulated device.

The commands, the Java line to add and the failing line to expect are read from README.md, so the
walk-through cannot drift from what the tool does. Only the observation windows are shortened
(in the copied project file) to keep the test quick; the dialog timeout stays generous for a
loaded machine.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest
import yaml

from harness.errors import ExitCode
from harness.report.model import RunReport

from .factories import sarif_schema

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
EXAMPLES = ROOT / "examples" / "apps"
FAST = {"window": 1, "background_window": 0.5, "dialog_timeout": 30, "time_limit": 90}


@dataclass
class Walkthrough:
    app: str  # examples/apps/<app> copied in the first command
    commands: list[tuple[str, int]]  # `harness ...` arguments and the exit status the README states
    anchor: str  # the source line the snippet goes above
    source: str  # the file it goes into, relative to the app folder
    snippet: list[str]
    expected: str  # the failing line, up to its run-specific details


def _walkthrough() -> Walkthrough:
    text = README.read_text(encoding="utf-8")
    section = text.split("### Walk-through", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(\w*)\n(.*?)```", section, re.S)
    bash = next(body for lang, body in blocks if lang == "bash")
    java = next(body for lang, body in blocks if lang == "java")
    output = next(body for lang, body in blocks if lang == "")
    first, *rest = bash.strip().splitlines()
    app = re.fullmatch(r"cp -r examples/apps/([\w-]+) (\S+) && cd \2", first.strip())
    assert app, first
    commands = []
    for line in rest:
        command, _, comment = line.partition("#")
        code = re.search(r"exit (\d)", comment)
        assert command.strip().startswith("harness ") and code, line
        commands.append((command.strip().removeprefix("harness "), int(code.group(1))))
    anchor = re.search(r"just above the line `([^`]+?)\s*\.\.\.`", section)
    source = re.search(r"in\s+`(src/[\w/]+\.java)`", section)
    assert anchor and source
    expected = output.strip().split("  [", 1)[0]
    snippet = [line[3:] if line.startswith("   ") else line for line in java.splitlines()]
    return Walkthrough(app.group(1), commands, anchor.group(1), source.group(1), snippet, expected)


def _copy_example(name: str, into: Path) -> Path:
    app = into / name
    shutil.copytree(EXAMPLES / name, app)
    project = app / "harness.yaml"
    data = yaml.safe_load(project.read_text(encoding="utf-8"))
    data["protocol"] = {**data.get("protocol", {}), **FAST, "evidence": False}
    project.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return app


def _harness(app: Path, args: str) -> subprocess.CompletedProcess[str]:
    # the user's shell in the app folder: a process of its own (JVMs and Frida die with it)
    return subprocess.run(
        [sys.executable, "-m", "harness", *shlex.split(args)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=app,
        env={**os.environ, "COLUMNS": "250"},
    )


def _check_json(app: Path) -> dict:
    return json.loads((app / "harness-out" / "check.json").read_text(encoding="utf-8"))


def _keys(app: Path) -> set[str]:
    return {e["fingerprint"] for e in _check_json(app)["entries"] if e["status"] != "fixed"}


def _failing(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(("NEW", "EXPIRED"))]


def test_readme_walkthrough_names_a_shipped_example_and_a_real_anchor() -> None:
    walk = _walkthrough()
    project = EXAMPLES / walk.app / "harness.yaml"
    assert project.is_file()
    source = (EXAMPLES / walk.app / walk.source).read_text(encoding="utf-8")
    assert sum(line.strip().startswith(walk.anchor) for line in source.splitlines()) == 1
    assert walk.expected.startswith("NEW        pre_consent ")


@pytest.mark.sim
def test_readme_walkthrough(tmp_path: Path) -> None:
    walk = _walkthrough()
    assert [args for args, _ in walk.commands] == [
        "check",
        "baseline accept harness-out/run",
        "check",
    ]
    app = _copy_example(walk.app, tmp_path)

    # 1. first run, no baseline: every finding new
    args, code = walk.commands[0]
    first = _harness(app, args)
    assert first.returncode == code == ExitCode.FINDINGS, first.stdout + first.stderr
    assert "no baseline" in first.stdout
    found = _keys(app)
    assert found and len(_failing(first.stdout)) == len(found)

    # 2. accept the reviewed run
    args, code = walk.commands[1]
    accepted = _harness(app, args)
    assert accepted.returncode == code == 0, accepted.stderr
    baseline = json.loads((app / "harness-baseline.json").read_text(encoding="utf-8"))
    assert {f["fingerprint"] for f in baseline["findings"]} == found

    # 3. a second run of the same app: the same keys (no pid, time or count in them), all pass
    args, code = walk.commands[2]
    again = _harness(app, args)
    assert again.returncode == code == 0, again.stdout + again.stderr
    assert _keys(app) == found
    assert _check_json(app)["counts"]["baselined"] == len(found)

    # 4. the README's read before the dialog, in the app's own code
    source = app / walk.source
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip().startswith(walk.anchor))
    lines[at:at] = [line + "\n" for line in walk.snippet]
    source.write_text("".join(lines), encoding="utf-8")

    # 5. the check fails naming exactly that read
    changed = _harness(app, "check")
    assert changed.returncode == ExitCode.FINDINGS, changed.stdout + changed.stderr
    failing = _failing(changed.stdout)
    assert len(failing) == 1, changed.stdout
    assert failing[0].split("  [", 1)[0] == walk.expected
    counts = _check_json(app)["counts"]
    assert (counts["new"], counts["expired"], counts["baselined"]) == (1, 0, len(found))

    # its SARIF result points at the added line; every result at a file the team owns
    log = json.loads((app / "harness-out" / "check.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    report = RunReport.model_validate_json((app / "harness-out/run/report.json").read_text())
    own = "src/" + report.target.package.replace(".", "/") + "/"
    for result in log["runs"][0]["results"]:
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert uri.startswith(own) or uri == "AndroidManifest.xml", uri
        assert (app / uri).is_file()
        if result["level"] == "error":
            assert uri == walk.source and location["region"]["startLine"] == at + 1
