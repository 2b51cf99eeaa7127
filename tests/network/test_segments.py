"""A request's searched parts: the one-step path for short ASCII heads gives what the part by
part path gives (bytes, lengths, layers, notes), on random and edge-case requests."""

from __future__ import annotations

import gzip
import random

from harness.network.match import (
    _MAX_NAME_CHARS,
    _SHORT_HEAD,
    MAX_HEADERS,
    _each_segment,
    _segments,
)
from harness.network.model import OutboundRequest


def _same(request: OutboundRequest) -> None:
    notes: list[str] = []
    pieces, lengths, layers, length = _segments(request, notes)
    each_notes: list[str] = []
    parts, each_layers, each_length = _each_segment(request, each_notes)
    assert b"\x00".join(pieces) == b"\x00".join(parts)
    assert lengths == [len(p) for p in parts]
    assert (layers, length, notes) == (each_layers, each_length, each_notes)


def _text(rng: random.Random, size: int, extra: str) -> str:
    alphabet = "abcXYZ019=&?/%:-_ \x00\t" + extra  # extra: "" (ASCII) or one other character
    return "".join(rng.choice(alphabet) for _ in range(size))


def test_random_requests() -> None:
    rng = random.Random(3)
    plain = 0
    for _ in range(1500):
        extra = rng.choice(["", "", "é", "\ud83d", "中"])
        headers = [
            (_text(rng, rng.randrange(0, 30), extra), _text(rng, rng.randrange(0, 80), extra))
            for _ in range(rng.randrange(0, 6))
        ]
        if rng.random() < 0.2:
            headers.insert(
                rng.randrange(len(headers) + 1),
                (rng.choice(["Content-Encoding", "content-encoding", "CONTENT-ENCODING"]), "gzip"),
            )
        body = rng.randbytes(rng.randrange(0, 100))
        if rng.random() < 0.2:
            body = gzip.compress(body)
        request = OutboundRequest(
            url=_text(rng, rng.randrange(0, 120), extra),
            headers=headers,
            body=body,
            content_encoding=rng.choice([None, None, "gzip", "identity"]),
        )
        _same(request)
        pieces, lengths, _, _ = _segments(request, [])
        plain += len(pieces) < len(lengths)  # URL and headers came as one piece
    assert 300 < plain < 1200  # both paths were taken often


def test_heads_at_and_past_their_bounds() -> None:
    for size in (_SHORT_HEAD - 1, _SHORT_HEAD, _SHORT_HEAD + 1, 4 * _SHORT_HEAD + 7):
        _same(OutboundRequest(url="u" * size, body=b"x"))
        _same(OutboundRequest(url="u", headers=[("h", "v" * size)]))
    for size in (_MAX_NAME_CHARS, _MAX_NAME_CHARS + 1):
        _same(OutboundRequest(url="u", headers=[("n" * size, "v")]))
    for count in (MAX_HEADERS, MAX_HEADERS + 1):
        _same(OutboundRequest(url="u", headers=[("h", "v")] * count))
    _same(OutboundRequest())


def test_the_one_step_path_is_taken_for_a_plain_request() -> None:
    request = OutboundRequest(url="https://t.example.com/a?b=1", headers=[("A", "b")], body=b"{}")
    pieces, lengths, _, _ = _segments(request, [])
    assert pieces == [b"https://t.example.com/a?b=1\x00A\x00b", b"{}"]
    assert lengths == [27, 1, 1, 2]
