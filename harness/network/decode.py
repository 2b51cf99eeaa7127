"""Layers a payload may hide values under: a compressed body, base64 tokens. Always bounded.

The app controls these bytes: a "gzip" body may be truncated, corrupt, a decompression bomb, or
not gzip at all. Nothing here raises on bad input; what could not be decoded becomes a note and
the bytes are searched as they are.
"""

from __future__ import annotations

import binascii
import itertools
import operator
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

MIB = 1024 * 1024
# The most body bytes searched, before and after decompression (the rest is not searched).
MAX_BODY_BYTES = 16 * MIB
# Nested base64 tokens: the first MAX_TOKENS of a request are decoded, at most MAX_TOKEN_OUTPUT
# bytes come out of them (a gzip inside a token included), and they are looked for in at most
# MAX_TOKEN_SCAN_BYTES of the request's parts that hold any.
MAX_TOKENS = 512
MAX_TOKEN_SCAN_BYTES = 1 * MIB
MAX_TOKEN_OUTPUT = 4 * MIB
MIN_TOKEN_CHARS = 20  # 15 decoded bytes: shorter tokens are ids and words, not containers

GZIP_MAGIC = b"\x1f\x8b"
_KNOWN_CODINGS = frozenset({"br", "zstd", "compress", "x-compress", "bzip2", "xz", "lz4", "snappy"})
_FEED = 16 * 1024  # compressed bytes given to zlib at a time
_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_"
_RUNS = bytes(ord("A") if c in _ALPHABET else ord(" ") for c in range(256))  # runs marked "A"
_HEX = b"0123456789abcdefABCDEF"
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
        if wbits != 31 or not rest.startswith(GZIP_MAGIC):
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
    if not content_encoding and len(body) <= MAX_BODY_BYTES and not body.startswith(GZIP_MAGIC):
        return Decoded(body)  # most bodies
    codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    sniffed = not codings and body.startswith(GZIP_MAGIC)
    if sniffed:
        codings = ["gzip"]
    result = Decoded(body[:MAX_BODY_BYTES])
    if len(body) > MAX_BODY_BYTES:
        result.notes.append(f"body: only the first {MAX_BODY_BYTES // MIB} MiB searched")
    for coding in reversed(codings):  # the last coding applied is undone first
        name = "gzip" if coding == "x-gzip" else coding
        if name not in ("gzip", "deflate"):
            # named only when it is a known one: the app's own text might hold a value
            shown = repr(coding) if coding in _KNOWN_CODINGS else "of an unknown kind"
            result.notes.append(f"body: content-encoding {shown} not decoded")
            break
        inflated, problem = _decompress(result.data, name, MAX_BODY_BYTES)
        if problem:
            result.notes.append(f"body: {name} {problem}")
        if not inflated and problem:
            break  # nothing came out: search the bytes as sent
        result = Decoded(inflated, f"{name}+{result.layers}", result.notes)
    return result


class Tokens:
    """The base64-looking runs of a buffer, decoded one after another into `data`."""

    def __init__(self, source: bytes) -> None:
        self.texts: list[bytes] = []  # the tokens, in order
        self.data = b""
        self.ranges: list[tuple[int, int]] = []  # the decoded parts in `data`
        self.sources: list[int] = []  # the token (index into texts) of each part
        self.layers: list[str] = []  # "base64+" or "base64+gzip+", per part
        self.exhausted = False  # tokens were left undecoded (MAX_TOKENS, MAX_TOKEN_OUTPUT)
        self._source = source
        self._spans: list[tuple[int, int]] = []

    def span(self, index: int) -> tuple[int, int]:
        """Where token `index` lies in the source (found when first asked: matches are rare).

        Tokens are maximal runs, in order: the first occurrence of each after the one before
        is the token itself (a shorter or hex-only run cannot hold it).
        """
        while len(self._spans) <= index:
            text = self.texts[len(self._spans)]
            at = self._source.find(text, self._spans[-1][1] if self._spans else 0)
            self._spans.append((at, at + len(text)))
        return self._spans[index]


