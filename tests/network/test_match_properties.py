"""Properties of the matcher over generated values and payloads (hypothesis)."""

from __future__ import annotations

import base64
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.model import Category
from harness.network import OutboundRequest, ReadValue, ValueMatcher, matchable
from harness.network.floor import MIN_CHARS, MIN_DISTINCT

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
identifiers = st.text(alphabet=ID_CHARS, min_size=6, max_size=40).filter(matchable)
# Bytes that never continue an identifier: the value's occurrence has clear edges.
around = st.binary(max_size=64).map(lambda b: re.sub(rb"[A-Za-z0-9]", b"~", b))
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e]")


def _matcher(value: str) -> ValueMatcher:
    return ValueMatcher([ReadValue(seq=1, data=Category.device_id, value=value)])


@SETTINGS
@given(value=identifiers, before=around, after=around)
def test_a_raw_value_is_found_wherever_it_lies(value: str, before: bytes, after: bytes) -> None:
    result = _matcher(value).match(OutboundRequest(body=before + value.encode() + after))
    assert ("raw", len(before)) in [(m.encoding, m.offset) for m in result.matches]
    assert all(value not in m.excerpt for m in result.matches)


@SETTINGS
@given(value=identifiers, before=st.binary(max_size=12), after=st.binary(max_size=12))
def test_base64_found_at_any_alignment_in_a_larger_blob(
    value: str, before: bytes, after: bytes
) -> None:
    matcher = _matcher(value)
    blob = before + value.encode() + after
    for encoded, names in (
        (base64.b64encode(blob), {"base64"}),
        (base64.urlsafe_b64encode(blob).rstrip(b"="), {"base64", "base64url"}),
    ):
        result = matcher.match(OutboundRequest(url="https://t.example.com/", body=b"d=" + encoded))
        assert names & {m.encoding for m in result.matches}, encoded


@SETTINGS
@given(
    body=st.binary(max_size=4096),
    coding=st.sampled_from([None, "gzip", "deflate", "br", "gzip, deflate", "x-gzip", "\x1b[2J"]),
    url=st.text(max_size=200),
    header=st.text(max_size=40),
)
def test_any_payload_gives_a_result_never_an_error(
    body: bytes, coding: str | None, url: str, header: str
) -> None:
    matcher = _matcher("358240051111110")
    request = OutboundRequest(url=url, headers=[(header, url)], body=body, content_encoding=coding)
    result = matcher.match(request)
    for note in result.notes:
        assert not UNSAFE.search(note)
    for match in result.matches:
        assert len(match.excerpt) < 600 and not UNSAFE.search(match.excerpt)


@SETTINGS
@given(
    value=identifiers,
    pieces=st.lists(st.sampled_from(["raw", "upper", "b64", "hex", "noise"]), max_size=8),
)
def test_excerpts_never_hold_the_value(value: str, pieces: list[str]) -> None:
    forms = {
        "raw": value,
        "upper": value.upper(),
        "b64": base64.b64encode(value.encode()).decode(),
        "hex": value.encode().hex(),
        "noise": ",x=1&",
    }
    body = "|".join(forms[p] for p in ["raw", *pieces]).encode()
    result = _matcher(value).match(OutboundRequest(body=body))
    assert result.matches
    for match in result.matches:
        assert value not in match.excerpt and value.upper() not in match.excerpt
        assert forms["b64"] not in match.excerpt and forms["hex"] not in match.excerpt


@SETTINGS
@given(st.text(max_size=MIN_CHARS - 1))
def test_short_values_are_below_the_floor(value: str) -> None:
    assert not matchable(value)


@SETTINGS
@given(st.text(alphabet="abc:-", min_size=6, max_size=30))
def test_values_of_few_distinct_characters_are_below_the_floor(value: str) -> None:
    assert len(set(value.replace(":", "").replace("-", ""))) < MIN_DISTINCT
    assert not matchable(value)
    assert _matcher(value).match(OutboundRequest(body=value.encode())).matches == []
