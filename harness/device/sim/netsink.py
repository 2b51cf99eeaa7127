"""The simulated device's network sink: where every connection an app opens ends up.

The app's JVM sends every non-loopback TCP connection here as a SOCKS5 proxy (SimNet.java), so
the sink sees the port the app asked for and then the app's own bytes. A connection whose first
byte opens a TLS handshake is terminated with a certificate for the name the app asked for
(SNI), signed by the sink's CA (netca.py). HTTP/1.x requests are answered `200` with a small
fixed JSON body; anything else is read and kept, and nothing is answered. Everything received
(after TLS, i.e. what the app wrote) and sent is kept in memory, bounded, so that tests can
compare an app's traffic with and without the agent byte for byte.

UDP: the app's JVM sends every datagram that is not for a loopback literal to the sink's data
port, after telling its control port which destination the next datagram from that local port
is for (SimNet.UdpRedirect). The sink keeps each datagram with that destination, bounded, and
answers none.

Own code rather than a proxy library: the sink must accept SOCKS from the JVM, answer HTTP and
raw TCP on any port, and record exact bytes; mitmproxy does all of it but is a large dependency
with its own event loop for what is ~200 lines here (and it is N2's optional *input* format).
"""

from __future__ import annotations

import contextlib
import select
import shutil
import socket
import socketserver
import ssl
import tempfile
import threading
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from harness.device.sim.netca import SinkCA
from harness.device.sim.wake import Wake

RESPONSE_BODY = b'{"ok":true}'
MAX_CONNECTIONS_KEPT = 4096  # records kept; later connections are counted, served, not kept
MAX_BYTES_KEPT = 8 * 1024 * 1024  # per connection and direction
MAX_HEADER_BYTES = 64 * 1024
MAX_DATAGRAMS_KEPT = 4096
UDP_MAGIC = b"HSIMUDP1"  # a registration on the control port (SimNet.UdpRedirect)
IDLE_TIMEOUT = 30.0  # a connection silent this long is closed (an app that never closes)
_HTTP_METHODS = (b"GET", b"POST", b"PUT", b"DELETE", b"HEAD", b"OPTIONS", b"PATCH", b"TRACE")


@dataclass
class HttpExchange:
    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes  # as sent on the wire (chunked framing removed; content encoding kept)


@dataclass
class Connection:
    """One TCP connection the app opened, as the sink saw it."""

    number: int
    socks_host: str  # the destination the JVM asked the proxy for (an address or a name)
    port: int
    tls: bool = False
    sni: str | None = None
    received: bytearray = field(default_factory=bytearray)  # what the app wrote (after TLS)
    sent: bytearray = field(default_factory=bytearray)
    received_total: int = 0
    requests: list[HttpExchange] = field(default_factory=list)
    closed: bool = False

    @property
    def host(self) -> str:
        """The host name the app used: SNI, else the HTTP Host header, else the SOCKS target."""
        if self.sni:
            return self.sni
        for request in self.requests:
            for name, value in request.headers:
                if name.lower() == "host":
                    return value.rsplit(":", 1)[0] if not value.endswith("]") else value
        return self.socks_host

    def _keep(self, buffer: bytearray, data: bytes) -> None:
        room = MAX_BYTES_KEPT - len(buffer)
        if room > 0:
            buffer += data[:room]


@dataclass
class Datagram:
    """One UDP datagram an app sent, as the sink received it."""

    number: int
    host: str  # the destination as the app named it ("" when its registration was lost)
    port: int
    source_port: int  # the app's local port
    data: bytes


@dataclass(frozen=True)
class Registration:
    """Where the next datagram from `local_port` goes (`sticky`: every one, a connected socket)."""

    sticky: bool
    local_port: int
    host: str
    port: int


