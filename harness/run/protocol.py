"""The test protocol for one app on one device: prepare, spawn instrumented, consent, observe.

`run_app(config) -> RunReport` is the one library call that `harness run`, `harness batch` and
`harness check` share. It holds no global state and always cleans up its device processes and
Frida sessions. Events are streamed to events.jsonl as they arrive; the report files are written
at the end, also when the run ends early (app crash, device lost): then the report is `partial`
and, for infrastructure failures, the error is re-raised after the files are written.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from harness import __version__
from harness.atomic import write_atomic
from harness.attribution import Attributor
from harness.device.base import Device, DeviceInfo, InstalledApp, Key, ProcessInfo
from harness.errors import AgentError, ConfigError, DeviceError, HarnessError
from harness.masking import Scrubber
from harness.model import Marker, MarkerEvent, ProcessEvent
from harness.report.model import (
    ConsentOutcome,
    DeviceSummary,
    MarkerRecord,
    PhaseEvidence,
    ProblemKind,
    ProcessRecord,
    RunProblem,
    RunReport,
    TargetInfo,
)
from harness.run.config import RunConfig
from harness.run.eventlog import EventLog
from harness.run.evidence import write_run_manifest
from harness.run.finish import Analysis, analyse, attributor_for, write_outputs
from harness.run.first_screen import blocked_start
from harness.run.folder import RunFolderError, describe, make_run_folder
from harness.run.interrupt import reason_of
from harness.run.phase_evidence import PhaseShots
from harness.run.prepare import check_target, install_others, prepare_app
from harness.run.probes import Exit, record, suspect_exits
from harness.run.static import read_profile, self_starts, view_of_run
from harness.run.stopwatch import Stopwatch
from harness.run.tester import ManualTester

if TYPE_CHECKING:
    from harness.agent.session import Instrumentation
    from harness.consent.driver import ConsentDriver
    from harness.consent.permission import PermissionPrompts
    from harness.network.ingest import NetworkEvidence
    from harness.report.digest import EventDigest

Progress = Callable[[str], None]
APP_RESUMED = "app_resumed"  # time zero of every offset; not a consent phase
_PROMPT_POLL_S = 1.0  # how often an observation window looks for a permission prompt


def _now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class _Stopped(Exception):
    """Observation ended early: cancelled, time limit, or the app's main process died."""


class _RunState:
    """Mutable bookkeeping of one run, shared with the Frida and gate threads."""

    def __init__(
        self,
        config: RunConfig,
        log: EventLog,
        cancel: threading.Event | None,
        tester: ManualTester | None = None,
    ) -> None:
        self.config = config
        self.tester = tester
        self.log = log
        self.cancel = cancel or threading.Event()
        self.deadline = time.monotonic() + config.time_limit if config.time_limit else None
        self.lock = threading.Lock()
        self.processes: dict[int, ProcessRecord] = {}
        self.main_pid: int | None = None
        self.main_died: str | None = None
        self.stopping = False
        self.problems: list[RunProblem] = []
        self.markers: list[MarkerRecord] = []
        self.evidence: list[PhaseEvidence] = []
        self.started: set[str] = set()  # names of the processes the agent has been loaded into
        self.started_changed = threading.Condition(self.lock)
        self.resumed_at_ts = 0.0
        self.package = ""
        self.clock_offset_ms: float | None = None  # device clock minus host clock
        self.t0: float | None = None  # when the app was resumed: time zero of every offset
        self.observed_s: float | None = None  # when observation ended (offset)
        self.decided_at: float | None = None  # monotonic time of the decisive marker
        self.decided_ended: float | None = None  # when the driver's decision step returned
        self.killed_pids: set[int] = set()  # force-stopped by the run itself (--relaunch)
        self.exits: list[Exit] = []  # processes that ended on their own (run/probes.py)
        self.prompts: PermissionPrompts | None = None  # answers system permission prompts
        self.watch = Stopwatch()  # the phases' wall times: report.timings
        self.others: list[str] = []  # packages installed beside the app (--also-install)
        self.shots: PhaseShots | None = None  # the phase evidence, once the first is taken

    def offset(self) -> float:
        return 0.0 if self.t0 is None else round(time.monotonic() - self.t0, 3)

    def problem(self, kind: ProblemKind, message: str) -> None:
        """Record something that went wrong, at the current offset (the report is then partial)."""
        self.problems.append(RunProblem(kind=kind, message=message, at_s=self.offset()))

    def check(self) -> None:
        if self.cancel.is_set():
            raise _Stopped("cancelled")
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise _Stopped("time limit reached")
        if self.main_died is not None:
            raise _Stopped(self.main_died)

    def wait(self, seconds: float, step: float = 0.1) -> None:
        """Observe for `seconds` while watching for cancellation, time limit and crashes, and
        answering any system permission prompt the app raises meanwhile."""
        end = time.monotonic() + seconds
        next_look = time.monotonic()
        while True:
            self.check()
            now = time.monotonic()
            if self.prompts is not None and now >= next_look:
                next_look = now + _PROMPT_POLL_S
                self.prompts.poll()
            left = end - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(step, left))


