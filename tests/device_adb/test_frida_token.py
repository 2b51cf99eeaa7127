"""frida-server on a bench is started with a per-start token the harness keeps to itself, a
server the harness did not start (no token, or bound to the network) is replaced, and the doctor
flags one listening on a network address. Through adbutils' real wire protocol against the adb
double; nothing of ours is mocked."""

from __future__ import annotations

import json
import stat

from typer.testing import CliRunner

from harness.cli import app
from harness.device.adb.token import stored_token, supports_token, token_in

from .conftest import HOST_VERSION
from .test_devices_cli import inventory_file

SERVER = "/data/local/tmp/frida-server"
runner = CliRunner()


def _server_cmdline(device) -> tuple[int, str]:
    pid = next(p for p, n in device.processes if n == "frida-server")
    return pid, device.files[f"/proc/{pid}/cmdline"].decode()


def test_host_frida_takes_a_token() -> None:
    assert supports_token(HOST_VERSION)  # the token path below is the one runs take
    assert not supports_token("12.11.18")


def test_server_is_started_with_a_token_only_the_harness_holds(emulator, open_device) -> None:
    dev = open_device(emulator.serial, prepare=True)
    _, cmdline = _server_cmdline(emulator)
    token = token_in(cmdline)
    assert token and len(token) >= 32
    server = dev.frida_server()
    assert server.token() == token
    address = f"{dev.shell.client.host}:{dev.shell.client.port}"
    assert stored_token(address, emulator.serial) == token
    from harness.device.adb.token import _file

    mode = stat.S_IMODE(_file(address, emulator.serial).stat().st_mode)
    assert mode == 0o600  # no other local user can read it
    # the next run keeps the server the harness started, with the same token
    pid_before = _server_cmdline(emulator)[0]
    open_device(emulator.serial, prepare=True)
    assert _server_cmdline(emulator)[0] == pid_before


def test_a_server_started_by_hand_without_a_token_is_replaced(emulator, open_device) -> None:
    open_device(emulator.serial, prepare=True)
    pid, _ = _server_cmdline(emulator)
    # someone restarts it by hand, without a token, on every interface
    emulator.files[f"/proc/{pid}/cmdline"] = f"{SERVER}\0-D\0-l\x000.0.0.0:27042\0".encode()
    emulator.listening.add(("0.0.0.0", 27042))
    open_device(emulator.serial, prepare=True)
    new_pid, cmdline = _server_cmdline(emulator)
    assert new_pid != pid and token_in(cmdline)
    assert ("0.0.0.0", 27042) not in emulator.listening


def test_doctor_flags_a_server_bound_to_a_network_address(
    adb_server, emulator, binaries, tmp_path, open_device
) -> None:
    cfg = inventory_file(tmp_path, adb_server.port, binaries)
    done = runner.invoke(app, ["doctor", "emu", "--config", str(cfg), "--start", "--json"])
    assert done.exit_code == 0, done.output
    pid, _ = _server_cmdline(emulator)
    emulator.listening.add(("0.0.0.0", 27042))  # now also reachable from the network
    done = runner.invoke(app, ["doctor", "emu", "--config", str(cfg), "--json"])
    checks = {c["name"]: c for c in json.loads(done.output)}
    running = checks["frida-server running"]
    assert running["status"] == "fail", running
    assert "0.0.0.0:27042" in running["detail"] and "network" in running["detail"]
    assert done.exit_code != 0


def test_doctor_warns_of_a_server_without_the_harness_token(
    adb_server, emulator, binaries, tmp_path
) -> None:
    cfg = inventory_file(tmp_path, adb_server.port, binaries)
    done = runner.invoke(app, ["doctor", "emu", "--config", str(cfg), "--start", "--json"])
    assert done.exit_code == 0, done.output
    pid, _ = _server_cmdline(emulator)
    emulator.files[f"/proc/{pid}/cmdline"] = f"{SERVER}\0-D\0".encode()
    done = runner.invoke(app, ["doctor", "emu", "--config", str(cfg), "--json"])
    running = {c["name"]: c for c in json.loads(done.output)}["frida-server running"]
    assert running["status"] == "warn" and "without the harness's token" in running["detail"]
