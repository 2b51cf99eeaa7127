"""Ingest at the wire boundary: an agent's PayloadMessage (binary data), CallItem.values and
SendItem, through the Instrumentation's message handling, into the stored, masked SendEvent.

The agents are tiny hand-written scripts loaded into a local Python process whose `flush()`
sends wire-shaped messages, as the real agent does; the sink is the run's own EventLog.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import time
from pathlib import Path

import frida

from harness.agent.session import AgentOptions, Instrumentation
from harness.attribution import Attributor, load_sdk_db
from harness.device.base import ProcessInfo
from harness.masking import Scrubber
from harness.model import CallEvent, Category, SendEvent
from harness.network import ingest
from harness.network.ingest import NetworkEvidence
from harness.rules import evaluate
from harness.run.eventlog import EventLog, read_events
from tests.scripted_agent import scripted_agent, target

__all__ = ["target"]  # the fixture, used by name

IMEI = "358240051111110"
ANDROID_ID = "9774d56d682e549c"
IMEI_MD5 = hashlib.md5(IMEI.encode()).hexdigest()
BODY = gzip.compress(json.dumps({"did": IMEI_MD5, "os": "android", "sdk": "4.2.1"}).encode())
URL = f"https://ads.example.com/v2/report?aid={ANDROID_ID}&app=com.example"
STACK = ["com.qq.e.comm.net.Uploader.post(Uploader.java:41)", "android.app.Activity.onCreate"]


def _call(seq: int, category: str, values: list[str], ts: float = 1.7e12) -> dict[str, object]:
    return {
        "type": "call",
        "seq": seq,
        "ts": ts,
        "pid": 1,
        "process": "p",
        "thread": "main",
        "api": f"x.Api.read_{category}",
        "hook_id": "x",
        "category": category,
        "args": [],
        "ret": "35**********110",
        "threw": None,
        "denied": False,
        "stack_id": None,
        "values": values,
    }


def _send(seq: int, *, payload: bool, url: str = URL, size: int = len(BODY)) -> dict[str, object]:
    return {
        "type": "send",
        "seq": seq,
        "ts": 1.7e12 + 300,
        "pid": 1,
        "process": "p",
        "thread": "main",
        "api": "java.net.HttpURLConnection.getOutputStream",
        "hook_id": "net.http",
        "channel": "http",
        "host": "ads.example.com",
        "ip": "127.0.0.1",
        "port": 443,
        "scheme": "https",
        "method": "POST",
        "url": url,
        "headers": [
            {"name": "Content-Encoding", "value": "gzip"},
            {"name": "X-Device", "value": IMEI},
        ],
        "bytes": size,
        "payload": payload,
        "truncated": False,
        "stack_id": 7,
    }


def _agent(messages: list[tuple[dict[str, object], bytes | None]]) -> str:
    """An agent whose flush() sends `messages`, each with its binary data if any."""
    sends = []
    for message, data in messages:
        if data is None:
            sends.append(f"send({json.dumps(message)});")
        else:
            sends.append(f"send({json.dumps(message)}, new Uint8Array({list(data)}).buffer);")
    # flush() is called by flush and by close: send once
    body = "if (globalThis.sent) return; globalThis.sent = true; " + " ".join(sends)
    return scripted_agent(body)


def _payload(seq: int, size: int) -> dict[str, object]:
    return {"type": "payload", "schema": 2, "pid": 1, "seq": seq, "size": size}


def _batch(*items: dict[str, object]) -> dict[str, object]:
    stack = {"type": "stack", "id": 7, "frames": STACK}
    return {"type": "batch", "schema": 2, "items": [stack, *items]}


def _run(
    tmp_path: Path,
    target: ProcessInfo,
    messages: list[tuple[dict[str, object], bytes | None]],
    **network: int,
) -> tuple[EventLog, Instrumentation]:
    log = EventLog(tmp_path / "events.jsonl")
    log.scrubber = Scrubber([IMEI, ANDROID_ID])
    evidence = NetworkEvidence(log.event, grace_s=0.05, **network)
    inst = Instrumentation(
        frida.get_local_device(), log, AgentOptions(), source=_agent(messages), network=evidence
    )
    inst.instrument(target)
    inst.flush()
    inst.close()
    evidence.close()
    log.close()
    return log, inst


def _sends(log: EventLog) -> list[SendEvent]:
    return [e for e in log.events if isinstance(e, SendEvent)]


def test_a_payload_and_its_send_are_matched_against_the_reads_before_it(
    tmp_path: Path, target: ProcessInfo
) -> None:
    messages = [
        (_payload(3, len(BODY)), BODY),
        (
            _batch(
                _call(1, "device_id", [IMEI]),
                _call(2, "android_id", [ANDROID_ID]),
                _send(3, payload=True),
            ),
            None,
        ),
    ]
    log, inst = _run(tmp_path, target, messages)
    assert inst.problems == []
    [send] = _sends(log)
    assert send.pid == target.pid and send.stack == STACK
    found = {(v.data, v.where, v.encoding, v.read_seq, v.read_api) for v in send.values}
    assert found == {
        (Category.device_id, "body", "gzip+md5", 1, "x.Api.read_device_id"),
        (Category.device_id, "header", "raw", 1, "x.Api.read_device_id"),
        (Category.android_id, "url", "raw", 2, "x.Api.read_android_id"),
    }
    assert all(v.read_pid == target.pid for v in send.values)
    assert send.path == "/v2/report?aid=97***********49c&app=co******ple"
    assert send.excerpt and IMEI_MD5 not in send.excerpt
    # Nothing raw on disk or in memory: not the values, their MD5, the URL's query, the body.
    text = (tmp_path / "events.jsonl").read_text(encoding="utf-8")
    for raw in (IMEI, ANDROID_ID, IMEI_MD5, URL, "4.2.1"):
        assert raw not in text
    assert not any(raw in repr(log.events) for raw in (IMEI, ANDROID_ID, IMEI_MD5))
    calls = [e for e in log.events if isinstance(e, CallEvent)]
    assert [getattr(c, "values", []) for c in calls] == [[], []]
    # The stored send replays as it was stored.
    [replayed] = [e for e in read_events(tmp_path / "events.jsonl") if isinstance(e, SendEvent)]
    assert replayed.values == send.values and replayed.stack == STACK


def test_a_send_whose_body_never_came_is_stored_with_a_note(
    tmp_path: Path, target: ProcessInfo
) -> None:
    messages = [(_batch(_call(1, "device_id", [IMEI]), _send(2, payload=True)), None)]
    log, _ = _run(tmp_path, target, messages)
    [send] = _sends(log)
    assert [v.where for v in send.values] == ["header"]  # URL and headers are still searched
    assert any(
        n.startswith("body not searched: it did not reach the controller") for n in send.notes
    )


def test_bodies_beyond_the_bound_are_not_held_but_the_send_is_kept(
    tmp_path: Path, target: ProcessInfo
) -> None:
    messages = [
        (_payload(2, len(BODY)), BODY),
        (_batch(_call(1, "device_id", [IMEI]), _send(2, payload=True)), None),
    ]
    log, _ = _run(tmp_path, target, messages, max_pending_bytes=len(BODY) - 1)
    [send] = _sends(log)
    assert "gzip+md5" not in {v.encoding for v in send.values}
    assert any("bound of" in n for n in send.notes)


def test_a_payload_of_another_size_than_announced_is_a_problem(
    tmp_path: Path, target: ProcessInfo
) -> None:
    messages = [
        (_payload(2, len(BODY) + 5), BODY),
        (_batch(_call(1, "device_id", [IMEI]), _send(2, payload=True)), None),
    ]
    log, inst = _run(tmp_path, target, messages)
    assert [p.message for p in inst.problems] == [
        f"payload of send seq 2: {len(BODY)} bytes attached, {len(BODY) + 5} announced"
    ]
    assert len(_sends(log)) == 1


def test_one_payload_message_carries_the_bodies_of_several_sends(
    tmp_path: Path, target: ProcessInfo
) -> None:
    """The agent's one send() per batch: bodies back to back, `parts` saying where each ends."""
    plain = b'{"os":"android"}'
    other = _send(3, payload=True, url="https://cdn.example.com/c", size=len(plain))
    other["headers"] = []
    parts = _payload(2, len(BODY) + len(plain)) | {
        "parts": [{"seq": 2, "size": len(BODY)}, {"seq": 3, "size": len(plain)}]
    }
    messages = [
        (parts, BODY + plain),
        (_batch(_call(1, "device_id", [IMEI]), _send(2, payload=True), other), None),
    ]
    log, inst = _run(tmp_path, target, messages)
    assert inst.problems == []
    first, second = _sends(log)
    assert "gzip+md5" in {v.encoding for v in first.values}  # the first part: its own body
    assert second.values == [] and second.notes == []  # the second: searched, nothing in it
    # parts that do not add up to the bytes attached: a problem, neither body is guessed at
    bad = _payload(2, len(BODY)) | {"parts": [{"seq": 2, "size": 3}, {"seq": 3, "size": 3}]}
    (tmp_path / "bad").mkdir()
    log, inst = _run(tmp_path / "bad", target, [(bad, BODY), messages[1]])
    assert [p.message for p in inst.problems] == [
        f"payload of send seq 2: {len(BODY)} bytes attached, {len(BODY)} announced in 2 parts of 6"
    ]
    assert all(any("body not searched" in n for n in e.notes) for e in _sends(log))