def run_app(
    config: RunConfig,
    *,
    device: Device | None = None,
    cancel: threading.Event | None = None,
    progress: Progress | None = None,
    tester: ManualTester | None = None,
) -> RunReport:
    """Run the whole protocol for one app and write the run folder; see the module docstring.

    `tester` answers the dialog for `consent: manual` (the CLI asks at the terminal).
    """
    from harness.device.registry import open_device

    if config.consent == "manual" and tester is None:
        raise ConfigError("consent 'manual' needs a tester at the device (only `harness run`)")
    watch = Stopwatch()
    check_target(config.target)
    profile = read_profile(config)  # a bad APK is refused before a device or folder is touched
    if config.sign_key is not None:  # a bad key fails now, not after the whole run
        from harness.evidence.signing import load_private_key

        load_private_key(config.sign_key)
    if config.pdf:  # no browser fails now too
        from harness.report.pdf import find_browser

        find_browser()
    say = progress or (lambda _msg: None)
    out = config.out
    created = make_run_folder(out)  # innermost first
    events_path = out / "events.jsonl"
    events_path.unlink(missing_ok=True)
    log = EventLog(events_path)
    state = _RunState(config, log, cancel, tester)
    state.watch = watch
    started_at = _now_iso()
    owns_device = device is None
    raised: HarnessError | None = None
    app: InstalledApp | None = None
    consent = ConsentOutcome(mode=config.consent)
    dev: Device | None = device
    try:
        if dev is None:
            say(f"connecting to device {config.device}")
            with watch.phase("open_device"):
                dev = open_device(config.device, config.inventory)
        if not config.raw_values:
            log.scrubber = Scrubber(dev.identifiers())
        say("preparing the app")
        if config.also_install:
            state.others = install_others(dev, config)
        app = prepare_app(dev, config, profile.package if profile else None, watch=watch)
        if not state.cancel.is_set():  # interrupted while preparing: no app process to start
            _instrumented_run(dev, app, state, say, consent)
    except HarnessError as exc:
        raised = exc
        state.problem(_problem_kind(exc), str(exc))
    finally:
        if state.cancel.is_set():  # wherever it came: the report says the run was cut short
            state.problem("interrupted", f"{reason_of(state.cancel)}; the report is partial")
        log.close()
        if dev is not None and owns_device:
            try:
                with watch.phase("close_device"):
                    dev.close()
            except HarnessError:
                pass

    _settle_evidence(state)  # (done already when the app ran: idempotent)
    if app is None:  # nothing ran: there is no report to write, and no folder to leave behind
        _remove_created(created)
        raise raised or HarnessError(f"{reason_of(state.cancel)} before the app was prepared")
    say("analysing")
    with watch.phase("rules"):
        attributor = attributor_for(config, app.package)
        info = dev.info() if dev is not None else None
        analysis = analyse(log, attributor, config, state.resumed_at_ts, consent.outcome)
        report = _assemble(config, info, app, state, consent, started_at, analysis)
        report.findings.extend(self_starts(profile, attributor, started_at))
        report.static = view_of_run(
            profile, analysis.digest.actor_calls, report.findings, state.started
        )
        if log.scrubber:  # problem messages and the dialog's text may quote an identifier
            report = RunReport.model_validate_json(log.scrubber.scrub(report.model_dump_json()))
    if config.pdf:
        report.files["pdf"] = "report.pdf"
    try:
        with watch.phase("report_writing"):
            report.timings = watch.result()
            write_outputs(report, analysis.digest, out, attributor)
            pdf_failed = (
                _write_pdf(report, analysis.digest, out, attributor) if config.pdf else None
            )
        _record_timings(report, watch, out)
        write_run_manifest(config, report, info, state.clock_offset_ms)  # last: lists the rest
    except OSError as exc:  # the disk filled up: what is already on disk stays as it is
        raise _folder_error(out, log, exc) from None
    if log.write_error is not None:  # events.jsonl lost lines although the report fit
        raise _folder_error(out, log, log.write_error)
    if raised is not None:
        raise raised  # the files are written; the caller still learns the run could not be done
    if pdf_failed is not None:
        raise pdf_failed
    return report


