"""The run configuration: everything `harness run` (and each batch job) needs, validated."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from harness.model import Rule


class FrequencyLimit(BaseModel):
    """`excessive_frequency` fires when one API of a category is called more than `max_reads`
    times within any sliding window of `per_seconds` seconds, in one process (default: more than
    1 read per 2 s sustained, i.e. 3+ reads inside 2 s)."""

    model_config = ConfigDict(extra="forbid")
    max_reads: int = Field(2, ge=1)
    per_seconds: float = Field(2.0, gt=0)


class RunConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    target: str  # APK path, split-APK folder, installed package name, or simulated-app folder
    device: str = "sim"
    inventory: Path | None = None  # devices.yaml
    out: Path
    permissions: Literal["all", "none", "manifest"] = "all"
    consent: Literal["accept", "reject", "none", "manual"] = "accept"
    window: float = Field(15.0, ge=0)  # observation before acting on the dialog, and after it
    background_window: float = Field(10.0, ge=0)
    dialog_timeout: float | None = None  # how long to look for a dialog; default: `window`
    # Processes (":push" or a full name) that must have started, with the agent loaded, before
    # the consent decision; the decision also waits until the app has finished starting, where the
    # device can tell (sim). Both waits end at `await_timeout` s (then the report says so).
    await_processes: list[str] = Field(default_factory=list)
    await_timeout: float = Field(30.0, gt=0)
    scenario: Path | None = None  # per-app consent selectors
    sdk_file: Path | None = None  # a lab's extra SDK prefixes, merged over the built-in list
    install: bool = True
    clear_data: bool = True
    raw_values: bool = False
    frequency: FrequencyLimit = Field(default_factory=FrequencyLimit)
    fail_on: list[Rule] = Field(default_factory=list)
    time_limit: float | None = None  # whole-run limit in seconds (batch sets it)
    evidence: bool = True  # screenshots / logs at each phase, where the device can
