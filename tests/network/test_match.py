"""The network-evidence matcher: read values found in requests, per encoding, place and layer."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import zlib
from urllib.parse import quote, quote_plus

import pytest

from harness.model import Category
from harness.network import MatchResult, OutboundRequest, ReadValue, ValueMatcher
from harness.network.match import MAX_HEADER_BYTES, MAX_MATCHES, MAX_URL_BYTES, MAX_VALUES
from harness.network.tokens import MAX_TOKENS

IMEI = "358240051111110"
MAC = "02:00:5E:10:AB:01"
MIXED = "Gx7kQ2pLm9"  # letters of both cases: case variants are told apart
SSID = "Café Wi-Fi/5G"  # non-ASCII and a slash: JSON and percent escapes differ from it
SLASHY = "key>>>???x"  # its base64 holds "+" and "/": the two alphabets differ

READS = [
    ReadValue(seq=11, pid=100, data=Category.device_id, value=IMEI),
    ReadValue(seq=12, pid=100, data=Category.mac_address, value=MAC),
    ReadValue(seq=13, pid=100, data=Category.accounts, value=MIXED),
    ReadValue(seq=14, pid=100, data=Category.wifi_info, value=SSID),
    ReadValue(seq=15, pid=100, data=Category.clipboard, value=SLASHY),
]
SEQ = {r.value: r.seq for r in READS}


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def digest(name: str, text: str) -> str:
    return hashlib.new(name, text.encode()).hexdigest()


# (value, the value as the app sent it, the encoding reported[, offset in what was sent])
ENCODED: list[tuple[str, str, str] | tuple[str, str, str, int]] = [
    (IMEI, IMEI, "raw"),
    (MIXED, MIXED.lower(), "lowercase"),
    (MIXED, MIXED.upper(), "uppercase"),
    (MIXED, MIXED.swapcase(), "mixed_case"),
    (MAC, MAC.replace(":", ""), "no_separators"),
    (MAC, MAC.replace(":", "").lower(), "no_separators_lower"),
    (MAC, quote(MAC, safe=""), "percent"),
    (MAC, quote(MAC, safe="").replace("%3A", "%3a"), "percent"),
    (SSID, quote_plus(SSID, safe=""), "percent"),
    (IMEI, b64(IMEI.encode()), "base64"),
    (IMEI, b64(IMEI.encode() + b"x").rstrip("="), "base64"),
    # inside a blob at byte offset 1 and 2: the offset is that of the characters the value fixes
    (IMEI, b64(b"\x01" + IMEI.encode() + b"\x02\x03"), "base64", 2),
    (IMEI, b64(b"\x01\x02" + IMEI.encode() + b"\x03"), "base64", 3),
    (SLASHY, b64(SLASHY.encode()), "base64"),
    (SLASHY, base64.urlsafe_b64encode(SLASHY.encode()).decode(), "base64url"),
    (SLASHY, quote(b64(SLASHY.encode()), safe=""), "percent+base64"),
    (IMEI, IMEI.encode().hex(), "hex"),
    (MIXED, MIXED.encode().hex().upper(), "hex_upper"),
    (IMEI, digest("md5", IMEI), "md5"),
    (IMEI, digest("md5", IMEI).upper(), "md5_upper"),
    (IMEI, digest("sha1", IMEI), "sha1"),
    (IMEI, digest("sha1", IMEI).upper(), "sha1_upper"),
    (IMEI, digest("sha256", IMEI), "sha256"),
    (IMEI, digest("sha256", IMEI).upper(), "sha256_upper"),
    (MAC, digest("md5", MAC.lower()), "md5(lowercase)"),
    (MAC, digest("md5", MAC.replace(":", "").lower()), "md5(no_separators_lower)"),
    (MAC, digest("sha1", MAC.replace(":", "")).upper(), "sha1_upper(no_separators)"),
    (SSID, json.dumps(SSID)[1:-1].replace("/", "\\/"), "json_escaped"),  # org.json
    (SSID, json.dumps(SSID)[1:-1], "json_escaped"),
    (SSID, json.dumps(SSID, ensure_ascii=False)[1:-1].replace("/", "\\/"), "json_escaped"),
]
CASES = [(*case, 0) if len(case) == 3 else case for case in ENCODED]
IDS = [f"{case[2]}-{i}" for i, case in enumerate(CASES)]

URL_HEAD = "https://t.example.com/collect?v=2&d="
HEADER_HEAD = "v1 "
BODY_HEAD = b'{"d":"'


@pytest.fixture(scope="module")
def matcher() -> ValueMatcher:
    return ValueMatcher(READS)


def summary(result: MatchResult) -> list[tuple[int, str, str | None, str, int]]:
    return [(m.read.seq, m.where, m.header, m.encoding, m.offset) for m in result.matches]


def assert_masked(result: MatchResult, *secrets: str) -> None:
    dumped = json.dumps(result.model_dump(mode="json"), ensure_ascii=False)
    for secret in secrets:
        assert secret not in dumped
        for match in result.matches:
            assert secret not in match.excerpt


@pytest.mark.parametrize(("value", "sent", "expected", "delta"), CASES, ids=IDS)
def test_each_encoding_in_the_url_query(
    matcher: ValueMatcher, value: str, sent: str, expected: str, delta: int
) -> None:
    result = matcher.match(OutboundRequest(url=URL_HEAD + sent))
    assert summary(result) == [(SEQ[value], "url", None, expected, len(URL_HEAD) + delta)]
    assert_masked(result, value, sent)


@pytest.mark.parametrize(("value", "sent", "expected", "delta"), CASES, ids=IDS)
def test_each_encoding_in_a_header(
    matcher: ValueMatcher, value: str, sent: str, expected: str, delta: int
) -> None:
    request = OutboundRequest(
        url="https://t.example.com/", headers=[("Accept", "*/*"), ("X-Data", HEADER_HEAD + sent)]
    )
    result = matcher.match(request)
    assert summary(result) == [(SEQ[value], "header", "X-Data", expected, len(HEADER_HEAD) + delta)]
    assert_masked(result, value, sent)


@pytest.mark.parametrize(("value", "sent", "expected", "delta"), CASES, ids=IDS)
def test_each_encoding_in_the_body(
    matcher: ValueMatcher, value: str, sent: str, expected: str, delta: int
) -> None:
    body = BODY_HEAD + sent.encode() + b'","os":"android"}'
    result = matcher.match(OutboundRequest(url="https://t.example.com/", body=body))
    assert summary(result) == [(SEQ[value], "body", None, expected, len(BODY_HEAD) + delta)]
    assert_masked(result, value, sent)


def _body(sent: str) -> bytes:
    return BODY_HEAD + sent.encode() + b'"}'


@pytest.mark.parametrize(
    ("headers", "compress", "layer"),
    [
        ([("Content-Encoding", "gzip")], gzip.compress, "gzip+"),
        ([], gzip.compress, "gzip+"),  # sniffed: SDKs gzip bodies without saying so
        ([("Content-Encoding", "deflate")], zlib.compress, "deflate+"),
        ([("content-encoding", "deflate")], lambda b: zlib.compress(b, wbits=-15), "deflate+"),
        (
            [("Content-Encoding", "deflate, gzip")],
            lambda b: gzip.compress(zlib.compress(b)),
            "deflate+gzip+",
        ),
    ],
    ids=["gzip", "gzip-sniffed", "deflate-zlib", "deflate-raw", "deflate-then-gzip"],
)
@pytest.mark.parametrize(
    ("value", "sent", "expected"),
    [(IMEI, IMEI, "raw"), (IMEI, digest("md5", IMEI), "md5"), (MAC, quote(MAC), "percent")],
)
def test_compressed_bodies(
    matcher: ValueMatcher,
    headers,
    compress,
    layer,
    value,
    sent,
    expected,  # type: ignore[no-untyped-def]
) -> None:
    request = OutboundRequest(
        url="https://t.example.com/", headers=headers, body=compress(_body(sent))
    )
    result = matcher.match(request)
    assert summary(result) == [(SEQ[value], "body", None, layer + expected, len(BODY_HEAD))]
    assert result.notes == []
    assert_masked(result, value, sent)


def test_content_encoding_given_beside_the_headers(matcher: ValueMatcher) -> None:
    request = OutboundRequest(body=zlib.compress(_body(IMEI)), content_encoding="deflate")
    assert summary(matcher.match(request)) == [(11, "body", None, "deflate+raw", 6)]


def test_values_inside_base64_tokens(matcher: ValueMatcher) -> None:
    inner = json.dumps({"h": digest("sha1", IMEI), "m": MAC.lower()}).encode()
    packed = b64(gzip.compress(json.dumps({"id": digest("md5", IMEI).upper()}).encode()))
    body = json.dumps({"a": "x", "p": b64(inner), "z": packed}).encode()
    result = matcher.match(OutboundRequest(url="https://t.example.com/", body=body))
    p_at, z_at = body.index(b64(inner).encode()), body.index(packed.encode())
    assert summary(result) == [
        (11, "body", None, "base64+sha1", p_at),
        (12, "body", None, "base64+lowercase", p_at),
        (11, "body", None, "base64+gzip+md5_upper", z_at),
    ]
    assert_masked(result, IMEI, MAC.lower(), digest("sha1", IMEI), b64(inner)[:20], packed[:20])


def test_raw_value_in_a_base64_token_reported_once_as_base64(matcher: ValueMatcher) -> None:
    token = b64(b"prefix:" + IMEI.encode() + b":suffix")
    result = matcher.match(OutboundRequest(url=f"https://t.example.com/?t={token}"))
    assert [m.encoding for m in result.matches] == ["base64"]


def test_location_rounded_and_truncated_as_apps_send_it() -> None:
    lat = ReadValue(seq=1, data=Category.location, value="39.904789")
    fix = ReadValue(seq=2, data=Category.location, value="Location[fused 39.904789,116.407395]")
    matcher = ValueMatcher([lat, fix])

    def found(body: str) -> list[tuple[int, str]]:
        result = matcher.match(OutboundRequest(body=body.encode()))
        return [(m.read.seq, m.encoding) for m in result.matches]

    assert found('{"lat":39.9048}') == [(1, "rounded_4"), (2, "rounded_4")]
    assert found('{"lat":39.9047}') == [(1, "truncated_4"), (2, "truncated_4")]
    assert found("ll=39.90,116.41") == [(2, "rounded_2_pair")]
    assert found('{"lat":39.904789}') == [(1, "raw"), (2, "coordinate")]  # the full one, once
    assert found('{"lat":39.90}') == []  # 2 decimals alone: below the floor


def test_phone_number_forms() -> None:
    phone = ReadValue(seq=5, data=Category.phone_number, value="+86 138-0013-8000")
    matcher = ValueMatcher([phone])
    for sent, expected in [
        ("+86 138-0013-8000", "raw"),
        ("+8613800138000", "no_separators"),
        ("8613800138000", "digits_only"),
    ]:
        result = matcher.match(OutboundRequest(url=f"https://t.example.com/?p={sent}"))
        assert [m.encoding for m in result.matches] == [expected], sent


def test_a_value_never_sent_gives_nothing(matcher: ValueMatcher) -> None:
    other = "358240059999999"
    body = json.dumps({"imei": other, "h": digest("md5", other), "b": b64(other.encode())})
    request = OutboundRequest(
        url=f"https://t.example.com/?i={other}", headers=[("X-Id", other)], body=body.encode()
    )
    result = matcher.match(request)
    assert result.matches == [] and result.notes == []


@pytest.mark.parametrize(
    "value",
    [
        "0",
        "true",
        "null",
        "unknown",
        "<unknown ssid>",
        "1234",
        "123456",
        "1234567",
        "aaaaaaaaaa",
        "121212121212",
        "02:00:00:00:00:00",
        "00000000-0000-0000-0000-000000000000",
        "ab:ab:ab",
        "  none  ",
        "2147483647",
    ],
)
def test_low_entropy_values_never_match(value: str) -> None:
    matcher = ValueMatcher()
    assert matcher.add(ReadValue(seq=1, data=Category.device_id, value=value)) is False
    text = f"{value} {value.upper()} {digest('md5', value)} {b64(value.encode())} {quote(value)}"
    result = matcher.match(
        OutboundRequest(url=f"https://t.example.com/?q={quote(value)}", body=text.encode())
    )
    assert result.matches == []


@pytest.mark.parametrize("value", ["12345678", "abc123", "R58M12ABCDE", "com.tencent.mm"])
def test_values_just_above_the_floor_match(value: str) -> None:
    matcher = ValueMatcher([ReadValue(seq=1, data=Category.serial, value=value)])
    assert [
        m.encoding for m in matcher.match(OutboundRequest(body=f"[{value}]".encode())).matches
    ] == ["raw"]


def test_every_occurrence_and_every_value_reported(matcher: ValueMatcher) -> None:
    body = f"a={IMEI}&b={MAC}&c={IMEI}".encode()
    result = matcher.match(OutboundRequest(body=body))
    assert summary(result) == [
        (11, "body", None, "raw", 2),
        (12, "body", None, "raw", 20),
        (11, "body", None, "raw", 40),
    ]
    # each excerpt masks every value in its window, not only its own
    assert_masked(result, IMEI, MAC)
    assert result.matches[1].excerpt == "a=35**********110&b=02************:01&c=35**********110"


def test_same_value_read_twice_and_under_two_categories() -> None:
    serial = "R58M12ABCDE"
    matcher = ValueMatcher(
        [
            ReadValue(seq=3, pid=7, data=Category.serial, value=serial),
            ReadValue(seq=9, pid=7, data=Category.serial, value=serial),
            ReadValue(seq=4, pid=8, data=Category.android_id, value=serial),
        ]
    )
    result = matcher.match(OutboundRequest(body=serial.encode()))
    assert [(m.read.seq, m.read.pid, m.read.data) for m in result.matches] == [
        (3, 7, Category.serial),
        (4, 8, Category.android_id),
    ]


def test_values_added_during_the_run_are_searched_from_then_on() -> None:
    matcher = ValueMatcher()
    request = OutboundRequest(body=f"imei={IMEI}&mac={MAC}".encode())
    assert matcher.match(request).matches == []
    matcher.add(ReadValue(seq=1, data=Category.device_id, value=IMEI))
    assert [m.read.seq for m in matcher.match(request).matches] == [1]
    matcher.add(ReadValue(seq=2, data=Category.mac_address, value=MAC))
    assert [m.read.seq for m in matcher.match(request).matches] == [1, 2]


def test_raw_value_is_never_printed_nor_dumped() -> None:
    read = ReadValue(seq=1, data=Category.device_id, value=IMEI)
    assert IMEI not in repr(read) and IMEI not in str(read)
    assert IMEI not in read.model_dump_json()
    matcher = ValueMatcher([read])
    result = matcher.match(OutboundRequest(url=f"https://t.example.com/?imei={IMEI}"))
    assert result.matches[0].masked == "35**********110"
    assert_masked(result, IMEI)


def test_excerpt_is_bounded_and_escaped(matcher: ValueMatcher) -> None:
    body = b"\x1b[2J" * 50 + b"\xff\xfe\x00" + IMEI.encode() + b"\r\n\xe2\x80\xae" + b"x" * 5000
    result = matcher.match(OutboundRequest(body=body, headers=[("X-\x1b[31mId", IMEI)]))
    assert [m.where for m in result.matches] == ["header", "body"]
    header, in_body = result.matches
    assert header.header == "X-\\x1b[31mId"
    assert len(in_body.excerpt) < 200
    assert "\x1b" not in in_body.excerpt and "\r" not in in_body.excerpt
    assert "\u202e" not in in_body.excerpt  # right-to-left override, escaped
    assert in_body.excerpt.startswith("…") and in_body.excerpt.endswith("…")
    assert "\\xff\\xfe\\x0035**********110\\x0d\\x0a\\u202e" in in_body.excerpt


def test_long_value_mask_is_bounded() -> None:
    text = "The quick brown fox jumps over the lazy dog, " * 20
    matcher = ValueMatcher([ReadValue(seq=1, data=Category.clipboard, value=text)])
    result = matcher.match(OutboundRequest(body=b"clip=" + text.encode()))
    (match,) = result.matches
    assert len(match.excerpt) <= 5 + 25 + 1 and len(match.masked) < 220
    assert text[:20] not in match.excerpt


# --- bad input ---------------------------------------------------------------------------


def test_malformed_gzip_is_a_note_not_a_crash(matcher: ValueMatcher) -> None:
    garbage = OutboundRequest(headers=[("Content-Encoding", "gzip")], body=os.urandom(4096))
    result = matcher.match(garbage)
    assert result.matches == [] and len(result.notes) == 1
    assert result.notes[0].startswith("body: gzip malformed")

    truncated = gzip.compress(_body(IMEI) + os.urandom(20000))[:-3000]
    result = matcher.match(OutboundRequest(headers=[("Content-Encoding", "gzip")], body=truncated))
    assert summary(result) == [(11, "body", None, "gzip+raw", 6)]  # what did decompress counts
    assert result.notes == ["body: gzip truncated stream"]

    corrupt = bytearray(gzip.compress(_body(IMEI) + os.urandom(50000)))
    corrupt[20000:21000] = bytes(1000)  # sniffed as gzip, broken in the middle
    result = matcher.match(OutboundRequest(body=bytes(corrupt)))
    assert summary(result) == [(11, "body", None, "gzip+raw", 6)]
    assert len(result.notes) == 1 and result.notes[0].startswith("body: gzip malformed")


def test_plain_body_labelled_gzip_is_still_searched(matcher: ValueMatcher) -> None:
    result = matcher.match(
        OutboundRequest(headers=[("Content-Encoding", "gzip")], body=_body(IMEI))
    )
    assert summary(result) == [(11, "body", None, "raw", 6)]
    assert result.notes and "malformed" in result.notes[0]


def test_unsupported_content_encoding_is_noted(matcher: ValueMatcher) -> None:
    result = matcher.match(OutboundRequest(headers=[("Content-Encoding", "br")], body=_body(IMEI)))
    assert summary(result) == [(11, "body", None, "raw", 6)]
    assert result.notes == ["body: content-encoding 'br' not decoded"]
    # an unknown one is not named: it is the app's text, and may be a value
    result = matcher.match(OutboundRequest(content_encoding=IMEI, body=_body(IMEI)))
    assert result.notes == ["body: content-encoding of an unknown kind not decoded"]
    assert_masked(result, IMEI)


def test_decompression_bomb_is_cut(matcher: ValueMatcher) -> None:
    bomb = gzip.compress(_body(IMEI) + b"\0" * (20 * 1024 * 1024) + MAC.encode())
    result = matcher.match(OutboundRequest(body=bomb, headers=[("Content-Encoding", "gzip")]))
    assert [m.read.seq for m in result.matches] == [11]  # MAC lies past the 16 MiB bound
    assert result.notes == ["body: gzip cut at 16777216 bytes decompressed"]


def test_huge_body_searched_to_its_bound(matcher: ValueMatcher) -> None:
    body = bytearray(64 * 1024 * 1024)
    body[10:25] = IMEI.encode()
    body[-20:-3] = MAC.encode()
    result = matcher.match(OutboundRequest(body=bytes(body)))
    assert [(m.read.seq, m.offset) for m in result.matches] == [(11, 10)]
    assert result.notes == ["body: only the first 16 MiB searched"]


def test_a_flood_of_matches_is_bounded(matcher: ValueMatcher) -> None:
    result = matcher.match(OutboundRequest(body=(IMEI + ",").encode() * 50_000))
    assert len(result.matches) == MAX_MATCHES
    assert any("hits" in note for note in result.notes)
    assert any(f"first {MAX_MATCHES} matches" in note for note in result.notes)


def test_binary_payloads(matcher: ValueMatcher) -> None:
    noise = os.urandom(256 * 1024)
    assert matcher.match(OutboundRequest(body=noise)).matches == []
    result = matcher.match(OutboundRequest(body=noise[:1000] + IMEI.encode() + noise[1000:]))
    assert [(m.encoding, m.offset) for m in result.matches] == [("raw", 1000)]


def test_a_matcher_without_values_finds_nothing() -> None:
    assert ValueMatcher().match(OutboundRequest(url=f"https://x/?{IMEI}")) == MatchResult()


def test_lone_surrogates_in_values_and_urls() -> None:
    odd = "id\ud800ABCDEF"
    matcher = ValueMatcher([ReadValue(seq=1, data=Category.accounts, value=odd)])
    result = matcher.match(OutboundRequest(url=f"https://x/?{odd}"))
    assert [m.encoding for m in result.matches] == ["raw"]
    json.dumps(result.model_dump(mode="json"))  # encodable: nothing half a pair leaks out


def test_base64_tokens_decoded_up_to_their_bound(matcher: ValueMatcher) -> None:
    filler = [b64(os.urandom(24)) for _ in range(MAX_TOKENS)]
    nested = b64(json.dumps({"h": digest("md5", IMEI)}).encode())
    first = matcher.match(OutboundRequest(body=" ".join([nested, *filler]).encode()))
    assert [m.encoding for m in first.matches] == ["base64+md5"]
    last = matcher.match(OutboundRequest(body=" ".join([*filler, nested]).encode()))
    assert last.matches == []
    assert last.notes == [f"base64 tokens: only the first {MAX_TOKENS} decoded (bound reached)"]


def test_long_urls_and_headers_searched_to_their_bounds(matcher: ValueMatcher) -> None:
    url = "https://t.example.com/?" + "a" * MAX_URL_BYTES + IMEI
    headers = [("X-Big", "b" * MAX_HEADER_BYTES + IMEI), ("X-Small", IMEI)]
    result = matcher.match(OutboundRequest(url=url, headers=headers))
    assert summary(result) == [(11, "header", "X-Small", "raw", 0)]
    assert result.notes == [
        f"url: only the first {MAX_URL_BYTES} bytes searched",
        f"header 1: only the first {MAX_HEADER_BYTES} bytes of its value searched",
    ]


def test_many_values_use_a_smaller_automaton_and_are_bounded() -> None:
    reads = [
        ReadValue(seq=i, data=Category.installed_apps, value=f"com.vendor{i:05d}.app")
        for i in range(MAX_VALUES + 10)
    ]
    matcher = ValueMatcher(reads[:400])  # past the DFA's size: the NFA finds the same
    body = f"pkgs=com.vendor00007.app,com.vendor00399.app,{digest('md5', reads[42].value)}"
    assert [
        (m.read.seq, m.encoding) for m in matcher.match(OutboundRequest(body=body.encode())).matches
    ] == [
        (7, "raw"),
        (399, "raw"),
        (42, "md5"),
    ]
    assert all(matcher.add(r) for r in reads[400:MAX_VALUES])
    assert not matcher.add(reads[MAX_VALUES])


def test_a_value_as_a_header_name_is_found_and_masked_wherever_the_name_is_shown(
    matcher: ValueMatcher,
) -> None:
    name = f"X-{IMEI}"
    result = matcher.match(OutboundRequest(headers=[(name, MAC)]))
    assert summary(result) == [
        (11, "header_name", "X-35**********110", "raw", 2),
        (12, "header", "X-35**********110", "raw", 0),
    ]
    assert_masked(result, IMEI, MAC)


def test_many_requests_at_once_give_what_each_gives_alone(matcher: ValueMatcher) -> None:
    nested = b64(json.dumps({"h": digest("md5", IMEI)}).encode())
    tokens = " ".join([nested] + [b64(os.urandom(24)) for _ in range(MAX_TOKENS)] + [nested])
    requests = [
        OutboundRequest(url=f"https://a.example.com/?i={IMEI}", headers=[(f"X-{MAC}", "1")]),
        OutboundRequest(body=(IMEI + ",").encode() * 3000),  # hits bound, matches bound
        OutboundRequest(body=tokens.encode()),  # token bound
        OutboundRequest(body=gzip.compress(_body(digest("sha1", MAC))), content_encoding="gzip"),
        OutboundRequest(body=os.urandom(300 * 1024) + IMEI.encode()),  # too big to share
        OutboundRequest(headers=[("Content-Encoding", "gzip")], body=b"not gzip " + IMEI.encode()),
        OutboundRequest(url="https://b.example.com/"),
        OutboundRequest(body=f"x={b64(IMEI.encode())}&m={quote(MAC)}".encode()),
    ]
    alone = [matcher.match(r) for r in requests]
    assert [len(r.matches) for r in alone] == [2, MAX_MATCHES, 1, 1, 1, 1, 0, 2]
    assert matcher.match_many(requests) == alone
    assert matcher.match_many(requests * 3) == alone * 3


def test_small_requests_share_one_token_pass_with_the_same_results(matcher: ValueMatcher) -> None:
    # Requests too small to reach a token bound have their base64 tokens found in one pass
    # over the group; a gzip stream inside a token sends the group back to one at a time.
    nested = b64(json.dumps({"h": digest("md5", IMEI)}).encode())
    small = [
        OutboundRequest(
            url=f"https://a.example.com/{i}",
            body=f'{{"b":"{b64(os.urandom(24))}","n":"{nested if i % 3 == 0 else "x"}"}}'.encode(),
        )
        for i in range(30)
    ]
    zipped = OutboundRequest(body=b64(gzip.compress(_body(digest("sha1", MAC)))).encode())
    for requests in (small, small + [zipped]):
        alone = [matcher.match(r) for r in requests]
        assert matcher.match_many(requests) == alone
    assert [m.encoding for m in matcher.match(small[0]).matches] == ["base64+md5"]
    assert [m.encoding for m in matcher.match(zipped).matches] == ["base64+gzip+sha1"]


def test_requests_searched_together_never_match_across_their_boundary(
    matcher: ValueMatcher,
) -> None:
    # A group is searched as one buffer: a value cut in two between the end of one request and
    # the start of the next (plain and as a base64 token) must not be found in it.
    half = len(IMEI) // 2
    token = b64(json.dumps({"h": digest("md5", IMEI)}).encode())  # its halves are tokens too
    cut = len(token) // 2
    requests = [
        OutboundRequest(url="https://a.example.com/", body=IMEI[:half].encode()),
        OutboundRequest(url=f"{IMEI[half:]}", body=f"t={token[:cut]}".encode()),
        OutboundRequest(url=f"{token[cut:]}x", headers=[("X-A", IMEI[:half])]),
        OutboundRequest(url=f"{IMEI[half:]}/", body=b""),
    ]
    together = matcher.match_many(requests)
    assert together == [matcher.match(r) for r in requests]
    assert [r.matches for r in together] == [[], [], [], []]
    # and the same value whole at each edge is found, in the request that holds it
    edges = [
        OutboundRequest(url="https://a.example.com/", body=IMEI.encode()),
        OutboundRequest(url=IMEI, body=token.encode()),
        OutboundRequest(url=token),
    ]
    found = matcher.match_many(edges)
    assert found == [matcher.match(r) for r in edges]
    assert [[(m.where, m.offset) for m in r.matches] for r in found] == [
        [("body", 0)],
        [("url", 0), ("body", 0)],
        [("url", 0)],
    ]
