"""The base64 tokens of a request: every long run of base64 characters, decoded. Bounded.

A token is a maximal run of at least MIN_TOKEN_CHARS base64 characters (standard or URL-safe)
that is not hex digits only (an id or a digest, base64 by accident). All tokens of a buffer are
decoded in one call: each is padded with zero bits to whole 4-character groups, so that they
decode back to back.

Two scanners give the same runs. A small buffer (one request) is walked with `bytes.find`, one
Python step per long run. A large one (the joined parts of 200 requests hold some 2,800 long
runs) is scanned with numpy: the edges of the runs, their lengths and the hex test are a few
whole-array operations, and the per-token arithmetic is too. Its working arrays are kept per
thread (`_Scratch`): on this project's machines a fresh array of a few hundred KiB costs more in
page faults than the scan itself.
"""

from __future__ import annotations

import binascii
import itertools
import operator
import threading
from collections.abc import Iterable, Iterator

import numpy as np
import numpy.typing as npt

from harness.network.decode import GZIP_MAGIC, MIB, inflate

# The first MAX_TOKENS tokens of a request are decoded, at most MAX_TOKEN_OUTPUT bytes come out of
# them (a gzip inside a token included), and they are looked for in at most MAX_TOKEN_SCAN_BYTES
# of the request's parts, from the first long run on.
MAX_TOKENS = 512
MAX_TOKEN_SCAN_BYTES = 1 * MIB
MAX_TOKEN_OUTPUT = 4 * MIB
MIN_TOKEN_CHARS = 20  # 15 decoded bytes: shorter tokens are ids and words, not containers

# Below this many bytes the `find` walk is faster (numpy's fixed cost per call is some 20 us),
# and no bound can be reached: MAX_TOKENS tokens need MAX_TOKENS * (MIN_TOKEN_CHARS + 1) bytes.
NUMPY_FROM = 8 * 1024
_SCRATCH_MAX = 512 * 1024  # larger buffers (single large bodies) get arrays of their own

_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_"
_HEX = b"0123456789abcdefABCDEF"
_RUNS = bytes(ord("A") if c in _ALPHABET else ord(" ") for c in range(256))  # runs marked "A"
# 0: not base64, 1: a hex digit, 2: any other base64 character (the numpy scanner's classes)
_CLASSES = bytes(0 if c not in _ALPHABET else 1 if c in _HEX else 2 for c in range(256))
_SEED = b"A" * MIN_TOKEN_CHARS
_ZERO_BITS = (b"", b"AAA", b"AA", b"A")  # by length % 4: whole groups, the rest zero bits
_PADS = np.array(_ZERO_BITS, dtype=object)
_TO_STANDARD = bytes.maketrans(b"-_", b"+/")

Bounds = npt.NDArray[np.int32]


class Tokens:
    """The base64-looking runs of a buffer, decoded one after another into `data`."""

    def __init__(self) -> None:
        self.texts: list[bytes] = []  # the tokens, in order
        self.data = b""
        self.ranges: list[tuple[int, int]] = []  # the decoded parts in `data`
        self.data_starts: list[int] = []  # where each part starts in `data`
        self.sources: list[int] = []  # the token (index into texts) of each part
        self.layers: list[str] = []  # "base64+" or "base64+gzip+", per part
        self.exhausted = False  # tokens were left undecoded (MAX_TOKENS, MAX_TOKEN_OUTPUT, scan)
        self.starts: list[int] = []  # where each token starts in the buffer

    def span(self, index: int) -> tuple[int, int]:
        """Where token `index` lies in the buffer."""
        start = self.starts[index]
        return start, start + len(self.texts[index])


def base64_tokens(data: bytes, *, bounded: bool = True) -> Tokens:
    """Every token of `data`, decoded, gzip undone; bounded.

    `bounded=False` (for the joined parts of many small requests, none of which can reach a
    bound on its own) applies no bound and leaves gzip tokens undone.
    """
    if len(data) < NUMPY_FROM:
        return _small_tokens(data, bounded)
    return _large_tokens(data, bounded)


