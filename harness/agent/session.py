"""The controller side of the agent: load it into each app process and read its event stream.

`Instrumentation.instrument` is a Device `SpawnHandler`: it runs while the new process is still
paused, attaches, loads the agent (which installs every framework hook synchronously), and returns
the hook-install report. The agent's batches arrive on Frida's thread; they are parsed and handed
to the sink in arrival order, so per process the sink sees stacks before the calls that use them
and events in `seq` order. Whatever the agent flushed before its process died has already reached
the sink: nothing received is held back here.

The agent's messages and replies follow the wire contract of `harness.agent.messages`. A message
that breaks it (another schema version, an unknown field) cannot be read, so its events would be
lost: the first such error fails every later `instrument()` and `flush()` (an `AgentError`,
which fails the run), besides being kept in `problems`.

Network evidence (issue #11): a read's raw return values (`CallItem.values`) go to the
`NetworkEvidence` given and are dropped from the call; a send's body (`PayloadMessage`, binary
data) and its `SendItem` (raw URL, headers) go there too, and the matched, stored `SendEvent`
reaches the sink from its worker, a little after the calls around it. `flush()` returns once
every send received so far is in the sink.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from pydantic import ValidationError

from harness.agent.bundle import agent_bundle
from harness.agent.bytecode import agent_bytecode
from harness.agent.messages import (
    AgentErrorMessage,
    AgentStats,
    BatchItem,
    BatchMessage,
    CallItem,
    CallRecord,
    HookReportMessage,
    InitOptions,
    MarkReply,
    PayloadMessage,
    SendItem,
    StackItem,
    WireSchemaError,
    call_of,
    open_packed,
    parse_init_reply,
    parse_message,
)
from harness.device.base import ProcessInfo
from harness.errors import AgentError
from harness.model import (
    CallEvent,
    HookReport,
    MarkerEvent,
    ProbeEvent,
    ProcessEvent,
    SendEvent,
)
from harness.network.ingest import NetworkEvidence

if TYPE_CHECKING:
    import frida

__all__ = [
    "AgentOptions",
    "AgentProblem",
    "EventSink",
    "Instrumentation",
    "InstrumentationStats",
    "LoadTiming",
    "agent_bundle",
]

log = logging.getLogger(__name__)

SCRIPT_NAME = "harness-agent"
# A detach or unload waited for longer than this is abandoned (see _quietly_within).
DETACH_WAIT_S = 5.0


class _Deadline:
    """A deadline on one attach. Frida's attach runs on its own thread and is abandoned when
    late (cancelling it leaves Frida's local injector unusable for later attaches); past the
    deadline the session is detached, which ends a pending agent load or RPC reply. A process
    that never answers costs this long, not the run."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + max(seconds, 0.0)
        self.expired = False
        self._on_expiry: list[Callable[[], object]] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0.0), self._expire)
        self._timer.daemon = True
        self._timer.start()

    def left(self) -> float:
        return max(0.0, self._end - time.monotonic())

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            actions, self._on_expiry = self._on_expiry, []
        for action in actions:
            _quietly(action)

    def also(self, action: Callable[[], object]) -> None:
        """Run `action` at expiry (at once when already expired)."""
        with self._lock:
            if not self.expired:
                self._on_expiry.append(action)
                return
        _quietly(action)

    def stop(self) -> None:
        self._timer.cancel()
        with self._lock:
            self._on_expiry = []


def _attach_within(device: frida.Device, pid: int, deadline: _Deadline, late: list[Any]) -> Any:
    """device.attach(pid) (a frida.Session), or TimeoutError past the deadline. A session that
    arrives late is put in `late`, detached when the instrumentation closes: detaching right
    away would race Frida's own injection into the process."""
    outcome: dict[str, Any] = {}
    done = threading.Event()
    lock = threading.Lock()

    def attach() -> None:
        try:
            session = device.attach(pid)
        except Exception as exc:  # noqa: BLE001 - handed to the waiting thread
            outcome["error"] = exc
            done.set()
            return
        with lock:
            outcome["session"] = session
            if outcome.get("abandoned"):
                late.append(session)
        done.set()

    threading.Thread(target=attach, name=f"frida-attach-{pid}", daemon=True).start()
    if not done.wait(deadline.left()):
        with lock:
            outcome["abandoned"] = True
            if "session" in outcome:  # arrived meanwhile
                late.append(outcome["session"])
        raise TimeoutError
    if "error" in outcome:
        raise outcome["error"]
    return outcome["session"]


