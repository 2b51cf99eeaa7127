"""The per-device secret that authenticates the controller to app processes and them to the gate.

It lives in `<home>/control.secret` (mode 0600, so separate CLI invocations of the same user
share it and other users cannot read it) and reaches the JVMs the device starts through their
environment (`HARNESS_SIM_SECRET`; `/proc/PID/environ`, unlike the command line, is readable by
the same user only). The app inherits it too: an app can always drive its own UI, what the
secret keeps out is everybody else.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ENV = "HARNESS_SIM_SECRET"
FILE = "control.secret"


def device_secret(home: Path) -> str:
    """The home's secret, made on first use."""
    path = home / FILE
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        text = ""
    if len(text) >= 32:
        return text
    text = secrets.token_hex(32)
    tmp = path.with_name(f".{FILE}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(text + "\n")
    os.replace(tmp, path)
    return text
