"""Find the values read during a run inside an outbound request: which value, where, how encoded.

    matcher = ValueMatcher(reads)            # or matcher.add(read) as reads arrive
    result = matcher.match(OutboundRequest(url=..., headers=[...], body=b"..."))

All needles (every value in every encoding, `harness.network.encodings`) go into one Aho-Corasick
automaton (ahocorasick_rs: a DFA, a contiguous NFA for many values), built once and again only
after new values arrive. A request is searched in one pass over its URL, header names and values
and (decompressed) body joined together, lower-cased chunk by chunk, then once more over the
base64 tokens found in it, decoded; each hit is checked against its needle's exact bytes.
The bounds (`harness.network.decode`, the constants below) keep time and memory flat whatever
the app sends.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ahocorasick_rs import BytesAhoCorasick, Implementation

from harness.model import Category
from harness.network.decode import GZIP_MAGIC, decode_body
from harness.network.encodings import Needle, needles
from harness.network.excerpt import excerpt, masked_value, render
from harness.network.model import Match, MatchResult, OutboundRequest, ReadRef, ReadValue, Where
from harness.network.tokens import MAX_TOKENS, MIN_TOKEN_CHARS, Tokens, base64_tokens
from harness.untrusted import clip

MAX_URL_BYTES = 64 * 1024
MAX_HEADERS = 256
MAX_HEADER_BYTES = 64 * 1024  # per header value
_MAX_NAME_CHARS = 1024  # of a header's name searched
MAX_HEADERS_BYTES = 256 * 1024  # all header values of a request together
MAX_HITS = 10_000  # automaton hits per pass: a body repeating a value a million times stops here
MAX_MATCHES = 256  # matches reported per request
MAX_VALUES = 5000  # distinct values per run (installed packages and contacts can be many)
DFA_MAX_BYTES = 64 * 1024  # needle bytes up to which the automaton is a DFA (~100 values)
_CHUNK = 1024 * 1024  # lower-cased and searched at a time: memory stays flat for large bodies
# URL and headers joined up to this size (and names up to _MAX_NAME_CHARS) reach no bound
_SHORT_HEAD = min(MAX_URL_BYTES, MAX_HEADER_BYTES, MAX_HEADERS_BYTES)
_GROUP_BYTES = 256 * 1024  # small requests searched together, up to this size in all
# A request shorter than this cannot reach a base64-token bound (MAX_TOKENS tokens of at least
# MIN_TOKEN_CHARS characters and a separator; the scan and output bounds are far larger): the
# tokens of a group of such requests are found in one pass over them all.
_SMALL_REQUEST = MAX_TOKENS * (MIN_TOKEN_CHARS + 1)
_BASE64 = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_")


@dataclass
class _Value:
    ref: ReadRef  # the first read of this value (and data)
    masked: str


@dataclass(frozen=True)
class _Pattern:
    needle: Needle
    value: int  # index into ValueMatcher._values


@dataclass
class _Found:
    value: int
    encoding: str
    segment: int
    offset: int  # reported: in the segment's data (a token's offset for nested matches)
    span: tuple[int, int]  # in the searched buffer
    bounds: tuple[int, int]  # the segment's (or token's) range in the searched buffer


@dataclass(slots=True)
class _Request:
    """A request's searched parts (segments): its URL, each header's name and value, its body.

    Plain bytes, so that a request costs no object per part; which part is what follows from
    its place (`_where`), asked only for the rare part that holds a match. `pieces` joined by
    one separator byte are its parts joined so (the URL and headers may come as one piece,
    their separators inside); `lengths` are the parts' own.
    """

    result: MatchResult
    pieces: list[bytes]
    lengths: list[int]
    layers: str  # the body's ("gzip+"), prefixed to the names of its matches
    first: int = 0  # its segments' indexes in the group: first..last
    last: int = 0
    full: bool = False  # MAX_MATCHES reached


@dataclass
class _Region:
    """One request's part of a searched buffer: where it starts, where its notes go."""

    start: int
    notes: list[str]


@dataclass
class _Pass:
    """One searched buffer and what was found in it."""

    data: bytes
    ranges: list[tuple[int, int]]  # of the segments (or tokens) in `data`
    starts: list[int]  # each range's start (bisected for the range a hit lies in)
    found: list[_Found] = field(default_factory=list)
    masked: list[tuple[int, int]] = field(default_factory=list)


