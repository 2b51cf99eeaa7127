"""How one app is tested, declared once: the protocol settings `harness run`, `harness batch` and a
`harness check` project (harness.yaml `protocol:`) share.

Everything else derives from these models: `RunConfig` and `BatchSettings` extend them, the project
file embeds `ProtocolSettings`, and the CLI builds its options from the fields (default, help text
from `description`, choices from `Literal`, bounds from `ge`/`le`) and validates through the model.
A field added here is therefore an option of every command, a key of the project file and part of
its JSON Schema at once; `tests/cli/test_settings_options.py` keeps them from drifting apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Permissions = Literal["all", "none", "manifest"]
ConsentMode = Literal["accept", "reject", "none", "manual"]
PromptAnswer = Literal["deny", "allow", "leave"]
ConsentOcr = Literal["auto", "always", "never"]


class FrequencyLimit(BaseModel):
    """`excessive_frequency` fires when one API of a category is called more than `max_reads`
    times within any sliding window of `per_seconds` seconds, in one process (default: more than
    1 read per 2 s sustained, i.e. 3+ reads inside 2 s)."""

    model_config = ConfigDict(extra="forbid")
    max_reads: int = Field(
        2, ge=1, description="excessive_frequency: more than this many reads of one category ..."
    )
    per_seconds: float = Field(2.0, gt=0, description="... within this many seconds")


class PermissionRules(BaseModel):
    """How the permission rules judge requests (harness/rules/permissions.py). Defaults follow
    the agencies' practice: only dangerous (runtime) permissions count, and a request of a
    permission the user denied within 48 hours is a re-prompt."""

    model_config = ConfigDict(extra="forbid")
    reprompt_hours: float = Field(
        48.0,
        gt=0,
        description="permission_reprompt: a denied permission asked again within this many hours",
    )
    all_permissions: bool = Field(
        False,
        description="permission_before_consent: count every permission, not only dangerous ones",
    )


class ProtocolSettings(BaseModel):
    """The protocol settings: what is granted, observed and answered, for how long."""

    model_config = ConfigDict(extra="forbid")

    permissions: Permissions = Field(
        "all", description="Runtime permissions granted before the launch: all, none, or manifest"
    )
    consent: ConsentMode = Field(
        "accept",
        description="Answer to the consent dialog (manual: a tester answers on the device)",
    )
    consent_ocr: ConsentOcr = Field(
        "auto",
        description=(
            "Read the screenshot by OCR for the consent dialog: auto (when the UI dump shows no "
            "prompt), always (the screenshot decides), never (UI dumps only)"
        ),
    )
    window: float = Field(
        15.0, ge=0, description="Seconds observed before acting on the dialog, and again after"
    )
    background_window: float = Field(10.0, ge=0, description="Seconds observed after pressing HOME")
    dialog_timeout: float | None = Field(
        None, ge=0, description="Seconds to look for the dialog (default: the window)"
    )
    sdk_file: Path | None = Field(
        None, description="A lab's extra SDK prefixes (YAML), merged over the built-in list"
    )
    install: bool = Field(True, description="Install the app (off: test the installed app as is)")
    clear_data: bool = Field(
        True, description="Clear the app's data first, so the run is a first launch"
    )
    raw_values: bool = Field(False, description="Record values unmasked")
    evidence: bool = Field(
        True, description="Save UI dumps, screenshots and the app log at each phase"
    )
    # The decision waits for the app to finish starting where the device can tell (sim) and for
    # these processes, each with the agent loaded; both waits end at await_timeout, and a miss is
    # written into the report.
    await_processes: list[str] = Field(
        default_factory=list,
        description=(
            "A process (':push' or a full name) that must be up, with the agent loaded, before "
            "the consent decision (repeat for several)"
        ),
    )
    await_timeout: float = Field(
        30.0, gt=0, description="Seconds to wait for the app's start and awaited processes"
    )
    frequency: FrequencyLimit = Field(default_factory=FrequencyLimit)
    permission_prompts: PromptAnswer = Field(
        "deny",
        description=(
            "Answer to the system's runtime-permission prompts: deny (exercises re-prompts), "
            "allow, or leave them on screen"
        ),
    )
    permission_rules: PermissionRules = Field(default_factory=PermissionRules)
    relaunch: bool = Field(
        False,
        description=(
            "After the background window, force-stop the app, launch it again and observe "
            "--window seconds more"
        ),
    )
    reboot: bool = Field(
        False,
        description=(
            "After the background window, restart the device for the app: its processes end, "
            "BOOT_COMPLETED goes to its boot receivers (simulated device), observe --window s"
        ),
    )
    time_limit: float | None = Field(
        None, gt=0, description="Cut the whole run of one app after this many seconds"
    )


class CaseInfo(BaseModel):
    """Who tested what for whom: shown in every report and recorded in the manifest. Not part of
    the protocol (it changes nothing the run does), so a project file keeps it under `case:`."""

    model_config = ConfigDict(extra="forbid")

    case_id: str | None = Field(
        None, max_length=200, description="The case or ticket this run is evidence for"
    )
    tester: str | None = Field(None, max_length=200, description="Who ran the test")
    lab: str | None = Field(None, max_length=200, description="The testing lab or agency")

    def is_empty(self) -> bool:
        return self.case_id is None and self.tester is None and self.lab is None


class RunSettings(ProtocolSettings):
    """The protocol plus the app's consent scenario and the case: what every run of an app is
    given.

    A project file keeps its scenario beside the protocol (a path relative to the file), and its
    case data under `case:`, so neither is part of `ProtocolSettings` itself.
    """

    scenario: Path | None = Field(None, description="Per-app consent selectors (YAML)")
    case: CaseInfo = Field(default_factory=CaseInfo)
