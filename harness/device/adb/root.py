"""Getting root on a device: `adb root` (emulators, userdebug builds) or `su` (rooted phones).

`su` comes in two dialects: Magisk/SuperSU take `su -c 'cmd'`; the AOSP `su` of emulator and
userdebug images takes `su 0 cmd` and answers `-c` with "su: invalid uid/gid '-c'".
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

from harness.device.adb.parsers import parse_uid
from harness.device.adb.shell import AdbShell
from harness.errors import DeviceError

RootVia = Literal["adbd", "su -c", "su 0", "none"]
ADB_ROOT_WAIT_S = 20.0


@dataclass(frozen=True)
class RootAccess:
    via: RootVia
    serial: str

    @property
    def method(self) -> str:
        """The inventory's name for it: adb-root | su | none."""
        return {"adbd": "adb-root", "su -c": "su", "su 0": "su", "none": "none"}[self.via]

    @property
    def ok(self) -> bool:
        return self.via != "none"

    def wrap(self, command: str) -> str:
        """`command` (a shell string) as root, or unchanged when adbd already runs as root."""
        return _wrap(self.via, command, self.serial)


def _wrap(via: RootVia, command: str, serial: str) -> str:
    from harness.device.adb.shell import quote

    if via == "adbd":
        return command
    if via == "su -c":
        return quote(["su", "-c", command])
    if via == "su 0":
        return quote(["su", "0", "sh", "-c", command])
    raise DeviceError(
        f"device {serial} has no root access, which frida-server needs",
        hint="use an emulator image without Google Play (then `adb root` works), or a phone "
        "rooted with Magisk, and set `root:` for it in devices.yaml",
    )


def obtain_root(shell: AdbShell, configured: str, *, restart_adbd: bool = True) -> RootAccess:
    """Root access of the configured kind (adb-root | su | none | auto = whatever works).

    `restart_adbd=False` only looks (listing devices must not restart adbd under a running job).
    """
    serial = shell.serial
    if configured == "none":
        return RootAccess("none", serial)
    if parse_uid(shell.run("id").output) == 0:
        return RootAccess("adbd", serial)  # adbd already runs as root
    if configured == "adb-root" and not restart_adbd:
        return RootAccess("none", serial)
    if configured in ("adb-root", "auto") and restart_adbd:
        answer = shell.adb_root().strip()
        if "cannot run as root" in answer or "not allowed" in answer:
            if configured == "adb-root":
                raise DeviceError(
                    f"device {serial}: `adb root` refused: {answer}",
                    hint="production builds (phones, Google Play emulator images) refuse adb "
                    "root: use a 'Google APIs' emulator image, or root the phone and set root: su",
                )
        else:
            _wait_for_root_adbd(shell)
            return RootAccess("adbd", serial)
    outputs = []
    for via in ("su -c", "su 0"):
        result = shell.run(_wrap(via, "id", serial))
        if parse_uid(result.output) == 0:
            return RootAccess(via, serial)
        outputs.append(f"`{via} id`: {result.output.strip() or f'exit {result.exit_code}'}")
    if configured == "su":
        raise DeviceError(
            f"device {serial}: su did not give root ({'; '.join(outputs)})",
            hint="grant root to the Shell app in Magisk (a prompt on the phone the first time), "
            "or check that su is installed",
        )
    return RootAccess("none", serial)  # auto: nothing worked; callers needing root will say so


def _wait_for_root_adbd(shell: AdbShell) -> None:
    """adbd restarts after `adb root`: the device drops off for a moment, then answers as root."""
    deadline = time.monotonic() + ADB_ROOT_WAIT_S
    delay = 0.05
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            out = shell.run("id", timeout=5).output
            if parse_uid(out) == 0:
                return
            last = out.strip()
        except DeviceError as exc:  # expected while adbd restarts
            last = exc.message
        time.sleep(delay)
        delay = min(delay * 2, 0.5)
    raise DeviceError(
        f"device {shell.serial}: adbd did not come back as root within {ADB_ROOT_WAIT_S:g} s "
        f"after `adb root` (last: {last})",
        hint=f"run `adb -s {shell.serial} root` and `adb -s {shell.serial} shell id` by hand",
    )
