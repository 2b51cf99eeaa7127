"""The thin Frida part of an adb device: connect to its frida-server, spawn gating.

Kept small on purpose: it cannot be exercised without a real frida-server, while everything up
to it (push, start, forward) is tested against the adb server double.
"""

from __future__ import annotations

import queue
import socket
import threading
from collections.abc import Callable
from typing import Any

import frida

from harness.device.adb.shell import AdbShell
from harness.device.base import ProcessInfo, SpawnHandler
from harness.device.inventory import FridaServerConfig
from harness.errors import DeviceError


def free_local_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class FridaLink:
    """A Frida remote device reaching the device's frida-server (through `adb forward`)."""

    def __init__(
        self,
        shell: AdbShell,
        config: FridaServerConfig,
        host_version: str,
        device_version: str | None,
        *,
        token: Callable[[], str | None] = lambda: None,
    ) -> None:
        self.shell = shell
        self.token = token  # asked at each connect: a restarted server has a new one
        self.config = config
        self.host_version = host_version
        self.device_version = device_version
        self.lost = threading.Event()
        self._device: frida.Device | None = None
        self._address: str | None = None
        self._local_port: int | None = None

    def forward(self) -> str:
        """The host address of frida-server: a fresh adb forward, or the configured address."""
        if self.config.transport == "direct":
            return self.config.listen
        if self._local_port is None:
            self._local_port = free_local_port()
            self.shell.forward(self._local_port, f"tcp:{self.config.listen_port}")
        return f"127.0.0.1:{self._local_port}"

    def device(self) -> frida.Device:
        if self._device is not None and not self.lost.is_set():
            return self._device
        self.close()
        self.lost.clear()
        address = self.forward()
        manager = frida.get_device_manager()
        try:
            token = self.token()
            dev = (
                manager.add_remote_device(address, token=token)
                if token
                else manager.add_remote_device(address)
            )
            dev.on("lost", lambda *_: self.lost.set())
            dev.query_system_parameters()  # fails fast when nobody answers
        except frida.ProtocolError as exc:
            raise DeviceError(
                f"frida-server on {self.shell.serial} speaks another protocol ({exc}): device "
                f"frida-server {self.device_version or 'unknown'}, host frida {self.host_version}",
                hint="install frida-server of exactly the host's version",
            ) from None
        except frida.PermissionDeniedError as exc:
            raise DeviceError(
                f"frida-server on {self.shell.serial} refused the harness's token ({exc}): it was "
                "started by someone else",
                hint=f"`harness doctor --start {self.shell.serial}` restarts it with a new token",
            ) from None
        except (frida.TransportError, frida.ServerNotRunningError) as exc:
            raise DeviceError(
                f"frida-server on {self.shell.serial} does not answer at {address} ({exc})",
                hint=f"run `harness doctor {self.shell.serial}`",
            ) from None
        self._device, self._address = dev, address
        return dev

    def close(self) -> None:
        if self._address is not None:
            try:
                frida.get_device_manager().remove_remote_device(self._address)
            except (frida.InvalidArgumentError, frida.TransportError):
                pass
            self._address = None
        self._device = None
        if self._local_port is not None:
            try:
                self.shell.remove_forward(self._local_port)
            except DeviceError:
                pass
            self._local_port = None


def spawn_belongs_to(identifier: str, package: str) -> bool:
    """`pkg` and its `pkg:service` processes; not `pkg.other` (another app)."""
    return identifier == package or identifier.startswith(package + ":")


class SpawnGate:
    """Frida spawn gating: the app's new processes go to `handler` before they run; every other
    spawn is resumed untouched. Handlers run on a worker thread, never on Frida's own."""

    def __init__(
        self,
        fdev: Any,
        package: str,
        handler: SpawnHandler,
        on_error: Callable[[ProcessInfo, Exception], None] | None = None,
    ) -> None:
        self._fdev = fdev
        self._package = package
        self._handler = handler
        self._on_error = on_error
        self._queue: queue.Queue[Any] = queue.Queue()
        self.handled: set[int] = set()
        self._worker = threading.Thread(target=self._work, name=f"gate-{package}", daemon=True)
        self._worker.start()
        self._on_spawn = self._queue.put  # the very object given to on(), for off()
        fdev.on("spawn-added", self._on_spawn)
        fdev.enable_spawn_gating()
        for spawn in fdev.enumerate_pending_spawn():
            self._queue.put(spawn)

    def _work(self) -> None:
        while True:
            spawn = self._queue.get()
            if spawn is None:
                return
            proc = ProcessInfo(spawn.pid, spawn.identifier)
            try:
                if spawn_belongs_to(spawn.identifier, self._package):
                    self.handled.add(spawn.pid)
                    self._handler(proc)
            except Exception as exc:  # noqa: BLE001 - the process must run anyway; report, resume
                if self._on_error:
                    self._on_error(proc, exc)
            finally:
                try:
                    self._fdev.resume(spawn.pid)
                except frida.InvalidArgumentError:
                    pass  # already resumed or gone

    def close(self) -> None:
        try:
            self._fdev.off("spawn-added", self._on_spawn)
            self._fdev.disable_spawn_gating()
        except (frida.InvalidOperationError, frida.TransportError):
            pass  # the server is gone: nothing is held any more
        self._queue.put(None)
        self._worker.join(timeout=5)
