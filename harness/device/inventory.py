"""devices.yaml: the lab's device inventory, validated with pydantic; errors name file, line, field.

The simulated device `sim` is always available and needs no entry. A connected adb serial that
is not listed can still be used: it gets `DeviceEntry.for_serial` defaults (root probed).
"""

from __future__ import annotations

import ipaddress
import json
import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import ErrorDetails

from harness.errors import ConfigError
from harness.yamlfile import KEY, Loc, dotted, line_of, parse_model, read_bounded

Abi = Literal["arm64-v8a", "armeabi-v7a", "x86", "x86_64"]
KNOWN_ABIS: tuple[str, ...] = ("arm64-v8a", "armeabi-v7a", "x86", "x86_64")
DEFAULT_SERVER_PATH = "/data/local/tmp/frida-server"
DEFAULT_SERVER_PORT = 27042
INVENTORY_ENV = "HARNESS_DEVICES"
DEFAULT_INVENTORY_NAME = "devices.yaml"
MAX_INVENTORY_BYTES = 1024 * 1024


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AdbServer(_Strict):
    """Where the adb server runs; unset parts come from ANDROID_ADB_SERVER_HOST/PORT or defaults."""

    host: str | None = None
    port: int | None = Field(None, ge=1, le=65535)


class FridaServerConfig(_Strict):
    path: str = Field(DEFAULT_SERVER_PATH, description="Where frida-server lives on the device")
    binaries: dict[Abi, Path] = Field(
        default_factory=dict,
        description="Host frida-server binary per device ABI (never downloaded)",
    )
    transport: Literal["adb-forward", "direct"] = Field(
        "adb-forward",
        description="adb-forward: server on the device's loopback, reached through `adb forward`;"
        " direct: the host connects to `listen` itself (the server is exposed on that address)",
    )
    listen: str = Field(
        f"127.0.0.1:{DEFAULT_SERVER_PORT}",
        description="host:port frida-server listens on, on the device",
    )

    start_timeout_s: float = Field(
        15.0, gt=0, le=300, description="How long to wait for a started frida-server to listen"
    )

    @field_validator("listen")
    @classmethod
    def _listen_is_host_port(cls, value: str) -> str:
        host, sep, port = value.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"expected host:port, got {value!r}")
        return value

    @property
    def listen_host(self) -> str:
        return self.listen.rpartition(":")[0]

    @property
    def listen_port(self) -> int:
        return int(self.listen.rpartition(":")[2])

    def exposes_network(self) -> bool:
        """True when the listen address is reachable from outside the device."""
        host = self.listen_host
        if host == "localhost":
            return False
        try:
            return not ipaddress.ip_address(host).is_loopback
        except ValueError:
            return True  # a host name: assume it resolves to a network address


class DeviceTags(_Strict):
    android: str | None = None
    abi: Abi | None = None
    vendor: str | None = None
    labels: list[str] = Field(default_factory=list)


class DeviceLimits(_Strict):
    max_app_run_s: float = Field(600.0, gt=0, description="Cut one app's run after this long")
    retries: int = Field(1, ge=0, le=10, description="Retries of an app run lost to the device")


class DeviceEntry(_Strict):
    name: str | None = Field(None, description="Short name for --device (default: the serial)")
    serial: str | None = Field(None, description="adb serial, or host:port for adb over TCP")
    kind: Literal["emulator", "phone", "sim"] = "emulator"
    root: Literal["adb-root", "su", "none", "auto"] = Field(
        "auto", description="How to get root: `adb root`, `su`, none, or probe (auto)"
    )
    frida_server: FridaServerConfig | None = None
    tags: DeviceTags = Field(default_factory=DeviceTags)
    limits: DeviceLimits = Field(default_factory=DeviceLimits)

    @property
    def key(self) -> str:
        return self.name or self.serial or "sim"

    @classmethod
    def for_serial(cls, serial: str) -> DeviceEntry:
        kind: Literal["emulator", "phone"] = (
            "emulator" if serial.startswith("emulator-") else "phone"
        )
        return cls(serial=serial, kind=kind)


class Inventory(_Strict):
    adb: AdbServer = Field(default_factory=AdbServer)
    frida_server: FridaServerConfig = Field(
        default_factory=FridaServerConfig,
        description="Defaults for every device without its own frida_server section",
    )
    devices: list[DeviceEntry] = Field(default_factory=list)

    def find(self, name: str) -> DeviceEntry | None:
        for entry in self.devices:
            if name in (entry.name, entry.serial):
                return entry
        return None

    def server_config(self, entry: DeviceEntry) -> FridaServerConfig:
        return entry.frida_server or self.frida_server


# --- loading ---------------------------------------------------------------------------------