def _long_runs(data: bytes, bounded: bool = True) -> tuple[list[bytes], bool]:
    """The long non-hex base64 runs of `data` in order, and whether some were left out.

    Every base64 character is marked "A", every other byte " ", so that `find` of twenty "A"s
    lands on the start of the next long run and `find` of a space on its end: one Python step
    per long run, C for the bytes between (short words, binary, JSON syntax), which splitting
    the payload into words and filtering them cost per word. Runs are looked for in at most
    MAX_TOKEN_SCAN_BYTES from the first one: a body of nothing but ids stays cheap.
    """
    marked = data.translate(_RUNS)
    find = marked.find
    runs: list[bytes] = []
    at = find(_SEED)
    if at < 0:
        return runs, False
    stop = at + MAX_TOKEN_SCAN_BYTES if bounded else len(data)
    while at >= 0:
        if at >= stop:
            return runs, True
        end = find(b" ", at + MIN_TOKEN_CHARS)
        if end < 0:
            end = len(data)
        run = data[at:end]
        if run.strip(_HEX):  # hex digits only: an id or a digest, base64 by accident
            runs.append(run)
            if bounded and len(runs) > MAX_TOKENS:
                return runs[:MAX_TOKENS], True
        at = find(_SEED, end)
    return runs, False


def _three_quarters(numbers: Iterable[int]) -> Iterator[int]:
    """n * 3 // 4 of each, in C: the bytes that n base64 characters decode to.

    `operator`'s functions, not `int.__mul__`: a slot-wrapper call costs twice as much.
    """
    return map(
        operator.floordiv, map(operator.mul, numbers, itertools.repeat(3)), itertools.repeat(4)
    )


def base64_tokens(data: bytes, *, bounded: bool = True) -> Tokens:
    """Every run of at least MIN_TOKEN_CHARS base64 characters, decoded, gzip undone; bounded.

    Runs of hex digits only (ids, digests) are base64 by accident and skipped. All tokens are
    decoded in one call: each is padded with zero bits to whole 4-character groups, so they
    decode back to back. `bounded=False` (for the joined parts of many small requests, none of
    which can reach a bound on its own) applies no bound and leaves gzip tokens undone.
    """
    tokens = Tokens(data)
    runs, tokens.exhausted = _long_runs(data, bounded)
    room = MAX_TOKEN_OUTPUT // 3 * 4  # base64 characters that fit the output bound
    if bounded and sum(map(len, runs)) > room:
        for index, run in enumerate(runs):
            room -= len(run)
            if room < 0:
                tokens.exhausted = True
                del runs[index + 1 :]
                runs[index] = run[: max(len(run) + room, 0) // 4 * 4]  # decoded in part
                break
    tokens.texts = runs
    if not runs:
        return tokens
    # Per-token arithmetic in C (map over operator functions): a group of small requests has
    # thousands of tokens.
    lengths = list(map(len, runs))
    fours = itertools.repeat(4)
    pads = map(_ZERO_BITS.__getitem__, map(operator.mod, lengths, fours))
    padded = list(map(operator.add, runs, pads))
    try:
        decoded = binascii.a2b_base64(b"".join(padded).translate(_TO_STANDARD))
    except binascii.Error:  # pragma: no cover - whole groups of alphabet characters only
        return Tokens(data)
    starts = list(_three_quarters(itertools.accumulate(map(len, padded), initial=0)))
    # each token's bytes without those its padding added
    ends = map(operator.add, starts, _three_quarters(lengths))
    tokens.ranges = list(zip(starts, ends, strict=False))  # starts has one more than the tokens
    tokens.sources = list(range(len(runs)))
    tokens.layers = ["base64+"] * len(runs)
    tokens.data = decoded
    if bounded and decoded.find(GZIP_MAGIC) >= 0:
        _inflate_tokens(tokens, starts[-1], MAX_TOKEN_OUTPUT - starts[-1])
    return tokens


def _inflate_tokens(tokens: Tokens, at: int, room: int) -> None:
    """Append the decompressed form of each decoded token that is a gzip stream."""
    parts = [tokens.data]
    for index, (a, b) in enumerate(list(tokens.ranges)):
        if room <= 0:
            tokens.exhausted = True
            break
        if tokens.data.startswith(GZIP_MAGIC, a):
            out, _ = _inflate(tokens.data[a:b], 31, room)
            if out:
                tokens.ranges.append((at, at + len(out)))
                tokens.sources.append(index)
                tokens.layers.append("base64+gzip+")
                parts.append(out)
                at += len(out)
                room -= len(out)
    tokens.data = b"".join(parts)