def _small_tokens(data: bytes, bounded: bool) -> Tokens:
    """The tokens of a buffer too small to reach a bound: `find` steps, arithmetic in C."""
    tokens = Tokens()
    starts, runs = _find_runs(data)
    if not runs:
        return tokens
    tokens.texts, tokens.starts = runs, starts
    lengths = list(map(len, runs))
    fours = itertools.repeat(4)
    pads = map(_ZERO_BITS.__getitem__, map(operator.mod, lengths, fours))
    padded = list(map(operator.add, runs, pads))
    begins = list(_three_quarters(itertools.accumulate(map(len, padded), initial=0)))
    end = begins.pop()  # of the last token's bytes, its padding's included
    _decoded(tokens, b"".join(padded), begins, map(operator.add, begins, _three_quarters(lengths)))
    if bounded and tokens.data.find(GZIP_MAGIC) >= 0:
        _inflate_tokens(tokens, end, MAX_TOKEN_OUTPUT - end)
    return tokens


def _find_runs(data: bytes) -> tuple[list[int], list[bytes]]:
    """The starts and texts of the tokens of `data`, with no bound.

    Every base64 character is marked "A", every other byte " ", so that `find` of twenty "A"s
    lands on the start of the next long run and `find` of a space on its end.
    """
    marked = data.translate(_RUNS)
    find = marked.find
    starts: list[int] = []
    runs: list[bytes] = []
    at = find(_SEED)
    while at >= 0:
        end = find(b" ", at + MIN_TOKEN_CHARS)
        if end < 0:
            end = len(data)
        run = data[at:end]
        if run.strip(_HEX):  # hex digits only: not a token
            starts.append(at)
            runs.append(run)
        at = find(_SEED, end)
    return starts, runs


def _three_quarters(numbers: Iterable[int]) -> Iterator[int]:
    """n * 3 // 4 of each, in C: the bytes that n base64 characters decode to.

    `operator`'s functions, not `int.__mul__`: a slot-wrapper call costs twice as much.
    """
    return map(
        operator.floordiv, map(operator.mul, numbers, itertools.repeat(3)), itertools.repeat(4)
    )


def _large_tokens(data: bytes, bounded: bool) -> Tokens:
    """The tokens of a large buffer, found and measured with numpy, every bound applied."""
    tokens = Tokens()
    starts, ends, tokens.exhausted = _long_runs(data, bounded)
    if not len(starts):
        return tokens
    lengths = ends - starts
    room = MAX_TOKEN_OUTPUT // 3 * 4  # base64 characters that fit the output bound
    if bounded and int(lengths.sum(dtype=np.int64)) > room:
        total = np.cumsum(lengths, dtype=np.int64)
        last = int(np.searchsorted(total, room, side="right"))  # the first run past the room
        left = room - (int(total[last - 1]) if last else 0)
        tokens.exhausted = True
        starts, ends, lengths = starts[: last + 1], ends[: last + 1].copy(), lengths[: last + 1]
        lengths[last] = left // 4 * 4  # decoded in part
        ends[last] = starts[last] + lengths[last]
    tokens.starts = starts.tolist()
    texts = list(map(data.__getitem__, map(slice, tokens.starts, ends.tolist())))
    tokens.texts = texts
    # texts and their pads interleaved, joined once
    pieces: list[bytes] = [b""] * (2 * len(texts))
    pieces[0::2] = texts
    pieces[1::2] = _PADS[lengths & 3].tolist()
    wide = lengths.astype(np.int64)
    padded = (wide + 3) & ~3
    after = np.cumsum(padded) * 3 // 4  # where each token's bytes end, its padding's included
    begins = after - padded * 3 // 4
    _decoded(tokens, b"".join(pieces), begins.tolist(), (begins + wide * 3 // 4).tolist())
    if bounded and tokens.data.find(GZIP_MAGIC) >= 0:
        end = int(after[-1])
        _inflate_tokens(tokens, end, MAX_TOKEN_OUTPUT - end)
    return tokens


def _decoded(tokens: Tokens, padded: bytes, begins: list[int], ends: Iterable[int]) -> None:
    """Decode the padded tokens joined; each token's bytes without those its padding added."""
    try:
        tokens.data = binascii.a2b_base64(padded.translate(_TO_STANDARD))
    except binascii.Error:  # pragma: no cover - whole groups of alphabet characters only
        tokens.texts, tokens.starts = [], []
        return
    tokens.ranges = list(zip(begins, ends, strict=False))
    tokens.data_starts = begins
    tokens.sources = list(range(len(tokens.texts)))
    tokens.layers = ["base64+"] * len(tokens.texts)


def _long_runs(data: bytes, bounded: bool) -> tuple[Bounds, Bounds, bool]:
    """The tokens' starts and ends in `data`, and whether some were left out (bounded).

    Runs are looked for in at most MAX_TOKEN_SCAN_BYTES from the first long one (a body of
    nothing but ids stays cheap); a run that starts inside that window is kept whole. At most
    MAX_TOKENS are kept.
    """
    offset, beyond = 0, False
    if bounded and len(data) > MAX_TOKEN_SCAN_BYTES:
        marked = data.translate(_RUNS)
        offset = marked.find(_SEED)  # the first long run
        if offset < 0:
            return _NONE, _NONE, False
        stop = offset + MAX_TOKEN_SCAN_BYTES
        end = len(data)
        if stop < len(data):
            # the window ends with the run that holds its last byte (or at a separator there)
            found = marked.find(b" ", stop - 1)
            end = len(data) if found < 0 else found
            beyond = marked.find(_SEED, end) >= 0  # a long run starts past the window
        data = data[offset:end]
        del marked
    starts, ends = _edges(data)
    if offset:
        starts += offset
        ends += offset
    if bounded and len(starts) > MAX_TOKENS:
        return starts[:MAX_TOKENS], ends[:MAX_TOKENS], True
    return starts, ends, beyond


_NONE: Bounds = np.zeros(0, np.int32)


class _Scratch(threading.local):
    """Working arrays for buffers up to _SCRATCH_MAX, grown as needed, one set per thread."""

    size = 0
    inside: npt.NDArray[np.bool_]
    edge: npt.NDArray[np.bool_]
    index: Bounds

    def arrays(self, n: int) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_], Bounds]:
        """For `n` bytes: a flag per byte, a flag per pair of bytes and their positions 1..n-1."""
        if n > _SCRATCH_MAX:
            inside, edge, index = np.empty(n, np.bool_), np.empty(n, np.bool_), np.arange(n)
            return inside, edge[: n - 1], index[1:n].astype(np.int32)
        if n > self.size:
            self.size = min(max(n, 2 * self.size, 64 * 1024), _SCRATCH_MAX)
            self.inside = np.empty(self.size, np.bool_)
            self.edge = np.empty(self.size, np.bool_)
            self.index = np.arange(self.size, dtype=np.int32)
        return self.inside[:n], self.edge[: n - 1], self.index[1:n]


