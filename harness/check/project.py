"""harness.yaml: what `harness check` runs and compares, kept in the app's own repository.

```yaml
app: {target: app/build/outputs/apk/debug/app-debug.apk}   # APK, split folder, package, sim app
device: {name: sim}                                        # or a devices.yaml name + inventory
protocol: {consent: accept, window: 15, background_window: 10}
scenario: consent-scenario.yaml                            # consent selectors (harness.consent)
baseline: harness-baseline.json
out: harness-out
waivers:
  - {rule: pre_consent, data: android_id, actor: {name: Bugly}, reason: "...", expires: 2025-09-30}
```
Relative paths are relative to the project file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from harness.check.waivers import Waiver
from harness.errors import ConfigError
from harness.model import Rule, target_is_path
from harness.run.config import RunConfig
from harness.settings import CaseInfo, ProtocolSettings
from harness.yamlfile import line_of, load_model

DEFAULT_PROJECT_FILE = "harness.yaml"
MAX_PROJECT_BYTES = 1024 * 1024


class AppTarget(BaseModel):
    model_config = ConfigDict(extra="forbid")
    target: str = Field(
        ...,
        min_length=1,
        description="APK, split-APK folder, installed package name, or simulated-app folder",
    )


class DeviceChoice(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field("sim", description="device name or serial from the inventory, or 'sim'")
    inventory: Path | None = Field(None, description="devices.yaml (see `harness devices`)")


def _inside_project(value: str | None) -> str | None:
    """A path in the team's repository, relative to the project file: SARIF URIs are built
    from it, so an absolute path or `..` would point outside what the code host shows."""
    if value is None:
        return None
    text = value.strip().replace("\\", "/")
    if text.startswith("/") or PureWindowsPath(text).is_absolute() or ".." in text.split("/"):
        raise PydanticCustomError(
            "outside_project",
            "'{value}' must be a relative path inside the project folder (no leading / and no ..)",
            {"value": value},
        )
    return "/".join(p for p in text.split("/") if p not in ("", "."))


class SarifSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source_root: str = Field(
        "src",
        description="folder (relative to the project file) that holds the app's Java/Kotlin "
        "sources by package path (e.g. app/src/main/java); SARIF results point at the app's "
        "own frames below it",
    )
    manifest: str | None = Field(
        None,
        description="the app's AndroidManifest.xml, relative to the project file; SARIF results "
        "with no frame in the app's own code point at it (default: the app folder's, else "
        "app/src/main/, src/main/ or the project folder's, if there is one; else the project file)",
    )
    app_packages: list[str] = Field(
        default_factory=list,
        description="Java packages of the app's own code (default: the app's package name, "
        "from the run); set it when the applicationId differs from the code's package",
    )

    inside_project = field_validator("source_root", "manifest")(_inside_project)


class Project(BaseModel):
    """A `harness check` project file (harness.yaml)."""

    model_config = ConfigDict(extra="forbid")

    app: AppTarget
    device: DeviceChoice = Field(default_factory=DeviceChoice)
    protocol: ProtocolSettings = Field(
        default_factory=ProtocolSettings, description="protocol settings, as for `harness run`"
    )
    scenario: Path | None = Field(None, description="consent scenario file (selectors)")
    case: CaseInfo = Field(
        default_factory=CaseInfo, description="case id, tester and lab shown in every report"
    )
    baseline: Path = Field(Path("harness-baseline.json"), description="accepted findings")
    out: Path = Field(Path("harness-out"), description="where runs and CI outputs go")
    rules: list[Rule] = Field(
        default_factory=lambda: list(Rule), description="rules whose new findings fail the check"
    )
    fail_on_partial: bool = Field(
        True, description="fail when the run did not complete (app crash, lost device)"
    )
    waivers: list[Waiver] = Field(default_factory=list)
    sarif: SarifSettings = Field(default_factory=SarifSettings)


@dataclass(frozen=True)
class LoadedProject:
    """A validated project with every path made absolute against the file's folder."""

    path: Path
    project: Project

    @property
    def root(self) -> Path:
        return self.path.parent

    def run_config(self, out: Path) -> RunConfig:
        p = self.project
        return RunConfig(
            target=p.app.target,
            device=p.device.name,
            inventory=p.device.inventory,
            out=out,
            scenario=p.scenario,
            case=p.case,
            **p.protocol.model_dump(),
        )


def project_schema() -> dict[str, Any]:
    return Project.model_json_schema()


def load_project(path: Path) -> LoadedProject:
    """Read and validate harness.yaml; errors name the file, line and field."""
    path = path.resolve()
    project, root = load_model(path, Project, "project file", limit=MAX_PROJECT_BYTES)

    base = path.parent

    def where(*loc: str | int) -> str:
        return f"{path}:{line_of(root, loc)}: {'.'.join(str(p) for p in loc)}"

    def absolute(value: Path) -> Path:
        return value if value.is_absolute() else (base / value).resolve()

    target = project.app.target
    if target_is_path(target, base):
        local = absolute(Path(target))
        if not local.exists():
            raise ConfigError(
                f"{where('app', 'target')}: {target!r} does not exist (relative to {base})"
            )
        target = str(local)

    inventory = absolute(project.device.inventory) if project.device.inventory else None
    if inventory is not None and not inventory.is_file():
        raise ConfigError(f"{where('device', 'inventory')}: {inventory} not found")
    sdk_file = absolute(project.protocol.sdk_file) if project.protocol.sdk_file else None
    if sdk_file is not None and not sdk_file.is_file():
        raise ConfigError(f"{where('protocol', 'sdk_file')}: {sdk_file} not found")
    scenario = absolute(project.scenario) if project.scenario else None
    if scenario is not None:
        from harness.consent.scenario import load_scenario

        if not scenario.is_file():
            raise ConfigError(f"{where('scenario')}: {scenario} not found")
        try:
            load_scenario(scenario)  # fail now, not after the app was installed and started
        except ConfigError as exc:
            raise ConfigError(f"{where('scenario')}: {exc}") from None

    manifest = project.sarif.manifest
    if manifest is not None and not (base / manifest).is_file():
        raise ConfigError(f"{where('sarif', 'manifest')}: {base / manifest} not found")

    resolved = project.model_copy(
        update={
            "app": AppTarget(target=target),
            "device": DeviceChoice(name=project.device.name, inventory=inventory),
            "protocol": project.protocol.model_copy(update={"sdk_file": sdk_file}),
            "scenario": scenario,
            "baseline": absolute(project.baseline),
            "out": absolute(project.out),
        }
    )
    return LoadedProject(path=path, project=resolved)
