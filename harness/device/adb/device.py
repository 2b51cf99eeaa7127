"""`AdbDevice`: an emulator or phone behind adb, implementing `harness.device.base.Device`.

Package, UI and evidence operations are shell commands (pm, am, dumpsys, uiautomator, input,
screencap, logcat); process start-up goes through Frida (spawn, spawn gating) on the device's
frida-server, which this class keeps running (pushed from the host, restarted once if it dies).
"""

from __future__ import annotations

import uuid
from pathlib import Path

import frida

from harness.device.adb import parsers
from harness.device.adb.frida_link import FridaLink, SpawnGate
from harness.device.adb.frida_server import FridaServer
from harness.device.adb.hints import IGNORABLE_GRANT_ERRORS, INSTALL_HINTS, install_fault
from harness.device.adb.root import RootAccess, obtain_root
from harness.device.adb.shell import AdbShell, adb_client, adb_errors, device_error_from_adb, quote
from harness.device.base import (
    DeviceInfo,
    InstalledApp,
    Key,
    ProcessGate,
    ProcessInfo,
    SpawnHandler,
)
from harness.device.inventory import DeviceEntry, FridaServerConfig, Inventory
from harness.errors import AppStartError, DeviceError, InstallError, InstallFault
from harness.model import target_is_path

INSTALL_TIMEOUT_S = 300.0
TMP_DIR = "/data/local/tmp"
UI_DUMP_PATH = f"{TMP_DIR}/harness_window_dump.xml"
UI_DUMP_TRIES = 3
EMPTY_HIERARCHY = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><hierarchy rotation=\"0\" />"
)
KEYCODES = {Key.HOME: 3, Key.BACK: 4}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# Shell commands that print one identifier each (empty or an error where the device hides it).
_IDENTIFIER_COMMANDS = (
    "settings get secure android_id",
    "settings get secure bluetooth_address",
    "cat /sys/class/net/wlan0/address",
)


