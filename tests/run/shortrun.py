"""One short protocol run on a simulated device: the set-up several run tests share."""

from __future__ import annotations

from pathlib import Path

from harness.device.sim import SimDevice
from harness.report.model import RunReport
from harness.run.config import RunConfig
from harness.run.protocol import run_app


def short_run(device: SimDevice, target: Path, out: Path, *, dialog_timeout: float) -> RunReport:
    """A 2 s window and no background window: enough for an app's start and first screen."""
    config = RunConfig(
        target=str(target),
        out=out,
        window=2.0,
        background_window=0.0,
        dialog_timeout=dialog_timeout,
    )
    return run_app(config, device=device)