def _folder_error(out: Path, log: EventLog, exc: OSError) -> RunFolderError:
    """One line: what failed, and what of the run is on disk."""
    first = log.write_error or exc
    kept = [name for name in ("events.jsonl", "report.json") if (out / name).is_file()]
    return RunFolderError(
        f"cannot write the run folder {out}: {describe(first)}"
        + (f" (at {Path(first.filename).name})" if first.filename else "")
        + f"; kept: {', '.join(kept) or 'nothing'}"
        + (f", {log.lines_written} event-log lines" if "events.jsonl" in kept else "")
    )


def _write_pdf(
    report: RunReport, digest: EventDigest, out: Path, attributor: Attributor
) -> HarnessError | None:
    """report.pdf before the manifest, so the package lists it. A browser that fails loses
    nothing already written: report.json stops listing the PDF, and the error is returned to be
    raised once the manifest is in place."""
    from harness.report.jsonout import write_json
    from harness.report.pdf import PdfError, write_pdf

    try:
        write_pdf(report, digest, out, out / "report.pdf", attributor=attributor)
    except PdfError as exc:
        report.files.pop("pdf", None)
        write_json(report, out / "report.json")
        return exc
    return None


def _record_timings(report: RunReport, watch: Stopwatch, out: Path) -> None:
    """report.json again with the report files' own writing time in its timings (the manifest,
    written next, lists its digest, so the manifest's own time cannot be in it)."""
    from harness.report.jsonout import write_json

    report.timings = watch.result()
    write_json(report, out / "report.json")


def _remove_created(folders: list[Path]) -> None:
    """Undo the run folder's creation; a parent is removed only while empty (another run may
    have started in it meanwhile)."""
    if folders:
        shutil.rmtree(folders[0], ignore_errors=True)
    for folder in folders[1:]:
        try:
            folder.rmdir()
        except OSError:
            return


def _problem_kind(exc: HarnessError) -> Literal["device_lost", "agent_error", "other"]:
    if isinstance(exc, DeviceError):
        return "device_lost"
    if isinstance(exc, AgentError):
        return "agent_error"
    return "other"


def _add_capture(network: NetworkEvidence, state: _RunState, path: Path) -> None:
    """The lab proxy's HAR, matched against the values read (still in memory) like the agent's
    sends; a file that cannot be read is a problem of the run, not its end."""
    from harness.network.capture import read_har

    try:
        sends, notes = read_har(path, clock_offset_ms=state.clock_offset_ms or 0.0)
    except HarnessError as exc:
        state.problem("other", str(exc))
        return
    for note in notes:
        state.problem("other", note)
    network.captured(sends)