class ValueMatcher:
    """The values of one run, ready to be looked for in its requests."""

    def __init__(self, reads: Iterable[ReadValue] = ()) -> None:
        self._keys: dict[tuple[str, Category], int] = {}
        self._values: list[_Value] = []
        self._patterns: dict[bytes, list[_Pattern]] = {}
        self._automaton: BytesAhoCorasick | None = None
        self._lists: list[list[_Pattern]] = []
        self._longest = 0
        self._dirty = False
        for read in reads:
            self.add(read)

    def add(self, read: ReadValue) -> bool:
        """Take a read value; False when it is below the floor or MAX_VALUES are held already.

        Either way the value is never matched.
        """
        key = (read.value, read.data)
        if key in self._keys:
            return True
        if len(self._values) >= MAX_VALUES:
            return False
        found = needles(read.value, read.data)
        if not found:
            return False
        index = len(self._values)
        self._keys[key] = index
        ref = ReadRef(seq=read.seq, pid=read.pid, data=read.data)
        self._values.append(_Value(ref, masked_value(read.value)))
        for needle in found:
            self._patterns.setdefault(needle.exact.lower(), []).append(_Pattern(needle, index))
        self._dirty = True
        return True

    @property
    def needle_count(self) -> int:
        return sum(len(p) for p in self._patterns.values())

    def _build(self) -> BytesAhoCorasick | None:
        if self._dirty:
            keys = list(self._patterns)
            self._lists = [self._patterns[k] for k in keys]
            self._longest = max(len(k) for k in keys)
            # A DFA searches about twice as fast as an NFA but grows with the needles (some 50 MB
            # for 300 values): past DFA_MAX_BYTES of needles the contiguous NFA is used.
            small = sum(map(len, keys)) <= DFA_MAX_BYTES
            kind = Implementation.DFA if small else Implementation.ContiguousNFA
            self._automaton = BytesAhoCorasick(keys, implementation=kind)
            self._dirty = False
        return self._automaton

    def match(self, request: OutboundRequest) -> MatchResult:
        """What of the run's values `request` holds.

        A request alone takes a lean path: its parts joined, searched and their tokens found
        without a group's bookkeeping; most requests hold no hit, and their result is then
        ready. A hit hands what was found to the group path (`_search`), which reports it; a
        bound that applies (a large request, too many hits) gives it the group path whole, so
        that every bound and note is as there.
        """
        automaton = self._build()
        result = MatchResult()
        if automaton is None:
            return result
        pieces, lengths, layers, length = _segments(request, result.notes)
        alone = [_Request(result, pieces, lengths, layers)]
        if length <= _CHUNK:
            known = _known(automaton, b"\x00".join(pieces))
            if known is None:
                self._search(automaton, alone)
            else:
                if known.tokens.exhausted:
                    result.notes.append(_exhausted(known.tokens))
                if known.hits or known.token_hits:
                    self._search(automaton, alone, known)
        else:
            self._search(automaton, alone)
        return result

    def match_many(self, requests: Sequence[OutboundRequest]) -> list[MatchResult]:
        """`match` of each request, in order; small requests are searched together.

        The results are those of one `match` per request (every bound applies per request):
        only the per-search work (joining, lower-casing, the automaton calls) is shared, which
        is most of the cost of a small request.
        """
        automaton = self._build()
        results = [MatchResult() for _ in requests]
        if automaton is None:
            return results
        group: list[_Request] = []
        size = 0
        for request, result in zip(requests, results, strict=True):
            pieces, lengths, layers, length = _segments(request, result.notes)
            if group and size + length > _GROUP_BYTES:
                self._search(automaton, group)
                group, size = [], 0
            group.append(_Request(result, pieces, lengths, layers))
            size += length
        if group:
            self._search(automaton, group)
        return results

    def _search(
        self, automaton: BytesAhoCorasick, group: list[_Request], known: _Known | None = None
    ) -> None:
        """Search the requests of `group` in one pass each over their parts and their tokens.

        `known`: what `match`'s lean path found already, for a group of one request.
        """
        pieces: list[bytes] = []
        lengths: list[int] = []  # of the segments
        firsts: list[int] = []  # each request's first segment: whose a segment is (bisect)
        for request in group:
            firsts.append(len(lengths))
            request.first = len(lengths)
            pieces += request.pieces
            lengths += request.lengths
            request.last = len(lengths) - 1
        direct = self._direct(automaton, pieces, lengths, group, firsts, known)
        nested = self._nested(automaton, group, firsts, direct, known)
        for search in (direct, nested):
            by_request: dict[int, list[_Found]] = {}  # only requests with a match: most have none
            for found in search.found:
                owner = bisect.bisect_right(firsts, found.segment) - 1
                by_request.setdefault(owner, []).append(found)
            for number in sorted(by_request):
                request, its = group[number], by_request[number]
                matches = request.result.matches
                for f in _outermost(its):
                    if len(matches) >= MAX_MATCHES:
                        if not request.full:
                            request.full = True
                            request.result.notes.append(
                                f"only the first {MAX_MATCHES} matches reported"
                            )
                        break
                    matches.append(self._report(f, search, request, direct))

    def _hits(
        self,
        automaton: BytesAhoCorasick,
        data: bytes,
        regions: list[_Region] | Callable[[], list[_Region]],
    ) -> list[tuple[int, int, int]]:
        """(pattern, start, end) of each automaton hit, at most MAX_HITS per region."""
        if len(data) <= _CHUNK:  # most searches: one call
            hits = automaton.find_matches_as_indexes(data.lower(), overlapping=True)
            return hits if len(hits) <= MAX_HITS else _capped(hits, _listed(regions))
        hits = []  # one large request alone: searched chunk by chunk, stopped at its bound
        overlap = self._longest - 1
        for at in range(0, len(data), _CHUNK):
            lowered = data[at : at + _CHUNK + overlap].lower()
            for pattern, start, end in automaton.find_matches_as_indexes(lowered, overlapping=True):
                if start < _CHUNK:  # hits starting in the overlap belong to the next chunk
                    hits.append((pattern, at + start, at + end))
            if len(hits) >= MAX_HITS:
                return _capped(hits, _listed(regions))
        return hits

    def _verify(
        self, search: _Pass, hits: list[tuple[int, int, int]]
    ) -> list[tuple[int, int, _Pattern, str]]:
        """(range index, start, pattern, name) of each hit that is a real match in one range."""
        if not hits:
            return []
        starts, ranges = search.starts, search.ranges
        verified = []
        for pattern_index, start, end in hits:
            which = bisect.bisect_right(starts, start) - 1
            if end > ranges[which][1]:
                continue  # spans two segments or tokens
            seen = search.data[start:end]
            for pattern in self._lists[pattern_index]:
                name = pattern.needle.name_for(seen)
                if name is not None:
                    verified.append((which, start, pattern, name))
                    search.masked.append(_mask_range(search.data, start, end, name))
        search.masked.sort()
        return verified

    def _direct(
        self,
        automaton: BytesAhoCorasick,
        pieces: list[bytes],
        lengths: list[int],
        group: list[_Request],
        firsts: list[int],
        known: _Known | None,
    ) -> _Pass:
        ranges, starts = _ranges(lengths)
        if known is not None:
            search = _Pass(known.data, ranges, starts)
            hits = known.hits
        else:
            search = _Pass(b"\x00".join(pieces), ranges, starts)

            def regions() -> list[_Region]:  # needed only when hits are capped: rarely
                return [_Region(ranges[r.first][0], r.result.notes) for r in group]

            hits = self._hits(automaton, search.data, regions)
        for which, start, pattern, name in self._verify(search, hits):
            end = start + len(pattern.needle.exact)
            search.found.append(
                _Found(
                    pattern.value,
                    _layers(group, firsts, which) + name,
                    which,
                    start - ranges[which][0],
                    (start, end),
                    ranges[which],
                )
            )
        return search

    def _nested(
        self,
        automaton: BytesAhoCorasick,
        group: list[_Request],
        firsts: list[int],
        direct: _Pass,
        known: _Known | None,
    ) -> _Pass:
        """Matches inside decoded base64 tokens; the tokens holding one are masked in `direct`.

        Tokens are looked for in each request on its own (their bounds are per request), or,
        when no request of the group can reach a bound, in one pass over the whole group; the
        decoded tokens of all are then searched in one pass.
        """
        joint = None if known is not None else self._group_tokens(automaton, direct, group)
        origins: list[tuple[Tokens, int, int]] | None = None  # None: the group's one Tokens
        if known is not None:  # one request, its tokens found by `match`: as per request
            search, hits, origins = _known_tokens(known)
        elif joint is not None:
            search, hits, group_tokens = joint
        else:
            search, hits, origins = self._tokens_per_request(automaton, direct, group)
        ranges = search.ranges
        if not ranges:
            return search
        starts = direct.starts
        for which, start, pattern, name in self._verify(search, hits):
            tokens, index, base = (group_tokens, which, 0) if origins is None else origins[which]
            layers = tokens.layers[index]
            if name == "raw" and layers == "base64+":
                continue  # the direct search finds it already, as base64 (any alignment)
            token_start, token_end = tokens.span(tokens.sources[index])
            token_start, token_end = token_start + base, token_end + base
            segment = bisect.bisect_right(starts, token_start) - 1
            search.found.append(
                _Found(
                    pattern.value,
                    _layers(group, firsts, segment) + layers + name,
                    segment,
                    token_start - direct.ranges[segment][0],
                    (start, start + len(pattern.needle.exact)),
                    ranges[which],
                )
            )
            direct.masked.append((token_start, token_end))
        direct.masked.sort()
        return search

    def _group_tokens(
        self, automaton: BytesAhoCorasick, direct: _Pass, group: list[_Request]
    ) -> tuple[_Pass, list[tuple[int, int, int]], Tokens] | None:
        """The tokens of a group of small requests found, decoded and searched in one pass each;
        None when the result could differ from one request at a time (a request long enough to
        reach a token bound, a gzip stream inside a token, more hits than one request may have):
        then `_tokens_per_request` does it."""
        if len(group) < 2:
            return None
        for request in group:
            if direct.ranges[request.last][1] - direct.ranges[request.first][0] > _SMALL_REQUEST:
                return None
        tokens = base64_tokens(direct.data, bounded=False)
        at = tokens.data.find(GZIP_MAGIC)
        while at >= 0:  # random bytes hold the magic now and then: only a token's start counts
            index = bisect.bisect_left(tokens.ranges, (at, -1))
            if index < len(tokens.ranges) and tokens.ranges[index][0] == at:
                return None  # a token holds a gzip stream: undone per request, within its bound
            at = tokens.data.find(GZIP_MAGIC, at + 1)
        if not tokens.count:
            return _Pass(tokens.data, [], []), [], tokens
        hits = automaton.find_matches_as_indexes(tokens.data.lower(), overlapping=True)
        if len(hits) > MAX_HITS:
            return None
        if not hits:  # most groups: where the tokens lie is never needed
            return _Pass(tokens.data, [], []), [], tokens
        return _Pass(tokens.data, tokens.ranges, tokens.data_starts), hits, tokens

    def _tokens_per_request(
        self, automaton: BytesAhoCorasick, direct: _Pass, group: list[_Request]
    ) -> tuple[_Pass, list[tuple[int, int, int]], list[tuple[Tokens, int, int]]]:
        parts: list[bytes] = []
        regions: list[_Region] = []
        found: list[tuple[Tokens, int, int]] = []  # per request: its tokens, base, where in parts
        at = 0
        for request in group:
            base = direct.ranges[request.first][0]
            tokens = base64_tokens(direct.data[base : direct.ranges[request.last][1]])
            if tokens.exhausted:
                request.result.notes.append(_exhausted(tokens))
            regions.append(_Region(at, request.result.notes))
            parts.append(tokens.data)
            found.append((tokens, base, at))
            at += len(tokens.data)
        data = b"".join(parts)
        hits = self._hits(automaton, data, regions) if data else []
        if not hits:  # most requests: where the tokens lie is never needed
            return _Pass(data, [], []), [], []
        ranges: list[tuple[int, int]] = []
        origins: list[tuple[Tokens, int, int]] = []  # per range: tokens, its index there, base
        for tokens, base, at in found:
            ranges += [(at + a, at + b) for a, b in tokens.ranges]
            origins += [(tokens, i, base) for i in range(len(tokens.ranges))]
        return _Pass(data, ranges, [a for a, _ in ranges]), hits, origins

    def _report(self, found: _Found, search: _Pass, request: _Request, direct: _Pass) -> Match:
        value = self._values[found.value]
        where, name = _where(request, found.segment)
        return Match(
            read=value.ref,
            masked=value.masked,
            where=where,
            header=None if name is None else _header_name(direct, name),
            encoding=found.encoding,
            offset=found.offset,
            excerpt=excerpt(search.data, found.bounds, found.span, search.masked),
        )


