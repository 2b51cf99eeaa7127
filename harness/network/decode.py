"""A body as its receiver reads it: Content-Encoding undone (gzip, deflate). Always bounded.

The app controls these bytes: a "gzip" body may be truncated, corrupt, a decompression bomb, or
not gzip at all. Nothing here raises on bad input; what could not be decoded becomes a note and
the bytes are searched as they are.
"""

from __future__ import annotations

import itertools
import zlib
from dataclasses import dataclass, field

MIB = 1024 * 1024
# The most body bytes searched, before and after decompression (the rest is not searched).
MAX_BODY_BYTES = 16 * MIB

GZIP_MAGIC = b"\x1f\x8b"
_KNOWN_CODINGS = frozenset({"br", "zstd", "compress", "x-compress", "bzip2", "xz", "lz4", "snappy"})
_FEED = 16 * 1024  # compressed bytes given to zlib at a time


@dataclass
class Decoded:
    data: bytes
    layers: str = ""  # "gzip+", "deflate+gzip+": prefixed to the names of matches in `data`
    notes: list[str] = field(default_factory=list)


def inflate(data: bytes, wbits: int, limit: int) -> tuple[bytes, str]:
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
        return inflate(data, 31, limit)
    # "deflate" is meant to be zlib-wrapped (RFC 9110) but is often sent raw
    inflated, problem = inflate(data, 15, limit)
    if problem.startswith("malformed") and not inflated:
        return inflate(data, -15, limit)
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
