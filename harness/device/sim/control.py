"""Talk to a simulated app process over its control port (JSON lines on 127.0.0.1)."""

from __future__ import annotations

import json
import socket
from typing import Any

from harness.errors import DeviceError

MAX_REPLY = 16 << 20  # a UI dump is bounded by the runtime; this bounds a misbehaving process


def request(
    port: int,
    payload: dict[str, Any],
    *,
    token: str,
    timeout: float = 10.0,
    what: str = "",
) -> dict[str, Any]:
    """Send one request with the device's secret (`token`, harness.device.sim.secret), return
    the reply; DeviceError when the process is gone or refuses."""
    label = what or f"control port {port}"
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(json.dumps({**payload, "token": token}).encode() + b"\n")
            chunks: list[bytes] = []
            size = 0
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if chunk.endswith(b"\n"):
                    break
                if size > MAX_REPLY:
                    raise DeviceError(f"{label}: reply larger than {MAX_REPLY} bytes")
    except OSError as exc:
        raise DeviceError(f"{label}: not reachable ({exc})") from None
    raw = b"".join(chunks)
    if not raw:
        if payload.get("cmd") == "exit":
            return {"ok": True}
        raise DeviceError(f"{label}: closed without answering {payload.get('cmd')!r}")
    try:
        reply = json.loads(raw)
    except ValueError:
        raise DeviceError(f"{label}: unreadable reply") from None
    if not isinstance(reply, dict):
        raise DeviceError(f"{label}: unreadable reply")
    if not reply.get("ok"):
        raise DeviceError(
            f"{label}: {payload.get('cmd')} failed: {reply.get('error', 'unknown error')}"
        )
    return reply