@dataclass(frozen=True, slots=True)
class _Known:
    """What `match`'s lean path found in one request: its parts joined, their hits, their
    tokens and the tokens' hits, each within its bound (else there is no `_Known`)."""

    data: bytes
    hits: list[tuple[int, int, int]]
    tokens: Tokens
    token_hits: list[tuple[int, int, int]]


def _known(automaton: BytesAhoCorasick, data: bytes) -> _Known | None:
    """The searches of one request's joined parts (at most _CHUNK bytes), as the group path
    does them for a group of one; None when a hit bound applies (the group path notes it)."""
    hits = automaton.find_matches_as_indexes(data.lower(), overlapping=True)
    if len(hits) > MAX_HITS:
        return None
    tokens = base64_tokens(data)
    token_hits: list[tuple[int, int, int]] = []
    if tokens.data:
        if len(tokens.data) > _CHUNK:
            return None
        token_hits = automaton.find_matches_as_indexes(tokens.data.lower(), overlapping=True)
        if len(token_hits) > MAX_HITS:
            return None
    return _Known(data, hits, tokens, token_hits)


def _known_tokens(
    known: _Known,
) -> tuple[_Pass, list[tuple[int, int, int]], list[tuple[Tokens, int, int]]]:
    """`_tokens_per_request`'s answer for one request whose tokens `_known` found."""
    tokens, hits = known.tokens, known.token_hits
    if not hits:
        return _Pass(tokens.data, [], []), [], []
    ranges = list(tokens.ranges)
    origins = [(tokens, i, 0) for i in range(len(ranges))]
    return _Pass(tokens.data, ranges, [a for a, _ in ranges]), hits, origins


