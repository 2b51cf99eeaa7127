"""UDP on the simulated device: every datagram that is not for a loopback literal reaches the
device's sink (nothing leaves the machine), is kept there with the destination the app named,
and is one agent send on the `udp` channel with the very bytes the sink received."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.device.sim import SimDevice
from harness.device.sim.netsink import Registration, parse_registration

from .driver import Run, run_app

pytestmark = pytest.mark.sim

APP = Path(__file__).parent / "apps" / "udp-app"
PKG = "com.example.udpapp"
IMEI = "861234567890123"
ANDROID_ID = "3f8e2b7c9d104a65"
BEACON = f"BEACON did={hashlib.md5(IMEI.encode()).hexdigest()}".encode()


@pytest.fixture(scope="module")
def device(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimDevice]:
    dev = SimDevice(home=tmp_path_factory.mktemp("net-udp"))
    yield dev
    dev.close()


@pytest.fixture(scope="module")
def plain(device: SimDevice) -> Run:
    return run_app(device, APP, PKG, agent=False, done="DONE|udp",
                   grant=("android.permission.READ_PHONE_STATE",))  # fmt: skip


@pytest.fixture(scope="module")
def hooked(device: SimDevice) -> Run:
    return run_app(device, APP, PKG, agent=True, done="DONE|udp",
                   grant=("android.permission.READ_PHONE_STATE",))  # fmt: skip


def _outcomes(run: Run) -> dict[str, str]:
    return {line.split("|")[1]: line.split("|", 2)[2] for line in run.lines("SENT|")}


EXPECTED = [
    ("beacon.udp.example", 9999, BEACON),
    ("203.0.113.9", 5353, f"aid:{ANDROID_ID}".encode()[2:]),  # a public literal: kept local
    ("stats.udp.example", 4000, b"hello"),  # a connected socket, both packets
    ("stats.udp.example", 4000, f"imei={IMEI}".encode()),
    ("nio.udp.example", 7777, f"nio {ANDROID_ID}".encode()),
]


def test_every_datagram_reaches_the_sink_with_its_destination(plain: Run) -> None:
    outcomes = _outcomes(plain)
    assert outcomes == {
        "named": f"sent {len(BEACON)}",
        "literal": f"sent {len(EXPECTED[1][2])}",
        "connected": "sent to stats.udp.example",
        "channel": f"sent {len(EXPECTED[4][2])} left 0",  # the JDK's count, buffer consumed
        "loopback": "received local",  # loopback stays loopback, and is not the sink's
    }
    assert [(d.host, d.port, d.data) for d in plain.datagrams] == EXPECTED


def test_the_app_sees_the_same_with_the_agent_and_each_datagram_is_one_send(
    plain: Run, hooked: Run
) -> None:
    assert not hooked.errors, hooked.errors
    assert {"net.udp.send:java.net.DatagramSocket.send",
            "net.udp.send:sun.nio.ch.DatagramChannelImpl.send"} <= set(hooked.hooked)  # fmt: skip
    assert _outcomes(hooked) == _outcomes(plain)
    assert [(d.host, d.port, d.data) for d in hooked.datagrams] == EXPECTED
    sends = hooked.by_channel("udp")
    got = [(s.host, s.scheme, s.bytes, hooked.payloads.get((s.pid, s.seq))) for s in sends]
    assert got == [(host, "udp", len(data), data) for host, _, data in EXPECTED]
    # the destination port as the app gave it (a connected socket's is the sink's, on the sim)
    assert [s.port for s in sends][:2] + [sends[-1].port] == [9999, 5353, 7777]
    for send in sends:
        assert hooked.frames(send)[0].startswith("com.tencent.beacon.UdpBeacon."), send


def test_registrations_are_parsed_exactly() -> None:
    named = b"HSIMUDP1\x00" + (4242).to_bytes(2, "big") + b"\x03\x07a.b.com" + b"\x00\x35"
    assert parse_registration(named) == Registration(False, 4242, "a.b.com", 53)
    literal = b"HSIMUDP1\x01" + (1).to_bytes(2, "big") + b"\x01\xcb\x00\x71\x09" + b"\x14\xe9"
    assert parse_registration(literal) == Registration(True, 1, "203.0.113.9", 5353)
    for bad in (b"", b"HSIMUDP1", named[:-1], named + b"x", b"HSIMUDP1\x02" + named[9:],
                b"XSIMUDP1" + named[8:]):  # fmt: skip
        assert parse_registration(bad) is None