def parse_registration(data: bytes) -> Registration | None:
    """A control-port registration (SimNet.UdpRedirect), None when `data` is not one."""
    if not data.startswith(UDP_MAGIC) or len(data) < len(UDP_MAGIC) + 6 or data[8] > 1:
        return None
    at = len(UDP_MAGIC) + 1
    local = int.from_bytes(data[at : at + 2], "big")
    kind = data[at + 2]
    at += 3
    if kind == 3:
        length = data[at]
        host = data[at + 1 : at + 1 + length].decode("utf-8", "replace")
        at += 1 + length
    elif kind in (1, 4):
        size = 4 if kind == 1 else 16
        raw = data[at : at + size]
        if len(raw) != size:
            return None
        host = socket.inet_ntop(socket.AF_INET if kind == 1 else socket.AF_INET6, raw)
        at += size
    else:
        return None
    if len(data) != at + 2:
        return None
    return Registration(data[8] == 1, local, host, int.from_bytes(data[at : at + 2], "big"))


class _Closed(Exception):
    pass


class _Stream:
    """Reads from a (maybe TLS) socket, keeping what arrives in the connection's record."""

    def __init__(self, sock: socket.socket, record: Connection) -> None:
        self.sock = sock
        self.record = record
        self.buffer = bytearray()

    def fill(self) -> None:
        data = self.sock.recv(65536)
        if not data:
            raise _Closed
        self.record.received_total += len(data)
        self.record._keep(self.record.received, data)
        self.buffer += data

    def read_exact(self, n: int) -> bytes:
        while len(self.buffer) < n:
            self.fill()
        out = bytes(self.buffer[:n])
        del self.buffer[:n]
        return out

    def read_until(self, marker: bytes, limit: int) -> bytes | None:
        while True:
            at = self.buffer.find(marker)
            if at >= 0:
                out = bytes(self.buffer[: at + len(marker)])
                del self.buffer[: at + len(marker)]
                return out
            if len(self.buffer) > limit:
                return None
            self.fill()

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)
        self.record._keep(self.record.sent, data)


