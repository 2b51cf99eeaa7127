"""The one device interface `harness run` talks to, whatever is behind it.

Both the simulated device (`harness.device.sim`) and the adb-backed device
(`harness.device.adb`) implement `Device`. Every method may raise `DeviceLost` (the device went
away) or `DeviceError`; `install` raises `InstallError`.

Process start-up follows Android's zygote + spawn-gating model so that instrumentation is in
place before any app code runs:

1. `gate = device.gate_processes(package, handler)` — from now on every new process of the
   package is held paused, `handler(proc)` is called (load the agent there), then it runs.
2. `proc = device.start_paused(package)` — the main process exists, no app class has run
   (no class initialiser, no `attachBaseContext`).
3. load the agent into `proc.pid`, then `device.resume(proc.pid)`.
4. finally `gate.close()` and `device.force_stop(package)`.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    import frida


@dataclass(frozen=True)
class ProcessInfo:
    pid: int
    name: str  # "com.example.app" for the main process, "com.example.app:push" for a service


@dataclass(frozen=True)
class DeviceInfo:
    name: str  # serial, host:port, or "sim"
    kind: str  # "sim" | "emulator" | "phone"
    model: str = ""
    android_version: str = ""
    api_level: int = 0
    abi: str = ""
    rooted: bool = False
    fingerprint: str = ""  # ro.build.fingerprint (the simulated device's Build.FINGERPRINT)


@dataclass(frozen=True)
class InstalledApp:
    package: str
    version_name: str | None = None
    version_code: int | None = None
    requested_permissions: tuple[str, ...] = ()
    launcher_activity: str | None = None
    processes: tuple[str, ...] = field(default=())  # declared process names, if known


class Key(str, Enum):
    HOME = "HOME"
    BACK = "BACK"


# Called with a new, paused process of the app; the process runs when the handler returns.
SpawnHandler = Callable[[ProcessInfo], None]


class ProcessGate(Protocol):
    def close(self) -> None: ...


@dataclass(frozen=True)
class Capture:
    """A phase's UI dump and screenshot of one instant (`CapturingDevice.capture`): the dump at
    once; the picture is written in the background, and `picture.result()` is True once the PNG
    is in place, False when there was no picture to take; it raises DeviceError (or OSError)
    when the picture could not be had."""

    xml: str
    picture: Future[bool]


@runtime_checkable
class CapturingDevice(Protocol):
    """A device that takes a phase's dump and screenshot in one request and writes the picture
    off the caller's path (the simulated device); others are asked for each apart."""

    def capture(self, dest: Path) -> Capture: ...


@runtime_checkable
class Device(Protocol):
    @property
    def name(self) -> str: ...

    def info(self) -> DeviceInfo: ...

    def identifiers(self) -> list[str]:
        """The device's own identifying values (IMEI, serial, ANDROID_ID, MACs, ...) as far as
        the controller can learn them, so that evidence files can be scrubbed of them (the
        agent never sends raw values by default). Best effort on real devices: may be partial.
        """
        ...

    def health_check(self) -> None:
        """Raise `DeviceError` (`DeviceLost`) when the device cannot take the next app; repair
        what can be repaired on the way (adb: restart frida-server). Batch calls it between apps.
        """
        ...

    def frida_device(self) -> frida.Device:
        """The Frida device through which this device's processes are reached."""
        ...

    # --- packages ---
    def install(self, source: str | Path, *, package: str | None = None) -> InstalledApp:
        """Install an APK / split-APK folder (adb) or a simulated-app folder (sim).

        A bare package name means "already installed": return its info without installing.
        `package` is the package the source declares (its static profile, harness.apk), when the
        caller knows it: the device then looks that package up instead of guessing it.
        """
        ...

    def uninstall(self, package: str) -> None: ...
    def installed_packages(self) -> list[str]: ...
    def app_info(self, package: str) -> InstalledApp: ...
    def clear_data(self, package: str) -> None: ...
    def grant(self, package: str, permission: str) -> None: ...
    def revoke(self, package: str, permission: str) -> None: ...

    # --- processes ---
    def gate_processes(self, package: str, handler: SpawnHandler) -> ProcessGate: ...
    def start_paused(self, package: str) -> ProcessInfo: ...
    def resume(self, pid: int) -> None: ...
    def force_stop(self, package: str) -> None: ...
    def processes(self, package: str) -> list[ProcessInfo]: ...

    def wait_idle(self, package: str, timeout: float) -> list[str]:
        """Wait until the app's processes have finished starting, as far as the device can
        tell; returns the names of those still busy at the deadline (run.protocol waits so before
        the consent decision)."""
        ...

    # --- UI ---
    def dump_ui(self) -> str:
        """The foreground window as uiautomator XML (`<hierarchy><node .../></hierarchy>`)."""
        ...

    def tap(self, x: int, y: int) -> None: ...
    def press(self, key: Key) -> None: ...
    def foreground_package(self) -> str | None: ...

    # --- evidence (best effort: return False / None when the device cannot) ---
    def screenshot(self, dest: Path) -> bool:
        """Write the screen as a PNG to `dest` (`screencap -p`; the simulated device draws its
        view tree). False when there is no picture to take; DeviceError when the device cannot
        draw one (the simulated device without its CJK font)."""
        ...

    def save_logs(self, package: str, dest: Path) -> bool: ...

    def close(self) -> None: ...