def _exhausted(tokens: Tokens) -> str:
    return f"base64 tokens: only the first {tokens.count} decoded (bound reached)"


def _listed(regions: list[_Region] | Callable[[], list[_Region]]) -> list[_Region]:
    return regions() if callable(regions) else regions


def _capped(hits: list[tuple[int, int, int]], regions: list[_Region]) -> list[tuple[int, int, int]]:
    """The first MAX_HITS hits of each region (a note says where more were left)."""
    starts = [r.start for r in regions]
    counts = [0] * len(regions)
    kept = []
    for hit in hits:
        which = bisect.bisect_right(starts, hit[1]) - 1
        counts[which] += 1
        if counts[which] <= MAX_HITS:
            kept.append(hit)
        elif counts[which] == MAX_HITS + 1:
            regions[which].notes.append(f"search stopped after {MAX_HITS} hits")
    return kept


def _ranges(lengths: list[int]) -> tuple[list[tuple[int, int]], list[int]]:
    """Where each part lies in the parts joined by one separator byte, and where each starts."""
    starts = list(itertools.accumulate(map(operator.add, lengths, itertools.repeat(1)), initial=0))
    starts.pop()  # where a part after the last would start
    return list(zip(starts, map(operator.add, starts, lengths), strict=True)), starts


def _mask_range(data: bytes, start: int, end: int, name: str) -> tuple[int, int]:
    """The bytes to mask for a match: a base64 core widened to the characters around it.

    Those characters carry a few bits of the value too.
    """
    if not name.startswith("base64"):
        return (start, end)
    lo = start
    while lo > max(0, start - 3) and data[lo - 1] in _BASE64:
        lo -= 1
    hi = end
    while hi < min(len(data), end + 3) and data[hi] in _BASE64:
        hi += 1
    while hi < min(len(data), end + 5) and data[hi] == ord("="):
        hi += 1
    return (lo, hi)


