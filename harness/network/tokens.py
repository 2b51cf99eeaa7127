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
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

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
_SCRATCH_MAX = 512 * 1024  # bytes scanned at a time at most (a longer run: arrays of its own)
_FIRST_CHUNK = 32 * 1024  # of a bounded scan, which stops at MAX_TOKENS: then 64 KiB, 128, ...
# numpy pays where long runs are many (JSON of ids and blobs); `find` where they are few
# (binary, text): told apart by the long runs in a buffer's first _PROBE_BYTES
_PROBE_BYTES = 16 * 1024
_DENSE_RUNS = 16

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
# positions as a scanner leaves them: a list (the `find` walk) or an array (numpy)
Positions = Sequence[int] | npt.NDArray[np.signedinteger[Any]]


class Tokens:
    """The base64-looking runs of a buffer, decoded one after another into `data`.

    Only `data` (the decoded bytes, searched for every request) is made at once. Where each
    token lies, in the buffer and in `data`, is kept as the scanner left it (lists or numpy
    arrays) and turned into Python lists on first use: the matcher asks only when the decoded
    bytes hold a hit, which most requests do not, and a group's 1,400 tokens would otherwise
    cost some 8,000 Python objects a pass.
    """

    def __init__(self, source: bytes = b"") -> None:
        self.source = source  # the buffer scanned
        self.data = b""
        self.exhausted = False  # tokens were left undecoded (MAX_TOKENS, MAX_TOKEN_OUTPUT, scan)
        self._starts: Positions = ()  # where each token starts in `source`
        self._ends: Positions = ()
        self._begins: Positions = ()  # where each token's bytes start in `data`
        self._stops: Positions = ()  # and end (those its padding added left out)
        # the `find` walk's token lengths: its other positions are derived from them when asked
        self._lengths: list[int] | None = None
        self._ranges: list[tuple[int, int]] | None = None
        self._data_starts: list[int] | None = None
        self._sources: list[int] | None = None
        self._layers: list[str] | None = None

    @property
    def count(self) -> int:
        """How many tokens were decoded (a gzip stream inside one adds a part, not a token)."""
        return len(self._starts)

    @property
    def starts(self) -> list[int]:
        """Where each token starts in the buffer, in order."""
        return _as_list(self._starts)

    @property
    def texts(self) -> list[bytes]:
        """The tokens, in order (sliced from the buffer when asked)."""
        self._fill()
        return list(map(self.source.__getitem__, map(slice, self.starts, _as_list(self._ends))))

    @property
    def ranges(self) -> list[tuple[int, int]]:
        """The decoded parts in `data`: one per token, then one per gzip stream undone."""
        if self._ranges is None:
            self._fill()
            self._ranges = list(zip(_as_list(self._begins), _as_list(self._stops), strict=True))
        return self._ranges

    @property
    def data_starts(self) -> list[int]:
        """Where each part starts in `data`."""
        if self._data_starts is None:
            self._fill()
            self._data_starts = _as_list(self._begins)
        return self._data_starts

    @property
    def sources(self) -> list[int]:
        """The token (its index) each part comes from."""
        if self._sources is None:
            self._sources = list(range(self.count))
        return self._sources

    @property
    def layers(self) -> list[str]:
        """ "base64+" or "base64+gzip+", per part."""
        if self._layers is None:
            self._layers = ["base64+"] * self.count
        return self._layers

    def span(self, index: int) -> tuple[int, int]:
        """Where token `index` lies in the buffer."""
        self._fill()
        return int(self._starts[index]), int(self._ends[index])

    def _fill(self) -> None:
        """The walk's ends and decoded positions, from its tokens' lengths (on first use)."""
        lengths = self._lengths
        if lengths is None:
            return
        self._lengths = None
        self._ends = list(map(operator.add, self._starts, lengths))
        # each token padded to whole 4-character groups: (n + 3) & ~3 characters
        rounded_up = map(operator.add, lengths, itertools.repeat(3))
        padded = map(operator.and_, rounded_up, itertools.repeat(~3))
        begins = list(_three_quarters(itertools.accumulate(padded, initial=0)))
        begins.pop()  # where a token after the last would start
        self._begins = begins
        self._stops = list(map(operator.add, begins, _three_quarters(lengths)))


def _as_list(numbers: Positions) -> list[int]:
    if isinstance(numbers, np.ndarray):
        return list(numbers.tolist())
    return list(numbers)


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
    tokens = Tokens(data)
    starts, runs = _walk(data, data.translate(_RUNS), 0, len(data), None)
    if not runs:
        return tokens
    lengths = list(map(len, runs))
    fours = itertools.repeat(4)
    pads = map(_ZERO_BITS.__getitem__, map(operator.mod, lengths, fours))
    if _decoded(tokens, b"".join(map(operator.add, runs, pads))):
        tokens._starts, tokens._lengths = starts, lengths  # the rest when asked (`_fill`)
        if bounded and tokens.data.find(GZIP_MAGIC) >= 0:
            end = len(tokens.data)  # the tokens' bytes, their padding's included
            _inflate_tokens(tokens, end, MAX_TOKEN_OUTPUT - end)
    return tokens