def resolve_inventory_path(path: Path | None) -> Path | None:
    """--devices, else $HARNESS_DEVICES, else ./devices.yaml when present, else none (sim only)."""
    if path is not None:
        return path
    env = os.environ.get(INVENTORY_ENV)
    if env:
        return Path(env)
    default = Path.cwd() / DEFAULT_INVENTORY_NAME
    return default if default.is_file() else None


def load_inventory(path: Path | None) -> Inventory:
    """Read and validate an inventory; `None` means no file (only `sim` and connected serials)."""
    if path is None:
        return Inventory()
    return parse_inventory(read_bounded(path, MAX_INVENTORY_BYTES, "device inventory"), path)


def parse_inventory(raw: bytes | str, path: Path) -> Inventory:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    inventory, root = parse_model(data, path, Inventory, "device inventory", message=_abi_key)
    _check_entries(inventory, path, root)
    return _resolve_binaries(inventory, path, root)


def _abi_key(err: ErrorDetails, loc: Loc) -> str | None:
    # a bad `binaries:` key is an ABI name: say which ones exist
    if len(loc) >= 2 and loc[-1] == KEY and "binaries" in loc:
        return f"unknown ABI {loc[-2]!r} (known: {', '.join(KNOWN_ABIS)})"
    return None


def _check_entries(inventory: Inventory, path: Path, root: yaml.Node | None) -> None:
    seen: dict[str, int] = {}
    for i, entry in enumerate(inventory.devices):
        if entry.kind != "sim" and not entry.serial:
            line = line_of(root, ("devices", i))
            raise ConfigError(
                f"{path}:{line}: devices[{i}]: required field 'serial' is missing "
                f"(adb serial, or host:port for adb over TCP)"
            )
        if entry.kind == "sim" and entry.key != "sim":
            line = line_of(root, ("devices", i, "name"))
            raise ConfigError(f"{path}:{line}: devices[{i}]: a kind: sim entry must be named 'sim'")
        for field in ("name", "serial"):
            # `--device sim` always opens the built-in simulated device: an adb entry of that
            # name would be silently unreachable, so it is refused where it is written
            if entry.kind != "sim" and getattr(entry, field) == "sim":
                line = line_of(root, ("devices", i, field))
                raise ConfigError(
                    f"{path}:{line}: devices[{i}].{field}: 'sim' is the built-in simulated "
                    "device's name; give this device another one"
                )
        for field in ("serial", "name"):
            value = getattr(entry, field)
            if value is None:
                continue
            if value in seen:
                line = line_of(root, ("devices", i, field))
                raise ConfigError(
                    f"{path}:{line}: devices[{i}].{field}: duplicate {value!r} "
                    f"(already used by the entry on line {seen[value]})"
                )
            seen[value] = line_of(root, ("devices", i))
        server = inventory.server_config(entry)
        if server.transport == "adb-forward" and server.exposes_network():
            where = (
                ("devices", i, "frida_server", "listen")
                if entry.frida_server
                else ("frida_server", "listen")
            )
            raise ConfigError(
                f"{path}:{line_of(root, where)}: {dotted(where)}: {server.listen!r} would expose"
                " frida-server on the network; with transport adb-forward it must listen on"
                " 127.0.0.1 (set transport: direct to expose it on purpose)"
            )


def _resolve_binaries(inventory: Inventory, path: Path, root: yaml.Node | None) -> Inventory:
    """Make binary paths absolute (relative to the inventory) and check each is a readable file."""
    base = path.parent

    def fix(server: FridaServerConfig, where: tuple[str | int, ...]) -> FridaServerConfig:
        binaries: dict[Any, Path] = {}
        for abi, binary in server.binaries.items():
            full = binary.expanduser()
            full = full if full.is_absolute() else (base / full).resolve()
            if not full.is_file() or not os.access(full, os.R_OK):
                line = line_of(root, (*where, "binaries", abi))
                state = "is not readable" if full.exists() else "does not exist"
                raise ConfigError(
                    f"{path}:{line}: {dotted((*where, 'binaries', abi))}: frida-server binary "
                    f"{str(full)!r} {state}",
                    hint="download frida-server for this ABI from the Frida releases, matching "
                    "the host frida version, unpack it (unxz) and point this field at it",
                )
            binaries[abi] = full
        return server.model_copy(update={"binaries": binaries})

    devices = [
        e.model_copy(update={"frida_server": fix(e.frida_server, ("devices", i, "frida_server"))})
        if e.frida_server
        else e
        for i, e in enumerate(inventory.devices)
    ]
    return inventory.model_copy(
        update={"frida_server": fix(inventory.frida_server, ("frida_server",)), "devices": devices}
    )


def inventory_json_schema() -> str:
    """The JSON Schema of devices.yaml, for editors (yaml-language-server)."""
    schema = Inventory.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "harness devices.yaml"
    return json.dumps(schema, indent=2)
