"""Network evidence during a run: read values in, sends matched against them, stored sends out.

    evidence = NetworkEvidence(deliver=log.event, identifiers=device.identifiers())
    evidence.read(call, raw_values)              # each read's raw return values (memory only)
    evidence.payload(pid, seq, body)             # a send's body, before its SendEvent
    evidence.send(event, url=..., headers=[...], payload=True, truncated=False)
    evidence.flush()                             # everything received is matched and delivered
    evidence.close()

The agent session calls these from Frida's message thread; matching runs on this object's own
worker thread, so a large body never holds up the stream of events. The worker waits `grace_s`
after a send arrived before matching it: agents flush every 50 ms, so a value another process
read just before the send is in the matcher by then. `flush()` matches everything at once.

Every send is delivered, whatever happens: one the controller had no room for (more than
`max_pending_bytes` of bodies, URLs and headers waiting) or whose body never arrived is
delivered with a note saying what was not searched. Raw values, URLs, headers and bodies stay
in memory; what is delivered is the stored `SendEvent`: the path with query values (and path
segments holding a value) masked, the values found (masked unless `raw_values`), a bounded,
masked, escaped excerpt around the first one, and notes.

A value is linked to the earliest read of it that precedes the send, in any process (same
process: by seq, however long before; another process: by device time), by value, not by how
close in time they are. A read can reach the controller after the send it preceded (another
process's agent flushed later): a matched send holding a value without a read is held back
(at most `LATE_LINK_S`, `MAX_HELD` sends) and linked again when it is delivered; the next
`flush()` (which comes after every agent flushed) delivers it at once. When no read precedes
it even then (a device identifier sent before any hooked read of it) `read_seq` is None.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from harness.masking import mask
from harness.model import CallEvent, Category, SendEvent, SentValue
from harness.network.capture import CapturedSend
from harness.network.excerpt import escape
from harness.network.identifiers import category_of
from harness.network.match import MAX_VALUES, ValueMatcher
from harness.network.model import Match, OutboundRequest, ReadValue
from harness.untrusted import clip

log = logging.getLogger(__name__)

# Categories of catalogue calls that are not reads of personal data (issue #16's permission
# requests and component starts): what they return is never looked for in requests.
NOT_DATA = frozenset({Category.runtime_permission, Category.app_start})

GRACE_S = 0.3  # a send waits this long for reads from other processes before it is matched
MAX_PENDING_BYTES = 64 * 1024 * 1024  # bodies held (awaiting their SendEvent or matching)
MAX_BATCH_BYTES = 8 * 1024 * 1024  # bodies matched in one match_many call
MAX_BATCH = 200
MAX_VALUES_PER_SEND = 32  # SentValues stored per send (the count of all is in a note)
MAX_PATH_CHARS = 300
FLUSH_TIMEOUT_S = 120.0
# A matched send holding a value no known read precedes waits this long (or until the next
# flush) for a late read from another process; at most MAX_HELD sends wait, the rest go as is.
LATE_LINK_S = 5.0
MAX_HELD = 1000


@dataclass
class _Read:
    seq: int
    pid: int
    ts: float
    api: str
    data: Category


@dataclass
class _Known:
    """A distinct raw value: the category to report without a read, and its first read per pid.

    Per process, reads arrive in seq order, so the first read of a value in a process is the
    earliest there: if it does not precede a send, no later one in that process does.
    """

    value: str
    data: Category
    first_read: dict[int, _Read] = field(default_factory=dict)


@dataclass
class _Outbound:
    event: SendEvent
    url: str
    headers: list[tuple[str, str]]
    body: bytes
    arrived: float
    size: int = 0  # bytes it holds against the bound (body, URL, headers)


@dataclass
class _Held:
    """A matched send waiting for a late read: `links[i]` is the value index of its values[i]."""

    event: SendEvent
    links: list[int]
    due: float


@dataclass
class IngestStats:
    sends: int = 0
    matched: int = 0  # sends that carried at least one value
    unsearched: int = 0  # sends whose body was (partly) not searched
    values: int = 0  # distinct raw values held
    late_links: int = 0  # values linked to a read that arrived after their send was matched


class NetworkEvidence:
    """Matches a run's sends against its read values; see the module docstring."""

    def __init__(
        self,
        deliver: Callable[[SendEvent], None],
        *,
        identifiers: Iterable[str] = (),
        raw_values: bool = False,
        grace_s: float = GRACE_S,
        max_pending_bytes: int = MAX_PENDING_BYTES,
    ) -> None:
        self._deliver = deliver
        self._raw_values = raw_values
        self._grace_s = grace_s
        self._max_pending = max_pending_bytes
        self._cond = threading.Condition()
        self._known: list[_Known] = []
        self._index: dict[str, int] = {}
        self._new_values: list[ReadValue] = []  # added to the matcher by the worker
        self._bodies: dict[tuple[int, int], bytes] = {}  # (pid, seq) -> body awaiting its send
        self._queue: list[_Outbound] = []
        self._held: list[_Held] = []  # matched sends waiting for a late read (worker's own)
        self._pending_bytes = 0
        self._busy = False  # the worker holds sends it has not delivered yet
        self._drain = 0  # > 0: match what is queued now, without the grace
        self._closed = False
        self._matcher = ValueMatcher()
        self.stats = IngestStats()
        for value in identifiers:
            self._value(value, category_of(value))
        self._worker = threading.Thread(target=self._run, name="network-evidence", daemon=True)
        self._worker.start()

    # --- the agent session's side (Frida's thread) -------------------------------------------

    def read(self, call: CallEvent, values: Iterable[str]) -> None:
        """The raw values a read returned (calls that return no personal data are skipped)."""
        if call.category in NOT_DATA:
            return
        with self._cond:
            for value in values:
                index = self._value(value, call.category)
                if index is None:
                    continue
                known = self._known[index]
                if call.pid not in known.first_read:
                    known.first_read[call.pid] = _Read(
                        call.seq, call.pid, call.ts, call.api, call.category
                    )

    def payload(self, pid: int, seq: int, body: bytes) -> bool:
        """Hold the body of the send (pid, seq) until it arrives; False when there is no room."""
        with self._cond:
            if self._closed or self._pending_bytes + len(body) > self._max_pending:
                return False
            old = self._bodies.pop((pid, seq), None)
            if old is not None:
                self._pending_bytes -= len(old)
            self._bodies[(pid, seq)] = body
            self._pending_bytes += len(body)
            return True

    def send(
        self,
        event: SendEvent,
        *,
        url: str,
        headers: Iterable[tuple[str, str]],
        payload: bool,
        truncated: bool,
    ) -> None:
        """A transmission, its stack resolved; it is delivered once matched. Whatever waits
        (bodies, URLs, headers) counts against `max_pending_bytes`: past it, the body and then
        the URL and headers are left unsearched, with a note; the send itself is kept."""
        notes = list(event.notes)
        pairs = list(headers)
        bound = f"the controller's bound of {_size(self._max_pending)} waiting"
        with self._cond:
            body = self._bodies.pop((event.pid, event.seq), None)
            if body is not None:
                self._pending_bytes -= len(body)
            if payload and body is None:
                notes.append(
                    f"body not searched: it did not reach the controller, or {bound} was reached"
                )
            head = len(url) + sum(len(n) + len(v) for n, v in pairs)
            if body is not None and self._pending_bytes + head + len(body) > self._max_pending:
                notes.append(f"body not searched: {bound} was reached")
                body = None
            if self._pending_bytes + head > self._max_pending:
                notes.append(f"url and headers not searched: {bound} was reached")
                url, pairs, head = "", [], 0
            if truncated:
                notes.append(
                    f"only the first {0 if body is None else len(body)} of {event.bytes} bytes "
                    "of the body were sent by the agent and searched"
                )
            event.notes = notes
            item = _Outbound(event, url, pairs, body or b"", time.monotonic())
            item.size = head + len(item.body)
            self._pending_bytes += item.size
            self._queue.append(item)
            self._cond.notify_all()

    def captured(self, sends: Iterable[CapturedSend]) -> None:
        """Requests a lab's proxy saw on the wire (`harness.network.capture`), matched like the
        agent's sends. Flushed every MAX_BATCH_BYTES, so a large capture never meets the bound."""
        held = 0
        for send in sends:
            if held + len(send.body) > MAX_BATCH_BYTES:
                self.flush()
                held = 0
            if send.body:
                self.payload(send.event.pid, send.event.seq, send.body)
            self.send(
                send.event,
                url=send.url,
                headers=send.headers,
                payload=bool(send.body),
                truncated=False,
            )
            held += len(send.body) + len(send.url)
        self.flush()

    def flush(self, timeout: float = FLUSH_TIMEOUT_S) -> bool:
        """Match and deliver every send received so far; False if that took beyond `timeout`."""
        end = time.monotonic() + timeout
        with self._cond:
            self._drain += 1
            self._cond.notify_all()
            try:
                while self._queue or self._busy or self._held:
                    left = end - time.monotonic()
                    if left <= 0 or not self._worker.is_alive():
                        return False
                    self._cond.wait(min(left, 0.5))
                return True
            finally:
                self._drain -= 1

    def close(self) -> None:
        """Flush, then stop the worker; bodies whose send never came are dropped."""
        if not self.flush():
            log.warning("network evidence: not every send was matched before the end")
        with self._cond:
            self._closed = True
            self._bodies.clear()
            self._pending_bytes = 0
            self._cond.notify_all()
        self._worker.join(timeout=10)
        for held in self._held:  # the worker stopped before it delivered them
            self._deliver(self._relinked(held))
        self._held = []
        # Anything still queued (the worker could not keep up) is delivered unmatched.
        for item in self._take(everything=True):
            item.event.notes.append("not searched: the run ended before it was matched")
            self._deliver(item.event)

    # --- the worker --------------------------------------------------------------------------

    def _value(self, value: str, data: Category) -> int | None:
        """The index of a distinct raw value (added to the matcher on the worker's next turn)."""
        index = self._index.get(value)
        if index is not None:
            return index
        if not value or len(self._known) >= 2 * MAX_VALUES:
            return None
        index = len(self._known)
        self._index[value] = index
        self._known.append(_Known(value, data))
        self._new_values.append(ReadValue(seq=index, data=data, value=value))
        self.stats.values = len(self._known)
        return index

    def _take(self, everything: bool = False) -> list[_Outbound]:
        """The sends ready for matching (in arrival order), at most one batch; under the lock."""
        now = time.monotonic()
        taken: list[_Outbound] = []
        size = 0
        while self._queue:
            item = self._queue[0]
            ready = everything or self._drain > 0 or now - item.arrived >= self._grace_s
            if not ready or (
                taken and (len(taken) >= MAX_BATCH or size + len(item.body) > MAX_BATCH_BYTES)
            ):
                break
            taken.append(self._queue.pop(0))
            size += len(item.body)
        return taken

    def _due(self) -> list[_Held]:
        """The held sends to deliver now (all of them when flushing or closing); under the lock."""
        if not self._held:
            return []
        if self._drain > 0 or self._closed:
            due, self._held = self._held, []
            return due
        now = time.monotonic()
        due = [h for h in self._held if h.due <= now]
        if due:
            self._held = [h for h in self._held if h.due > now]
        return due

    def _wait_s(self) -> float:
        """How long the worker may sleep before something is due; under the lock."""
        now = time.monotonic()
        wait = self._grace_s
        if self._queue:
            wait = max(0.0, self._queue[0].arrived + self._grace_s - now)
        if self._held:
            wait = min(wait, max(0.0, min(h.due for h in self._held) - now))
        return wait

    def _run(self) -> None:
        while True:
            with self._cond:
                batch = self._take()
                held = self._due()
                while not batch and not held:
                    if self._closed:
                        return
                    self._cond.wait(self._wait_s() + 0.001)
                    batch = self._take()
                    held = self._due()
                self._busy = True
                values, self._new_values = self._new_values, []
                known = list(self._known)  # the reads of each value, as of now
            events = [self._relinked(h) for h in held]
            try:
                events += self._match(batch, values, known)
            except Exception as exc:  # noqa: BLE001 - a bug here must not lose the sends
                log.exception("network evidence: matching failed")
                for item in batch:
                    item.event.notes.append(f"not searched: matching failed ({type(exc).__name__})")
                events += [item.event for item in batch]
            for event in events:
                try:
                    self._deliver(event)
                except Exception:  # noqa: BLE001 - the sink's own errors are its to report
                    log.exception("network evidence: delivering a send failed")
            with self._cond:
                self._pending_bytes -= sum(item.size for item in batch)
                self._busy = False
                self._cond.notify_all()

    def _match(
        self, batch: list[_Outbound], values: list[ReadValue], known: list[_Known]
    ) -> list[SendEvent]:
        for value in values:
            self._matcher.add(value)
        requests = [
            OutboundRequest(url=item.url, headers=item.headers, body=item.body) for item in batch
        ]
        results = self._matcher.match_many(requests) if requests else []
        out = []
        for item, result in zip(batch, results, strict=True):
            event = item.event
            found = [self._sent(m.read.seq, m, event, known) for m in result.matches]
            event.values = found[:MAX_VALUES_PER_SEND]
            notes = list(event.notes) + result.notes
            if len(found) > MAX_VALUES_PER_SEND:
                notes.append(f"{len(found)} values found; the first {MAX_VALUES_PER_SEND} kept")
            event.notes = [clip(n, 300) for n in notes[:20]]
            event.excerpt = result.matches[0].excerpt if result.matches else ""
            event.path = stored_path(item.url, result.matches, raw=self._raw_values)
            if not event.host and item.url:
                event.host = clip(escape((urlsplit(item.url).hostname or "").encode()), 253)
            with self._cond:
                self.stats.sends += 1
                self.stats.matched += bool(found)
                self.stats.unsearched += any(" not searched" in n for n in event.notes)
                links = [m.read.seq for m in result.matches[:MAX_VALUES_PER_SEND]]
                if (
                    any(v.read_seq is None for v in event.values)
                    and len(self._held) < MAX_HELD
                    and not self._closed
                    and self._drain == 0  # a flush delivers everything now, in order
                ):
                    self._held.append(_Held(event, links, time.monotonic() + LATE_LINK_S))
                    continue
            out.append(event)
        return out

    def _relinked(self, held: _Held) -> SendEvent:
        """A held send, each value without a read linked to one that arrived meanwhile."""
        event = held.event
        with self._cond:
            known = list(self._known)
        for i, (value, index) in enumerate(zip(event.values, held.links, strict=True)):
            if value.read_seq is not None:
                continue
            linked = self._link(known[index], event)
            if linked is not None:
                event.values[i] = value.model_copy(
                    update={
                        "data": linked.data,
                        "read_seq": linked.seq,
                        "read_pid": linked.pid,
                        "read_api": linked.api,
                    }
                )
                with self._cond:
                    self.stats.late_links += 1
        return event

    def _link(self, value: _Known, send: SendEvent) -> _Read | None:
        """The earliest read of `value` that precedes `send`, in any process."""
        with self._cond:  # the session adds reads meanwhile
            before = [r for r in value.first_read.values() if _precedes(r, send)]
        return min(before, key=lambda r: (r.ts, r.pid, r.seq)) if before else None

    def _sent(self, index: int, match: Match, send: SendEvent, known: list[_Known]) -> SentValue:
        value = known[index]
        read = self._link(value, send)
        return SentValue(
            data=read.data if read else value.data,
            masked=clip(value.value, 200) if self._raw_values else match.masked,
            encoding=match.encoding,
            where=match.where,
            header=match.header,
            read_seq=read.seq if read else None,
            read_pid=read.pid if read else None,
            read_api=read.api if read else "",
        )


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MiB" if n >= 1024 * 1024 else f"{n} bytes"


def _precedes(read: _Read, send: SendEvent) -> bool:
    if read.pid == send.pid:
        return read.seq < send.seq
    return read.ts <= send.ts


def stored_path(url: str, matches: list[Match], *, raw: bool = False) -> str:
    """The URL's path as stored: query values masked, a path segment holding a value masked,
    no fragment, escaped and bounded. With `raw`, the path and query as the app sent them."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    path, query = parts.path, parts.query
    if not raw:
        encoded = url.encode("utf-8", "surrogatepass")
        hits = {
            len(encoded[: m.offset].decode("utf-8", "replace")) for m in matches if m.where == "url"
        }
        start = url.find(path) if path else -1
        segments = path.split("/")
        at = start
        for i, segment in enumerate(segments):
            if start >= 0 and any(at <= h < at + len(segment) for h in hits):
                segments[i] = mask(segment)
            at += len(segment) + 1
        path = "/".join(segments)
        query = "&".join(
            (k + "=" + mask(v)) if sep else mask(k)
            for k, sep, v in (p.partition("=") for p in query.split("&") if p)
        )
    text = path + ("?" + query if query else "")
    return clip(escape(text.encode("utf-8", "surrogatepass")), MAX_PATH_CHARS)