def test_a_read_but_never_sent_value_and_a_non_personal_send_match_nothing(
    tmp_path: Path, target: ProcessInfo
) -> None:
    plain = b'{"os":"android","sdk":"4.2.1"}'
    send = _send(2, payload=True, url="https://cdn.example.com/config?v=1", size=len(plain))
    send["headers"] = []
    messages = [
        (_payload(2, len(plain)), plain),
        (_batch(_call(1, "device_id", [IMEI]), send), None),
    ]
    log, _ = _run(tmp_path, target, messages)
    [stored] = _sends(log)
    assert stored.values == [] and stored.excerpt == "" and stored.notes == []
    assert stored.path == "/config?v=*"


def _read(pid: int, seq: int, ts: float, category: Category, api: str = "x.A.b") -> CallEvent:
    return CallEvent(seq=seq, ts=ts, pid=pid, process=f"p{pid}", api=api, category=category)


def _stored(pid: int, seq: int, ts: float) -> SendEvent:
    return SendEvent(seq=seq, ts=ts, pid=pid, process=f"p{pid}", api="s", channel="okhttp")


def test_a_value_is_linked_to_its_earliest_read_in_any_process_that_precedes_the_send() -> None:
    got: list[SendEvent] = []
    evidence = NetworkEvidence(got.append, identifiers=["861234567890123"], grace_s=0.05)
    url = "http://t.example.com/r?imei=861234567890123"
    # B sends the device's IMEI before any read of it arrived: the identifier is known up front.
    evidence.send(_stored(20, 5, 1000.0), url=url, headers=[], payload=False, truncated=False)
    evidence.flush()
    # A read it at 900 (before B's send at 1000) and again later; C read it only at 1100.
    evidence.read(_read(10, 3, 900.0, Category.device_id, "T.getImei"), ["861234567890123"])
    evidence.read(_read(10, 9, 950.0, Category.device_id, "T.getImei"), ["861234567890123"])
    evidence.read(_read(30, 1, 1100.0, Category.device_id), ["861234567890123"])
    evidence.send(_stored(20, 6, 1000.0), url=url, headers=[], payload=False, truncated=False)
    evidence.send(_stored(30, 2, 1200.0), url=url, headers=[], payload=False, truncated=False)
    evidence.close()
    first, second, third = (
        [(v.data, v.read_pid, v.read_seq, v.read_api) for v in e.values] for e in got
    )
    assert first == [(Category.device_id, None, None, "")]  # sent before any read: no link
    assert second == [(Category.device_id, 10, 3, "T.getImei")]  # A's first read, not C's
    assert third == [(Category.device_id, 10, 3, "T.getImei")]  # the earliest of all