class AdbDevice:
    """One adb device; see the module docstring. Open it with `AdbDevice.open(name, inventory)`."""

    def __init__(
        self,
        shell: AdbShell,
        entry: DeviceEntry,
        server_config: FridaServerConfig,
        host_version: str = frida.__version__,
    ) -> None:
        self.shell = shell
        self.entry = entry
        self.server_config = server_config
        self.host_version = host_version
        self._props: dict[str, str] | None = None
        self._root: RootAccess | None = None
        self._server: FridaServer | None = None
        self._link: FridaLink | None = None
        self._gates: list[SpawnGate] = []
        self._restarts = 0

    @classmethod
    def open(cls, name: str, inventory: Inventory, *, prepare: bool = True) -> AdbDevice:
        """Connect to `name` (inventory name/serial, or a connected serial); with `prepare`,
        obtain root and make sure frida-server runs."""
        entry = inventory.find(name)
        client = adb_client(inventory.adb.host, inventory.adb.port)
        if entry is None:
            with adb_errors(name, client):
                connected = {i.serial: i.state for i in client.list()}
            if name not in connected:
                listed = ", ".join(e.key for e in inventory.devices) or "none"
                raise DeviceError(
                    f"no device named {name!r}: it is not in the inventory (listed: {listed}) "
                    f"and adb does not see it (connected: {', '.join(connected) or 'none'})",
                    hint="run `harness devices`; for adb over TCP run `adb connect host:port`",
                )
            entry = DeviceEntry.for_serial(name)
        if entry.kind == "sim":
            raise DeviceError(f"{name!r} is the simulated device; open it as 'sim'")
        assert entry.serial is not None  # the inventory loader guarantees it for adb kinds
        device = cls(AdbShell(client, entry.serial), entry, inventory.server_config(entry))
        device.check_online()
        if prepare:
            device.prepare()
        return device

    # --- state ---
    @property
    def name(self) -> str:
        return self.entry.key

    @property
    def serial(self) -> str:
        return self.shell.serial

    def check_online(self) -> None:
        state = self.shell.state()
        if state == "device":
            return
        if state == "absent":
            raise DeviceError(
                f"device {self.serial} is not connected",
                hint="check the cable / `adb devices`; for adb over TCP run "
                f"`adb connect {self.serial}`",
            )
        raise device_error_from_adb(self.serial, state)

    def props(self) -> dict[str, str]:
        if self._props is None:
            self._props = parsers.parse_getprop(self.shell.run("getprop").stdout)
        return self._props

    @property
    def abi(self) -> str:
        return self.props().get("ro.product.cpu.abi", "")

    def root(self) -> RootAccess:
        if self._root is None:
            self._root = obtain_root(self.shell, self.entry.root)
        return self._root

    def frida_server(self) -> FridaServer:
        if self._server is None:
            self._server = FridaServer(
                self.shell, self.root(), self.server_config, self.abi, self.host_version
            )
        return self._server

    def prepare(self) -> None:
        """Root, then a listening frida-server of the host's version."""
        if not self.root().ok:
            self.root().wrap("true")  # raises the "no root" error with its hint
        self.frida_server().ensure_running()

    def health_check(self) -> None:
        """Still online, root still there, frida-server of the host's version running (restarted
        if it is not)."""
        self.check_online()
        self.prepare()

    def info(self) -> DeviceInfo:
        p = self.props()
        sdk = p.get("ro.build.version.sdk", "0")
        return DeviceInfo(
            name=self.name,
            kind=self.entry.kind,
            model=p.get("ro.product.model", ""),
            android_version=p.get("ro.build.version.release", ""),
            api_level=int(sdk) if sdk.isdigit() else 0,
            abi=self.abi,
            rooted=self.root().ok,
            fingerprint=p.get("ro.build.fingerprint", ""),
        )

    def identifiers(self) -> list[str]:
        """Best effort: what adb can read without root tricks. The IMEI, IMSI and phone number
        need privileged calls that differ by vendor and version, so they are not collected."""
        p = self.props()
        found = [p.get("ro.serialno", ""), p.get("ro.boot.serialno", "")]
        for command in _IDENTIFIER_COMMANDS:
            try:
                result = self.shell.run(command)
            except DeviceError:
                continue
            if result.exit_code == 0:
                found.append(result.stdout.strip())
        hidden = {"", "unknown", "null", "02:00:00:00:00:00"}
        return [v for v in dict.fromkeys(found) if v not in hidden and "\n" not in v]

    # --- Frida ---
    def _frida_link(self) -> FridaLink:
        if self._link is None:
            server = self.frida_server()
            self._link = FridaLink(
                self.shell,
                self.server_config,
                self.host_version,
                server.installed_version(),
                token=server.token,
            )
        return self._link

    def frida_device(self) -> frida.Device:
        link = self._frida_link()
        if link.lost.is_set():
            self._recover_server()
        return link.device()

    def _recover_server(self) -> None:
        """frida-server died mid-run: restart it once; a second death ends the run."""
        self.check_online()  # a vanished device is DeviceLost, not a server problem
        if self._restarts >= 1:
            raise DeviceError(
                f"frida-server on {self.serial} died again after being restarted once",
                hint=f"run `harness doctor {self.name}`; look at `adb logcat` for its crash",
            )
        self._restarts += 1
        self.frida_server().ensure_running()

    def gate_processes(self, package: str, handler: SpawnHandler) -> ProcessGate:
        gate = SpawnGate(self.frida_device(), package, handler)
        self._gates.append(gate)
        return gate

    def start_paused(self, package: str) -> ProcessInfo:
        try:
            pid = self.frida_device().spawn(package)
        except (frida.ExecutableNotFoundError, frida.NotSupportedError) as exc:
            raise AppStartError(f"cannot start {package} on {self.serial}: {exc}") from None
        except (frida.TransportError, frida.ServerNotRunningError):
            self._frida_link().lost.set()
            pid = self.frida_device().spawn(package)
        return ProcessInfo(pid=pid, name=package)

    def resume(self, pid: int) -> None:
        if any(pid in gate.handled for gate in self._gates):
            return  # the gate has resumed it after its handler ran
        try:
            self.frida_device().resume(pid)
        except frida.InvalidArgumentError:
            pass  # not paused any more

    # --- packages ---
    def install(self, source: str | Path, *, package: str | None = None) -> InstalledApp:
        if isinstance(source, str) and not target_is_path(source):
            return self.app_info(source)  # a package name: already installed
        path = Path(source)
        if not path.exists():
            raise InstallError(
                f"{source}: no such APK file or split-APK folder", fault=InstallFault.app
            )
        apks = sorted(path.glob("*.apk")) if path.is_dir() else [path]
        if not apks:
            raise InstallError(f"{path}: the folder holds no .apk files", fault=InstallFault.app)
        before = self._package_paths() if package is None else {}
        if len(apks) == 1:
            result = self._install_single(apks[0])
        else:
            result = self._install_multiple(apks)
        if not result.ok:
            code = result.code or "unknown failure"
            detail = f" ({result.detail})" if result.detail else ""
            raise InstallError(
                f"installing {path.name} on {self.serial} failed: {code}{detail}",
                hint=INSTALL_HINTS.get(result.code or ""),
                fault=install_fault(result.code),
                code=result.code,
            )
        if package is not None:  # the APK's own manifest said which package it is
            return self.app_info(package)
        # Without a static profile (the caller did not read the APK): the package whose install
        # path changed is the one just installed.
        after = self._package_paths()
        changed = [pkg for pkg, where in after.items() if before.get(pkg) != where]
        if len(changed) != 1:
            raise InstallError(
                f"{path.name} was installed on {self.serial}, but the package it installed "
                f"cannot be told apart (changed: {', '.join(changed) or 'none'})",
                hint="run again with the package name as target and --no-install",
            )
        return self.app_info(changed[0])

    def _package_paths(self) -> dict[str, str]:
        return parsers.parse_package_paths(self.shell.run("pm list packages -f").stdout)

    def _push_tmp(self, apk: Path) -> str:
        remote = f"{TMP_DIR}/harness-{uuid.uuid4().hex[:12]}.apk"
        self.shell.push(apk, remote)
        return remote

    def _install_single(self, apk: Path) -> parsers.InstallResult:
        remote = self._push_tmp(apk)
        try:
            out = self.shell.run(
                quote(["pm", "install", "-r", "-t", remote]), timeout=INSTALL_TIMEOUT_S
            )
            return parsers.parse_install_result(out.output)
        finally:
            self.shell.run(quote(["rm", "-f", remote]))

    def _install_multiple(self, apks: list[Path]) -> parsers.InstallResult:
        """`adb install-multiple` done by hand: one pm install session, one write per split."""
        total = sum(a.stat().st_size for a in apks)
        created = self.shell.run(quote(["pm", "install-create", "-r", "-t", "-S", str(total)]))
        session = parsers.parse_install_session(created.output)
        if session is None:
            return parsers.parse_install_result(created.output)
        remotes: list[str] = []
        try:
            for i, apk in enumerate(apks):
                remote = self._push_tmp(apk)
                remotes.append(remote)
                wrote = self.shell.run(
                    quote(
                        [
                            "pm",
                            "install-write",
                            "-S",
                            str(apk.stat().st_size),
                            str(session),
                            f"{i}_{apk.name}",
                            remote,
                        ]
                    ),
                    timeout=INSTALL_TIMEOUT_S,
                )
                if not wrote.output.lstrip().startswith("Success"):
                    self.shell.run(quote(["pm", "install-abandon", str(session)]))
                    return parsers.parse_install_result(wrote.output)
            out = self.shell.run(
                quote(["pm", "install-commit", str(session)]), timeout=INSTALL_TIMEOUT_S
            )
            return parsers.parse_install_result(out.output)
        finally:
            if remotes:
                self.shell.run(quote(["rm", "-f", *remotes]))

    def uninstall(self, package: str) -> None:
        out = self.shell.run(quote(["pm", "uninstall", package])).output
        if "Success" in out or package not in self.installed_packages():
            return
        raise DeviceError(f"uninstalling {package} from {self.serial} failed: {out.strip()}")

    def installed_packages(self) -> list[str]:
        return parsers.parse_package_list(self.shell.run("pm list packages").stdout)

    def app_info(self, package: str) -> InstalledApp:
        dump = parsers.parse_dumpsys_package(
            self.shell.run(quote(["dumpsys", "package", package])).stdout, package
        )
        if dump is None:
            raise InstallError(
                f"package {package} is not installed on {self.serial}",
                hint="pass the APK (or split-APK folder) instead of the package name",
                fault=InstallFault.device_mismatch,
            )
        resolved = self.shell.run(
            quote(
                [
                    "cmd",
                    "package",
                    "resolve-activity",
                    "--brief",
                    "-a",
                    "android.intent.action.MAIN",
                    "-c",
                    "android.intent.category.LAUNCHER",
                    package,
                ]
            )
        )
        launcher = parsers.parse_resolve_activity(resolved.stdout, package) if resolved.ok else None
        return InstalledApp(
            package=package,
            version_name=dump.version_name,
            version_code=dump.version_code,
            requested_permissions=dump.requested_permissions,
            launcher_activity=launcher or dump.launcher_activity,
        )

    def clear_data(self, package: str) -> None:
        out = self.shell.run(quote(["pm", "clear", package])).output.strip()
        if out != "Success":
            raise DeviceError(f"clearing the data of {package} on {self.serial} failed: {out}")

    def grant(self, package: str, permission: str) -> None:
        self._permission("grant", package, permission)

    def revoke(self, package: str, permission: str) -> None:
        self._permission("revoke", package, permission)

    def _permission(self, verb: str, package: str, permission: str) -> None:
        result = self.shell.run(quote(["pm", verb, package, permission]))
        out = result.output.strip()
        if result.ok and not out:
            return
        if any(marker in out for marker in IGNORABLE_GRANT_ERRORS):
            return  # install-time / unknown permissions have nothing to grant or revoke
        raise DeviceError(f"pm {verb} {package} {permission} on {self.serial} failed: {out}")

    # --- processes ---
    def force_stop(self, package: str) -> None:
        self.shell.run(quote(["am", "force-stop", package]))

    def processes(self, package: str) -> list[ProcessInfo]:
        entries = parsers.parse_ps(self.shell.run("ps -A -o PID,NAME").stdout)
        return [ProcessInfo(e.pid, e.name) for e in parsers.app_process_names(entries, package)]

    def wait_idle(self, package: str, timeout: float) -> list[str]:
        # Android shows no app's main looper from outside: a process counts as started once the
        # spawn gate has resumed it (run.protocol's await_processes waits for that).
        return []

    # --- UI ---
    def dump_ui(self) -> str:
        """The foreground window's hierarchy; an empty hierarchy when uiautomator cannot read
        the screen (it fails while windows animate: "null root node")."""
        # a failed dump can exit 0 and leave the previous file: remove it first, never read stale
        command = (
            f"rm -f {UI_DUMP_PATH} && uiautomator dump {UI_DUMP_PATH} >/dev/null"
            f" && cat {UI_DUMP_PATH}"
        )
        for _ in range(UI_DUMP_TRIES):
            xml = parsers.extract_ui_xml(self.shell.run(command).stdout)
            if xml is not None:
                return xml
        return EMPTY_HIERARCHY

    def tap(self, x: int, y: int) -> None:
        self.shell.run(quote(["input", "tap", str(int(x)), str(int(y))]))

    def press(self, key: Key) -> None:
        self.shell.run(quote(["input", "keyevent", str(KEYCODES[Key(key)])]))

    def foreground_package(self) -> str | None:
        for command in (
            "dumpsys activity activities | grep -E 'ResumedActivity'",
            "dumpsys window | grep -E 'mCurrentFocus|mFocusedApp'",
        ):
            found = parsers.parse_foreground_package(self.shell.run(command).stdout)
            if found:
                return found
        return None

    # --- evidence ---
    def screenshot(self, dest: Path) -> bool:
        try:
            png = self.shell.run_bytes("screencap -p")
        except DeviceError:
            return False
        if not png.startswith(PNG_MAGIC):
            return False
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(png)
        return True

    def save_logs(self, package: str, dest: Path) -> bool:
        try:
            pids = [p.pid for p in self.processes(package)]
            chunks = [
                self.shell.run(quote(["logcat", "-d", "-v", "threadtime", f"--pid={pid}"])).stdout
                for pid in pids
            ]
        except DeviceError:
            return False
        text = "\n".join(c for c in chunks if c.strip())
        if not text:
            return False
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text + "\n", encoding="utf-8")
        return True

    def close(self) -> None:
        for gate in self._gates:
            gate.close()
        self._gates.clear()
        if self._link is not None:
            self._link.close()
            self._link = None

    def __repr__(self) -> str:
        return f"AdbDevice({self.serial!r})"
