"""Talk to a simulated app process over its control port (JSON lines on 127.0.0.1)."""

from __future__ import annotations

import json
import socket
from typing import Any

from harness.errors import DeviceError

MAX_REPLY = 16 << 20  # a UI dump is bounded by the runtime; this bounds a misbehaving process


class Conversation:
    """One request on its own connection; its reply is one line, or several (`capture` answers
    the dump first and the picture after it). Close it when done (or use `with`)."""

    def __init__(
        self,
        port: int,
        payload: dict[str, Any],
        *,
        token: str,
        timeout: float = 10.0,
        what: str = "",
    ) -> None:
        self.label = what or f"control port {port}"
        self.cmd = payload.get("cmd")
        try:
            self._sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        except OSError as exc:
            raise DeviceError(f"{self.label}: not reachable ({exc})") from None
        try:
            self._sock.sendall(json.dumps({**payload, "token": token}).encode() + b"\n")
            self._lines = self._sock.makefile("rb")
        except OSError as exc:
            self._sock.close()
            raise DeviceError(f"{self.label}: not reachable ({exc})") from None

    def __enter__(self) -> Conversation:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._lines.close()
        self._sock.close()

    def settimeout(self, seconds: float) -> None:
        self._sock.settimeout(seconds)

    def raw_line(self) -> bytes:
        """The next reply line as sent (b"" when the process closed the connection)."""
        try:
            raw = self._lines.readline(MAX_REPLY + 1)
        except OSError as exc:
            raise DeviceError(f"{self.label}: not reachable ({exc})") from None
        if len(raw) > MAX_REPLY:
            raise DeviceError(f"{self.label}: reply larger than {MAX_REPLY} bytes")
        return raw

    def reply(self) -> dict[str, Any]:
        """The next reply line, parsed; DeviceError when missing, unreadable or refused."""
        return self.parse(self.raw_line())

    def parse(self, raw: bytes) -> dict[str, Any]:
        if not raw.strip():
            raise DeviceError(f"{self.label}: closed without answering {self.cmd!r}")
        try:
            reply = json.loads(raw)
        except ValueError:
            raise DeviceError(f"{self.label}: unreadable reply") from None
        if not isinstance(reply, dict):
            raise DeviceError(f"{self.label}: unreadable reply")
        if not reply.get("ok"):
            raise DeviceError(
                f"{self.label}: {self.cmd} failed: {reply.get('error', 'unknown error')}"
            )
        return reply


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
    with Conversation(port, payload, token=token, timeout=timeout, what=what) as talk:
        raw = talk.raw_line()
        if not raw and payload.get("cmd") == "exit":
            return {"ok": True}  # it exited before answering: what was asked
        return talk.parse(raw)
