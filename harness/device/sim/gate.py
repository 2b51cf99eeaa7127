"""The zygote-side gate: new app processes announce themselves here and wait to be resumed."""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Callable

from harness.device.base import ProcessInfo, SpawnHandler

log = logging.getLogger(__name__)
MAX_ANNOUNCE = 4096


class SimGate:
    """A loopback listener; each announced process of `package` goes to `handler`, then runs.

    A process of another package (a stray child, a misconfigured run) is resumed untouched.
    """

    def __init__(
        self,
        package: str,
        handler: SpawnHandler,
        on_error: Callable[[ProcessInfo, Exception], None] | None = None,
    ) -> None:
        self.package = package
        self._handler = handler
        self._on_error = on_error
        self.handled: set[int] = set()
        self.errors: list[tuple[ProcessInfo, Exception]] = []
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.2)  # so that close() is noticed: accept() is not woken by close
        self._closed = threading.Event()
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(
            target=self._accept, name=f"sim-gate-{package}", daemon=True
        )
        self._acceptor.start()

    @property
    def address(self) -> str:
        host, port = self._sock.getsockname()
        return f"{host}:{port}"

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.setblocking(True)
            worker = threading.Thread(
                target=self._serve, args=(conn,), daemon=True, name=f"sim-gate-{self.package}-conn"
            )
            self._threads.append(worker)
            worker.start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(10)
            try:
                raw = b""
                while not raw.endswith(b"\n") and len(raw) < MAX_ANNOUNCE:
                    chunk = conn.recv(1024)
                    if not chunk:
                        break
                    raw += chunk
                hello = json.loads(raw)
                proc = ProcessInfo(pid=int(hello["pid"]), name=str(hello["process"]))
                ours = str(hello.get("package")) == self.package
            except (OSError, ValueError, KeyError, TypeError) as exc:
                log.warning("gate %s: unreadable announcement (%s)", self.package, exc)
                return
            try:
                if ours and not self._closed.is_set():
                    self.handled.add(proc.pid)
                    self._handler(proc)
            except Exception as exc:  # noqa: BLE001 - the process must run anyway; report, resume
                self.errors.append((proc, exc))
                if self._on_error:
                    self._on_error(proc, exc)
            finally:
                try:
                    conn.settimeout(10)
                    conn.sendall(b'{"cmd":"resume"}\n')
                except OSError:
                    pass  # the process died meanwhile

    def close(self) -> None:
        """Stop listening; processes announced later run ungated."""
        if self._closed.is_set():
            return
        self._closed.set()
        try:
            self._sock.close()
        except OSError:
            pass
        self._acceptor.join(timeout=5)
        for worker in self._threads:
            worker.join(timeout=5)