def _harness_itself(pid: int) -> bool:
    """The controller or one of its ancestors: Frida attaching there hangs the harness (an app
    can announce any pid; the device checks, and this is the last line)."""
    import psutil

    if pid == os.getpid():
        return True
    try:
        return pid in {p.pid for p in psutil.Process().parents()}
    except psutil.Error:
        return False


class EventSink(Protocol):
    """Receives everything the agents send (implemented by the run's events.jsonl writer)."""

    def stack(self, pid: int, stack_id: int, frames: list[str]) -> None: ...

    def event(
        self, event: CallEvent | MarkerEvent | ProcessEvent | SendEvent | ProbeEvent
    ) -> None: ...

    def hook_report(self, report: HookReport) -> None: ...


@runtime_checkable
class BatchingSink(EventSink, Protocol):
    """A sink that takes an agent message's items as one batch: `batch()` spans their delivery
    (the event log writes a batch's lines in one go when it ends, issue #19). Optional, so
    that a sink with nothing to gain (a counter, a test's list) need not have it."""

    def batch(self) -> AbstractContextManager[None]: ...


@runtime_checkable
class CallRecordSink(EventSink, Protocol):
    """A sink that takes a packed call as its `CallRecord` instead of a model (issue #19: into
    the event log, building the model cost ~1.5 µs of the ~6.5 a flood allows). The record
    stands for `call_of(record, pid)` with its stack resolved: its stack id was handed to
    `stack()` before. Calls with raw values (for the matcher) or without a process name still
    arrive as models, through `event()`. Optional, like `batch()`."""

    def call(self, pid: int, record: CallRecord) -> None: ...


@dataclass
class AgentOptions:
    raw_values: bool = False  # send argument/return values unmasked
    batch_size: int = 200  # the agent sends a batch when this many items are pending ...
    flush_ms: int = 50  # ... or this long after the first pending item
    app_package: str = ""  # the app under test (its own classes are hooked as "app side")
    # attach + agent load + init reply; past it the process's instrumentation ends (AgentError)
    attach_timeout_s: float = 60.0
    # an RPC (mark, flush, stats) answers once the batches before it are in; an agent that
    # sends nothing and does not answer for this long (stuck) is detached, so that the run
    # goes on to stop the app
    rpc_timeout_s: float = 30.0


@dataclass(frozen=True)
class AgentProblem:
    """An error the agent reported (a JS exception, a hook that threw), or a malformed message."""

    pid: int
    process: str
    message: str
    detail: str = ""


@dataclass(frozen=True)
class LoadTiming:
    """Wall seconds of each step of loading the agent into one process (issue #19)."""

    attach_s: float
    compile_s: float  # create_script: from the bytecode compiled once (harness.agent.bytecode)
    load_s: float  # script.load(): the agent's top level, which installs the framework hooks
    init_s: float  # the init RPC


@dataclass
class InstrumentationStats:
    """Counters on the controller side; `agents` holds each live agent's own `stats()`."""

    batches: int = 0
    events: int = 0
    stacks: int = 0
    markers: int = 0
    errors: int = 0
    agents: dict[int, AgentStats] = field(default_factory=dict)


@dataclass
class _Attached:
    proc: ProcessInfo
    session: Any  # frida.Session
    script: Any  # frida.Script (None until created)
    stacks: dict[int, list[str]] = field(default_factory=dict)
    alive: bool = True
    closing: bool = False
    heard: float = 0.0  # time.monotonic() of the agent's last message (a flush's progress)


