"""frida-server on the device: check, push (from the host binaries in devices.yaml), start as root,
wait until it listens, restart.

Only device-side facts are used here (`--version`, ps, /proc/net/tcp), so all of it can be
checked without Frida; the Frida connection itself lives in `frida_link`.
"""

from __future__ import annotations

import ipaddress
import posixpath
import time
from dataclasses import dataclass
from pathlib import Path

from harness.device.adb.parsers import listening_ports, parse_frida_version, parse_ps
from harness.device.adb.root import RootAccess
from harness.device.adb.shell import AdbShell, quote
from harness.device.adb.token import new_token, stored_token, supports_token, token_in
from harness.device.inventory import FridaServerConfig
from harness.errors import ConfigError, DeviceError

RELEASES_HINT = (
    "download frida-server-{version}-android-{arch}.xz from "
    "https://github.com/frida/frida/releases, unxz it and list it under frida_server.binaries "
    "in devices.yaml"
)
# ELF e_machine -> Android ABI, to catch a binary filed under the wrong ABI
_ELF_MACHINES = {0x03: "x86", 0x28: "armeabi-v7a", 0x3E: "x86_64", 0xB7: "arm64-v8a"}
_RELEASE_ARCH = {"x86": "x86", "armeabi-v7a": "arm", "x86_64": "x86_64", "arm64-v8a": "arm64"}


@dataclass(frozen=True)
class ServerStatus:
    installed_version: str | None  # None: no (working) binary at the configured path
    pids: tuple[int, ...]
    listening: bool

    @property
    def running(self) -> bool:
        return bool(self.pids)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def binary_abi(path: Path) -> str | None:
    """The ABI an ELF executable is built for, or None if it is not an ELF file."""
    with path.open("rb") as fh:
        head = fh.read(20)
    if len(head) < 20 or head[:4] != b"\x7fELF":
        return None
    return _ELF_MACHINES.get(int.from_bytes(head[18:20], "little"), "unknown")