def _outermost(found: list[_Found]) -> list[_Found]:
    """Each occurrence once: a match inside another match of the same value is dropped.

    E.g. a phone number's `digits_only` form inside its raw match, a rounded coordinate inside
    the full one; equal reports (same value, place and encoding) collapse too.
    """
    kept: list[_Found] = []
    reach: dict[int, int] = {}  # value -> the furthest end of its kept spans
    seen: set[tuple[int, int, str, int]] = set()
    for f in sorted(found, key=lambda f: (f.value, f.span[0], -f.span[1])):
        key = (f.value, f.segment, f.encoding, f.offset)
        if f.span[1] <= reach.get(f.value, -1) or key in seen:
            continue
        reach[f.value] = f.span[1]
        seen.add(key)
        kept.append(f)
    kept.sort(key=lambda f: (f.span[0], f.value))
    return kept


def _header_name(direct: _Pass, segment: int) -> str:
    """A header's name as reported: escaped, clipped, any value found in it masked."""
    return clip(render(direct.data, direct.ranges[segment], direct.masked), 100)


def _where(request: _Request, segment: int) -> tuple[Where, int | None]:
    """What segment `segment` (its index in the group) of `request` is, and for a header's name
    or value the index of the name's segment: the URL, names and values in turn, the body."""
    if segment == request.first:
        return "url", None
    if segment == request.last:
        return "body", None
    if (segment - request.first) % 2 == 1:
        return "header_name", segment
    return "header", segment - 1


