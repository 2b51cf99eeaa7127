"""A call's events.jsonl line assembled without pydantic is byte for byte pydantic's, scrubbed
exactly as the whole line would be (harness/run/calllines.py)."""

from __future__ import annotations

from typing import cast

from hypothesis import given, settings
from hypothesis import strategies as st

from harness.agent.messages import CallRecord, _call, call_of
from harness.masking import Scrubber
from harness.model import CallEvent, Category
from harness.run.calllines import CallLines

IMEI = "861234567890123"
MAC = "f0:5c:77:3a:9e:21"
# Text of the kinds an app puts in a call: control characters, quotes, non-ASCII, an emoji.
_TEXT = st.text(
    alphabet=st.sampled_from(
        [
            "a",
            "Z",
            "0",
            "9",
            '"',
            "\\",
            "\n",
            "\x00",
            "\x1f",
            "\x7f",
            ",",
            ":",
            "é",
            "\u2028",
            "\U0001f600",
            "K",
            "\u212a",
            "8",
            "6",
            "1",
        ]
    ),
    max_size=24,
)
_TS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=1e12, max_value=2e12),
    st.sampled_from([4.0, 0.0, -0.0, 1e-5, 1e-4, 1e-3, 1e16, 1733144200123.0, float(IMEI)]),
)


def _fields(draw: st.DrawFn) -> dict[str, object]:
    return {
        "seq": draw(st.one_of(st.integers(-10, 10**7), st.sampled_from([int(IMEI), 10**20]))),
        "ts": draw(_TS),
        "pid": draw(st.one_of(st.just(42), st.integers(0, 2**31))),
        "process": draw(st.one_of(_TEXT, st.just("com.x:" + IMEI))),
        "type": "call",
        "thread": draw(_TEXT),
        "api": draw(_TEXT),
        "hook_id": draw(_TEXT),
        "category": draw(st.sampled_from(list(Category))),
        "args": draw(st.lists(st.one_of(_TEXT, st.just(MAC), st.just(IMEI)), max_size=3)),
        "ret": draw(st.one_of(st.none(), _TEXT, st.just(IMEI), st.just('"LabWiFi"'))),
        "threw": draw(st.one_of(st.none(), _TEXT)),
        "denied": draw(st.booleans()),
        "stack_id": draw(st.one_of(st.none(), st.integers(1, 10**6))),
        "stack": ["a.B.c(B.java:1)"],
        "values": [],
    }


@st.composite
def _calls(draw: st.DrawFn) -> list[CallEvent]:
    """A few calls, some from one call site (a flood's shared tail and millisecond)."""
    first = _fields(draw)
    calls = [_call(first)]
    for _ in range(draw(st.integers(0, 3))):
        more = _fields(draw)
        if draw(st.booleans()):
            more = {
                **first,
                "seq": more["seq"],
                "ts": draw(st.sampled_from([first["ts"], more["ts"]])),
            }
        calls.append(_call(more))
    return calls


_SCRUBBERS = st.sampled_from(
    [
        (),
        (IMEI,),
        (IMEI, MAC, '"LabWiFi"', "+8613800138000"),  # the simulated device's kinds
        ('.0,"pid":4',),  # a comma: a match across head and tail
        ('seq":1',),  # a needle that reaches into the head's syntax
        ("\u212aelvin",),  # non-ASCII: matches "kelvin" under IGNORECASE
        ("1733144200",),  # a number that a ts holds
    ]
)


@settings(max_examples=400, deadline=None)
@given(calls=_calls(), needles=_SCRUBBERS)
def test_a_line_is_pydantics_dump_scrubbed(calls: list[CallEvent], needles: tuple[str]) -> None:
    scrubber = Scrubber(needles)
    lines = CallLines(scrubber)
    for call in calls:
        assert lines.line(call) == scrubber.scrub(call.model_dump_json(exclude={"stack"}))


def test_a_validated_call_gives_the_same_line() -> None:
    call = CallEvent(
        seq=7,
        ts=1733144200123.0,
        pid=42,
        process="com.x",
        api="android.telephony.TelephonyManager.getDeviceId",
        category=Category.device_id,
        args=["0", "é\n"],
        ret="86**********123",
        stack_id=3,
    )
    assert CallLines(Scrubber()).line(call) == call.model_dump_json(exclude={"stack"})


def test_an_identifier_in_a_repeated_tail_is_masked_every_time() -> None:
    scrubber = Scrubber([IMEI])
    lines = CallLines(scrubber)
    fields = _fields_of_a_leak()
    first = lines.line(_call({**fields, "seq": 1}))
    second = lines.line(_call({**fields, "seq": 2}))  # the tail's scrubbed text, kept
    assert IMEI not in first and IMEI not in second
    assert second == first.replace('"seq":1,', '"seq":2,')


def _fields_of_a_leak() -> dict[str, object]:
    return {
        "seq": 1,
        "ts": 1733144200123.0,
        "pid": 42,
        "process": "com.x",
        "type": "call",
        "thread": "main",
        "api": "a.B.c",
        "hook_id": "h",
        "category": Category.device_id,
        "args": [f"imei={IMEI}"],
        "ret": None,
        "threw": None,
        "denied": False,
        "stack_id": None,
        "stack": [],
        "values": [],
    }


def _record(fields: dict[str, object]) -> CallRecord:
    """The packed record of these fields (what `iter_records` yields for the call)."""
    category = fields["category"]
    assert isinstance(category, Category)
    return cast(
        "CallRecord",
        (
            fields["seq"],
            fields["ts"],
            fields["process"],
            fields["thread"],
            fields["api"],
            fields["hook_id"],
            category.value,
            fields["args"],
            fields["ret"],
            fields["threw"],
            fields["denied"],
            fields["stack_id"],
            fields["values"],
        ),
    )


@settings(max_examples=400, deadline=None)
@given(calls=_calls(), needles=_SCRUBBERS)
def test_a_records_line_is_its_calls_line(calls: list[CallEvent], needles: tuple[str]) -> None:
    scrubber = Scrubber(needles)
    lines = CallLines(scrubber)
    for call in calls:
        record = _record(call.__dict__)
        assert {**call_of(record, call.pid).__dict__, "stack": call.stack} == call.__dict__
        # twice: the second comes from the call site's kept tail
        for _ in range(2):
            got = lines.record_line(call.pid, record)
            assert got == scrubber.scrub(call.model_dump_json(exclude={"stack"}))


def test_a_call_site_table_is_bounded() -> None:
    lines = CallLines(Scrubber([IMEI]))
    fields = _fields_of_a_leak()
    for n in range(5000):
        line = lines.record_line(42, _record({**fields, "api": f"a.B.c{n}"}))
        assert IMEI not in line and f'"api":"a.B.c{n}"' in line
    assert 0 < len(lines._sites) <= 4096
