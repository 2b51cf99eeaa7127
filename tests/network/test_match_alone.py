"""`ValueMatcher.match`'s lean path for one request: the same results as the group path.

`match_many([request])` always takes the group path (a group of one), so it is the reference.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.model import Category
from harness.network import OutboundRequest, ReadValue, ValueMatcher
from harness.network.match import MAX_HEADER_BYTES, MAX_HITS, MAX_MATCHES, MAX_URL_BYTES
from harness.network.tokens import MAX_TOKENS

IMEI = "358240051111110"
MAC = "02:00:5E:10:AB:01"
MIXED = "Gx7kQ2pLm9"
READS = [
    ReadValue(seq=11, pid=100, data=Category.device_id, value=IMEI),
    ReadValue(seq=12, pid=100, data=Category.mac_address, value=MAC),
    ReadValue(seq=13, pid=100, data=Category.accounts, value=MIXED),
]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


@pytest.fixture(scope="module")
def matcher() -> ValueMatcher:
    return ValueMatcher(READS)


def _adversarial() -> list[OutboundRequest]:
    nested = b64(json.dumps({"h": md5(IMEI)}).encode())
    many_tokens = " ".join([nested] + [b64(os.urandom(24)) for _ in range(MAX_TOKENS)] + [nested])
    # each token decodes to the value forty times: more hits in the tokens than MAX_HITS
    hit_tokens = " ".join([b64(((IMEI + ",") * 40).encode())] * (MAX_HITS // 40 + 20))
    zipped_token = b64(gzip.compress(json.dumps({"m": md5(MAC)}).encode()))
    return [
        OutboundRequest(url=f"https://a.example.com/?i={IMEI}", headers=[(f"X-{MAC}", "1")]),
        OutboundRequest(body=(IMEI + ",").encode() * 3000),  # direct hits and matches bounds
        OutboundRequest(body=(IMEI + ",").encode() * 300),  # matches bound, not the hits one
        OutboundRequest(body=many_tokens.encode()),  # token bound: its note
        OutboundRequest(body=hit_tokens.encode()),  # hits bound inside the tokens
        OutboundRequest(body=zipped_token.encode()),  # a gzip stream inside a token
        OutboundRequest(body=gzip.compress(f'{{"m":"{MAC}"}}'.encode()), content_encoding="gzip"),
        OutboundRequest(headers=[("Content-Encoding", "gzip")], body=b"not gzip " + IMEI.encode()),
        OutboundRequest(body=os.urandom(1024 * 1024 + 10) + IMEI.encode()),  # above one chunk
        OutboundRequest(url="https://a.example.com/" + "x" * MAX_URL_BYTES + IMEI),
        OutboundRequest(headers=[("X-Big", "y" * MAX_HEADER_BYTES + MIXED)]),
        OutboundRequest(url=f"https://é.example.com/{MIXED.swapcase()}", body=b"\x00\xff"),
        OutboundRequest(url="https://b.example.com/"),
        OutboundRequest(),
        OutboundRequest(body=f"x={b64(IMEI.encode())}&m={quote(MAC)}&t={nested}".encode()),
    ]


def test_one_request_alone_gives_what_the_group_path_gives(matcher: ValueMatcher) -> None:
    requests = _adversarial()
    alone = [matcher.match(r) for r in requests]
    assert alone == [matcher.match_many([r])[0] for r in requests]
    # the requests reach what they were made to reach, so each path above was taken
    counts = [len(r.matches) for r in alone]
    assert counts[1] == counts[2] == counts[4] == MAX_MATCHES
    assert [m.encoding for m in alone[5].matches] == ["base64+gzip+md5"]
    assert any("base64 tokens: only the first" in n for n in alone[3].notes)
    assert any("search stopped after" in n for n in alone[4].notes)
    assert alone[12].matches == alone[13].matches == []


def test_a_request_without_hits_never_reaches_the_group_path(
    matcher: ValueMatcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*_: object) -> None:
        raise AssertionError("the group path was taken")

    monkeypatch.setattr(ValueMatcher, "_search", refused)
    body = json.dumps({"id": os.urandom(16).hex(), "blob": b64(os.urandom(24))}).encode()
    result = matcher.match(OutboundRequest(url="https://a.example.com/", body=body))
    assert result.matches == [] and result.notes == []
    with pytest.raises(AssertionError, match="group path"):
        matcher.match(OutboundRequest(body=IMEI.encode()))


pieces = st.sampled_from(
    [
        IMEI,
        MAC,
        MIXED.upper(),
        quote(MAC, safe=""),
        b64(IMEI.encode()),
        b64(json.dumps({"h": md5(IMEI)}).encode()),
        md5(MAC),
        IMEI[:7],
        "=",
        "&k=",
        " ",
        "\x00",
    ]
) | st.text(max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    url=st.lists(pieces, max_size=5).map("".join),
    headers=st.lists(
        st.tuples(
            st.lists(pieces, max_size=2).map("".join), st.lists(pieces, max_size=3).map("".join)
        ),
        max_size=4,
    ),
    body=st.lists(pieces | st.binary(max_size=40).map(lambda b: b.decode("latin-1")), max_size=12),
    zipped=st.booleans(),
)
def test_random_requests_alone_match_the_group_path(
    url: str, headers: list[tuple[str, str]], body: list[str], zipped: bool
) -> None:
    data = "".join(body).encode("utf-8", "surrogatepass")
    if zipped:
        data = gzip.compress(data)
    request = OutboundRequest(url=url, headers=headers, body=data)
    matcher = ValueMatcher(READS)
    assert matcher.match(request) == matcher.match_many([request])[0]
