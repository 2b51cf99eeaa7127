"""The few exceptions the harness raises on purpose, each with the exit status the CLI maps it to.

A run that completed exits 0 (or FINDINGS with --fail-on); a run that could not be done exits
with the status of the layer that failed, so scripts and batch runners can tell them apart.
"""

from __future__ import annotations

from enum import Enum


class ExitCode:
    OK = 0
    FINDINGS = 1  # --fail-on matched, or `harness check` found new findings
    USAGE = 2  # bad input: a file, field or option at fault
    DEVICE = 3  # device missing, offline, lost mid-run, frida-server down
    INSTALL = 4  # the app could not be installed / compiled
    AGENT = 5  # the agent could not be built, loaded or died
    APP = 6  # the app refused to start
    INTERNAL = 70


class HarnessError(Exception):
    """Base class: a message meant for the user, and an exit status."""

    exit_code: int = ExitCode.INTERNAL

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"


class ConfigError(HarnessError):
    """A configuration file, CLI option or input file is invalid (names the file and field)."""

    exit_code = ExitCode.USAGE


class DeviceError(HarnessError):
    """The device is unreachable, offline, lost or misconfigured."""

    exit_code = ExitCode.DEVICE


class DeviceLost(DeviceError):
    """The device went away in the middle of an operation."""


class InstallFault(str, Enum):
    """Whose fault an install failure is: the device says so when it raises, batch acts on it."""

    app = "app"  # the package itself (not an APK, does not parse or compile): no device can help
    device_mismatch = "device_mismatch"  # does not fit this device (ABI, SDK, not installed here)
    device = "device"  # the device failed (storage, a timeout, ...): held against the device


class InstallError(HarnessError):
    """Installing (or, on the simulated device, compiling) the app failed.

    `fault` says whose fault it is; `code` is the installer's own failure code when there is one
    (`pm install`'s INSTALL_FAILED_...).
    """

    exit_code = ExitCode.INSTALL

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        fault: InstallFault = InstallFault.device,
        code: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.fault = fault
        self.code = code


class AgentError(HarnessError):
    """The Frida agent could not be built, injected, or it died."""

    exit_code = ExitCode.AGENT


class AppStartError(HarnessError):
    """The app could not be started (missing launcher activity, crashed before resume, ...)."""

    exit_code = ExitCode.APP
