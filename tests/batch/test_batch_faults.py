"""Batch tells app outcomes from infrastructure failures by exception type and typed fault."""

import pytest

from harness.batch.faults import classify_error
from harness.batch.model import JobState
from harness.errors import (
    AgentError,
    AppStartError,
    ConfigError,
    DeviceError,
    DeviceLost,
    InstallError,
    InstallFault,
)


@pytest.mark.parametrize(
    ("exc", "state", "blames_device"),
    [
        (AppStartError("no launcher activity"), JobState.failed_app, False),
        (InstallError("a.apk: not an APK", fault=InstallFault.app), JobState.failed_app, False),
        (
            InstallError("a.apk: no matching ABI", fault=InstallFault.device_mismatch),
            JobState.failed_infra,
            False,
        ),
        (InstallError("installing a.apk on X failed: storage"), JobState.failed_infra, True),
        (DeviceLost("gone"), JobState.failed_infra, True),
        (DeviceError("offline"), JobState.failed_infra, True),
        (AgentError("agent died"), JobState.failed_infra, True),
        (ConfigError("bad scenario"), JobState.failed_infra, False),
        (RuntimeError("bug"), JobState.failed_infra, False),
    ],
)
def test_app_outcomes_and_infrastructure_failures_are_kept_apart(
    exc: Exception, state: JobState, blames_device: bool
) -> None:
    result = classify_error(exc)
    assert result.state is state
    if state is JobState.failed_infra:
        assert result.counts_against_device is blames_device


@pytest.mark.parametrize(
    ("fault", "state", "kind", "blames_device"),
    [
        (InstallFault.app, JobState.failed_app, "", False),
        (InstallFault.device_mismatch, JobState.failed_infra, "install_mismatch", False),
        (InstallFault.device, JobState.failed_infra, "install", True),
    ],
)
def test_install_faults_are_classified_by_their_type_not_their_text(
    fault: InstallFault, state: JobState, kind: str, blames_device: bool
) -> None:
    # The message names every marker the old text search looked for: only `fault` may decide.
    message = "INSTALL_PARSE_FAILED_NOT_APK INSTALL_FAILED_NO_MATCHING_ABIS is not installed on X"
    result = classify_error(InstallError(message, fault=fault, code="INSTALL_FAILED_X"))
    assert result.state is state
    assert result.infra_kind == kind
    if state is JobState.failed_infra:
        assert result.counts_against_device is blames_device
    assert message in result.reason