def _walk(
    data: bytes, marked: bytes, start: int, stop: int, enough: int | None
) -> tuple[list[int], list[bytes]]:
    """The starts and texts of the tokens that start in data[start:stop], in order; with
    `enough`, at most that many.

    `marked` is `data` with every base64 character marked "A", every other byte " ": `find` of
    twenty "A"s lands on the start of the next long run, `find` of a space on its end. One
    Python step per long run, C for the bytes between: cheap where long runs are few.
    """
    find = marked.find
    starts: list[int] = []
    runs: list[bytes] = []
    at = find(_SEED, start)
    while 0 <= at < stop:
        end = find(b" ", at + MIN_TOKEN_CHARS)
        if end < 0:
            end = len(data)
        run = data[at:end]
        if run.strip(_HEX):  # hex digits only: not a token
            starts.append(at)
            runs.append(run)
            if enough is not None and len(runs) >= enough:
                break
        at = find(_SEED, end)
    return starts, runs


def _dense(data: bytes, start: int, stop: int) -> bool:
    """Whether the first _PROBE_BYTES of data[start:stop] hold _DENSE_RUNS long runs or more:
    then numpy scans the buffer, else `_walk` (binary and plain text have few)."""
    probe = data[start : min(stop, start + _PROBE_BYTES)].translate(_RUNS)
    at, count = probe.find(_SEED), 0
    while at >= 0:
        count += 1
        if count >= _DENSE_RUNS:
            return True
        end = probe.find(b" ", at + MIN_TOKEN_CHARS)
        at = -1 if end < 0 else probe.find(_SEED, end)
    return False


def _three_quarters(numbers: Iterable[int]) -> Iterator[int]:
    """n * 3 // 4 of each, in C: the bytes that n base64 characters decode to.

    `operator`'s functions, not `int.__mul__`: a slot-wrapper call costs twice as much.
    """
    return map(
        operator.floordiv, map(operator.mul, numbers, itertools.repeat(3)), itertools.repeat(4)
    )


def _large_tokens(data: bytes, bounded: bool) -> Tokens:
    """The tokens of a large buffer, found and measured with numpy, every bound applied."""
    tokens = Tokens(data)
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
    texts = list(map(data.__getitem__, map(slice, starts.tolist(), ends.tolist())))
    # texts and their pads interleaved, joined once
    pieces: list[bytes] = [b""] * (2 * len(texts))
    pieces[0::2] = texts
    pieces[1::2] = _PADS[lengths & 3].tolist()
    wide = lengths.astype(np.int64)
    padded = (wide + 3) & ~3
    after = np.cumsum(padded) * 3 // 4  # where each token's bytes end, its padding's included
    begins = after - padded * 3 // 4
    if _decoded(tokens, b"".join(pieces)):
        tokens._starts, tokens._ends = starts, ends
        tokens._begins, tokens._stops = begins, begins + wide * 3 // 4
        if bounded and tokens.data.find(GZIP_MAGIC) >= 0:
            end = int(after[-1])
            _inflate_tokens(tokens, end, MAX_TOKEN_OUTPUT - end)
    return tokens


def _decoded(tokens: Tokens, padded: bytes) -> bool:
    """Decode the padded tokens joined into `tokens.data`; False (then no tokens are kept) if
    they do not decode, which whole groups of alphabet characters always do."""
    try:
        tokens.data = binascii.a2b_base64(padded.translate(_TO_STANDARD))
    except binascii.Error:  # pragma: no cover - whole groups of alphabet characters only
        return False
    return True


def _long_runs(data: bytes, bounded: bool) -> tuple[Bounds, Bounds, bool]:
    """The tokens' starts and ends in `data`, and whether some were left out (bounded).

    Runs are looked for in at most MAX_TOKEN_SCAN_BYTES from the first long one (a body of
    nothing but ids stays cheap); a run that starts inside that window is kept whole. At most
    MAX_TOKENS are kept.
    """
    offset, end, beyond = 0, len(data), False
    marked = b""
    if bounded and len(data) > MAX_TOKEN_SCAN_BYTES:
        marked = data.translate(_RUNS)
        offset = marked.find(_SEED)  # the first long run
        if offset < 0:
            return _NONE, _NONE, False
        stop = offset + MAX_TOKEN_SCAN_BYTES
        if stop < len(data):
            # the window ends with the run that holds its last byte (or at a separator there)
            found = marked.find(b" ", stop - 1)
            end = len(data) if found < 0 else found
            beyond = marked.find(_SEED, end) >= 0  # a long run starts past the window
    enough = MAX_TOKENS + 1 if bounded else None
    if _dense(data, offset, end):
        starts, ends = _edges(data, offset, end, enough)
    else:
        begins, runs = _walk(data, marked or data.translate(_RUNS), offset, end, enough)
        starts = np.array(begins, np.int32)
        ends = starts + np.fromiter(map(len, runs), np.int32, len(runs))
    if bounded and len(starts) > MAX_TOKENS:
        return starts[:MAX_TOKENS], ends[:MAX_TOKENS], True
    return starts, ends, beyond


