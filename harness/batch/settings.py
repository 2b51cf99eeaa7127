"""Per-batch settings: the run settings every app gets, plus the batch's own limits.

Stored in the batch store so that `--resume` runs the remaining apps exactly as the first ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from harness.run.config import RunConfig
from harness.settings import RunSettings


class BatchSettings(RunSettings):
    # no "manual": nobody is watching a batch
    consent: Literal["accept", "reject", "none"] = Field(
        "accept", description="Answer to the consent dialog"
    )
    time_limit: float = Field(
        600.0, gt=0, description="Cut one app's run after this many seconds (it is cancelled)"
    )
    stop_grace: float = Field(
        30.0, gt=0, description="Seconds a cancelled run may take to clean up"
    )
    retries: int = Field(2, ge=0, le=20, description="Retries of an app lost to infrastructure")
    quarantine_after: int = Field(
        3, ge=1, description="Quarantine a device after this many infra failures in a row"
    )
    reopen_backoff: float = Field(
        5.0, ge=0, description="Seconds before reopening a failed device, times its failures"
    )

    sign_key: Path | None = Field(
        None, description="Sign each run's manifest.json with this Ed25519 key"
    )

    @field_validator("scenario", "sdk_file", "sign_key")
    @classmethod
    def _absolute(cls, value: Path | None) -> Path | None:
        # stored for --resume, which may run from another working directory
        return value.resolve() if value is not None else None

    def run_config(self, target: str, device: str, out: Path, inventory: Path | None) -> RunConfig:
        # not time_limit: the scheduler enforces the batch's, cancelling the run and recording the
        # cut as a timeout; the run itself must not end early as if it had completed
        run_fields = set(RunSettings.model_fields) - {"time_limit"}
        return RunConfig(
            target=target,
            device=device,
            inventory=inventory,
            out=out,
            sign_key=self.sign_key,
            **self.model_dump(include=run_fields),
        )