def _instrumented_run(
    dev: Device, app: InstalledApp, state: _RunState, say: Progress, consent: ConsentOutcome
) -> None:
    """The instrumented part of the run; `consent` is filled in as the run goes, so a run cut
    short (crash, kill -9 of the app, Ctrl-C) still reports the dialog it saw."""
    from harness.agent.session import AgentOptions, Instrumentation
    from harness.network.ingest import NetworkEvidence

    config = state.config
    package = app.package
    _check_awaited(app, config.await_processes)
    options = AgentOptions(raw_values=config.raw_values, app_package=package)
    network = NetworkEvidence(
        state.log.event, identifiers=dev.identifiers(), raw_values=config.raw_values
    )
    inst = Instrumentation(dev.frida_device(), state.log, options, network=network)
    # The main process may reach us twice (its gate and start_paused): whoever comes second
    # waits until the agent is loaded, so nothing resumes an uninstrumented process.
    loaded: dict[int, threading.Event] = {}

    def on_process(proc: ProcessInfo) -> None:
        with state.lock:
            done = loaded.get(proc.pid)
            first = done is None
            if first:
                done = loaded[proc.pid] = threading.Event()
                state.processes[proc.pid] = ProcessRecord(
                    pid=proc.pid, name=proc.name, first_seen_s=state.offset()
                )
        assert done is not None
        if not first:
            done.wait()
            return
        try:
            inst.instrument(proc)
            _record_load(state, inst, proc)
            _process_event(state, proc, "started")
        finally:
            done.set()
            with state.lock:
                state.started.add(proc.name)
                state.started_changed.notify_all()

    def on_lost(proc: ProcessInfo, reason: str) -> None:
        with state.lock:
            record = state.processes.get(proc.pid)
            if state.stopping or proc.pid in state.killed_pids:
                if record and not record.ended:
                    record.ended = "killed"
                return
            crashed = "terminated" in reason or "crash" in reason
            if record:
                record.ended = "crashed" if crashed else "lost"
            _process_event(state, proc, "died", reason)
            state.problem(
                "app_crashed" if crashed else "agent_died",
                f"process {proc.name} (pid {proc.pid}) ended: {reason}",
            )
            state.exits.append(Exit(proc.pid, time.time() * 1000, state.problems[-1]))
            if proc.pid == state.main_pid:
                state.main_died = f"main process ended: {reason}"

    inst.on_process_lost(on_lost)
    gate = None
    state.package = package
    try:
        # prepare_app stopped the app already: no process of it runs before the gate is up.
        with state.watch.phase("spawn"):
            gate = dev.gate_processes(package, on_process)
            say("spawning the app paused")
            main = dev.start_paused(package)
        state.main_pid = main.pid
        say("loading the agent")
        with state.watch.phase("agent_load"):
            on_process(main)
        with state.watch.phase("resume"):
            host_before = time.time() * 1000
            echoed = inst.mark(APP_RESUMED)
            host_after = time.time() * 1000
            state.resumed_at_ts = _marker_ts(echoed)
            if echoed:  # the marker's round trip bounds the error: at most half of it
                state.clock_offset_ms = round(
                    state.resumed_at_ts - (host_before + host_after) / 2, 1
                )
            dev.resume(main.pid)
            state.t0 = time.monotonic()
        from harness.consent.permission import PermissionPrompts

        state.prompts = PermissionPrompts(
            dev, config.permission_prompts, mark=lambda m: _mark(inst, state, m)
        )
        try:
            _consent_phase(dev, inst, state, say, consent)
            say(f"observing after the decision ({config.window:g} s)")
            with state.watch.phase("observe_after"):
                # The window after the decision counts from the decisive marker: the driver's
                # check that the dialog stayed away, and its evidence, are observed time too.
                since = 0.0 if state.decided_at is None else time.monotonic() - state.decided_at
                if state.decided_ended is not None:  # from the driver's end to here: window too
                    state.watch.add("observe_after", time.monotonic() - state.decided_ended)
                state.wait(max(0.0, config.window - since))
            if config.background_window > 0:
                with state.watch.phase("observe_background"):
                    _evidence(dev, state, "before_background")
                    _mark(inst, state, Marker.app_background)
                    dev.press(Key.HOME)
                    say(f"observing in the background ({config.background_window:g} s)")
                    state.wait(config.background_window)
            if config.reboot:
                _reboot(dev, inst, state, on_process, say)
            if config.relaunch:
                consent.dialog_on_relaunch = _relaunch(dev, inst, state, on_process, say)
        except _Stopped as stop:
            if state.main_died is None and not state.cancel.is_set():
                state.problem("other", str(stop))
        if state.main_died is None and not state.cancel.is_set():
            with state.watch.phase("first_screen_check"):
                stuck = blocked_start(
                    dev,
                    package,
                    state.main_pid,
                    config.out if config.evidence else None,
                    state.log.scrubber,
                )
            if stuck is not None:
                state.problem("main_thread_blocked", stuck)
        say("collecting events")
        state.observed_s = state.offset()
        consent.permission_prompts = list(state.prompts.answered) if state.prompts else []
        with state.lock:
            state.stopping = True
        with state.watch.phase("collection"):
            inst.flush()
            if config.capture is not None:
                _add_capture(network, state, config.capture)
            in_background = any(m.name == Marker.app_background.value for m in state.markers)
            _evidence(dev, state, "background" if in_background else "end")
            if state.config.evidence:
                _save_log(dev, package, state)
    finally:
        with state.lock:
            state.stopping = True
        stopping = time.monotonic()
        if gate is not None:
            gate.close()  # first: no new process of the app is held at the gate any more

        def stop_app() -> None:
            try:
                dev.force_stop(package)
                for other in state.others:  # what its associated starts woke ends with the run
                    dev.force_stop(other)
            except DeviceError:
                pass  # the device is gone: the error that got us here is already recorded

        # The app is stopped after the agents' last flush and before they are detached: no
        # agent is unloaded from a process about to die (Instrumentation.close).
        inst.close(before_detach=stop_app)
        network.close()  # after the agents' last batches: every send is in the log
        # Every probe has arrived by now: an exit right after one is not a plain crash.
        suspect_exits(
            state.exits,
            state.log.probes,
            resumed_at_ts=state.resumed_at_ts,
            clock_offset_ms=state.clock_offset_ms,
        )
        # The device waited for each phase picture before it killed the app: this only reads
        # the outcomes (a picture of a device that was lost meanwhile ends as a note).
        _settle_evidence(state)
        state.watch.add("stop", time.monotonic() - stopping)
        for record in state.processes.values():
            if not record.ended:
                record.ended = "killed"