class Instrumentation:
    """Loads the agent into app processes and streams their events into one sink."""

    def __init__(
        self,
        frida_device: frida.Device,
        sink: EventSink,
        options: AgentOptions,
        source: str | None = None,
        network: NetworkEvidence | None = None,
    ) -> None:
        self._device = frida_device
        self._sink = sink
        self._batch: Callable[[], AbstractContextManager[None]] = (
            sink.batch if isinstance(sink, BatchingSink) else nullcontext
        )
        self._record: Callable[[int, CallRecord], None] | None = (
            sink.call if isinstance(sink, CallRecordSink) else None
        )
        # Reads' raw values and sends go here for matching; it delivers the stored sends to the
        # sink itself. Without it, sends reach the sink as they come, nothing searched.
        self._network = network
        self._options = options
        self._source = source
        self._bytecode: bytes | None = None  # b"": the device compiles in each process
        self._lock = threading.RLock()
        self._attached: dict[int, _Attached] = {}
        self._reports: dict[int, HookReport] = {}
        self._load_timings: dict[int, LoadTiming] = {}
        self._lost_callbacks: list[Callable[[ProcessInfo, str], None]] = []
        self._stats = InstrumentationStats()
        self._problems: list[AgentProblem] = []
        self._wire_error: AgentError | None = None  # the first message that broke the contract
        self._late_sessions: list[Any] = []  # attaches that finished past their deadline
        self._closed = False

    # --- public API -------------------------------------------------------------------------

    def instrument(self, proc: ProcessInfo) -> HookReport:
        """Attach to the paused process, load the agent, return its hook-install report."""
        with self._lock:
            if self._closed:
                raise AgentError("instrumentation is closed")
            self._raise_wire_error()
            if proc.pid in self._attached and self._attached[proc.pid].alive:
                return self._reports.get(proc.pid) or HookReport(process=proc.name, pid=proc.pid)
            source = self._source if self._source is not None else agent_bundle()
            self._source = source
        if _harness_itself(proc.pid):
            raise AgentError(
                f"refusing to instrument pid {proc.pid} ({proc.name}): "
                "it is the harness itself or one of its parent processes"
            )
        deadline = _Deadline(self._options.attach_timeout_s)
        try:
            return self._instrument(proc, source, deadline)
        except TimeoutError as exc:
            raise self._late(proc, deadline) from exc
        except AgentError as exc:
            if deadline.expired:
                raise self._late(proc, deadline) from exc
            raise
        finally:
            deadline.stop()

    @staticmethod
    def _late(proc: ProcessInfo, deadline: _Deadline) -> AgentError:
        return AgentError(
            f"instrumenting {proc.name} (pid {proc.pid}) did not finish within "
            f"{deadline.seconds:g} s (attach, agent load and its first answer): "
            "the process runs uninstrumented"
        )

    def _instrument(self, proc: ProcessInfo, source: str, deadline: _Deadline) -> HookReport:
        import frida

        began = time.monotonic()
        try:
            session = _attach_within(self._device, proc.pid, deadline, self._late_sessions)
        except frida.ProcessNotFoundError as exc:
            raise AgentError(f"process {proc.name} (pid {proc.pid}) is gone: {exc}") from exc
        except frida.InvalidOperationError as exc:
            raise AgentError(f"cannot attach to {proc.name} (pid {proc.pid}): {exc}") from exc
        deadline.also(session.detach)  # past the deadline, a pending RPC ends with the session
        attached = time.monotonic()
        entry = _Attached(proc=proc, session=session, script=None)
        try:
            if self._bytecode is None:
                # once per Instrumentation; the compile itself once per device and bundle
                self._bytecode = agent_bytecode(self._device, source, SCRIPT_NAME) or b""
            if self._bytecode:
                script = session.create_script_from_bytes(self._bytecode, name=SCRIPT_NAME)
            else:
                script = session.create_script(source, name=SCRIPT_NAME)
        except (frida.InvalidArgumentError, frida.InvalidOperationError) as exc:
            _quietly(session.detach)
            raise AgentError(f"the agent does not compile in {proc.name}: {exc}") from exc
        entry.script = script
        script.on("message", lambda message, data: self._on_message(entry, message, data))
        session.on("detached", lambda reason, crash: self._on_detached(entry, reason, crash))
        with self._lock:
            self._attached[proc.pid] = entry
        compiled = time.monotonic()
        try:
            script.load()
            loaded = time.monotonic()
            raw = script.exports_sync.init(
                InitOptions(
                    process=proc.name,
                    pid=proc.pid,
                    raw_values=self._options.raw_values,
                    batch_size=self._options.batch_size,
                    flush_ms=self._options.flush_ms,
                    app_package=self._options.app_package,
                ).model_dump()
            )
            reply = parse_init_reply(raw)
            timing = LoadTiming(
                attach_s=round(attached - began, 4),
                compile_s=round(compiled - attached, 4),
                load_s=round(loaded - compiled, 4),
                init_s=round(time.monotonic() - loaded, 4),
            )
        except (
            frida.InvalidOperationError,
            frida.TransportError,
            frida.RPCException,
        ) as exc:
            entry.alive = False
            _quietly(session.detach)
            raise AgentError(
                f"loading the agent into {proc.name} (pid {proc.pid}) failed: {exc}"
            ) from exc
        except (WireSchemaError, ValidationError) as exc:
            entry.alive = False
            _quietly(session.detach)
            if isinstance(exc, WireSchemaError):
                raise WireSchemaError(
                    f"{proc.name} (pid {proc.pid}): {exc.message}", hint=exc.hint
                ) from None
            error = _contract_error("init reply", exc)
            raise AgentError(
                f"{proc.name} (pid {proc.pid}): {error.message}", hint=error.hint
            ) from exc
        deadline.stop()
        if deadline.expired:  # it fired just before stop(): the session is detached already
            entry.alive = False
            raise TimeoutError(f"{proc.name} (pid {proc.pid}) answered after the deadline")
        report = HookReport(
            process=proc.name,
            pid=proc.pid,
            hooked=reply.hooked,
            missing=reply.missing,
            failed=reply.failed,
        )
        with self._lock:
            self._load_timings[proc.pid] = timing
            # The agent also sends the report as a message; whichever came last is the newest.
            self._reports.setdefault(proc.pid, report)
            return self._reports[proc.pid]

    def load_timing(self, pid: int) -> LoadTiming | None:
        """How long loading the agent into `pid` took, step by step (None: not loaded here)."""
        with self._lock:
            return self._load_timings.get(pid)

    def mark(self, name: str) -> list[MarkerEvent]:
        """Insert a phase marker into every live instrumented process; return the echoes."""
        echoed: list[MarkerEvent] = []
        for entry in self._live():
            answered, raw = self._call(entry, "mark", partial(entry.script.exports_sync.mark, name))
            if not answered:
                continue
            try:
                reply = MarkReply.model_validate(raw)
            except ValidationError as exc:
                self._wire_problem(entry, _contract_error("mark reply", exc), str(exc)[:2000])
                continue
            echoed.append(
                MarkerEvent(
                    seq=reply.seq,
                    ts=reply.ts,
                    pid=entry.proc.pid,
                    process=entry.proc.name,
                    name=name,
                )
            )
        return echoed

    def flush(self) -> None:
        """Ask every agent to send what it holds; returns once those batches were delivered.

        Raises AgentError when a message received so far broke the wire contract: the events
        it carried are lost, so what the sink holds is incomplete.
        """
        self._flush_all()
        if self._network is not None:
            self._network.flush()  # the sends received so far: matched and in the sink
        with self._lock:
            self._raise_wire_error()

    def _flush_all(self) -> None:
        for entry in self._live():
            self._flush_one(entry)

    def _flush_one(self, entry: _Attached) -> None:
        # RPC replies travel behind the batches sent before them, and messages are handled in
        # order on one thread: when this returns the sink has them all.
        self._call(entry, "flush", entry.script.exports_sync.flush)

    def _call(self, entry: _Attached, what: str, call: Callable[[], Any]) -> tuple[bool, Any]:
        """One synchronous RPC to `entry`'s agent: (answered, its reply); cut when the agent
        has said nothing for rpc_timeout_s.

        Frida's RPC call waits for ever. A flush behind a long backlog is fine (its batches keep
        arriving, and each one counts as progress); an agent that stops answering altogether (a
        process wedged on its way out, say) is detached, which ends the pending reply, so that
        the run goes on to stop the app. A failed call is noted as `rpc WHAT failed`."""
        done = threading.Event()
        outcome: list[Any] = []
        failure: list[Exception] = []

        def run() -> None:
            try:
                outcome.append(call())
            except Exception as exc:  # noqa: BLE001 - handed to the waiting thread
                failure.append(exc)
            finally:
                done.set()

        quiet_s = self._options.rpc_timeout_s
        began = time.monotonic()
        threading.Thread(target=run, name=f"agent-{what}-{entry.proc.pid}", daemon=True).start()
        while not done.wait(min(1.0, quiet_s)):
            if time.monotonic() - max(began, entry.heard) > quiet_s:
                self._problem(
                    entry,
                    f"rpc {what} failed",
                    f"no reply and no message for {quiet_s:g} s: the agent was detached, and "
                    "what it still held is lost",
                )
                entry.alive = False  # at once: the detached callback comes on Frida's thread
                if _quietly_within(entry.session.detach, self._detach_wait_s(), "detach"):
                    done.wait(quiet_s)  # the detach ends the pending reply
                return False, None
        if failure:
            self._note_rpc_failure(entry, what, failure[0])
            return False, None
        return True, outcome[0]

    def close(self, before_detach: Callable[[], None] | None = None) -> None:
        """Flush, unload and detach everything. Idempotent; never raises for dead processes.

        `before_detach` runs after the last flush, before detaching: a run passes the app's
        force-stop, so that the agents are never unloaded from processes about to die (on
        HotSpot, unloading restores every hooked method: a second or more per process on a
        loaded 2-core machine, issue #19). A process it kills is not reported as lost."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._flush_all()  # never raises: a wire error is raised by flush() and in `problems`
        if self._network is not None:
            self._network.flush()
        entries = list(self._attached.values())
        for entry in entries:
            entry.closing = True
        try:
            if before_detach is not None:
                before_detach()
        finally:
            wait_s = self._detach_wait_s()
            for entry in entries:
                if entry.alive:
                    if before_detach is None:
                        _quietly_within(entry.script.unload, wait_s, "unload")
                    _quietly_within(entry.session.detach, wait_s, "detach")
                entry.alive = False
            for session in self._late_sessions:
                _quietly_within(session.detach, wait_s, "detach")

    def _detach_wait_s(self) -> float:
        """How long a detach or unload is waited for: a healthy one takes well under a second
        on a loaded 2-core machine; one that takes longer waits on a wedged agent."""
        return min(DETACH_WAIT_S, self._options.rpc_timeout_s)

    def on_process_lost(self, callback: Callable[[ProcessInfo, str], None]) -> None:
        """`callback(proc, reason)` when an instrumented process dies or detaches on its own."""
        with self._lock:
            self._lost_callbacks.append(callback)

    def agent_stats(self) -> dict[int, AgentStats]:
        """Each live agent's own counters (events and markers sent, batches, stacks, pending)."""
        result: dict[int, AgentStats] = {}
        for entry in self._live():
            answered, raw = self._call(entry, "stats", entry.script.exports_sync.stats)
            if not answered:
                continue
            try:
                result[entry.proc.pid] = AgentStats.model_validate(raw)
            except ValidationError as exc:
                self._wire_problem(entry, _contract_error("stats reply", exc), str(exc)[:2000])
        return result

    @property
    def hook_reports(self) -> list[HookReport]:
        with self._lock:
            return list(self._reports.values())

    @property
    def stats(self) -> InstrumentationStats:
        with self._lock:
            copy = InstrumentationStats(
                **{k: v for k, v in asdict(self._stats).items() if k != "agents"}
            )
        copy.agents = self.agent_stats()
        return copy

    @property
    def problems(self) -> list[AgentProblem]:
        """Errors the agents reported; never dropped (also logged as warnings)."""
        with self._lock:
            return list(self._problems)

    # --- Frida-thread callbacks -------------------------------------------------------------

    def _on_message(self, entry: _Attached, message: Mapping[str, Any], data: Any = None) -> None:
        entry.heard = time.monotonic()
        kind = message.get("type")
        if kind == "send":
            try:
                body = bytes(data) if isinstance(data, (bytes, bytearray, memoryview)) else None
                packed = open_packed(message.get("payload"), body, records=self._record is not None)
                if packed is not None:  # what the agent sends: read as it is delivered
                    self._deliver(entry, packed)
                    return
                parsed = parse_message(message.get("payload"), body)
            except AgentError as exc:  # another schema, a batch's bytes not as announced
                self._wire_problem(entry, exc)
                return
            except ValidationError as exc:
                self._wire_problem(entry, _contract_error("message", exc), str(exc)[:2000])
                return
            if isinstance(parsed, BatchMessage):
                self._deliver(entry, parsed.items)
            elif isinstance(parsed, HookReportMessage):
                report = HookReport(
                    process=parsed.process or entry.proc.name,
                    pid=entry.proc.pid,
                    hooked=parsed.hooked,
                    missing=parsed.missing,
                    failed=parsed.failed,
                )
                with self._lock:
                    self._reports[entry.proc.pid] = report
                self._sink.hook_report(report)
            elif isinstance(parsed, AgentErrorMessage):
                self._problem(entry, parsed.message, parsed.detail)
            elif isinstance(parsed, PayloadMessage):
                self._payload(entry, parsed, data)
        elif kind == "error":
            where = f"{message.get('fileName', '?')}:{message.get('lineNumber', '?')}"
            self._problem(
                entry,
                str(message.get("description", "agent error")),
                f"{where}\n{message.get('stack', '')}",
            )
        elif kind == "log":
            log.info("agent %s: %s", entry.proc.name, message.get("payload"))

    def _deliver(self, entry: _Attached, items: Iterable[BatchItem | CallRecord]) -> None:
        """Hands a batch's items to the sink in order, as one batch of the sink's. A packed
        batch's items are read as they come: one found malformed raises (AgentError) after
        those before it reached the sink."""
        with self._batch():
            self._deliver_items(entry, items)

    def _deliver_items(self, entry: _Attached, items: Iterable[BatchItem | CallRecord]) -> None:
        pid = entry.proc.pid
        name = entry.proc.name
        sink = self._sink
        record_sink = self._record
        known = entry.stacks
        events = stacks = markers = 0
        try:
            for item in items:
                if isinstance(item, tuple):  # only when the sink takes records
                    if item[12] or not item[2] or record_sink is None:
                        # raw values for the matcher, or no process name: the model's path
                        item = call_of(item, pid)
                    else:
                        events += 1
                        record_sink(pid, item)  # the pid attached to, not the agent's word
                        continue
                if type(item) is CallItem:
                    # The flood's case, first and written in place (issue #19: a pydantic
                    # assignment costs ~0.6 µs, a tenth of the controller's budget per event);
                    # the same as the general path below, which every other item takes.
                    fields = item.__dict__
                    if fields["pid"] != pid:  # the pid/name attached to, not the agent's word
                        fields["pid"] = pid
                    if not fields["process"]:
                        fields["process"] = name
                    if fields["stack_id"] is not None:
                        fields["stack"] = known.get(fields["stack_id"], [])
                    if fields["values"]:
                        if self._network is not None:
                            self._network.read(item, fields["values"])
                        fields["values"] = []  # raw: not kept beyond the matcher
                    events += 1
                    sink.event(item)
                    continue
                if isinstance(item, StackItem):
                    frames = item.texts()
                    known[item.id] = frames
                    sink.stack(pid, item.id, frames)
                    stacks += 1
                    continue
                # The controller knows the pid/name it attached to: trust that over the agent.
                if item.pid != pid:
                    item.pid = pid
                if not item.process:
                    item.process = name
                if isinstance(item, (CallEvent, SendEvent, ProbeEvent)):
                    if item.stack_id is not None:
                        item.stack = known.get(item.stack_id, [])
                    events += 1
                else:
                    markers += 1
                if isinstance(item, SendItem):
                    self._send(item)
                    continue
                if isinstance(item, CallItem) and item.values:
                    if self._network is not None:
                        self._network.read(item, item.values)
                    item.values = []  # raw: not kept beyond the matcher
                sink.event(item)
        finally:
            with self._lock:
                self._stats.batches += 1
                self._stats.events += events
                self._stats.stacks += stacks
                self._stats.markers += markers

    def _payload(self, entry: _Attached, message: PayloadMessage, data: Any) -> None:
        """A send's body: held for matching until its SendItem arrives (bounded there)."""
        if self._network is None:
            return
        body = bytes(data) if isinstance(data, (bytes, bytearray, memoryview)) else b""
        bodies = message.bodies(body)
        if bodies is None:
            announced = f"{message.size} announced"
            if message.parts is not None:
                total = sum(p.size for p in message.parts)
                announced += f" in {len(message.parts)} parts of {total}"
            self._problem(
                entry,
                f"payload of send seq {message.seq}: {len(body)} bytes attached, {announced}",
            )
            if message.parts is not None:
                return  # where one body ends is unknown: their sends say "not searched"
            bodies = [(message.seq, body)]
        for seq, part in bodies:
            self._network.payload(entry.proc.pid, seq, part)

    def _send(self, item: SendItem) -> None:
        # The stored form only: the raw URL and headers travel to the matcher beside it.
        event = SendEvent.model_validate(item.model_dump())
        event.stack = item.stack
        if self._network is None:
            self._sink.event(event)
            return
        self._network.send(
            event,
            url=item.url,
            headers=[(h.name, h.value) for h in item.headers],
            payload=item.payload,
            truncated=item.truncated,
        )

    def _on_detached(self, entry: _Attached, reason: str, crash: Any) -> None:
        was_alive = entry.alive
        entry.alive = False
        if entry.closing or not was_alive or reason == "application-requested":
            return
        text = str(reason)
        if crash is not None:
            summary = getattr(crash, "summary", "") or str(crash)
            text = f"{text}: {summary}"
        with self._lock:
            callbacks = list(self._lost_callbacks)
        for callback in callbacks:
            try:
                callback(entry.proc, text)
            except Exception:  # noqa: BLE001 - a broken callback must not kill Frida's thread
                log.exception("process-lost callback failed")

    # --- helpers ----------------------------------------------------------------------------

    def _live(self) -> list[_Attached]:
        with self._lock:
            return [e for e in self._attached.values() if e.alive]

    def _problem(self, entry: _Attached, message: str, detail: str = "") -> None:
        problem = AgentProblem(entry.proc.pid, entry.proc.name, message, detail)
        log.warning("agent in %s (pid %d): %s", entry.proc.name, entry.proc.pid, message)
        with self._lock:
            self._problems.append(problem)
            self._stats.errors += 1

    def _wire_problem(self, entry: _Attached, error: AgentError, detail: str = "") -> None:
        self._problem(entry, error.message, detail)
        where = f"{entry.proc.name} (pid {entry.proc.pid}): "
        with self._lock:
            if self._wire_error is None:
                self._wire_error = type(error)(where + error.message, hint=error.hint)

    def _raise_wire_error(self) -> None:
        """Raise the first contract violation, every time: the events are incomplete for good."""
        if self._wire_error is not None:
            raise self._wire_error

    def _note_rpc_failure(self, entry: _Attached, what: str, exc: Exception) -> None:
        # A process that died between our check and the call is normal at the end of a run:
        # the detach callback reports it. Anything else is an agent problem worth keeping.
        if entry.alive and not entry.closing and not entry.session.is_detached:
            self._problem(entry, f"rpc {what} failed", str(exc))


def _contract_error(what: str, exc: ValidationError) -> AgentError:
    """One line: where in the payload and what (pydantic's full account goes to `problems`)."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "the payload"
    return AgentError(
        f"the agent's {what} is outside the wire contract: {where}: {first['msg']}",
        hint="rebuild the agent with `harness setup`",
    )


def _quietly_within(fn: Callable[[], object], seconds: float, what: str) -> bool:
    """fn() on a thread of its own, waited for at most `seconds`: whether it returned.

    Frida's detach and unload wait for the agent's JS thread. In a process wedged with that
    thread inside the VM (a HotSpot exit whose final safepoint never ends, CI at 18072c2) they
    never return, and the run hung there instead of going on to force-stop the app. The thread
    is left behind: the force-stop ends the session, and with it the call."""
    done = threading.Event()

    def run() -> None:
        try:
            _quietly(fn)
        finally:
            done.set()

    threading.Thread(target=run, name=f"agent-{what}", daemon=True).start()
    return done.wait(seconds)


def _quietly(fn: Callable[[], object]) -> None:
    try:
        fn()
    except Exception:  # noqa: BLE001 - used only for teardown of possibly dead sessions
        pass