class FridaServer:
    def __init__(
        self,
        shell: AdbShell,
        root: RootAccess,
        config: FridaServerConfig,
        abi: str,
        host_version: str,
    ) -> None:
        self.shell = shell
        self.root = root
        self.config = config
        self.abi = abi
        self.host_version = host_version

    @property
    def path(self) -> str:
        return self.config.path

    # --- what is there ---
    def installed_version(self) -> str | None:
        result = self.shell.run(quote([self.path, "--version"]))
        return parse_frida_version(result.stdout) if result.ok else None

    def pids(self) -> tuple[int, ...]:
        # ps shows the executable's name, cut to 15 characters by the kernel (comm)
        name = posixpath.basename(self.path)[:15]
        listing = self.shell.run(
            self.root.wrap("ps -A -o PID,NAME") if self.root.ok else "ps -A -o PID,NAME"
        )
        return tuple(e.pid for e in parse_ps(listing.stdout) if e.name[:15] == name)

    def listening(self) -> bool:
        cmd = "cat /proc/net/tcp /proc/net/tcp6"
        out = self.shell.run(self.root.wrap(cmd) if self.root.ok else cmd).stdout
        ports = listening_ports(out)
        port = self.config.listen_port
        host = self.config.listen_host
        wanted = {(host, port), ("0.0.0.0", port), ("::", port)}
        if host in ("127.0.0.1", "localhost"):
            wanted.add(("127.0.0.1", port))
        return bool(ports & wanted)

    def exposed_on(self) -> list[str]:
        """`host:port` addresses off the loopback on which something listens on the server's
        port: reachable from the network (Wi-Fi, a lab LAN) by anyone."""
        cmd = "cat /proc/net/tcp /proc/net/tcp6"
        out = self.shell.run(self.root.wrap(cmd) if self.root.ok else cmd).stdout
        port = self.config.listen_port
        found = []
        for host, listen_port in sorted(listening_ports(out)):
            if listen_port == port and not _is_loopback(host):
                found.append(f"{host}:{port}")
        return found

    def status(self) -> ServerStatus:
        pids = self.pids()
        return ServerStatus(self.installed_version(), pids, bool(pids) and self.listening())

    # --- the host side ---
    def host_binary(self) -> Path:
        """The configured binary for the device's ABI, checked to really be built for it."""
        configured = self.config.binaries
        binary = next((path for abi, path in configured.items() if abi == self.abi), None)
        arch = _RELEASE_ARCH.get(self.abi, self.abi)
        hint = RELEASES_HINT.format(version=self.host_version, arch=arch)
        if binary is None:
            if configured:
                have = ", ".join(configured)
                raise DeviceError(
                    f"device {self.shell.serial} is {self.abi} but devices.yaml only has "
                    f"frida-server for {have} (ABI mismatch: frida-server must match the "
                    "device's primary ABI, ro.product.cpu.abi)",
                    hint=hint,
                )
            raise DeviceError(
                f"no frida-server binary configured for device {self.shell.serial} ({self.abi})",
                hint=hint,
            )
        if not binary.is_file():
            raise ConfigError(
                f"frida-server binary {binary} (for {self.abi}) does not exist", hint=hint
            )
        actual = binary_abi(binary)
        if actual is None:
            compressed = binary.read_bytes()[:6] == b"\xfd7zXZ\x00"
            raise DeviceError(
                f"{binary} is not an executable (ELF) file"
                + (": it is still xz-compressed" if compressed else ""),
                hint=f"unxz {binary}" if compressed else hint,
            )
        if actual != self.abi:
            raise DeviceError(
                f"ABI mismatch: {binary} is built for {actual}, device {self.shell.serial} "
                f"is {self.abi}",
                hint=hint,
            )
        return binary

    # --- lifecycle ---
    def ensure_running(self) -> ServerStatus:
        """A listening frida-server of the host's version; push and (re)start it as needed."""
        self._require_safe_listen()
        version = self.installed_version()
        pushed = False
        if version != self.host_version:
            binary = self.host_binary()
            self.stop()  # a running server keeps the old file busy
            self.install(binary)
            pushed = True
            version = self.installed_version()
            if version != self.host_version:
                raise DeviceError(
                    f"frida-server version mismatch on {self.shell.serial}: device has "
                    f"{version or 'none (the binary does not run)'}, host frida is "
                    f"{self.host_version}",
                    hint=RELEASES_HINT.format(
                        version=self.host_version, arch=_RELEASE_ARCH.get(self.abi, self.abi)
                    ),
                )
        pids = self.pids()
        exposed = self.config.transport == "adb-forward" and bool(self.exposed_on())
        keep = not pushed and not exposed and self.listening() and self.started_by_harness(pids)
        if pids and keep:
            return ServerStatus(version, pids, True)
        if pids:
            self.stop()
        self.start()
        return self.status()

    def install(self, binary: Path) -> None:
        self.shell.push(binary, self.path, 0o755)
        chmod = self.shell.run(quote(["chmod", "755", self.path]))
        if not chmod.ok:
            raise DeviceError(
                f"device {self.shell.serial}: chmod 755 {self.path} failed: {chmod.output.strip()}"
            )

    # --- authentication ---
    @property
    def _adb_address(self) -> str:
        client = self.shell.client
        return f"{getattr(client, 'host', '')}:{getattr(client, 'port', '')}"

    def token(self) -> str | None:
        """The token to connect with: the one the harness last started this server with."""
        if not supports_token(self.host_version):
            return None
        return stored_token(self._adb_address, self.shell.serial)

    def running_token(self, pids: tuple[int, ...]) -> str | None:
        """The token the running server was started with (None: it takes anyone)."""
        for pid in pids:
            cmd = quote(["cat", f"/proc/{pid}/cmdline"])
            result = self.shell.run(self.root.wrap(cmd) if self.root.ok else cmd)
            if result.ok:
                return token_in(result.stdout)
        return None

    def started_by_harness(self, pids: tuple[int, ...]) -> bool:
        """A running server the harness may keep: started by it, with the token it holds (one
        started by hand, or without a token, is restarted with a fresh one)."""
        if not supports_token(self.host_version):
            return True  # an old Frida: nothing to check
        mine = self.token()
        return mine is not None and self.running_token(pids) == mine

    def start(self) -> None:
        self._require_safe_listen()
        args = [self.path, "-D", "-l", self.config.listen]
        if supports_token(self.host_version):
            args.append(f"--token={new_token(self._adb_address, self.shell.serial)}")
        command = quote(args)
        result = self.shell.run(self.root.wrap(command))
        if not result.ok and result.output.strip():
            raise DeviceError(
                f"device {self.shell.serial}: starting frida-server failed: "
                f"{result.output.strip()}",
                hint=f"try `adb -s {self.shell.serial} shell` and run {self.path} -v as root",
            )
        self._wait_listening(self.config.start_timeout_s)

    def stop(self) -> None:
        pids = self.pids()
        if pids:
            self.shell.run(self.root.wrap(quote(["kill", "-9", *map(str, pids)])))

    def restart(self) -> None:
        self.stop()
        self.start()

    def _wait_listening(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        delay = 0.05
        while True:
            if self.listening():
                return
            if time.monotonic() >= deadline:
                break
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
        enforcing = self.shell.run("getenforce").stdout.strip()
        alive = "is running but not listening" if self.pids() else "exited right after start"
        raise DeviceError(
            f"device {self.shell.serial}: frida-server {alive} "
            f"(waited {timeout:g} s for {self.config.listen})",
            hint=f"run `{self.path} -v` as root on the device to see why"
            + (
                "; SELinux is Enforcing: try `setenforce 0` as root"
                if enforcing == "Enforcing"
                else ""
            ),
        )

    def _require_safe_listen(self) -> None:
        if self.config.transport == "adb-forward" and self.config.exposes_network():
            raise ConfigError(
                f"refusing to start frida-server on {self.config.listen}: that exposes it on the "
                "network; with transport adb-forward it listens on 127.0.0.1",
                hint="set frida_server.transport: direct in devices.yaml to do this on purpose",
            )
