"""Per-batch settings: the run options every app gets, plus the batch's own limits.

Stored in the batch store so that `--resume` runs the remaining apps exactly as the first ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from harness.run.config import FrequencyLimit, RunConfig


class BatchSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    permissions: Literal["all", "none", "manifest"] = "all"
    consent: Literal["accept", "reject", "none"] = "accept"  # no "manual": nobody is watching
    window: float = Field(15.0, ge=0)
    background_window: float = Field(10.0, ge=0)
    dialog_timeout: float | None = Field(None, ge=0)
    scenario: Path | None = None
    raw_values: bool = False
    evidence: bool = True
    frequency: FrequencyLimit = Field(default_factory=FrequencyLimit)
    time_limit: float = Field(600.0, gt=0)  # per app, seconds; the run is cancelled at the limit
    stop_grace: float = Field(30.0, gt=0)  # how long a cancelled run may take to clean up
    retries: int = Field(2, ge=0, le=20)  # extra attempts of an app lost to infrastructure
    quarantine_after: int = Field(3, ge=1)  # consecutive infrastructure failures of one device
    reopen_backoff: float = Field(5.0, ge=0)  # wait before reopening a failed device, x failures

    def run_config(self, target: str, device: str, out: Path, inventory: Path | None) -> RunConfig:
        return RunConfig(
            target=target,
            device=device,
            inventory=inventory,
            out=out,
            permissions=self.permissions,
            consent=self.consent,
            window=self.window,
            background_window=self.background_window,
            dialog_timeout=self.dialog_timeout,
            scenario=self.scenario,
            raw_values=self.raw_values,
            evidence=self.evidence,
            frequency=self.frequency,
        )
