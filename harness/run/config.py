"""The run configuration: everything `harness run` (and each batch job) needs, validated.

The protocol settings themselves live in `harness.settings` (one model for run, batch, check and
the CLI); this adds what one run needs besides: the app, the device and the output folder.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from harness.model import Rule
from harness.settings import FrequencyLimit, RunSettings

__all__ = ["FrequencyLimit", "RunConfig"]


class RunConfig(RunSettings):
    target: str = Field(
        description="APK path, split-APK folder, installed package name, or simulated-app folder"
    )
    device: str = Field("sim", description="Device name/serial from the inventory, or 'sim'")
    inventory: Path | None = Field(None, description="Device inventory (devices.yaml)")
    out: Path
    fail_on: list[Rule] = Field(default_factory=list)
    sign_key: Path | None = Field(None, description="Sign manifest.json with this Ed25519 key")
    pdf: bool = Field(False, description="Also print report.pdf (headless Chromium)")
    also_install: list[str] = Field(
        default_factory=list,
        description="Other apps installed on the device before the target and not instrumented"
        " (folders, APKs or package names): the apps its associated starts reach; stopped at"
        " the run's end",
    )
    capture: Path | None = Field(
        None,
        description="A HAR file of the run's traffic from the lab's proxy (mitmproxy's hardump),"
        " read at the run's end and matched like the agent's sends",
    )