def test_a_device_identifier_is_reported_under_its_shape_and_raw_values_keep_it() -> None:
    got: list[SendEvent] = []
    evidence = NetworkEvidence(
        got.append, identifiers=["460001234567890", "f0:5c:77:3a:9e:21"], raw_values=True
    )
    url = "http://t.example.com/r?imsi=460001234567890&mac=f05c773a9e21"
    evidence.send(_stored(1, 1, 1.0), url=url, headers=[], payload=False, truncated=False)
    evidence.close()
    [event] = got
    assert {(v.data, v.masked, v.encoding) for v in event.values} == {
        (Category.imsi, "460001234567890", "raw"),
        (Category.mac_address, "f0:5c:77:3a:9e:21", "no_separators"),
    }
    assert event.path == "/r?imsi=460001234567890&mac=f05c773a9e21"


def test_the_path_masks_a_segment_holding_a_value() -> None:
    got: list[SendEvent] = []
    evidence = NetworkEvidence(got.append, identifiers=["861234567890123"])
    url = "http://t.example.com/dev/861234567890123/ping#frag"
    evidence.send(_stored(1, 1, 1.0), url=url, headers=[], payload=False, truncated=False)
    evidence.close()
    assert got[0].path == "/dev/86**********123/ping"
    assert got[0].host == "t.example.com"  # from the URL when the agent gave none