def _consent_driver(dev: Device, state: _RunState) -> ConsentDriver:
    """The one consent driver set-up of a run (first launch and relaunch alike): the scenario,
    the permission-prompt answers and the OCR mode of the run's settings."""
    from harness.consent.driver import ConsentDriver
    from harness.consent.scenario import load_scenario

    config = state.config
    scenario = load_scenario(config.scenario) if config.scenario else None
    return ConsentDriver(dev, scenario=scenario, prompts=state.prompts, ocr=config.consent_ocr)


def _dialog_wait(config: RunConfig) -> float:
    """How long a launch (the first, or a relaunch) is watched for its consent dialog."""
    return config.dialog_timeout if config.dialog_timeout is not None else config.window


def _consent_phase(
    dev: Device, inst: Instrumentation, state: _RunState, say: Progress, outcome: ConsentOutcome
) -> ConsentOutcome:
    config = state.config
    driver = _consent_driver(dev, state)
    look_for = _dialog_wait(config)
    say(f"watching for the consent dialog ({look_for:g} s)")
    # The first window runs from the resume (state.t0): setting up the driver is window time.
    state.watch.add("dialog_polling", state.offset())
    with state.watch.phase("dialog_polling"):
        dialog = driver.wait_for_dialog(look_for, should_stop=lambda: _should_stop(state))
    state.check()
    if dialog is None:
        outcome.detail = "no consent dialog was detected"
        with state.watch.phase("window_rest"):
            state.wait(max(0.0, config.window - state.offset()))
        return outcome
    outcome.dialog_detected = True
    outcome.source = dialog.detection.source
    # Until it is answered: so a run that ends here (the app killed, Ctrl-C) says so
    outcome.outcome = "not_answered"
    outcome.detail = "the dialog was shown; the run ended before it was answered"
    with state.watch.phase("window_rest"):
        _save_ocr(driver, state, outcome)
        _mark(inst, state, Marker.consent_dialog_shown)
        _evidence(dev, state, "dialog_shown")
        # Observe with the dialog untouched for the rest of the window.
        state.wait(max(0.0, config.window - state.offset()))
    with state.watch.phase("await_start"):
        _await_start(dev, state, say)
    if config.consent == "none":
        outcome.outcome = "not_answered"
        outcome.detail = "the dialog was left unanswered (--consent none)"
        return outcome
    if config.consent == "manual":
        return _manual_consent(dev, inst, state, outcome)
    say(f"{config.consent}ing the consent dialog")

    def decide(name: str) -> None:  # the driver calls it just before the decisive tap
        _evidence(dev, state, "before_decision")
        _mark(inst, state, Marker(name))
        state.decided_at = time.monotonic()

    acting = time.monotonic()
    result = driver.act(config.consent, mark=decide)
    outcome.outcome = result.outcome
    outcome.detail = result.detail
    if result.taps:
        outcome.source = result.taps[-1].source  # the decisive tap's
    _save_ocr(driver, state, outcome)
    if result.outcome == "failed":
        state.problem("consent", result.detail)
    _evidence(dev, state, "after_decision")
    ended = state.decided_ended = time.monotonic()
    tapped = state.decided_at if state.decided_at is not None else ended
    state.watch.add("decision", tapped - acting)
    state.watch.add("observe_after", ended - tapped)  # inside the window after the decision
    return outcome


