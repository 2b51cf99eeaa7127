"""report.json: what one run found, with enough context to stand as evidence."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, JsonValue

from harness.apk.inventory import StaticView
from harness.model import (
    SCHEMA_VERSION,
    Finding,
    HookReport,
    HostContact,
    ProbeTarget,
    Rule,
    SentFinding,
)
from harness.report.legal import RuleBasis
from harness.report.timings import RunTimings
from harness.settings import CaseInfo


class TargetInfo(BaseModel):
    package: str
    version_name: str | None = None
    version_code: int | None = None
    source: str = ""  # what the user passed


class DeviceSummary(BaseModel):
    name: str
    kind: str
    model: str = ""
    android_version: str = ""
    api_level: int = 0
    abi: str = ""


class MarkerRecord(BaseModel):
    name: str
    ts: float  # device clock, ms since epoch
    offset_s: float  # seconds since the app was resumed


class ConsentOutcome(BaseModel):
    mode: str  # accept | reject | none | manual
    dialog_detected: bool = False
    outcome: Literal["accepted", "refused", "not_answered", "no_dialog", "failed"] = "no_dialog"
    detail: str = ""
    markers: list[MarkerRecord] = Field(default_factory=list)
    # --relaunch: whether the privacy dialog showed again on the second launch (None: no
    # relaunch, or it did not get that far)
    dialog_on_relaunch: bool | None = None
    # the answer given to each system permission prompt, in order (--permission-prompts)
    permission_prompts: list[str] = Field(default_factory=list)
    source: Literal["dump", "ocr", ""] = ""  # what found the dialog: the UI dump or OCR
    ocr_evidence: str = ""  # file in the run folder with the OCR text boxes, when OCR read it


class ProcessRecord(BaseModel):
    pid: int
    name: str
    first_seen_s: float = 0.0  # seconds since the app was resumed (0: started before it)
    ended: str = ""  # "", "exited", "crashed", "killed", "lost"


ProblemKind = Literal[
    "app_crashed",
    "device_lost",
    "agent_died",
    "agent_error",
    "consent",
    "other",
    "interrupted",  # Ctrl-C, SIGTERM or a stopping batch cut the run short (harness/run/interrupt)
    "main_thread_blocked",  # the app never reached its first screen (run/first_screen.py)
    # a process ended right after probing for instrumentation (run/probes.py)
    "anti_instrumentation_suspected",
]


class ProbeRecord(BaseModel):
    """One instrumentation probe of the app (harness.model.ProbeEvent) as the report shows it."""

    at_s: float  # seconds since the app was resumed
    ts: float  # device clock, ms since the epoch
    pid: int
    process: str
    thread: str = ""
    api: str
    target: ProbeTarget
    detail: str = ""  # the path or address probed, as the app gave it (clipped)
    stack: list[str] = Field(default_factory=list)  # first frames, innermost first


class RunProblem(BaseModel):
    """Something that went wrong during the run; the report is then `partial`."""

    kind: ProblemKind
    message: str
    at_s: float | None = None
    # anti_instrumentation_suspected: the probes of that process just before it ended
    probes: list[ProbeRecord] = Field(default_factory=list)


class PhaseEvidence(BaseModel):
    """What the screen showed at one phase of the protocol: files in the run folder.

    A screenshot is a picture of the screen: masking cannot reach its pixels, so it shows what
    the app displayed (docs/attribution-rules-reports.md#screenshots).
    """

    phase: str  # dialog_shown | before_decision | after_decision | before_background | background
    at_s: float  # seconds since the app was resumed
    ui_dump: str | None = None  # ui-<phase>.xml
    screenshot: str | None = None  # screen-<phase>.png
    note: str = ""  # why a file is missing (the device could not take it)


class VerdictLine(BaseModel):
    """One sentence of the verdict (harness.report.verdict), in both languages."""

    rule: Rule | None = None  # None: the clean-run or the partial-run sentence
    en: str
    zh: str


class RunReport(BaseModel):
    schema_version: int = SCHEMA_VERSION
    # First, so report.json opens with it: set by write_reports from the findings and status.
    verdict: list[VerdictLine] = Field(default_factory=list)
    # The clauses each evaluated rule tests (harness/report/legal.yaml), set with the verdict.
    legal: list[RuleBasis] = Field(default_factory=list)
    tool_version: str
    status: Literal["completed", "partial", "failed"]
    target: TargetInfo
    device: DeviceSummary
    # The run's settings as the run layer recorded them (`RunConfig`, JSON). The report only shows
    # them; keeping their model in `harness.run` means the report layer never imports the run.
    settings: dict[str, JsonValue]
    case: CaseInfo = Field(default_factory=CaseInfo)  # case id, tester, lab
    started_at: str  # ISO 8601
    ended_at: str
    resumed_at_ts: float = 0.0  # ms since epoch, device clock: time zero of every offset
    observed_s: float | None = None  # seconds observed after the resume (the timeline's span)
    hooks: list[HookReport] = Field(default_factory=list)
    consent: ConsentOutcome
    processes: list[ProcessRecord] = Field(default_factory=list)
    # A sent_* finding is a SentFinding (its own fields); every other finding a plain Finding,
    # whose JSON is unchanged. Left to right: a plain finding lacks what SentFinding requires.
    findings: list[Annotated[SentFinding | Finding, Field(union_mode="left_to_right")]] = Field(
        default_factory=list
    )
    # Every host the app contacted before consent, whatever it sent (harness.rules.sent).
    contacts_before_consent: list[HostContact] = Field(default_factory=list)
    event_count: int = 0
    problems: list[RunProblem] = Field(default_factory=list)
    # Every instrumentation probe the app made (bounded: the first and last 100, run/probes.py);
    # not findings: the app looked for Frida, it did not read personal data.
    probes: list[ProbeRecord] = Field(default_factory=list)
    probe_count: int = 0  # all of them, also those not listed
    evidence: list[PhaseEvidence] = Field(default_factory=list)  # in the order they were taken
    files: dict[str, str] = Field(default_factory=dict)  # role -> file name in the run folder
    # The app's static profile (harness.apk) beside what the run saw: the SDK inventory and the
    # declared processes that never started. None in reports written before it existed.
    static: StaticView | None = None
    # Where the run's wall time went, by phase (harness.report.timings); None in reports written
    # before it existed.
    timings: RunTimings | None = None
