"""What `harness devices` and `harness doctor` report about adb devices.

Listing is read-only (it never restarts adbd nor starts anything: a batch may be using the
device); the doctor may run `adb root`, and starts frida-server only when asked to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import frida

from harness.device.adb.device import AdbDevice
from harness.device.adb.root import RootAccess, obtain_root
from harness.device.adb.shell import AdbShell, adb_client, adb_errors
from harness.device.inventory import DeviceEntry, Inventory
from harness.device.status import Check, DeviceStatus
from harness.errors import DeviceError, HarnessError

ADB_MISSING_HINT = "install platform-tools (`apt-get install adb`) and run `adb start-server`"


def _connected(inventory: Inventory) -> tuple[dict[str, str], str | None]:
    client = adb_client(inventory.adb.host, inventory.adb.port)
    try:
        with adb_errors("(adb server)", client):
            return {i.serial: i.state for i in client.list()}, None
    except DeviceError as exc:
        return {}, exc.message


def adb_statuses(inventory: Inventory) -> list[DeviceStatus]:
    """Every inventory entry and every connected device, probed without side effects."""
    connected, adb_problem = _connected(inventory)
    host_version = frida.__version__
    rows: list[DeviceStatus] = []
    entries = [(e, True) for e in inventory.devices if e.kind != "sim"]
    listed = {e.serial for e, _ in entries}
    entries += [(DeviceEntry.for_serial(s), False) for s in connected if s not in listed]
    for entry, configured in entries:
        assert entry.serial is not None
        row = DeviceStatus(
            name=entry.key,
            serial=entry.serial,
            kind=entry.kind,
            configured=configured,
            state=connected.get(entry.serial, "absent" if adb_problem is None else "unknown"),
            root=entry.root,
            host_frida_version=host_version,
        )
        if adb_problem:
            row.problems.append(adb_problem)
        if row.state == "device":
            _probe(row, entry, inventory)
        rows.append(row)
    return rows


def _probe(row: DeviceStatus, entry: DeviceEntry, inventory: Inventory) -> None:
    client = adb_client(inventory.adb.host, inventory.adb.port)
    assert entry.serial is not None
    dev = AdbDevice(AdbShell(client, entry.serial), entry, inventory.server_config(entry))
    try:
        props = dev.props()
        row.model = props.get("ro.product.model", "")
        row.android_version = props.get("ro.build.version.release", "")
        sdk = props.get("ro.build.version.sdk", "0")
        row.api_level = int(sdk) if sdk.isdigit() else 0
        row.abi = dev.abi
        row.selinux = dev.shell.run("getenforce").stdout.strip()
        root = obtain_root(dev.shell, entry.root, restart_adbd=False)
        dev._root = root
        row.root, row.root_ok = (root.method, root.ok) if root.ok else (entry.root, False)
        server = dev.frida_server()
        version = server.installed_version()
        row.server_version = version
        row.version_match = version == row.host_frida_version if version else None
        if version is None:
            row.frida_server = "missing"
        elif root.ok:
            row.frida_server = "running" if server.pids() and server.listening() else "stopped"
    except HarnessError as exc:
        row.problems.append(exc.message)


def adb_checks(name: str, inventory: Inventory, *, start_server: bool = False) -> list[Check]:
    """Everything `harness run` needs on one adb device, each with how to fix it."""
    checks: list[Check] = []
    connected, adb_problem = _connected(inventory)
    if adb_problem:
        return [Check("adb server", "fail", adb_problem, ADB_MISSING_HINT)]
    checks.append(Check("adb server", "ok", f"{len(connected)} device(s) connected"))
    entry = inventory.find(name) or (DeviceEntry.for_serial(name) if name in connected else None)
    if entry is None or entry.serial is None:
        checks.append(
            Check(
                "device",
                "fail",
                f"{name!r} is neither in the inventory nor connected",
                "check `adb devices`; add it to devices.yaml",
            )
        )
        return checks
    state = connected.get(entry.serial, "absent")
    if state != "device":
        fix = {
            "unauthorized": "accept the 'Allow USB debugging?' prompt on the device",
            "offline": "replug the cable or run `adb reconnect`",
            "absent": f"connect it (USB), or `adb connect {entry.serial}` for adb over TCP",
        }.get(state, "see `adb devices -l`")
        checks.append(Check("device online", "fail", f"{entry.serial} is {state}", fix))
        return checks
    checks.append(Check("device online", "ok", entry.serial))
    client = adb_client(inventory.adb.host, inventory.adb.port)
    dev = AdbDevice(AdbShell(client, entry.serial), entry, inventory.server_config(entry))

    # frida-tools ships with the harness: a frida-server problem ends with the command that
    # looks at it by hand (docs/devices.md, "Debugging a device by hand with frida-tools")
    by_hand = f"look by hand with `frida-ps -D {entry.serial}` / `frida-ls-devices`"

    def step(check_name: str, fn: Callable[[], Check]) -> bool:
        try:
            checks.append(fn())
        except HarnessError as exc:
            checks.append(Check(check_name, "fail", exc.message, exc.hint or ""))
        last = checks[-1]
        if last.status != "ok" and last.name.startswith("frida-server"):
            checks[-1] = replace(last, fix=f"{last.fix}; {by_hand}" if last.fix else by_hand)
        return checks[-1].status != "fail"

    root: list[RootAccess] = []

    def check_root() -> Check:
        access = dev.root()
        root.append(access)
        if not access.ok:
            access.wrap("true")  # raises with the explanation
        return Check("root", "ok", f"via {access.via}")

    def check_abi() -> Check:
        abi = dev.abi
        if not abi:
            return Check("abi", "fail", "ro.product.cpu.abi is empty", "is the device booted?")
        info = dev.info()
        return Check("abi", "ok", f"{abi} (Android {info.android_version}, API {info.api_level})")

    def check_binary() -> Check:
        binary = dev.frida_server().host_binary()
        return Check("frida-server binary", "ok", str(binary))

    def check_version() -> Check:
        version = dev.frida_server().installed_version()
        host = dev.host_version
        if version == host:
            return Check("frida-server version", "ok", version)
        return Check(
            "frida-server version",
            "warn",
            f"device has {version or 'no frida-server'}, host frida is {host}",
            "harness run pushes the configured binary; or run `harness doctor --start`",
        )

    def check_selinux() -> Check:
        mode = dev.shell.run("getenforce").stdout.strip() or "unknown"
        return Check("selinux", "ok", mode)

    def start() -> Check:
        status = dev.frida_server().ensure_running()
        return Check("frida-server start", "ok", f"version {status.installed_version}")

    def check_running() -> Check:
        server = dev.frida_server()
        pids = server.pids()
        config = inventory.server_config(entry)
        exposed = server.exposed_on() if pids else []
        if exposed and config.transport == "adb-forward":
            return Check(
                "frida-server running",
                "fail",
                f"listening on {', '.join(exposed)}: anyone on the device's network can drive "
                "it as root",
                "`harness doctor --start` (or `harness run`) restarts it on 127.0.0.1 with a token",
            )
        if pids and server.listening():
            if not server.started_by_harness(pids):
                return Check(
                    "frida-server running",
                    "warn",
                    f"listening on {config.listen} without the harness's token: any app on the "
                    "device can drive it as root",
                    "`harness doctor --start` (or `harness run`) restarts it with a token",
                )
            return Check("frida-server running", "ok", f"listening on {config.listen}")
        return Check(
            "frida-server running",
            "warn",
            "not running",
            "harness run starts it; `harness doctor --start` starts it now",
        )

    alive = step("abi", check_abi)
    if alive and step("root", check_root):
        step("frida-server binary", check_binary)
        if start_server:
            step("frida-server start", start)
        step("frida-server version", check_version)
        step("selinux", check_selinux)
        step("frida-server running", check_running)
    return checks
