"""The simulated device's sink on its own: SOCKS5, TLS with a certificate per SNI name from the
sink's CA, HTTP answers (Content-Length and chunked bodies), raw bytes kept, bounds, close."""

from __future__ import annotations

import socket
import ssl
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.device.sim.netsink import RESPONSE_BODY, NetworkSink


@pytest.fixture
def sink(tmp_path: Path) -> Iterator[NetworkSink]:
    s = NetworkSink(tmp_path / "net")
    yield s
    s.close()


def _socks(sink: NetworkSink, host: str, port: int) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", sink.port), timeout=10)
    s.sendall(b"\x05\x01\x00")
    assert s.recv(2) == b"\x05\x00"
    name = host.encode()
    s.sendall(b"\x05\x01\x00\x03" + bytes([len(name)]) + name + port.to_bytes(2, "big"))
    assert s.recv(10)[:2] == b"\x05\x00"
    return s


def _read_response(s: socket.socket | ssl.SSLSocket) -> bytes:
    data = b""
    while not data.endswith(RESPONSE_BODY):
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def _wait(check: object, what: str) -> None:
    deadline = time.monotonic() + 10
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, what
        time.sleep(0.01)


def test_http_through_socks_is_answered_and_kept(sink: NetworkSink) -> None:
    s = _socks(sink, "a.example", 8080)
    request = b"POST /x HTTP/1.1\r\nHost: a.example:8080\r\nContent-Length: 5\r\n\r\nhello"
    s.sendall(request)
    answer = _read_response(s)
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n") and answer.endswith(RESPONSE_BODY)
    chunked = (
        b"POST /y HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\n\r\n"
    )
    s.sendall(chunked)
    assert _read_response(s).endswith(RESPONSE_BODY)
    s.close()
    (conn,) = sink.connections()
    assert (conn.socks_host, conn.port, conn.tls, conn.host) == (
        "a.example",
        8080,
        False,
        "a.example",
    )
    assert [(r.method, r.target, r.body) for r in conn.requests] == [
        ("POST", "/x", b"hello"),
        ("POST", "/y", b"abcde"),
    ]
    assert bytes(conn.received) == request + chunked


def test_tls_gets_a_certificate_for_the_sni_name_from_the_sinks_ca(sink: NetworkSink) -> None:
    context = ssl.create_default_context(cafile=str(sink.ca.ca_pem))
    raw = _socks(sink, "127.0.0.1", 443)
    with context.wrap_socket(raw, server_hostname="api.tracker.example") as s:
        s.sendall(b"GET /p?id=1 HTTP/1.1\r\nHost: api.tracker.example\r\nConnection: close\r\n\r\n")
        assert _read_response(s).endswith(RESPONSE_BODY)
    _wait(lambda: sink.connections() and sink.connections()[0].requests, "the request")
    (conn,) = sink.connections()
    assert conn.tls and conn.sni == "api.tracker.example" and conn.host == "api.tracker.example"
    assert conn.requests[0].target == "/p?id=1"  # kept after TLS, as the app wrote it
    untrusted = ssl.create_default_context()  # the system's CAs do not know the sink's
    with pytest.raises(ssl.SSLCertVerificationError):
        untrusted.wrap_socket(_socks(sink, "x.example", 443), server_hostname="x.example")


def test_raw_bytes_are_kept_and_never_answered(sink: NetworkSink) -> None:
    s = _socks(sink, "10.1.2.3", 7000)
    s.sendall(b"\x00\x01binary\xff")
    s.settimeout(0.3)
    with pytest.raises(socket.timeout):
        s.recv(1)
    _wait(lambda: sink.connections() and sink.connections()[0].received, "the bytes")
    assert bytes(sink.connections()[0].received) == b"\x00\x01binary\xff"
    s.close()


def test_close_ends_connections_left_open(tmp_path: Path) -> None:
    sink = NetworkSink(tmp_path / "net")
    s = _socks(sink, "idle.example", 9000)
    s.sendall(b"PING\n")
    _wait(lambda: sink.connections() and sink.connections()[0].received, "the bytes")
    started = time.monotonic()
    sink.close()
    assert time.monotonic() - started < 5
    s.settimeout(5)
    assert s.recv(1) == b""  # the sink hung up
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", sink.port), timeout=1)


def test_not_socks_is_dropped(sink: NetworkSink) -> None:
    s = socket.create_connection(("127.0.0.1", sink.port), timeout=5)
    s.sendall(b"GET / HTTP/1.1\r\n\r\n")
    try:
        assert s.recv(10) == b""  # closed (or reset: unread bytes were left behind)
    except ConnectionResetError:
        pass
    assert sink.connections() == []


def _registration(sticky: bool, local: int, host: str, port: int) -> bytes:
    name = host.encode()
    return (b"HSIMUDP1" + bytes([int(sticky)]) + local.to_bytes(2, "big") + b"\x03"
            + bytes([len(name)]) + name + port.to_bytes(2, "big"))  # fmt: skip


def test_datagrams_are_kept_with_the_destination_registered_before_each(sink: NetworkSink) -> None:
    _, data_port, control_port = sink.udp_address.split(":")
    control = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    app = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    app.bind(("127.0.0.1", 0))
    local = app.getsockname()[1]
    try:
        # one-shot registrations, two queued before either datagram is read: each its own
        control.sendto(
            _registration(False, local, "a.example", 53), ("127.0.0.1", int(control_port))
        )
        control.sendto(
            _registration(False, local, "b.example", 54), ("127.0.0.1", int(control_port))
        )
        app.sendto(b"first", ("127.0.0.1", int(data_port)))
        app.sendto(b"second", ("127.0.0.1", int(data_port)))
        # a connected socket's registration holds for every datagram after it
        control.sendto(
            _registration(True, local, "c.example", 4000), ("127.0.0.1", int(control_port))
        )
        app.sendto(b"third", ("127.0.0.1", int(data_port)))
        app.sendto(b"fourth", ("127.0.0.1", int(data_port)))
        control.sendto(b"HSIMUDP1 forged", ("127.0.0.1", int(control_port)))  # not one: ignored
        deadline = time.monotonic() + 30
        while len(sink.datagrams()) < 4:
            assert time.monotonic() < deadline, sink.datagrams()
            time.sleep(0.01)
    finally:
        control.close()
        app.close()
    assert [(d.host, d.port, d.source_port, d.data) for d in sink.datagrams()] == [
        ("a.example", 53, local, b"first"),
        ("b.example", 54, local, b"second"),
        ("c.example", 4000, local, b"third"),
        ("c.example", 4000, local, b"fourth"),
    ]
    sink.clear()
    assert sink.datagrams() == [] and sink.datagram_count == 4


def test_connections_are_kept_in_the_order_the_app_connected(sink: NetworkSink) -> None:
    # The proxy's answer comes after the record is kept: a client that has its answer is listed,
    # and the next connection (made only after that answer, as an app's next step) comes after.
    opened = []
    for i in range(20):
        opened.append(_socks(sink, f"h{i}.example", 1000 + i))
        assert [(c.host, c.port) for c in sink.connections()][-1] == (f"h{i}.example", 1000 + i)
    assert [c.number for c in sink.connections()] == list(range(1, 21))
    for s in opened:
        s.close()
