"""`harness devices` and `harness doctor` against an inventory pointing at the adb double."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from harness.cli import app

from .adb_double import FakeDevice
from .conftest import HOST_VERSION, fake_frida_server

runner = CliRunner()


def inventory_file(tmp_path: Path, port: int, binaries: dict[str, Path]) -> Path:
    path = tmp_path / "devices.yaml"
    path.write_text(f"""\
adb: {{host: 127.0.0.1, port: {port}}}
frida_server:
  binaries: {{x86_64: {binaries["x86_64"]}, arm64-v8a: {binaries["arm64-v8a"]}}}
devices:
  - name: emu
    serial: emulator-5554
    kind: emulator
    root: adb-root
  - name: pixel
    serial: 2A131FDH2000K1
    kind: phone
    root: su
  - name: away
    serial: 0123456789ABCDEF
    kind: phone
""")
    return path


def test_devices_json_lists_sim_configured_and_connected(
    adb_server, emulator, phone, binaries, tmp_path
) -> None:
    adb_server.devices["R58M77"] = FakeDevice("R58M77", state="unauthorized")
    old = fake_frida_server(tmp_path / "old", "arm64-v8a", "16.1.4")
    phone.files["/data/local/tmp/frida-server"] = old.read_bytes()
    phone.modes["/data/local/tmp/frida-server"] = 0o755
    cfg = inventory_file(tmp_path, adb_server.port, binaries)
    result = runner.invoke(app, ["devices", "--json", "--config", str(cfg)])
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.output)}
    assert set(rows) == {"sim", "emu", "pixel", "away", "R58M77"}
    emu, pixel = rows["emu"], rows["pixel"]
    assert (emu["state"], emu["android_version"], emu["abi"]) == ("device", "14", "x86_64")
    assert emu["frida_server"] == "missing" and emu["version_match"] is None
    assert emulator.uid == 2000, "listing must not restart adbd as root"
    assert (pixel["abi"], pixel["root"], pixel["root_ok"]) == ("arm64-v8a", "su", True)
    assert pixel["server_version"] == "16.1.4" and pixel["version_match"] is False
    assert pixel["frida_server"] == "stopped" and pixel["selinux"] == "Enforcing"
    assert rows["away"]["state"] == "absent" and rows["away"]["configured"]
    assert rows["R58M77"]["state"] == "unauthorized" and not rows["R58M77"]["configured"]
    assert rows["sim"]["kind"] == "sim"


def test_devices_table(adb_server, emulator, binaries, tmp_path) -> None:
    cfg = inventory_file(tmp_path, adb_server.port, binaries)
    result = runner.invoke(app, ["devices", "--config", str(cfg)], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "emulator-5554" in result.output and "absent" in result.output


def test_doctor_on_a_ready_emulator(adb_server, emulator, binaries, tmp_path) -> None:
    cfg = inventory_file(tmp_path, adb_server.port, binaries)
    result = runner.invoke(app, ["doctor", "emu", "--config", str(cfg), "--start", "--json"])
    assert result.exit_code == 0, result.output
    checks = {c["name"]: c for c in json.loads(result.output)}
    assert all(c["status"] == "ok" for c in checks.values()), checks
    assert checks["frida-server version"]["detail"] == HOST_VERSION
    assert checks["root"]["detail"] == "via adbd"


def test_doctor_reports_each_problem_with_a_fix(adb_server, emulator, binaries, tmp_path) -> None:
    cfg = inventory_file(tmp_path, adb_server.port, {**binaries, "x86_64": binaries["arm64-v8a"]})
    result = runner.invoke(app, ["doctor", "emu", "--config", str(cfg)])
    assert result.exit_code == 3
    lines = result.output.splitlines()
    assert any(
        line.startswith("fail frida-server binary") and "built for arm64-v8a" in line
        for line in lines
    ), result.output
    assert any(line.startswith("warn frida-server version") for line in lines)
    assert sum(line.strip().startswith("fix:") for line in lines) >= 2
    # a frida-server problem points at frida-tools for a look by hand, with the device's serial
    assert "frida-ps -D emulator-5554" in result.output


def test_doctor_on_unauthorized_and_absent(adb_server, binaries, tmp_path) -> None:
    adb_server.devices["emulator-5554"] = FakeDevice("emulator-5554", state="unauthorized")
    cfg = inventory_file(tmp_path, adb_server.port, binaries)
    result = runner.invoke(app, ["doctor", "emu", "--config", str(cfg)])
    assert result.exit_code == 3 and "emulator-5554 is unauthorized" in result.output
    assert "Allow USB debugging" in result.output
    result = runner.invoke(app, ["doctor", "away", "--config", str(cfg)])
    assert result.exit_code == 3 and "is absent" in result.output


def test_doctor_when_adb_server_is_unreachable(binaries, tmp_path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]
    cfg = inventory_file(tmp_path, dead_port, binaries)
    result = runner.invoke(app, ["doctor", "emu", "--config", str(cfg)])
    assert result.exit_code == 3
    assert "cannot reach the adb server" in result.output and "adb start-server" in result.output


def test_schema_command_writes_json(tmp_path) -> None:
    out = tmp_path / "devices.schema.json"
    result = runner.invoke(app, ["devices", "schema", "-o", str(out)])
    assert result.exit_code == 0
    assert json.loads(out.read_text())["title"] == "harness devices.yaml"


def test_bad_inventory_exits_2_with_one_line(tmp_path) -> None:
    cfg = tmp_path / "devices.yaml"
    cfg.write_text("devices:\n  - serial: a\n    wheels: 4\n")
    env = {**os.environ, "ADBUTILS_ADB_PATH": "/bin/false"}
    proc = subprocess.run(
        [sys.executable, "-m", "harness", "devices", "--config", str(cfg)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"error: {cfg}:3: devices[0].wheels: unknown field 'wheels'"
