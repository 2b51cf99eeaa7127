"""Which failures are the app's outcome and which are the infrastructure's (data, not code).

Failures are told apart by their type and, for installs, by the fault the device typed into the
error (`InstallError.fault`), never by searching message text.

App outcomes are results and end the app; infrastructure failures are retried on another device
and count towards quarantining the device that had them (unless the fault is clearly not the
device's, e.g. the harness itself).
"""

from __future__ import annotations

from harness.batch.model import JobResult, JobState
from harness.errors import (
    AgentError,
    AppStartError,
    ConfigError,
    DeviceError,
    HarnessError,
    InstallError,
    InstallFault,
)

# Install failures by whose fault the device says they are (`InstallError.fault`):
# (job state, infra kind, counts against the device). The app's own fault ends the app; a
# mismatch with this device is retried on another without holding it against this one (another
# ABI, Android version or installed package set may do); a device fault is the device's.
INSTALL_OUTCOMES: dict[InstallFault, tuple[JobState, str, bool]] = {
    InstallFault.app: (JobState.failed_app, "", False),
    InstallFault.device_mismatch: (JobState.failed_infra, "install_mismatch", False),
    InstallFault.device: (JobState.failed_infra, "install", True),
}

# (exception type, infra kind, counts against the device); first match wins.
INFRA_FAULTS: tuple[tuple[type[BaseException], str, bool], ...] = (
    (DeviceError, "device", True),  # includes DeviceLost
    (AgentError, "agent", True),
    (ConfigError, "config", False),
    (HarnessError, "harness", False),
)


def classify_error(exc: BaseException) -> JobResult:
    """The job result for a run that raised `exc`."""
    message = str(exc) or type(exc).__name__
    if isinstance(exc, AppStartError):
        return JobResult(JobState.failed_app, reason=f"app did not start: {message}")
    if isinstance(exc, InstallError):
        state, infra_kind, blames = INSTALL_OUTCOMES[exc.fault]
        if state is JobState.failed_app:
            return JobResult(state, reason=f"app not installable: {message}")
        return JobResult(state, reason=message, infra_kind=infra_kind, counts_against_device=blames)
    for kind, name, blame_device in INFRA_FAULTS:
        if isinstance(exc, kind):
            return JobResult(
                JobState.failed_infra,
                reason=message,
                infra_kind=name,
                counts_against_device=blame_device,
            )
    # A bug in the harness: record it against no device, keep the batch going.
    return JobResult(
        JobState.failed_infra,
        reason=f"internal error: {type(exc).__name__}: {message}",
        infra_kind="internal",
        counts_against_device=False,
    )
