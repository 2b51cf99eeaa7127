"""One adb device as the rest of the adb package sees it: shell commands, push, forwards.

Every adbutils / socket failure is turned into DeviceLost or DeviceError naming the serial here,
so no other module ever sees an adbutils exception.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import adbutils
from adbutils.errors import AdbConnectionError, AdbError, AdbTimeout

from harness.errors import DeviceError, DeviceLost

DEFAULT_TIMEOUT_S = 60.0
UNAUTHORIZED_HINT = (
    "unlock the device and accept the 'Allow USB debugging?' prompt (tick 'Always allow'); "
    "if there is no prompt, revoke USB debugging authorisations in Developer options and replug"
)
OFFLINE_HINT = "replug the cable or run `adb reconnect`; an emulator may still be booting"


@dataclass(frozen=True)
class ShellResult:
    command: str
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


def quote(args: list[str]) -> str:
    return " ".join(shlex.quote(a) for a in args)


def adb_client(host: str | None, port: int | None) -> adbutils.AdbClient:
    """A client for the adb server; unset host/port come from ANDROID_ADB_SERVER_HOST/PORT."""
    return adbutils.AdbClient(host=host, port=port, socket_timeout=DEFAULT_TIMEOUT_S)


@contextmanager
def adb_errors(serial: str, client: adbutils.AdbClient) -> Iterator[None]:
    """Translate what adbutils and sockets raise into our errors, naming the device."""
    try:
        yield
    except AdbTimeout as exc:
        raise DeviceLost(
            f"device {serial}: no answer from adb ({exc})", hint=OFFLINE_HINT
        ) from None
    except AdbConnectionError as exc:
        raise DeviceError(
            f"cannot reach the adb server at {client.host}:{client.port} ({exc})",
            hint="start it with `adb start-server`, or set ANDROID_ADB_SERVER_HOST/PORT "
            "(or `adb: {host, port}` in devices.yaml)",
        ) from None
    except AdbError as exc:
        raise device_error_from_adb(serial, str(exc)) from None
    except (TimeoutError, EOFError, ConnectionError, OSError) as exc:
        raise DeviceLost(
            f"device {serial}: connection lost ({exc or type(exc).__name__})", hint=OFFLINE_HINT
        ) from None


def device_error_from_adb(serial: str, message: str) -> DeviceError:
    text = message.strip()
    lower = text.lower()
    if "unauthorized" in lower:
        return DeviceError(f"device {serial} is unauthorized", hint=UNAUTHORIZED_HINT)
    if "offline" in lower:
        return DeviceLost(f"device {serial} is offline", hint=OFFLINE_HINT)
    if "not found" in lower or "no devices" in lower or "closed" in lower:
        return DeviceLost(f"device {serial} not found (disconnected?)", hint=OFFLINE_HINT)
    return DeviceError(f"device {serial}: adb error: {text}")


class AdbShell:
    """Shell, push and port forwards on one device through the adb server."""

    def __init__(self, client: adbutils.AdbClient, serial: str) -> None:
        self.client = client
        self.serial = serial
        self._dev = adbutils.AdbDevice(client, serial=serial)
        self._v2: bool | None = None

    def _errors(self) -> AbstractContextManager[None]:
        return adb_errors(self.serial, self.client)

    def state(self) -> str:
        """device | offline | unauthorized | ... | absent (not listed by the adb server)."""
        with self._errors():
            for info in self.client.list():
                if info.serial == self.serial:
                    return str(info.state)
        return "absent"

    def _use_v2(self) -> bool:
        if self._v2 is None:
            with self._errors():
                self._v2 = "shell_v2" in self._dev.get_features().split(",")
        return self._v2

    def run(self, command: str | list[str], *, timeout: float = DEFAULT_TIMEOUT_S) -> ShellResult:
        """Run a shell command; a non-zero exit is a result, not an error (callers decide)."""
        cmd = quote(command) if isinstance(command, list) else command
        v2 = self._use_v2()
        with self._errors():
            r = self._dev.shell2(cmd, timeout=timeout, v2=v2)
        return ShellResult(cmd, r.returncode, r.stdout if v2 else r.output, r.stderr if v2 else "")

    def run_bytes(self, command: str | list[str], *, timeout: float = DEFAULT_TIMEOUT_S) -> bytes:
        """stdout as bytes (screencap); shell v2 keeps binary output intact."""
        cmd = quote(command) if isinstance(command, list) else command
        v2 = self._use_v2()
        with self._errors():
            if v2:
                raw = self._dev.shell2(cmd, timeout=timeout, encoding=None, v2=True)
                return bytes(raw.stdout)
            return bytes(self._dev.shell(cmd, timeout=timeout, encoding=None))

    def push(self, local: Path, remote: str, mode: int = 0o644) -> None:
        with self._errors(), local.open("rb") as fh:
            self._dev.sync.push(fh, remote, mode)

    def forward(self, local_port: int, remote: str) -> None:
        with self._errors():
            self._dev.forward(f"tcp:{local_port}", remote)

    def remove_forward(self, local_port: int) -> None:
        with self._errors():
            self._dev.forward_remove(f"tcp:{local_port}", raise_non_found=False)

    def adb_root(self) -> str:
        """`adb root`: restarts adbd as root where the build allows it (emulators, userdebug)."""
        with self._errors():
            return str(self._dev.root())