def _end_processes(dev: Device, state: _RunState) -> None:
    """Stop every process of the app; their end is the run's doing, not a crash."""
    with state.lock:
        state.killed_pids.update(p for p, r in state.processes.items() if not r.ended)
    dev.force_stop(state.package)
    for other in state.others:  # what the app woke (--also-install) ends with it, as on a reboot
        dev.force_stop(other)
    with state.lock:
        for pid in state.killed_pids:
            record = state.processes.get(pid)
            if record is not None and not record.ended:
                record.ended = "killed"


def _reboot(
    dev: Device,
    inst: Instrumentation,
    state: _RunState,
    on_process: Callable[[ProcessInfo], None],
    say: Progress,
) -> None:
    """The device restarts for the app: its processes end, and BOOT_COMPLETED starts a process
    for the receivers that declare it (instrumented like any), whose collection is judged like
    the rest (after a refusal: after_refusal; self_start names the receiver). A device that
    cannot send the broadcast, or an app with no boot receiver, is noted and nothing runs."""
    config = state.config
    boot: Callable[[str], ProcessInfo | None] | None = getattr(dev, "boot_broadcast", None)
    if boot is None:
        state.problem("other", f"--reboot: device {dev.name} cannot send BOOT_COMPLETED")
        return
    say("restarting the device for the app (BOOT_COMPLETED)")
    started = time.monotonic()
    _end_processes(dev, state)
    main = boot(state.package)
    if main is None:
        say("no receiver of the app declares BOOT_COMPLETED: nothing started")
        return
    state.main_pid = main.pid
    on_process(main)
    _mark(inst, state, Marker.device_rebooted)
    dev.resume(main.pid)
    resumed = time.monotonic()
    state.watch.add("reboot_spawn", resumed - started)
    say(f"observing after the reboot ({config.window:g} s)")
    state.wait(config.window)
    state.watch.add("reboot_window", time.monotonic() - resumed)
    _evidence(dev, state, "after_reboot")


def _relaunch(
    dev: Device,
    inst: Instrumentation,
    state: _RunState,
    on_process: Callable[[ProcessInfo], None],
    say: Progress,
) -> bool:
    """Force-stop the app, launch it again instrumented, observe `window` seconds; whether the
    privacy dialog showed again. The decision markers of the first launch stay in force, so
    what the second launch collects after a refusal is `after_refusal`."""
    config = state.config
    say("force-stopping and launching the app again")
    respawn = time.monotonic()
    _end_processes(dev, state)
    main = dev.start_paused(state.package)
    state.main_pid = main.pid
    on_process(main)
    _mark(inst, state, Marker.app_relaunched)
    dev.resume(main.pid)
    started = time.monotonic()
    state.watch.add("relaunch_spawn", started - respawn)
    driver = _consent_driver(dev, state)
    # As long as on the first launch: the relaunched app starts its JVM and answers its
    # permission prompts again before its dialog, which under load took longer than the window
    # and was then reported as not shown (dialog_on_relaunch false: a refusal "remembered").
    look_for = _dialog_wait(config)
    say(f"observing after the relaunch ({config.window:g} s, the dialog {look_for:g} s)")
    dialog = driver.wait_for_dialog(look_for, should_stop=lambda: _should_stop(state))
    state.check()
    if dialog is not None:
        _mark(inst, state, Marker.consent_dialog_shown)  # the prompt came back: on record
        _evidence(dev, state, "relaunch_dialog")
    state.wait(max(0.0, config.window - (time.monotonic() - started)))
    state.watch.add("relaunch_window", time.monotonic() - started)
    _evidence(dev, state, "after_relaunch")
    return dialog is not None