_SCRATCH = _Scratch()


def _edges(data: bytes) -> tuple[Bounds, Bounds]:
    """Start and end of every token of `data`, in order (numpy; `data` is not empty).

    Runs start and end where a byte is in the alphabet and the one before is not, or the
    opposite: those edges alternate, a start first. The hex test is one `maximum.reduceat` of
    the byte classes over the runs.
    """
    n = len(data)
    if n >= 2**31:  # pragma: no cover - int32 positions; callers bound buffers far below
        raise ValueError("buffer too large for the token scan")
    classes = np.frombuffer(data.translate(_CLASSES), np.uint8)
    inside, edge, index = _SCRATCH.arrays(n)
    np.greater(classes, 0, out=inside)
    edges = index[np.not_equal(inside[1:], inside[:-1], out=edge)]  # starts and ends in turn
    # a run at the very start has no rising edge, one at the very end no falling one
    if inside[0]:
        edges = np.concatenate((_FIRST, edges))
    if inside[-1]:
        edges = np.concatenate((edges, np.array([n], np.int32)))
    starts, ends = edges[0::2], edges[1::2]
    long = (ends - starts) >= MIN_TOKEN_CHARS
    starts, ends = starts[long], ends[long]
    if not len(starts):
        return starts, ends
    bounds = np.empty(2 * len(starts), np.intp)
    bounds[0::2], bounds[1::2] = starts, ends
    # reduceat sums from each index to the next: the last run's end may be the buffer's end
    keep = np.maximum.reduceat(classes, bounds[:-1] if ends[-1] == n else bounds)[0::2] == 2
    return starts[keep], ends[keep]


_FIRST: Bounds = np.zeros(1, np.int32)


def _inflate_tokens(tokens: Tokens, at: int, room: int) -> None:
    """Append the decompressed form of each decoded token that is a gzip stream."""
    parts = [tokens.data]
    for index, (a, b) in enumerate(list(tokens.ranges)):
        if room <= 0:
            tokens.exhausted = True
            break
        if tokens.data.startswith(GZIP_MAGIC, a):
            out, _ = inflate(tokens.data[a:b], 31, room)
            if out:
                tokens.ranges.append((at, at + len(out)))
                tokens.data_starts.append(at)
                tokens.sources.append(index)
                tokens.layers.append("base64+gzip+")
                parts.append(out)
                at += len(out)
                room -= len(out)
    tokens.data = b"".join(parts)
