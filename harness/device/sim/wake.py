"""A wake-up for threads blocked in select(): closing a listening socket does not wake them.

The device's listeners (the gate, the network sink) used to poll with a timeout (0.2-0.5 s)
to notice that they were closed, and each close waited out the rest of that poll: ~0.1-0.4 s
of every run's end spent waiting for nothing. Such a loop selects on its sockets and on
`Wake`; `set()` makes that select return at once. The standard library has no such object
(socketserver's shutdown polls too), so this is a socketpair, the usual self-pipe.
"""

from __future__ import annotations

import contextlib
import socket
import threading


class Wake:
    """Select on `reader` beside your sockets; once `set()` it stays readable."""

    def __init__(self) -> None:
        self._read, self._write = socket.socketpair()
        self._read.setblocking(False)
        self._write.setblocking(False)
        self._set = threading.Event()

    @property
    def reader(self) -> socket.socket:
        return self._read

    def is_set(self) -> bool:
        return self._set.is_set()

    def set(self) -> None:
        if self._set.is_set():
            return
        self._set.set()
        # One byte that nobody reads: the read end stays readable for every later select.
        with contextlib.suppress(OSError):
            self._write.send(b"\0")

    def close(self) -> None:
        """After the threads that select on it have ended."""
        self._read.close()
        self._write.close()
