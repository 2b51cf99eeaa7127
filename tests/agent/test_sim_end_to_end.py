"""The agent end to end on the simulated device, with the catalogue test app (apps/catalog-app).

The app calls every catalogued API the simulated framework provides, from its class initialiser,
attachBaseContext, onCreate (directly and by reflection), a worker thread, callbacks and a
service in its ":probe" process, and prints each result as a `RESULT|process|where|id|type|value`
line (see the app's Results.java). The app is run the way `harness run` runs it (gate, start
paused, instrument, resume), once without the agent and once with it, and then once more with a
runtime permission revoked. Each recorded call is matched to the app's own account of its calls.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from harness.agent.drive import drive
from harness.agent.session import AgentOptions, AgentProblem, Instrumentation
from harness.catalog import CatalogEntry, load_catalog
from harness.device.base import ProcessInfo
from harness.device.sim import SimDevice, build_framework
from harness.device.sim.cds import ENABLE_ENV, archive_path
from harness.device.sim.procs import gone
from harness.model import CallEvent, HookReport

from .conftest import JDK, RecordingSink

APP = Path(__file__).parent / "apps" / "catalog-app"
SOURCES = APP / "src"
PKG = "com.example.catalogapp"
PROBE = f"{PKG}:probe"
APP_PREFIX = f"{PKG}."
REVOKED = "android.permission.READ_PHONE_STATE"
FINISH_TIMEOUT = 60.0  # generous: the machine is shared; a healthy run takes about a second

# Where a call was made, from the first app frame below the probe helpers (see CatalogApp).
CONTEXT_FRAMES = {
    f"{PKG}.CatalogApp.<clinit>": "clinit",
    f"{PKG}.CatalogApp.attachBaseContext": "attach",
    f"{PKG}.CatalogApp.onCreate": "main",
    f"{PKG}.Reflective.run": "reflect",
    f"{PKG}.ProbeThread.run": "thread",
    f"{PKG}.ProbeService.onStartCommand": "service",
    f"{PKG}.Callbacks.start": "callback",
}
REFLECTION_PREFIXES = (
    "jdk.internal.reflect.",
    "java.base/jdk.internal.reflect.",
    "java.lang.reflect.",
    "java.base/java.lang.reflect.",
)
# The app prints something derived from these APIs' results, not the result itself.
DERIVED = {
    "camera.open",
    "accountManager.getAccountsByTypeAndFeatures",
    "fusedLocation.getLastLocation",
    "fusedLocation.getCurrentLocation",
    # the app shows the field's value (Field.get); the hooked look-up returns the Field
    "class.getField",
    "class.getDeclaredField",
}
FRAME = re.compile(
    r"^(?:[\w.$]+/)?(?P<cls>[\w.$]+)\.(?P<method>[\w$<>]+)\((?P<file>[^:)]+)(?::(?P<line>\d+))?\)$"
)


@dataclass
class Line:
    kind: str
    process: str
    where: str
    key: str
    kind_of_value: str = ""
    value: str = ""


@dataclass
class AppRun:
    lines: list[Line]
    sink: RecordingSink | None = None
    reports: list[HookReport] = field(default_factory=list)
    problems: list[AgentProblem] = field(default_factory=list)
    pids: dict[str, int] = field(default_factory=dict)  # process name -> pid
    left_after_stop: list[ProcessInfo] = field(default_factory=list)

    def results(self, kind: str = "RESULT") -> list[Line]:
        return [line for line in self.lines if line.kind == kind]

    def observable(self) -> list[str]:
        """Everything the app printed about what it saw, in a run-independent order."""
        return sorted("|".join(vars(line).values()) for line in self.lines)

    def calls(self) -> list[CallEvent]:
        assert self.sink is not None
        return self.sink.calls()

    def frames(self, event: CallEvent) -> list[str]:
        assert self.sink is not None and event.stack_id is not None
        return self.sink.stacks[(event.pid, event.stack_id)]


def _parse_log(text: str) -> list[Line]:
    lines = []
    for raw in text.splitlines():
        parts = raw.split("|")
        if parts[0] in ("RESULT", "QUIET") and len(parts) == 6:
            lines.append(Line(*parts))
        elif parts[0] == "NOTE" and len(parts) == 5:
            lines.append(Line(*parts))
        elif parts[0] == "CALLS" and len(parts) == 4:
            lines.append(Line("CALLS", parts[1], "", parts[2], "", parts[3]))
        elif parts[0] == "FINISHED" and len(parts) == 3:
            lines.append(Line("FINISHED", parts[1], "", parts[2]))
    return lines


def _finished(device: SimDevice, package: str) -> list[Line]:
    path = device.log_file(package)
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    return [line for line in _parse_log(text) if line.kind == "FINISHED"]


def _run(device: SimDevice, agent_source: str | None) -> AppRun:
    """One run as harness.run.protocol does it: gate, start paused, instrument, resume."""
    sink = RecordingSink()
    inst = (
        Instrumentation(
            device.frida_device(), sink, AgentOptions(app_package=PKG), source=agent_source
        )
        if agent_source is not None
        else None
    )
    seen: dict[str, int] = {}
    finished = drive(
        device, PKG, inst, lambda: len(_finished(device, PKG)) >= 2, FINISH_TIMEOUT, seen
    )
    assert finished, "the app did not finish:\n" + device.log_file(PKG).read_text()[-3000:]
    run = AppRun(_parse_log(device.log_file(PKG).read_text(encoding="utf-8")), pids=seen)
    run.left_after_stop = device.processes(PKG)
    if inst is not None:
        run.sink = sink
        run.reports = inst.hook_reports
        run.problems = inst.problems
    return run


@pytest.fixture(scope="module")
def device(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimDevice]:
    if not (JDK / "javac").is_file():
        pytest.skip("JDK 17 is not installed")
    dev = SimDevice(tmp_path_factory.mktemp("sim-home"))
    app = dev.install(APP)
    for permission in app.requested_permissions:
        dev.grant(app.package, permission)
    try:
        yield dev
    finally:
        for package in dev.installed_packages():
            dev.force_stop(package)
        dev.close()


@pytest.fixture(scope="module")
def plain(device: SimDevice) -> AppRun:
    return _run(device, None)


@pytest.fixture(scope="module")
def hooked(device: SimDevice, agent_source: str, plain: AppRun) -> AppRun:
    return _run(device, agent_source)


@pytest.fixture(scope="module")
def revoked(device: SimDevice, agent_source: str, hooked: AppRun) -> tuple[AppRun, AppRun]:
    """Runs without and with the agent after READ_PHONE_STATE was revoked."""
    device.revoke(PKG, REVOKED)
    try:
        return _run(device, None), _run(device, agent_source)
    finally:
        device.grant(PKG, REVOKED)


@pytest.fixture(scope="module")
def catalog() -> dict[str, CatalogEntry]:
    return {entry.id: entry for entry in load_catalog().entries}


def _context(frames: list[str]) -> str:
    """The place the app made the call from (a CONTEXT_FRAMES value), or a description."""
    for frame in frames:
        match = FRAME.match(frame)
        if match is None or not match["cls"].startswith(APP_PREFIX):
            continue
        name = f"{match['cls']}.{match['method']}"
        if name in CONTEXT_FRAMES:
            return CONTEXT_FRAMES[name]
        if match["cls"].startswith(f"{PKG}.Callbacks$"):
            return "callback"  # a callback's own calls
    return "unknown: " + " <- ".join(frames[:8])


def _mask(text: str) -> str:
    return "*" * len(text) if len(text) < 8 else text[:2] + "*" * (len(text) - 5) + text[-3:]


def _source_line(file: str, line: int) -> str:
    matches = list(SOURCES.rglob(file))
    assert len(matches) == 1, file
    return matches[0].read_text(encoding="utf-8").splitlines()[line - 1]


# --- the app itself ------------------------------------------------------------------------------


def test_the_app_finishes_and_exercises_the_catalogue(
    plain: AppRun, catalog: dict[str, CatalogEntry]
) -> None:
    finished = {(line.process, line.key) for line in plain.results("FINISHED")}
    assert finished == {(PKG, "main"), (PROBE, "probe")}, "a context lost a callback"
    ids = {line.key for line in plain.results()}
    assert ids <= set(catalog), ids - set(catalog)
    simulated = [e for e in catalog.values() if e.kind == "java" and e.side == "framework"]
    assert len(ids) >= 70 and len(simulated) - len(ids & {e.id for e in simulated}) < 20
    # The permissions are granted: nothing was denied.
    assert not [line for line in plain.results() if line.kind_of_value == "T"]


def test_the_app_sees_the_same_with_and_without_the_agent(plain: AppRun, hooked: AppRun) -> None:
    assert hooked.observable() == plain.observable()


# --- exactly one event per call ------------------------------------------------------------------


def test_the_catalogue_app_runs_on_the_framework_archive(hooked: AppRun) -> None:
    # The counts below are of calls into classes mapped from the framework's class-data sharing
    # archive (cds.py): without hooks/src/jvmbatch.ts making the archive's metadata writable in
    # the bridge's VM operations, the SensorManager calls through the archived
    # SystemSensorManager went unrecorded.
    if os.environ.get(ENABLE_ENV) == "0":
        pytest.skip(f"{ENABLE_ENV}=0: the app ran without the framework's archive")
    assert archive_path(build_framework()).is_file()


def test_one_event_per_call_in_each_process(hooked: AppRun) -> None:
    expected = Counter(
        {(line.process, line.key): int(line.value) for line in hooked.results("CALLS")}
    )
    recorded = Counter((event.process, event.hook_id) for event in hooked.calls())
    missing = expected - recorded
    extra = recorded - expected
    assert not missing and not extra, f"missing {dict(missing)}\nextra {dict(extra)}"


def test_one_event_per_call_in_each_context(hooked: AppRun) -> None:
    expected = Counter((line.process, line.where, line.key) for line in hooked.results())
    recorded = Counter(
        (event.process, _context(hooked.frames(event)), event.hook_id) for event in hooked.calls()
    )
    assert recorded == expected, (
        f"missing {dict(expected - recorded)}\nextra {dict(recorded - expected)}"
    )
    contexts = {(process, where) for process, where, _ in recorded}
    for early in ("clinit", "attach"):  # nothing escapes the hooks, however early
        assert (PKG, early) in contexts and (PROBE, early) in contexts
    assert {(PKG, "thread"), (PKG, "reflect"), (PKG, "callback"), (PROBE, "service")} <= contexts


def test_calls_the_catalogue_ignores_leave_no_event(hooked: AppRun) -> None:
    quiet = hooked.results("QUIET")
    assert quiet  # Settings.Secure "bluetooth_name", a content://media query
    for event in hooked.calls():
        if event.hook_id == "settings.secure.getString":
            assert event.args[1] == "android_id"
        if event.hook_id == "contentResolver.query":
            assert not event.args[0].startswith("content://media")


def test_the_apps_calls_inside_a_hooked_apis_callback_are_its_own(hooked: AppRun) -> None:
    # Both APIs call back into the app before returning (a direct Executor, an SDK listener).
    def inside(api: str, hook_id: str) -> list[CallEvent]:
        return [
            e
            for e in hooked.calls()
            if e.hook_id == hook_id and any(api + "(" in f for f in hooked.frames(e))
        ]

    cell = inside(
        "android.telephony.TelephonyManager.requestCellInfoUpdate", "telephony.getNetworkOperator"
    )
    assert len(cell) == 1 and ".Callbacks$" in hooked.frames(cell[0])[0]
    sdk_calls = [e for e in hooked.calls() if e.hook_id.startswith("msa.")]
    serials = inside("com.bun.miitmdid.core.MdidSdkHelper.InitSdk", "build.getSerial")
    assert len(sdk_calls) == len(serials) > 0
    # ... while an API's own use of another (MdidSdk.InitSdk -> MdidSdkHelper.InitSdk,
    # Camera.open() -> open(0), getText() -> getPrimaryClip()) is not a call of the app's.
    assert not inside("com.bun.miitmdid.core.MdidSdk.InitSdk", "msa.MdidSdkHelper.InitSdk")


def test_the_agents_own_tostring_makes_no_events(hooked: AppRun) -> None:
    # WifiInfo.toString() reads three hooked getters: the agent calls it to describe the value.
    infos = [e for e in hooked.calls() if e.hook_id == "wifiManager.getConnectionInfo"]
    assert infos and all(e.ret and e.ret.startswith("SS*") for e in infos)
    made = Counter(line.key for line in hooked.results())
    for getter in ("wifiInfo.getSSID", "wifiInfo.getBSSID", "wifiInfo.getMacAddress"):
        assert sum(1 for e in hooked.calls() if e.hook_id == getter) == made[getter]


# --- what each event says ------------------------------------------------------------------------


def test_every_event_has_its_catalogue_category(
    hooked: AppRun, catalog: dict[str, CatalogEntry]
) -> None:
    by_authority = {
        "com.android.contacts": "contacts",
        "call_log": "call_log",
        "sms": "sms",
        "com.android.calendar": "calendar",
    }
    for event in hooked.calls():
        entry = catalog[event.hook_id]
        assert event.api == entry.api
        if entry.id == "contentResolver.query":
            authority = event.args[0].split("://", 1)[1].split("/", 1)[0]
            assert event.category.value == by_authority[authority], event
        elif entry.kind == "native":
            # The one argument sent is the path that matched a `when` pattern.
            assert entry.when is not None
            matched = [
                category
                for pattern, category in entry.when.table.items()
                if re.fullmatch(re.escape(pattern).replace(r"\*", "[^/]*"), event.args[0])
            ]
            assert matched == [event.category], event
        elif entry.when is not None:
            assert entry.when.table[event.args[entry.when.arg]] == event.category, event
        else:
            assert event.category == entry.category, event


def test_values_are_masked(hooked: AppRun, catalog: dict[str, CatalogEntry]) -> None:
    shown: dict[str, set[str | None]] = {}
    for line in hooked.results():
        if catalog[line.key].kind != "java" or line.key in DERIVED:
            continue
        if line.kind_of_value in "SIDZ":
            shown.setdefault(line.key, set()).add(_mask(line.value))
        elif line.kind_of_value in "NV":
            shown.setdefault(line.key, set()).add(None)
    recorded: dict[str, set[str | None]] = {}
    for event in hooked.calls():
        if event.hook_id in shown:
            recorded.setdefault(event.hook_id, set()).add(event.ret)
    assert recorded == shown
    secrets = {
        line.value
        for line in hooked.results()
        if line.kind_of_value == "S" and len(line.value) >= 8
    }
    assert "861234567890123" in secrets and "3f8e2b7c9d104a65" in secrets
    for event in hooked.calls():
        for text in [*event.args, event.ret or ""]:
            assert not any(secret in text for secret in secrets), event


def test_arrays_collections_and_objects_are_described_by_their_shape(
    hooked: AppRun, catalog: dict[str, CatalogEntry]
) -> None:
    # A Java array (a JS array of an object array's elements, or the bridge's proxy of a
    # primitive one) is told from an object's wrapper without reading the wrapper's members
    # (values.ts isJavaArray): arrays give their length unmasked, collections their class and
    # size masked, other objects their masked toString().
    shapes: dict[str, set[str]] = {}
    for line in hooked.results():
        if catalog[line.key].kind != "java" or line.key in DERIVED:
            continue
        count = line.value.split(" ", 1)[0]
        if line.kind_of_value == "A":
            shapes.setdefault(line.key, set()).add(f"array[{count}]")
        elif line.kind_of_value == "O" and count.isdigit() and line.value.startswith(f"{count} ["):
            shapes.setdefault(line.key, set()).add(f"size={count})"[-3:])
        elif line.kind_of_value == "O":
            shapes.setdefault(line.key, set()).add("object")
    assert {"A", "O"} <= {line.kind_of_value for line in hooked.results()}
    recorded: dict[str, set[str]] = {}
    for event in hooked.calls():
        if event.hook_id not in shapes or event.ret is None:
            continue
        shape = next(iter(shapes[event.hook_id]))
        if shape.startswith("array["):
            got = event.ret
        elif shape != "object":
            got = event.ret[-3:]  # "<class>(size=N)" masked: its last three characters show
        else:
            assert not event.ret.startswith("array["), event
            got = "object"
        recorded.setdefault(event.hook_id, set()).add(got)
    assert recorded == {key: shapes[key] for key in recorded}
    assert any(shape.startswith("array[") for found in recorded.values() for shape in found)
    assert len(recorded) >= 10, recorded


def test_the_first_frame_is_the_apps_calling_line(
    hooked: AppRun, catalog: dict[str, CatalogEntry]
) -> None:
    checked = 0
    for event in hooked.calls():
        entry = catalog[event.hook_id]
        frames = hooked.frames(event)
        if entry.kind == "native":
            # The libc function, then the JDK's file code, then the app's line that opened it.
            assert frames[0] == f"libc!{entry.method}", frames
            first_app = next(f for f in frames if f.startswith(APP_PREFIX))
            match = FRAME.match(first_app)
            assert match is not None
            assert "FileInputStream" in _source_line(match["file"], int(match["line"]))
            continue
        reflective = _context(frames) == "reflect"
        first = frames[0]
        if reflective:
            first = next(f for f in frames if not f.startswith(REFLECTION_PREFIXES))
            assert frames.index(first) > 0
        match = FRAME.match(first)
        assert match is not None and match["cls"].startswith(APP_PREFIX), (
            event.hook_id,
            frames[:6],
        )
        assert match["line"] is not None
        line = _source_line(match["file"], int(match["line"]))
        assert ("invoke" if reflective else entry.method) in line, (event.hook_id, first, line)
        checked += 1
    assert checked > 300


def test_processes_and_threads(hooked: AppRun) -> None:
    assert set(hooked.pids) == {PKG, PROBE}
    by_process = Counter(event.process for event in hooked.calls())
    assert by_process[PROBE] > 50 and by_process[PKG] > 200
    for event in hooked.calls():
        assert event.pid == hooked.pids[event.process]
        context = _context(hooked.frames(event))
        if context == "thread":
            assert event.thread == "probe-worker"
        elif context in ("clinit", "attach", "main", "reflect", "service"):
            assert event.thread == "main"
    seqs: dict[str, list[int]] = {}
    for event in hooked.calls():
        seqs.setdefault(event.process, []).append(event.seq)
    for numbers in seqs.values():  # delivered in order, none lost
        assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


def test_hook_reports_and_no_agent_errors(hooked: AppRun) -> None:
    assert not hooked.problems, hooked.problems
    assert {report.process for report in hooked.reports} == {PKG, PROBE}
    used = {line.key for line in hooked.results()}
    for report in hooked.reports:
        assert not report.failed, report.failed
        assert used <= set(report.hooked), used - set(report.hooked)


# --- a denied call -------------------------------------------------------------------------------


def test_a_denied_call_is_recorded_and_the_app_sees_the_exception(
    revoked: tuple[AppRun, AppRun], catalog: dict[str, CatalogEntry]
) -> None:
    plain_run, hooked_run = revoked
    assert hooked_run.observable() == plain_run.observable()
    threw = [line for line in hooked_run.results() if line.kind_of_value == "T"]
    assert threw and all(line.value.startswith("java.lang.SecurityException") for line in threw)
    denied_ids = {line.key for line in threw}
    assert {"telephony.getDeviceId", "telephony.getImei", "build.getSerial"} <= denied_ids
    expected = Counter((line.process, line.where, line.key) for line in threw)
    denied = [event for event in hooked_run.calls() if event.denied]
    recorded = Counter(
        (event.process, _context(hooked_run.frames(event)), event.hook_id) for event in denied
    )
    assert recorded == expected
    for event in denied:
        assert event.ret is None and event.threw and "SecurityException" in event.threw
    # The app's other calls still went through, and were recorded as such.
    assert not [e for e in hooked_run.calls() if e.threw and not e.denied]
    made = Counter(
        {(line.process, line.key): int(line.value) for line in hooked_run.results("CALLS")}
    )
    assert Counter((e.process, e.hook_id) for e in hooked_run.calls()) == made


# --- nothing left behind -------------------------------------------------------------------------


def _alive(pid: int) -> bool:
    return not gone(pid)


def test_no_process_is_left_after_force_stop(plain: AppRun, hooked: AppRun) -> None:
    for run in (plain, hooked):
        assert run.left_after_stop == []
        assert set(run.pids) == {PKG, PROBE}
        assert not [pid for pid in run.pids.values() if _alive(pid)]
