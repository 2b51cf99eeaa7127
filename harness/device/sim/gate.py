"""The zygote-side gate: new app processes announce themselves here and wait to be resumed.

Nothing an announcement says is believed. The gate is a Unix socket in a folder only the
tester can enter; the kernel names the connecting process (SO_PEERCRED), the announcement must
carry the device's secret, and the device's `verify` decides from the OS's view of that pid (a
JVM of this device and package, started by the device, a process the manifest declares) which
process it is. An app that announces another pid (the controller's own: Frida would attach to
the harness and hang it) or another name is refused and recorded.
"""

from __future__ import annotations

import hmac
import json
import logging
import select
import shutil
import socket
import struct
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from harness.device.base import ProcessInfo, SpawnHandler
from harness.device.sim.wake import Wake

log = logging.getLogger(__name__)
MAX_ANNOUNCE = 4096
_PEERCRED = struct.Struct("3i")  # struct ucred: pid, uid, gid

# The device's check of a connecting pid: the process it is, or why it is refused.
Verify = Callable[[int], ProcessInfo | str]


class SimGate:
    """A Unix-socket listener; each verified process of `package` goes to `handler`, then runs.

    An announcement that fails the checks is answered "refused" and kept in `rejected`.
    """

    def __init__(
        self,
        package: str,
        handler: SpawnHandler,
        *,
        token: str,
        verify: Verify,
        on_error: Callable[[ProcessInfo, Exception], None] | None = None,
    ) -> None:
        self.package = package
        self._handler = handler
        self._token = token.encode()
        self._verify = verify
        self._on_error = on_error
        self.handled: set[int] = set()
        self.errors: list[tuple[ProcessInfo, Exception]] = []
        self.rejected: list[tuple[int, str]] = []  # (peer pid, reason)
        # A short private path: sun_path holds 108 bytes, and mode 0700 keeps other users out.
        self._dir = Path(tempfile.mkdtemp(prefix="hsim-gate-"))
        self._path = self._dir / "gate"
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock.bind(str(self._path))
        self._sock.listen(16)
        self._sock.setblocking(False)
        # close() wakes the acceptor's select at once (closing the socket would not wake it)
        self._closed = Wake()
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(
            target=self._accept, name=f"sim-gate-{package}", daemon=True
        )
        self._acceptor.start()

    @property
    def address(self) -> str:
        """The socket's path (HARNESS_SIM_GATE of the app's processes)."""
        return str(self._path)

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                ready, _, _ = select.select([self._sock, self._closed.reader], [], [])
                if self._closed.is_set() or self._sock not in ready:
                    return
                conn, _ = self._sock.accept()
            except (BlockingIOError, InterruptedError):
                continue  # the connection went away between the select and the accept
            except (OSError, ValueError):  # closed under us
                return
            conn.setblocking(True)
            worker = threading.Thread(
                target=self._serve, args=(conn,), daemon=True, name=f"sim-gate-{self.package}-conn"
            )
            self._threads.append(worker)
            worker.start()

    def _refuse(self, conn: socket.socket, pid: int, reason: str) -> None:
        log.warning("gate %s: refused pid %s: %s", self.package, pid, reason)
        with self._lock:
            self.rejected.append((pid, reason))
        try:
            conn.sendall(b'{"cmd":"refused"}\n')
        except OSError:
            pass

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(10)
            try:
                peer, _uid, _gid = _PEERCRED.unpack(
                    conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, _PEERCRED.size)
                )
                raw = b""
                while not raw.endswith(b"\n") and len(raw) < MAX_ANNOUNCE:
                    chunk = conn.recv(1024)
                    if not chunk:
                        break
                    raw += chunk
                hello = json.loads(raw)
                token = str(hello.get("token", "")).encode() if isinstance(hello, dict) else b""
            except (OSError, ValueError, TypeError, struct.error) as exc:
                log.warning("gate %s: unreadable announcement (%s)", self.package, exc)
                return
            if not hmac.compare_digest(token, self._token):
                self._refuse(conn, peer, "announcement without the device's secret")
                return
            with self._lock:
                again = peer in self.handled
            verdict = "announced twice" if again else self._verify(peer)
            if isinstance(verdict, str):
                self._refuse(conn, peer, verdict)
                return
            proc = verdict
            if str(hello.get("pid")) != str(proc.pid) or hello.get("process") != proc.name:
                log.warning(
                    "gate %s: pid %s announced itself as %r (pid %r); its command line says %r",
                    self.package,
                    proc.pid,
                    str(hello.get("process"))[:200],
                    str(hello.get("pid"))[:40],
                    proc.name,
                )
            try:
                if not self._closed.is_set():
                    with self._lock:
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
        if not self._acceptor.is_alive():
            self._closed.close()
        shutil.rmtree(self._dir, ignore_errors=True)
