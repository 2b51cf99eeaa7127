"""The authentication token frida-server is started with, so that no other app on the device and
no other local user (through the host's `adb forward`) can drive it as root.

A new random token each time the harness starts the server; it is passed on the server's command
line (`--token=`, the only way frida-server takes one: apps cannot read another uid's
/proc/<pid>/cmdline on Android 7+) and kept on the host in a file only its owner can read, so a
later run can use the server the harness started, and recognise one it did not start.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from harness.paths import cache_dir

FIRST_WITH_TOKEN = 14  # frida-server --token and RemoteDeviceOptions.token: Frida 14.0 on


def supports_token(frida_version: str) -> bool:
    major = frida_version.split(".", 1)[0]
    return major.isdigit() and int(major) >= FIRST_WITH_TOKEN


def _file(adb_address: str, serial: str) -> Path:
    # one file per adb server and device: two benches (or two test doubles) never share one
    key = hashlib.sha256(f"{adb_address}/{serial}".encode()).hexdigest()[:24]
    return cache_dir() / "frida-tokens" / key


def stored_token(adb_address: str, serial: str) -> str | None:
    try:
        return _file(adb_address, serial).read_text(encoding="ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def new_token(adb_address: str, serial: str) -> str:
    """A fresh token, stored (mode 0600) before the server is started with it."""
    token = secrets.token_hex(16)
    path = _file(adb_address, serial)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(token)
    os.replace(tmp, path)
    return token


def token_in(cmdline: str) -> str | None:
    """The `--token` a running frida-server was started with (its NUL-separated argv)."""
    args = [a for a in cmdline.split("\0") if a]
    for i, arg in enumerate(args):
        if arg.startswith("--token="):
            return arg.split("=", 1)[1]
        if arg == "--token" and i + 1 < len(args):
            return args[i + 1]
    return None
