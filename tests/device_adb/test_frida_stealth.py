"""The stealth options the harness supports (docs/reliability.md, "Stealth"): a renamed
frida-server binary and a non-default port, through the adb double (never a real device)."""

from __future__ import annotations

RENAMED = "/data/local/tmp/media-helper"  # nothing in it says frida
PORT = 31337


def test_a_renamed_server_on_another_port_is_started_found_and_reached(
    emulator, open_device, adb_server, binaries
) -> None:
    extra = (
        f"    frida_server:\n      path: {RENAMED}\n      listen: '127.0.0.1:{PORT}'\n"
        f"      binaries: {{x86_64: {binaries['x86_64']}}}\n"
    )
    dev = open_device(emulator.serial, extra=extra, prepare=True)
    server = dev.frida_server()
    assert emulator.modes[RENAMED] == 0o755
    assert f"{RENAMED} -D -l 127.0.0.1:{PORT} --token={server.token()}" in emulator.commands
    assert ("127.0.0.1", PORT) in emulator.listening
    assert ("127.0.0.1", 27042) not in emulator.listening  # a detector's port check finds nothing
    assert [name for _, name in emulator.processes if "frida" in name] == []
    # found again by its new name: a second open keeps the running server
    before = [p for p, n in emulator.processes if n == "media-helper"]
    assert before and server.status().listening
    open_device(emulator.serial, extra=extra, prepare=True)
    assert [p for p, n in emulator.processes if n == "media-helper"] == before
    # the host reaches it on that port
    address = dev._frida_link().forward()
    local = int(address.rsplit(":", 1)[1])
    assert (emulator.serial, f"tcp:{local}", f"tcp:{PORT}") in adb_server.forwards
    dev.close()