def _layers(group: list[_Request], firsts: list[int], segment: int) -> str:
    """The layers undone before segment `segment` was searched ("gzip+" for a body)."""
    request = group[bisect.bisect_right(firsts, segment) - 1]
    return request.layers if segment == request.last else ""


def _segments(
    request: OutboundRequest, notes: list[str]
) -> tuple[list[bytes], list[int], str, int]:
    """The request's parts searched, as pieces to join with one separator byte: URL, each
    header's name and value, body as received; each part's length; the body's layers; and
    their length joined (with a separator each).

    Most requests' URL and headers are short ASCII with no Content-Encoding header: then they
    are joined and encoded in one step (a part's length is its text's), no bound can apply and
    nothing is noted. Any other request takes `_each_segment`, which gives the same bytes.
    """
    headers = request.headers
    if len(headers) <= MAX_HEADERS:
        texts = [request.url]
        for name, value in headers:
            size = len(name)
            if size > _MAX_NAME_CHARS or (size == 16 and name.lower() == "content-encoding"):
                break
            texts += (name, value)
        else:
            head = "\x00".join(texts)
            # within every URL and header bound at once: no part is cut, no note is due
            if len(head) <= _SHORT_HEAD and head.isascii():
                body = decode_body(request.body, request.content_encoding)
                if body.notes:
                    notes.extend(body.notes)
                lengths = list(map(len, texts))
                lengths.append(len(body.data))
                pieces = [head.encode("ascii"), body.data]
                return pieces, lengths, body.layers, len(head) + len(body.data) + 2
    parts, layers, length = _each_segment(request, notes)
    return parts, list(map(len, parts)), layers, length


def _each_segment(request: OutboundRequest, notes: list[str]) -> tuple[list[bytes], str, int]:
    """The request's parts searched: URL, each header's name and value, body as received; the
    body's layers; and their length joined (with a separator each)."""
    url = request.url.encode("utf-8", "surrogatepass")  # Java strings may hold half a pair
    if len(url) > MAX_URL_BYTES:
        notes.append(f"url: only the first {MAX_URL_BYTES} bytes searched")
        url = url[:MAX_URL_BYTES]
    parts = [url]
    headers = request.headers
    if len(headers) > MAX_HEADERS:
        notes.append(f"headers: only the first {MAX_HEADERS} searched")
        headers = headers[:MAX_HEADERS]
    room = MAX_HEADERS_BYTES
    content_encoding = request.content_encoding
    for number, (name, value) in enumerate(headers, 1):
        if content_encoding is None and len(name) == 16 and name.lower() == "content-encoding":
            content_encoding = value
        data = value.encode("utf-8", "surrogatepass")
        if len(data) > MAX_HEADER_BYTES or len(data) > room:
            kept = data[: min(MAX_HEADER_BYTES, room)]
            # by number: the name is the app's, and may hold a value
            notes.append(f"header {number}: only the first {len(kept)} bytes of its value searched")
            data = kept
        room -= len(data)
        parts += (name[:_MAX_NAME_CHARS].encode("utf-8", "surrogatepass"), data)
    body = decode_body(request.body, content_encoding)
    if body.notes:
        notes.extend(body.notes)
    parts.append(body.data)
    return parts, body.layers, sum(map(len, parts)) + len(parts)
