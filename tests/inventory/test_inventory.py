"""devices.yaml: validation errors name the file, the line and the field; schema export."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from harness.device.inventory import (
    inventory_json_schema,
    load_inventory,
    resolve_inventory_path,
)
from harness.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "devices.yaml"
    path.write_text(text)
    return path


def binary(tmp_path: Path) -> Path:
    b = tmp_path / "frida-server-arm64"
    b.write_bytes(b"\x7fELF")
    return b


def test_valid_inventory_loads_with_defaults(tmp_path) -> None:
    b = binary(tmp_path)
    inv = load_inventory(
        write(
            tmp_path,
            f"""\
frida_server:
  binaries: {{arm64-v8a: {b.name}}}   # relative to the inventory
devices:
  - name: pixel
    serial: 2A131FDH2000K1
    kind: phone
    root: su
    tags: {{android: "14", abi: arm64-v8a, vendor: google, labels: [bench-2]}}
    limits: {{max_app_run_s: 120, retries: 2}}
  - serial: 192.168.1.40:5555
""",
        )
    )
    pixel = inv.find("pixel")
    assert pixel is not None and pixel is inv.find("2A131FDH2000K1")
    assert inv.server_config(pixel).binaries["arm64-v8a"] == b.resolve()
    assert inv.server_config(pixel).path == "/data/local/tmp/frida-server"
    assert inv.server_config(pixel).transport == "adb-forward"
    assert pixel.limits.retries == 2 and pixel.tags.labels == ["bench-2"]
    tcp = inv.find("192.168.1.40:5555")
    assert tcp is not None and tcp.kind == "emulator" and tcp.root == "auto"


@pytest.mark.parametrize(
    "text,line,words",
    [
        (
            "devices:\n  - serial: a\n    kind: phone\n    colour: red\n",
            4,
            ["devices[0].colour", "unknown field 'colour'"],
        ),
        (
            "devices:\n  - serial: a\n  - kind: phone\n    root: su\n",
            3,
            ["devices[1]", "'serial' is missing"],
        ),
        (
            "devices:\n  - serial: a\n  - serial: b\n  - name: x\n    serial: a\n",
            5,
            ["devices[2].serial", "duplicate 'a'", "line 2"],
        ),
        (
            "frida_server:\n  binaries:\n    x86-64: /tmp/f\ndevices: []\n",
            3,
            ["unknown ABI 'x86-64'", "arm64-v8a"],
        ),
        ("devices:\n  - serial: a\n    root: magisk\n", 3, ["devices[0].root", "adb-root"]),
        (
            "devices:\n  - serial: a\n    frida_server: {listen: '10.0.0.5:27042'}\n",
            3,
            ["expose frida-server on the network", "transport: direct"],
        ),
        (
            "devices:\n  - serial: a\n    frida_server: {listen: 'nocolon'}\n",
            3,
            ["expected host:port"],
        ),
        ("devices: [\n", 2, ["not valid YAML"]),
    ],
)
def test_bad_inventories_name_file_line_and_field(tmp_path, text, line, words) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_inventory(path)
    message = str(err.value)
    assert f"{path}:{line}:" in message, message
    for word in words:
        assert word in message, message
    assert err.value.exit_code == 2


def test_missing_server_binary_path(tmp_path) -> None:
    path = write(
        tmp_path,
        "devices:\n  - serial: a\n    frida_server:\n      binaries:\n"
        "        x86_64: /nonexistent/frida-server\n",
    )
    with pytest.raises(
        ConfigError,
        match=r"devices.yaml:5: devices\[0\].frida_server.binaries"
        r".x86_64: frida-server binary '/nonexistent/"
        r"frida-server' does not exist",
    ) as err:
        load_inventory(path)
    assert "Frida releases" in (err.value.hint or "")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_server_binary(tmp_path) -> None:
    b = binary(tmp_path)
    b.chmod(0)
    path = write(tmp_path, f"frida_server: {{binaries: {{arm64-v8a: {b}}}}}\n")
    with pytest.raises(ConfigError, match="is not readable"):
        load_inventory(path)


def test_unreadable_directory_entry_is_reported_as_not_a_file(tmp_path) -> None:
    path = write(tmp_path, f"frida_server: {{binaries: {{arm64-v8a: {tmp_path}}}}}\n")
    with pytest.raises(ConfigError, match=r"devices.yaml:1: frida_server.binaries.arm64-v8a"):
        load_inventory(path)


def test_missing_inventory_file(tmp_path) -> None:
    with pytest.raises(ConfigError, match="device inventory not found"):
        load_inventory(tmp_path / "nope.yaml")


def test_sim_needs_no_entry_and_empty_file_is_fine(tmp_path) -> None:
    assert load_inventory(None).devices == []
    assert load_inventory(write(tmp_path, "# nothing yet\n")).devices == []
    inv = load_inventory(write(tmp_path, "devices:\n  - name: sim\n    kind: sim\n"))
    assert inv.find("sim") is not None
    with pytest.raises(ConfigError, match="must be named 'sim'"):
        load_inventory(write(tmp_path, "devices:\n  - name: other\n    kind: sim\n"))


def test_config_path_resolution(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HARNESS_DEVICES", raising=False)
    assert resolve_inventory_path(None) is None
    write(tmp_path, "devices: []\n")
    assert resolve_inventory_path(None) == tmp_path / "devices.yaml"
    monkeypatch.setenv("HARNESS_DEVICES", "/lab/devices.yaml")
    assert resolve_inventory_path(None) == Path("/lab/devices.yaml")
    assert resolve_inventory_path(Path("x.yaml")) == Path("x.yaml")


def test_schema_validates_the_example_inventory() -> None:
    import jsonschema
    import yaml

    schema = json.loads(inventory_json_schema())
    example = Path(__file__).resolve().parents[2] / "devices.yaml"
    data = yaml.safe_load(example.read_text())
    jsonschema.validate(data, schema)
    bad = {"devices": [{"serial": "a", "root": "magisk"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    assert "arm64-v8a" in json.dumps(schema)
