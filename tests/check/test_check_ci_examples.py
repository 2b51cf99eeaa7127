"""The CI examples in examples/ci/ parse, have the steps they promise, and run valid commands."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
import yaml

from harness.check.places import places_for
from harness.check.project import Project, load_project
from harness.cli import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "ci"
_OPERATORS = {"||", "&&", ";", "|", ">", ">>", "<", "&", "2>&1"}


def _load(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _shell_texts(node: Any) -> list[str]:
    """Every `run:` / `script:` body in a workflow, at any depth."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("run", "script") and isinstance(value, str):
                found.append(value)
            elif key in ("script", "before_script", "after_script") and isinstance(value, list):
                found.extend(str(v) for v in value)
            else:
                found.extend(_shell_texts(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_shell_texts(item))
    return found


def _harness_commands(texts: list[str]) -> list[list[str]]:
    commands = []
    for text in texts:
        for line in text.replace("\\\n", " ").splitlines():
            lexer = shlex.shlex(line.strip(), posix=True, punctuation_chars=True)
            lexer.whitespace_split = True
            tokens = list(lexer)
            for i, token in enumerate(tokens):
                if token == "harness" or token.endswith("/bin/harness"):
                    args = []
                    for t in tokens[i + 1 :]:
                        if t in _OPERATORS:
                            break
                        args.append(t)
                    commands.append(args)
                    break
    return commands


def _parse_with_our_cli(args: list[str]) -> str:
    """Full option parsing by the real `harness` command tree, without running anything."""
    command = typer.main.get_command(app)
    ctx = command.make_context("harness", list(args))
    path = []
    while hasattr(command, "resolve_command"):
        # the sub-command and its arguments (private name in typer's bundled click, public before)
        protected = getattr(ctx, "_protected_args", None) or getattr(ctx, "protected_args", [])
        rest = [*protected, *ctx.args]
        name, sub, rest = command.resolve_command(ctx, rest)
        assert sub is not None and name is not None
        path.append(name)
        ctx = sub.make_context(name, rest, parent=ctx)
        command = sub
    return " ".join(path)


def _steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [s for job in workflow["jobs"].values() for s in job["steps"]]


def _uses(steps: list[dict[str, Any]], action: str) -> dict[str, Any]:
    matches = [s for s in steps if str(s.get("uses", "")).startswith(action + "@")]
    assert matches, f"no step uses {action}"
    return matches[0]


def test_emulator_workflow_shape() -> None:
    wf = _load("github-emulator.yml")
    assert wf[True] if True in wf else wf["on"]  # PyYAML reads the bare key `on` as True
    assert wf["permissions"]["security-events"] == "write"
    steps = _steps(wf)
    emulator = _uses(steps, "reactivecircus/android-emulator-runner")
    script = emulator["with"]["script"]
    assert emulator["with"]["target"] == "google_apis"  # adb root works on these images
    assert re.search(r"^adb root$", script, re.M)
    assert "harness check" in script
    cache = _uses(steps, "actions/cache")
    assert "frida-server" in cache["with"]["path"] and "frida" in cache["with"]["key"]
    inventory = next(s["run"] for s in steps if "ci-devices.yaml" in s.get("run", ""))
    assert cache["with"]["path"].replace("~", "$HOME") in inventory
    upload = _uses(steps, "github/codeql-action/upload-sarif")
    assert upload["with"]["sarif_file"] == "harness-out/check.sarif"
    assert upload["if"] == "always()"
    # the job fails last, after the outputs were uploaded
    assert "exit" in steps[-1]["run"] and steps.index(upload) < len(steps) - 1


def test_sim_workflow_shape() -> None:
    wf = _load("github-sim.yml")
    steps = _steps(wf)
    assert any("setup.sh" in s.get("run", "") for s in steps)
    assert _uses(steps, "actions/setup-java")["with"]["java-version"] == "17"
    assert _uses(steps, "github/codeql-action/upload-sarif")["with"]["sarif_file"].endswith(
        "check.sarif"
    )


def test_gitlab_job_shape() -> None:
    job = _load("gitlab-ci.yml")["privacy-check"]
    assert job["artifacts"]["reports"]["junit"] == "harness-out/check-junit.xml"
    assert job["artifacts"]["when"] == "always"
    assert any("setup.sh" in line for line in job["before_script"])


@pytest.mark.parametrize("name", ["github-emulator.yml", "github-sim.yml", "gitlab-ci.yml"])
def test_harness_command_lines_are_accepted_by_our_cli(name: str) -> None:
    commands = _harness_commands(_shell_texts(_load(name)))
    assert any(c[:1] == ["check"] for c in commands), commands
    for args in commands:
        assert _parse_with_our_cli(args) in {"check", "project validate", "baseline accept"}


def test_the_cli_parser_used_above_rejects_a_bad_flag() -> None:
    with pytest.raises(typer.TyperException, match="--projcet"):
        _parse_with_our_cli(["check", "--projcet", "harness.yaml"])


def test_example_project_file_is_valid() -> None:
    data = yaml.safe_load((EXAMPLES / "harness.yaml").read_text(encoding="utf-8"))
    project = Project.model_validate(data)
    assert project.device.name == "ci-emulator"
    assert project.waivers and project.waivers[0].reason


@pytest.mark.parametrize("app", ["ad-sdk-app", "good-news", "push-app"])
def test_each_example_app_ships_a_ready_project_file(app: str) -> None:
    folder = EXAMPLES.parent / "apps" / app
    loaded = load_project(folder / "harness.yaml")
    assert Path(loaded.project.app.target) == folder  # the folder itself is the app
    assert loaded.project.device.name == "sim"
    places = places_for(loaded, cwd=folder)
    assert places.manifest == "AndroidManifest.xml" and places.source_root == "src"
    assert places.project_file == "harness.yaml"
    # from the repository's top, the same files with the folder in front
    top = places_for(loaded, cwd=EXAMPLES.parents[1])
    assert top.manifest == f"examples/apps/{app}/AndroidManifest.xml"
    assert (EXAMPLES.parents[1] / top.source_root).is_dir()