def test_a_flood_beyond_the_bound_keeps_every_send_with_a_note() -> None:
    got: list[SendEvent] = []
    evidence = NetworkEvidence(got.append, identifiers=["861234567890123"], grace_s=60.0,
                               max_pending_bytes=300)  # fmt: skip
    url = "http://t.example.com/r?imei=861234567890123&pad=" + "x" * 60
    for seq in range(1, 11):  # the worker waits (grace): they pile up against the bound
        evidence.send(_stored(1, seq, 1.0), url=url, headers=[], payload=False, truncated=False)
    evidence.close()
    assert [e.seq for e in got] == list(range(1, 11))  # nothing lost, in order
    searched = [e for e in got if e.values]
    skipped = [e for e in got if not e.values]
    assert len(searched) == 300 // len(url) and skipped
    assert all(
        e.notes
        == ["url and headers not searched: the controller's bound of 300 bytes waiting was reached"]
        for e in skipped
    )


def test_a_read_that_arrives_after_its_send_was_matched_is_still_linked() -> None:
    """Another process's agent flushed late: its read (device time 900) reaches the controller
    after the send (1000) was matched; the send waits for it and is linked at the next flush."""
    got: list[SendEvent] = []
    evidence = NetworkEvidence(got.append, identifiers=["861234567890123"], grace_s=0.01)
    url = "http://t.example.com/r?imei=861234567890123"
    evidence.send(_stored(20, 5, 1000.0), url=url, headers=[], payload=False, truncated=False)
    deadline = time.monotonic() + 30
    while evidence.stats.sends < 1:  # matched (not delivered: it waits for a read)
        assert time.monotonic() < deadline, "the send was never matched"
        time.sleep(0.01)
    assert got == []
    evidence.read(_read(10, 3, 900.0, Category.device_id, "T.getImei"), ["861234567890123"])
    evidence.read(_read(30, 1, 1100.0, Category.device_id), ["861234567890123"])  # after: not it
    evidence.flush()
    [event] = got
    assert [(v.read_pid, v.read_seq, v.read_api) for v in event.values] == [(10, 3, "T.getImei")]
    assert evidence.stats.late_links == 1
    evidence.close()


def test_a_held_send_goes_unlinked_after_the_wait_and_linked_sends_are_not_held() -> None:
    got: list[SendEvent] = []
    evidence = NetworkEvidence(got.append, identifiers=["861234567890123"], grace_s=0.01)
    url = "http://t.example.com/r?imei=861234567890123"
    evidence.read(_read(1, 1, 10.0, Category.device_id, "T.getImei"), ["861234567890123"])
    evidence.send(_stored(1, 2, 20.0), url=url, headers=[], payload=False, truncated=False)
    evidence.send(_stored(2, 1, 5.0), url=url, headers=[], payload=False, truncated=False)
    deadline = time.monotonic() + 30
    while len(got) < 1:  # the linked send is delivered without waiting for a flush
        assert time.monotonic() < deadline, "the linked send was held"
        time.sleep(0.01)
    assert [e.pid for e in got] == [1]
    # the other one (its only read came after it) waits LATE_LINK_S, then goes unlinked
    while len(got) < 2:
        assert time.monotonic() < deadline + ingest.LATE_LINK_S, "the held send never came"
        time.sleep(0.05)
    assert got[1].values[0].read_seq is None
    evidence.close()


def test_a_same_process_read_long_before_the_send_is_linked_with_its_gap() -> None:
    got: list[SendEvent] = []
    evidence = NetworkEvidence(got.append, grace_s=0.01)
    read = _read(1, 1, 1000.0, Category.device_id, "T.getImei")
    evidence.read(read, ["861234567890123"])
    url = "http://t.example.com/r?imei=861234567890123"
    send = _stored(1, 2, 1000.0 + 42_000)  # 42 s later, same process
    send.stack = ["com.qq.e.comm.net.Uploader.post(Uploader.java:41)"]
    evidence.send(send, url=url, headers=[], payload=False, truncated=False)
    evidence.close()
    [event] = got
    assert (event.values[0].read_pid, event.values[0].read_seq) == (1, 1)
    found = evaluate([read, event], attributor=Attributor(load_sdk_db(), "p1"), resumed_at_ts=0.0)
    [finding] = [f for f in found if f.rule.value == "sent_before_consent"]
    assert finding.read_gap_s == 42.0  # type: ignore[attr-defined]
