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
)


@pytest.mark.parametrize(
    ("exc", "state", "blames_device"),
    [
        (AppStartError("no launcher activity"), JobState.failed_app, False),
        (
            InstallError("installing a.apk on X failed: INSTALL_PARSE_FAILED_NOT_APK"),
            JobState.failed_app,
            False,
        ),
        (
            InstallError("installing a.apk on X failed: INSTALL_FAILED_NO_MATCHING_ABIS"),
            JobState.failed_infra,
            False,
        ),
        (InstallError("package com.a is not installed on X"), JobState.failed_infra, False),
        (
            InstallError("installing a.apk on X failed: INSTALL_FAILED_INSUFFICIENT_STORAGE"),
            JobState.failed_infra,
            True,
        ),
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