class NetworkSink:
    """A loopback SOCKS5 sink with TLS termination; `address` goes to the app's JVMs."""

    def __init__(self, folder: Path | None = None) -> None:
        self._own_folder = folder is None
        self.folder = Path(tempfile.mkdtemp(prefix="harness-sink-")) if folder is None else folder
        self.ca = SinkCA(self.folder)
        self._lock = threading.Lock()
        self._connections: list[Connection] = []
        self._open: set[socket.socket] = set()
        self.count = 0
        sink = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                sink._serve(self.request)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            block_on_close = False
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self._server.timeout = 1.0  # handle_request's own wait, once select saw a connection
        self.port: int = self._server.server_address[1]
        # close() wakes both listeners at once (serve_forever and a select with a timeout only
        # noticed it at their next poll: up to 0.5 s at every run's end)
        self._stop = Wake()
        self._thread = threading.Thread(target=self._serve_tcp, name="sim-net-sink", daemon=True)
        self._thread.start()
        self._datagrams: list[Datagram] = []
        self.datagram_count = 0
        self._udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._udp.bind(("127.0.0.1", 0))
        self._control = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._control.bind(("127.0.0.1", 0))
        self._udp_thread = threading.Thread(target=self._serve_udp, name="sim-net-udp", daemon=True)
        self._udp_thread.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def udp_address(self) -> str:
        """ "127.0.0.1:data-port:control-port", for HARNESS_SIM_NET_UDP."""
        return f"127.0.0.1:{self._udp.getsockname()[1]}:{self._control.getsockname()[1]}"

    def datagrams(self) -> list[Datagram]:
        with self._lock:
            return list(self._datagrams)

    def connections(self) -> list[Connection]:
        with self._lock:
            return list(self._connections)

    def exchanges(self) -> list[tuple[Connection, HttpExchange]]:
        return [(c, r) for c in self.connections() for r in list(c.requests)]

    def clear(self) -> None:
        with self._lock:
            self._connections.clear()
            self._datagrams.clear()

    def _serve_tcp(self) -> None:
        """Accept connections (each served on its own thread) until close()."""
        listener = self._server.socket
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([listener, self._stop.reader], [], [])
            except (OSError, ValueError):  # closed under us
                return
            if self._stop.is_set():
                return
            if listener in ready:
                self._server.handle_request()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._server.server_close()
        self._udp_thread.join(timeout=5)
        if not self._thread.is_alive() and not self._udp_thread.is_alive():
            self._stop.close()
        self._udp.close()
        self._control.close()
        with self._lock:
            for sock in list(self._open):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    sock.close()
            self._open.clear()
        if self._own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    # --- UDP ----------------------------------------------------------------------------

    def _serve_udp(self) -> None:
        """Datagrams in arrival order, each with its destination.

        A datagram's registration was sent before it, so once the datagram is read its
        registration is in the control queue too (perhaps with later ones): a datagram takes
        the oldest one-shot registration of its local port, else the port's connected one.
        """
        once: dict[int, deque[tuple[str, int]]] = {}  # local port -> destinations, in order
        sticky: dict[int, tuple[str, int]] = {}  # local port -> a connected socket's peer
        while not self._stop.is_set():
            ready, _, _ = select.select([self._udp, self._control, self._stop.reader], [], [])
            if self._stop.is_set():
                return
            if self._udp not in ready:
                if ready and not self._drain(once, sticky):
                    return
                continue
            try:
                data, (_, source) = self._udp.recvfrom(65535, socket.MSG_DONTWAIT)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                return
            if not self._drain(once, sticky):
                return
            queue = once.get(source)
            if queue:
                host, port = queue.popleft()
            else:
                host, port = sticky.get(source, ("", 0))
            with self._lock:
                self.datagram_count += 1
                if len(self._datagrams) < MAX_DATAGRAMS_KEPT:
                    self._datagrams.append(
                        Datagram(self.datagram_count, host, port, source, bytes(data))
                    )

    def _drain(
        self, once: dict[int, deque[tuple[str, int]]], sticky: dict[int, tuple[str, int]]
    ) -> bool:
        """Read every registration waiting; False when the control socket was closed."""
        while True:
            try:
                data, _ = self._control.recvfrom(65535, socket.MSG_DONTWAIT)
            except (BlockingIOError, InterruptedError):
                return True
            except OSError:
                return False
            reg = parse_registration(data)
            if reg is None:
                continue
            if len(once) + len(sticky) > MAX_CONNECTIONS_KEPT:  # ports of closed sockets
                once.clear()
                sticky.clear()
            if reg.sticky:
                sticky[reg.local_port] = (reg.host, reg.port)
            else:
                queue = once.setdefault(reg.local_port, deque(maxlen=64))
                queue.append((reg.host, reg.port))

    # --- one connection ---------------------------------------------------------------

    def _serve(self, sock: socket.socket) -> None:
        sock.settimeout(IDLE_TIMEOUT)
        with self._lock:
            self._open.add(sock)
        try:
            record = self._socks(sock)
            if record is None:
                return
            first = sock.recv(1, socket.MSG_PEEK)
            if first == b"\x16":  # a TLS handshake record
                sock = self._tls(sock, record)
            self._talk(_Stream(sock, record))
        except (OSError, _Closed, ssl.SSLError, ValueError):
            pass
        finally:
            with self._lock:
                self._open.discard(sock)
            with contextlib.suppress(OSError):
                sock.close()

    def _socks(self, sock: socket.socket) -> Connection | None:
        """SOCKS5 without authentication (RFC 1928), CONNECT only; the connection's record.

        The record is numbered and kept before the proxy answers: the app's next connection can
        only start after that answer, so the records' order is the order the app connected in
        (numbered after the answer, a connection whose thread was descheduled then came after
        the next one: a test comparing runs by position failed under load)."""
        head = _recv_exact(sock, 2)
        if head[0] != 5:
            return None
        _recv_exact(sock, head[1])
        sock.sendall(b"\x05\x00")
        ver, cmd, _, atyp = _recv_exact(sock, 4)
        if atyp == 1:
            host = socket.inet_ntop(socket.AF_INET, _recv_exact(sock, 4))
        elif atyp == 4:
            host = socket.inet_ntop(socket.AF_INET6, _recv_exact(sock, 16))
        elif atyp == 3:
            length = _recv_exact(sock, 1)[0]
            host = _recv_exact(sock, length).decode("ascii", "replace")
        else:
            return None
        port = int.from_bytes(_recv_exact(sock, 2), "big")
        if ver != 5 or cmd != 1:
            sock.sendall(b"\x05\x07\x00\x01\x00\x00\x00\x00\x00\x00")
            return None
        with self._lock:
            self.count += 1
            record = Connection(number=self.count, socks_host=host, port=port)
            if len(self._connections) < MAX_CONNECTIONS_KEPT:
                self._connections.append(record)
        # "succeeded", bound to 0.0.0.0:0 (the JVM does not use the bound address)
        sock.sendall(b"\x05\x00\x00\x01\x00\x00\x00\x00\x00\x00")
        return record

    def _tls(self, sock: socket.socket, record: Connection) -> ssl.SSLSocket:
        record.tls = True

        def choose(obj: ssl.SSLObject | ssl.SSLSocket, name: str | None, _: object) -> None:
            record.sni = name
            obj.context = self.ca.context(name)

        # A context per connection that only picks the host's context once SNI is known.
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.sni_callback = choose
        return context.wrap_socket(sock, server_side=True)

    def _talk(self, stream: _Stream) -> None:
        while True:
            if not stream.buffer:
                stream.fill()
            if not _looks_like_http(bytes(stream.buffer[:8])):
                while True:  # raw bytes: keep reading (and keeping) until the app closes
                    stream.buffer.clear()
                    stream.fill()
            head = stream.read_until(b"\r\n\r\n", MAX_HEADER_BYTES)
            if head is None:
                return
            request = _parse_head(head)
            request.body = _read_body(stream, request.headers)
            stream.record.requests.append(request)
            keep = _header(request.headers, "connection").lower() != "close"
            response = (
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + f"Content-Length: {len(RESPONSE_BODY)}\r\n".encode()
                + (b"" if keep else b"Connection: close\r\n")
                + b"\r\n"
                + (b"" if request.method == "HEAD" else RESPONSE_BODY)
            )
            stream.send(response)
            if not keep:
                return


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    out = bytearray()
    while len(out) < n:
        data = sock.recv(n - len(out))
        if not data:
            raise _Closed
        out += data
    return bytes(out)


