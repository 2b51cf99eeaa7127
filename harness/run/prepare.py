"""Step 1 of the protocol: install, wipe to first-launch state, set runtime permissions."""

from __future__ import annotations

from pathlib import Path

from harness.device.base import Device, InstalledApp
from harness.errors import ConfigError
from harness.model import target_is_path
from harness.run.config import RunConfig
from harness.run.stopwatch import Stopwatch


def check_target(target: str) -> None:
    """A target written as a path must exist: a typo is bad input (exit 2), caught before the
    device is opened or a run folder created, not an install failure."""
    if target_is_path(target) and not Path(target).exists():
        raise ConfigError(
            f"target {target!r} does not exist",
            hint="give an APK, a split-APK folder, a simulated-app folder or a package name",
        )


def install_others(device: Device, config: RunConfig) -> list[str]:
    """Install the apps beside the target (`also_install`), stopped; their packages. A path
    that does not exist is bad input (exit 2), like the target's."""
    packages = []
    for other in config.also_install:
        check_target(other)
        app = device.install(Path(other) if target_is_path(other) else other)
        device.force_stop(app.package)
        packages.append(app.package)
    return packages


def prepare_app(
    device: Device,
    config: RunConfig,
    package: str | None = None,
    *,
    watch: Stopwatch | None = None,
) -> InstalledApp:
    """Install (unless it is a bare package name or --no-install), clear data, set permissions.

    `package` is the one the target's static profile declares: the device installs and looks up
    that package rather than guessing which one the install added. `watch` times the install
    and the clearing apart."""
    watch = watch or Stopwatch()
    with watch.phase("install"):
        if not target_is_path(config.target):
            app = device.install(config.target)  # a package name: installed, not reinstalled
        elif config.install:
            app = device.install(Path(config.target), package=package)
        else:
            app = device.app_info(package or config.target)
    with watch.phase("clear"):
        _clear(device, config, app)
    return app


def _clear(device: Device, config: RunConfig, app: InstalledApp) -> None:
    device.force_stop(app.package)
    if config.clear_data:
        device.clear_data(app.package)
    if config.permissions == "all":
        for permission in app.requested_permissions:
            device.grant(app.package, permission)
    elif config.permissions == "none":
        for permission in app.requested_permissions:
            device.revoke(app.package, permission)
    # "manifest": leave the permissions as the install left them.
