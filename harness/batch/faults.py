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

# Install failures that blame the package itself: no device can help, the app is done.
APP_INSTALL_FAULTS: tuple[str, ...] = (
    "INSTALL_PARSE_FAILED",
    "INSTALL_FAILED_INVALID_APK",
    "INSTALL_FAILED_MISSING_SPLIT",
    "INSTALL_FAILED_DUPLICATE_PERMISSION",
    "INSTALL_FAILED_TEST_ONLY",
    "no such APK file",
    "holds no .apk files",
    "compilation failed",  # simulated device: the app's Java sources do not compile
    "does not compile",
    "AndroidManifest.xml",  # simulated device: no or invalid manifest
)

# Install failures that fit this device only: retry on another device, but do not hold them
# against this one (another ABI, Android version or installed package set may do).
DEVICE_MISMATCH_FAULTS: tuple[str, ...] = (
    "INSTALL_FAILED_NO_MATCHING_ABIS",
    "INSTALL_FAILED_OLDER_SDK",
    "INSTALL_FAILED_NEWER_SDK",
    "INSTALL_FAILED_DEPRECATED_SDK_VERSION",
    "INSTALL_FAILED_MISSING_FEATURE",
    "INSTALL_FAILED_MISSING_SHARED_LIBRARY",
    "is not installed on",  # a package-list target absent from this device
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
    if isinstance(exc, InstallError):
        if _mentions(message, APP_INSTALL_FAULTS):
            return JobResult(JobState.failed_app, reason=f"app not installable: {message}")
        if _mentions(message, DEVICE_MISMATCH_FAULTS):
            return JobResult(
                JobState.failed_infra,
                reason=message,
                infra_kind="install_mismatch",
                counts_against_device=False,
            )
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


def _mentions(message: str, markers: tuple[str, ...]) -> bool:
    lowered = message.lower()
    return any(marker.lower() in lowered for marker in markers)
