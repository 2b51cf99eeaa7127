"""Layers a payload may hide values under: a compressed body, base64 tokens. Always bounded.

The app controls these bytes: a "gzip" body may be truncated, corrupt, a decompression bomb, or
not gzip at all. Nothing here raises on bad input; what could not be decoded becomes a note and
the bytes are searched as they are.
"""

from __future__ import annotations

import binascii
import itertools
import zlib
from dataclasses import dataclass, field

from harness.untrusted import clip, printable

MIB = 1024 * 1024
# The most body bytes searched, before and after decompression (the rest is not searched).
MAX_BODY_BYTES = 16 * MIB
# Nested base64 tokens: the first MAX_TOKENS of a request are decoded, and at most
# MAX_TOKEN_OUTPUT bytes come out of them (a gzip inside a token included).
MAX_TOKENS = 512
MAX_TOKEN_OUTPUT = 4 * MIB
MIN_TOKEN_CHARS = 20  # 15 decoded bytes: shorter tokens are ids and words, not containers

_GZIP_MAGIC = b"\x1f\x8b"
_FEED = 16 * 1024  # compressed bytes given to zlib at a time
_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_"
_RUNS = bytes(ord("A") if c in _ALPHABET else ord(" ") for c in range(256))  # runs of base64
_NOT_HEX = bytes(
    ord("B") if c in _ALPHABET.translate(None, b"0123456789abcdefABCDEF") else ord(" ")
    for c in range(256)
)
_SEED = b"A" * MIN_TOKEN_CHARS
_ZERO_BITS = (b"", b"AAA", b"AA", b"A")  # by length % 4: whole groups, the rest zero bits
_TO_STANDARD = bytes.maketrans(b"-_", b"+/")


@dataclass
class Decoded:
    data: bytes
    layers: str = ""  # "gzip+", "deflate+gzip+": prefixed to the names of matches in `data`
    notes: list[str] = field(default_factory=list)


def _inflate(data: bytes, wbits: int, limit: int) -> tuple[bytes, str]:
    """Decompressed bytes (at most `limit`) and "" or what went wrong.

    Concatenated gzip members (allowed by RFC 1952) are all decompressed.
    """
    out = bytearray()
    rest = data
    while True:
        if len(out) >= limit:  # max_length 0 would mean "no limit"
            return bytes(out), f"cut at {limit} bytes decompressed"
        inflater = zlib.decompressobj(wbits)
        # Fed in pieces, so that what came out before a corrupt piece is kept; the last 8 bytes
        # (where the gzip and zlib checksums are) alone, so that a bad checksum loses nothing.
        tail = max(len(rest) - 8, 0)
        cuts = [*range(0, tail, _FEED), tail, len(rest)]
        for at, end in itertools.pairwise(cuts):
            try:
                out += inflater.decompress(rest[at:end], limit - len(out))
            except zlib.error as e:
                return bytes(out), f"malformed ({e})"
            if len(out) >= limit and (inflater.unconsumed_tail or not inflater.eof):
                return bytes(out), f"cut at {limit} bytes decompressed"
            if inflater.eof:
                break
        if not inflater.eof:
            return bytes(out), "truncated stream"
        rest = inflater.unused_data
        if wbits != 31 or not rest.startswith(_GZIP_MAGIC):
            return bytes(out), ""


def _decompress(data: bytes, coding: str, limit: int) -> tuple[bytes, str]:
    if coding in ("gzip", "x-gzip"):
        return _inflate(data, 31, limit)
    # "deflate" is meant to be zlib-wrapped (RFC 9110) but is often sent raw
    inflated, problem = _inflate(data, 15, limit)
    if problem.startswith("malformed") and not inflated:
        return _inflate(data, -15, limit)
    return inflated, problem