def _save_ocr(driver: ConsentDriver, state: _RunState, outcome: ConsentOutcome) -> None:
    """The last OCR reading (text boxes, what it decided) as evidence: consent-ocr.json.

    Its texts are the app's, read off the screen: scrubbed like the UI dumps."""
    reading = driver.last_ocr
    if reading is None or reading.ocr is None or not state.config.evidence:
        if driver.ocr_note and driver.ocr_note not in outcome.detail:
            outcome.detail = "; ".join(x for x in (outcome.detail, driver.ocr_note) if x)
        return
    data = {"detection": reading.to_json(), "reason": reading.reason, **reading.ocr.to_json()}
    text = state.log.scrubber.scrub(json.dumps(data, ensure_ascii=False, indent=2))
    try:
        write_atomic(state.config.out / "consent-ocr.json", text)
    except OSError:
        return  # the run folder is full: the run's end reports it
    outcome.ocr_evidence = "consent-ocr.json"


def _process_name(package: str, name: str) -> str:
    return package + name if name.startswith(":") else name


def _check_awaited(app: InstalledApp, names: list[str]) -> None:
    """A process to wait for must be one the app declares (when the device knows them)."""
    if not app.processes:
        return
    for name in names:
        if _process_name(app.package, name) not in app.processes:
            raise ConfigError(
                f"await_processes: {name!r} is not a process of {app.package} "
                f"(it declares: {', '.join(app.processes)})"
            )


def _await_start(dev: Device, state: _RunState, say: Progress) -> None:
    """Hold the decision until the awaited processes run the agent and the app has finished
    starting (bounded by await_timeout, and by the run's time limit); a miss is a problem."""
    config = state.config
    wanted = [_process_name(state.package, n) for n in config.await_processes]
    end = time.monotonic() + config.await_timeout
    if state.deadline is not None:
        end = min(end, state.deadline)
    if wanted:
        say(f"waiting for {', '.join(wanted)} before the decision")
    with state.lock:
        while True:
            missing = [n for n in wanted if n not in state.started]
            left = end - time.monotonic()
            if not missing or left <= 0:
                break
            state.started_changed.wait(min(left, 0.2))  # wakes to notice cancellation too
            if state.cancel.is_set() or state.main_died is not None:
                break
    state.check()
    if missing:
        state.problem(
            "other",
            f"{', '.join(missing)} had not started within "
            f"{config.await_timeout:g} s; the consent decision was taken without it",
        )
    busy = dev.wait_idle(state.package, max(0.0, end - time.monotonic()))
    state.check()
    if busy:
        state.problem(
            "other",
            f"{', '.join(busy)} had not finished starting within "
            f"{config.await_timeout:g} s; the consent decision was taken anyway",
        )


def _manual_consent(
    dev: Device, inst: Instrumentation, state: _RunState, outcome: ConsentOutcome
) -> ConsentOutcome:
    assert state.tester is not None  # run_app refuses manual consent without one
    decision = state.tester.about_to_tap()
    _evidence(dev, state, "before_decision")
    marker = Marker.consent_accepted if decision == "accept" else Marker.consent_refused
    _mark(inst, state, marker)
    state.decided_at = time.monotonic()
    state.tester.has_acted()
    outcome.outcome = "accepted" if decision == "accept" else "refused"
    outcome.detail = "answered by the tester (--consent manual)"
    return outcome


def _should_stop(state: _RunState) -> bool:
    try:
        state.check()
    except _Stopped:
        return True
    return False


def _marker_ts(echoed: list[MarkerEvent]) -> float:
    """The device time of a marker: its earliest copy (host time if no process answered)."""
    return min((m.ts for m in echoed), default=time.time() * 1000)


