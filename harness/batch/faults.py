"""Which failures are the app's outcome and which are the infrastructure's (data, not code).

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
)

# Installer messages that blame the package, not the device: retrying elsewhere cannot help.
APP_INSTALL_FAULTS: tuple[str, ...] = (
    "INSTALL_PARSE_FAILED",
    "INSTALL_FAILED_INVALID_APK",
    "INSTALL_FAILED_NO_MATCHING_ABIS",
    "INSTALL_FAILED_OLDER_SDK",
    "INSTALL_FAILED_NEWER_SDK",
    "INSTALL_FAILED_MISSING_SHARED_LIBRARY",
    "INSTALL_FAILED_MISSING_FEATURE",
    "INSTALL_FAILED_DUPLICATE_PERMISSION",
    "INSTALL_FAILED_TEST_ONLY",
    "compilation failed",  # simulated device: the app's Java sources do not compile
    "does not compile",
    "manifest",  # simulated device: no or invalid AndroidManifest.xml
)

# (exception type, infra kind, counts against the device); first match wins.
INFRA_FAULTS: tuple[tuple[type[BaseException], str, bool], ...] = (
    (DeviceError, "device", True),  # includes DeviceLost
    (AgentError, "agent", True),
    (InstallError, "install", True),
    (ConfigError, "config", False),
    (HarnessError, "harness", False),
)


def classify_error(exc: BaseException) -> JobResult:
    """The job result for a run that raised `exc`."""
    message = str(exc) or type(exc).__name__
    if isinstance(exc, AppStartError):
        return JobResult(JobState.failed_app, reason=f"app did not start: {message}")
    if isinstance(exc, InstallError) and any(
        marker.lower() in message.lower() for marker in APP_INSTALL_FAULTS
    ):
        return JobResult(JobState.failed_app, reason=f"app not installable: {message}")
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