def _looks_like_http(start: bytes) -> bool:
    return any(start.startswith(m + b" ") for m in _HTTP_METHODS) or (
        len(start) < 8 and any(m.startswith(start) for m in _HTTP_METHODS)
    )


def _parse_head(head: bytes) -> HttpExchange:
    lines = head.decode("iso-8859-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3:
        raise ValueError("not an HTTP request line")
    headers = []
    for line in lines[1:]:
        if not line:
            continue
        name, _, value = line.partition(":")
        headers.append((name.strip(), value.strip()))
    return HttpExchange(method=parts[0], target=parts[1], headers=headers, body=b"")


def _header(headers: list[tuple[str, str]], name: str) -> str:
    for key, value in headers:
        if key.lower() == name:
            return value
    return ""


def _read_body(stream: _Stream, headers: list[tuple[str, str]]) -> bytes:
    if "chunked" in _header(headers, "transfer-encoding").lower():
        body = bytearray()
        while True:
            line = stream.read_until(b"\r\n", 1024)
            if line is None:
                raise ValueError("bad chunk size line")
            size = int(line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                stream.read_until(b"\r\n", MAX_HEADER_BYTES)  # trailers end with an empty line
                return bytes(body)
            chunk = stream.read_exact(size + 2)[:-2]
            if len(body) < MAX_BYTES_KEPT:
                body += chunk
    length = int(_header(headers, "content-length") or "0")
    body = bytearray()
    while length > 0:  # read in steps, keep at most MAX_BYTES_KEPT
        part = stream.read_exact(min(length, 65536))
        length -= len(part)
        if len(body) < MAX_BYTES_KEPT:
            body += part
    return bytes(body)