def _mark(inst: Instrumentation, state: _RunState, marker: Marker) -> None:
    ts = _marker_ts(inst.mark(marker.value))
    state.markers.append(
        MarkerRecord(name=marker.value, ts=ts, offset_s=round((ts - state.resumed_at_ts) / 1000, 3))
    )


def _process_event(
    state: _RunState,
    proc: ProcessInfo,
    what: Literal["started", "died", "detached"],
    reason: str = "",
) -> None:
    state.log.event(
        ProcessEvent(
            seq=-1,
            ts=time.time() * 1000,
            pid=proc.pid,
            process=proc.name,
            state=what,
            reason=reason,
        )
    )


def _evidence(dev: Device, state: _RunState, phase: str) -> None:
    """The UI dump (scrubbed) and the screenshot of this phase, into report.evidence
    (harness.run.phase_evidence: the picture may still be written when this returns)."""
    if not state.config.evidence:
        return
    with state.watch.evidence():
        if state.shots is None:
            state.shots = PhaseShots(dev, state.config.out, state.log.scrubber)
        state.evidence.append(state.shots.take(phase, state.offset()))


def _settle_evidence(state: _RunState) -> None:
    """Every phase picture written and its record complete (before any report is)."""
    if state.shots is not None:
        with state.watch.evidence():
            state.shots.settle()


def _record_load(state: _RunState, inst: Instrumentation, proc: ProcessInfo) -> None:
    """The agent load's steps for this process, into the run's timings."""
    from harness.report.timings import ProcessLoad

    timing = inst.load_timing(proc.pid)
    if timing is None:
        return
    total = timing.attach_s + timing.compile_s + timing.load_s + timing.init_s
    state.watch.agent_load(
        ProcessLoad(
            pid=proc.pid,
            process=proc.name,
            attach_s=timing.attach_s,
            compile_s=timing.compile_s,
            load_s=timing.load_s,
            init_s=timing.init_s,
            total_s=round(total, 4),
        )
    )


def _save_log(dev: Device, package: str, state: _RunState) -> None:
    """The app's log, scrubbed of the device's identifiers before it takes its name (the copy
    the device writes is a hidden temporary file, removed at once)."""
    dest = state.config.out / "app.log"
    raw = dest.with_name(".app.log.device.tmp")
    try:
        if dev.save_logs(package, raw):
            write_atomic(dest, state.log.scrubber.scrub_bytes(raw.read_bytes()))
    except (HarnessError, OSError):
        pass  # evidence is best effort
    finally:
        raw.unlink(missing_ok=True)


def _assemble(
    config: RunConfig,
    info: DeviceInfo | None,
    app: InstalledApp,
    state: _RunState,
    consent: ConsentOutcome,
    started_at: str,
    analysis: Analysis,
) -> RunReport:
    device = DeviceSummary(
        name=info.name if info else config.device,
        kind=info.kind if info else "",
        model=info.model if info else "",
        android_version=info.android_version if info else "",
        api_level=info.api_level if info else 0,
        abi=info.abi if info else "",
    )
    consent.markers = list(state.markers)
    status: Literal["completed", "partial"] = "completed" if not state.problems else "partial"
    return RunReport(
        tool_version=__version__,
        status=status,
        target=TargetInfo(
            package=app.package,
            version_name=app.version_name,
            version_code=app.version_code,
            source=config.target,
        ),
        device=device,
        settings=config.model_dump(mode="json"),
        case=config.case,
        started_at=started_at,
        ended_at=_now_iso(),
        resumed_at_ts=state.resumed_at_ts,
        observed_s=state.observed_s,
        hooks=list(state.log.hook_reports),
        consent=consent,
        processes=sorted(state.processes.values(), key=lambda p: p.first_seen_s),
        findings=analysis.findings,
        contacts_before_consent=analysis.contacts,
        event_count=analysis.digest.calls,
        problems=state.problems,
        probes=[record(p, state.resumed_at_ts) for p in state.log.probes.kept()],
        probe_count=state.log.probes.total,
        evidence=state.evidence,
        files={},
    )


def default_out_dir(target: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    name = Path(target).name or target
    return Path("runs") / f"{name}-{stamp}"