_NONE: Bounds = np.zeros(0, np.int32)


class _Scratch(threading.local):
    """Working arrays for chunks up to _SCRATCH_MAX bytes, grown as needed, one set per thread."""

    size = 0
    inside: npt.NDArray[np.bool_]
    edge: npt.NDArray[np.bool_]
    index: Bounds

    def arrays(self, n: int) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_], Bounds]:
        """For `n` bytes: a flag per byte, a flag per pair of bytes and their positions 1..n-1."""
        if n > _SCRATCH_MAX:  # one run longer than a chunk: arrays of its own
            index = np.arange(n, dtype=np.int32)
            return np.empty(n, np.bool_), np.empty(n - 1, np.bool_), index[1:]
        if n > self.size:
            self.size = min(max(n, 2 * self.size, 64 * 1024), _SCRATCH_MAX)
            self.inside = np.empty(self.size, np.bool_)
            self.edge = np.empty(self.size, np.bool_)
            self.index = np.arange(self.size, dtype=np.int32)
        return self.inside[:n], self.edge[: n - 1], self.index[1:n]


_SCRATCH = _Scratch()


def _edges(data: bytes, start: int, stop: int, enough: int | None) -> tuple[Bounds, Bounds]:
    """Start and end of every token of data[start:stop], in order (numpy; not empty); with
    `enough`, the scan may stop once that many are found.

    Scanned in chunks, each cut before a byte outside the alphabet (no run crosses it), of at
    most _SCRATCH_MAX bytes (longer only to hold a run that long), so that the working arrays
    are the thread's own, not fresh ones. With `enough` the chunks start small and double: a
    body of many tokens stops early.
    """
    if stop >= 2**31:  # pragma: no cover - int32 positions; callers bound buffers far below
        raise ValueError("buffer too large for the token scan")
    found = []
    count, at = 0, start
    size = _SCRATCH_MAX if enough is None else _FIRST_CHUNK
    while at < stop and (enough is None or count < enough):
        end = min(at + size, stop)
        classes = data[at:end].translate(_CLASSES)
        length = len(classes)
        if end < stop:
            length = classes.rfind(b"\x00")  # the chunk ends before its last separator
            if length <= 0:  # one run fills the chunk: take it on to its end
                classes, length = _run_on(data, classes, end, stop), -1
        chunk = np.frombuffer(classes, np.uint8, len(classes) if length < 0 else length)
        starts, ends = _chunk_edges(chunk, at)
        found.append((starts, ends))
        count += len(starts)
        at += len(chunk)
        size = min(2 * size, _SCRATCH_MAX)
    if len(found) <= 1:
        return found[0] if found else (_NONE, _NONE)
    return np.concatenate([s for s, _ in found]), np.concatenate([e for _, e in found])


def _run_on(data: bytes, classes: bytes, end: int, stop: int) -> bytes:
    """`classes` (of the bytes before `end`) continued up to the next separator (or `stop`):
    looked for in doubling steps, so that a long run costs its length, not the buffer's."""
    parts = [classes]
    step = len(classes)
    while end < stop:
        more = data[end : min(end + step, stop)].translate(_CLASSES)
        cut = more.find(b"\x00")
        if cut >= 0:
            parts.append(more[:cut])
            break
        parts.append(more)
        end += len(more)
        step *= 2
    return b"".join(parts)


def _chunk_edges(classes: npt.NDArray[np.uint8], offset: int) -> tuple[Bounds, Bounds]:
    """The tokens of one chunk (its bytes' classes), as positions from `offset`.

    Runs start and end where a byte is in the alphabet and the one before is not, or the
    opposite: those edges alternate, a start first. The hex test is one `maximum.reduceat` of
    the byte classes over the runs.
    """
    n = len(classes)
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
    # reduceat sums from each index to the next: the last run's end may be the chunk's end
    keep = np.maximum.reduceat(classes, bounds[:-1] if ends[-1] == n else bounds)[0::2] == 2
    starts, ends = starts[keep], ends[keep]
    if offset:
        starts += offset
        ends += offset
    return starts, ends


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
