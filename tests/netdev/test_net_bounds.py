"""Bad input on the network channels (issue #11): a huge body, a flood of requests, a
connection never closed. Nothing hangs, nothing is lost, the agent keeps only the first MiB of a
body, and the app's bytes still reach the sink whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.device.sim import SimDevice

from .driver import Run, run_app

pytestmark = pytest.mark.sim

APP = Path(__file__).parent / "apps" / "flood-app"
HUGE = 5 * 1024 * 1024
REQUESTS = 300
MAX_PAYLOAD = 1 << 20  # hooks/src/nethooks.ts


def _pattern(n: int) -> bytes:
    return bytes(ord("a") + i % 26 for i in range(n))


@pytest.fixture(scope="module")
def flood(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    device = SimDevice(home=tmp_path_factory.mktemp("net-flood"))
    try:
        yield run_app(device, APP, "com.example.floodapp", agent=True, done="DONE|flood")
    finally:
        device.close()  # the sink closes with the never-closed connection still open


def test_the_app_saw_every_answer(flood: Run) -> None:
    assert flood.lines("SENT|") == ["SENT|huge|200", f"SENT|flood|{REQUESTS}", "SENT|open|written"]
    assert not flood.errors, flood.errors


def test_a_huge_body_is_counted_whole_and_kept_clipped(flood: Run) -> None:
    (huge,) = [s for s in flood.sends if s.host == "bulk.flood.example"]
    assert huge.bytes == HUGE and huge.payload and huge.truncated
    kept = flood.payloads[(huge.pid, huge.seq)]
    assert kept == _pattern(MAX_PAYLOAD)
    (upload,) = [r for c in flood.connections for r in c.requests if r.target == "/upload"]
    assert len(upload.body) == HUGE and upload.body == _pattern(HUGE)  # the sink got all of it


def test_a_flood_of_requests_loses_none(flood: Run) -> None:
    pings = [s for s in flood.sends if s.host == "api.flood.example"]
    assert [s.url for s in pings] == [
        f"http://api.flood.example/ping?i={i}" for i in range(REQUESTS)
    ]
    seqs = [s.seq for s in pings]
    assert seqs == sorted(seqs) and len(set(seqs)) == REQUESTS


def test_a_connection_never_closed_is_seen_and_hangs_nothing(flood: Run) -> None:
    (dns, idle) = [s for s in flood.sends if s.host == "idle.flood.example"]
    assert dns.channel.value == "dns"
    assert (idle.channel.value, idle.port, idle.bytes) == ("socket", 9000, 5)
    assert flood.payloads[(idle.pid, idle.seq)] == b"PING\n"
    (conn,) = [c for c in flood.connections if c.port == 9000]
    assert bytes(conn.received) == b"PING\n"