def decode_body(body: bytes, content_encoding: str | None) -> Decoded:
    """The body as its receiver reads it, bounded: Content-Encoding undone, else gzip sniffed."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    sniffed = not codings and body.startswith(_GZIP_MAGIC)
    if sniffed:
        codings = ["gzip"]
    result = Decoded(body[:MAX_BODY_BYTES])
    if len(body) > MAX_BODY_BYTES:
        result.notes.append(f"body: only the first {MAX_BODY_BYTES // MIB} MiB searched")
    for coding in reversed(codings):  # the last coding applied is undone first
        name = "gzip" if coding == "x-gzip" else coding
        if name not in ("gzip", "deflate"):
            result.notes.append(
                f"body: content-encoding {clip(printable(coding), 40)!r} not decoded"
            )
            break
        inflated, problem = _decompress(result.data, name, MAX_BODY_BYTES)
        if problem:
            result.notes.append(f"body: {name} {problem}")
        if not inflated and problem:
            break  # nothing came out: search the bytes as sent
        result = Decoded(inflated, f"{name}+{result.layers}", result.notes)
    return result


@dataclass
class Tokens:
    """The base64-looking runs of a buffer, decoded one after another into `data`."""

    spans: list[tuple[int, int]]  # each token's place in the searched bytes
    data: bytes = b""
    ranges: list[tuple[int, int]] = field(default_factory=list)  # decoded parts in `data`
    sources: list[int] = field(default_factory=list)  # the token (index into spans) of each part
    layers: list[str] = field(default_factory=list)  # "base64+" or "base64+gzip+", per part
    exhausted: bool = False  # tokens were left undecoded (MAX_TOKENS, MAX_TOKEN_OUTPUT)


def base64_tokens(data: bytes) -> Tokens:
    """Every run of at least MIN_TOKEN_CHARS base64 characters, decoded, gzip undone; bounded.

    Runs of hex digits only (ids, digests) are base64 by accident and skipped. Made for speed on
    payloads full of short words and ids: runs are marked with one translate and found with
    `find`; all tokens are decoded in one call (each padded with zero bits to whole 4-character
    groups, so they decode back to back).
    """
    marked = data.translate(_RUNS)
    not_hex = data.translate(_NOT_HEX)
    spans: list[tuple[int, int]] = []
    tokens = Tokens(spans)
    room = MAX_TOKEN_OUTPUT // 3 * 4  # base64 characters that fit the output bound
    find = marked.find
    at = find(_SEED)
    while at >= 0:
        end = find(b" ", at + MIN_TOKEN_CHARS)
        if end < 0:
            end = len(marked)
        if not_hex.find(b"B", at, end) >= 0:  # hex digits only: an id or a digest, skipped
            if len(spans) >= MAX_TOKENS or end - at > room:
                tokens.exhausted = True
                if len(spans) < MAX_TOKENS and room >= MIN_TOKEN_CHARS:
                    spans.append((at, at + room // 4 * 4))
                break
            spans.append((at, end))
            room -= end - at
        at = find(_SEED, end)
    if not spans:
        return tokens
    padded = [data[a:b] + _ZERO_BITS[(b - a) % 4] for a, b in spans]
    try:
        decoded = binascii.a2b_base64(b"".join(padded).translate(_TO_STANDARD))
    except binascii.Error:  # pragma: no cover - whole groups of alphabet characters only
        return Tokens([])
    starts = list(itertools.accumulate((len(p) * 3 // 4 for p in padded), initial=0))
    # each token's bytes without those its padding added
    tokens.ranges = [(at, at + (b - a) * 3 // 4) for at, (a, b) in zip(starts, spans, strict=False)]
    tokens.sources = list(range(len(spans)))
    tokens.layers = ["base64+"] * len(spans)
    tokens.data = decoded
    if decoded.find(_GZIP_MAGIC) >= 0:
        _inflate_tokens(tokens, starts[-1], MAX_TOKEN_OUTPUT - starts[-1])
    return tokens


def _inflate_tokens(tokens: Tokens, at: int, room: int) -> None:
    """Append the decompressed form of each decoded token that is a gzip stream."""
    parts = [tokens.data]
    for index, (a, b) in enumerate(list(tokens.ranges)):
        if room <= 0:
            tokens.exhausted = True
            break
        if tokens.data.startswith(_GZIP_MAGIC, a):
            out, _ = _inflate(tokens.data[a:b], 31, room)
            if out:
                tokens.ranges.append((at, at + len(out)))
                tokens.sources.append(index)
                tokens.layers.append("base64+gzip+")
                parts.append(out)
                at += len(out)
                room -= len(out)
    tokens.data = b"".join(parts)
