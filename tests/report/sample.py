"""A realistic run for report tests: real models, hostile strings where the app controls text."""

from __future__ import annotations

from pathlib import Path

from harness.attribution import Attributor, load_sdk_db
from harness.model import CallEvent, Category, HookFailure, HookReport, MarkerEvent, ProcessEvent
from harness.report.model import (
    ConsentOutcome,
    DeviceSummary,
    MarkerRecord,
    ProcessRecord,
    RunProblem,
    RunReport,
    TargetInfo,
)
from harness.rules import evaluate
from harness.run.config import RunConfig

APP = "com.example.shop"
T0 = 1_700_000_000_000.0
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
HOSTILE_STACK = [
    f"com.qq.e.comm.{IMG}.Device.id(Unknown Source)",
    f"{APP}.Boot.run(Boot.java:1)",
]

Events = list[CallEvent | MarkerEvent | ProcessEvent]


def sample_events(n_flood: int = 0) -> Events:
    seq = {100: 0, 200: 0}

    def nxt(pid: int) -> int:
        seq[pid] += 1
        return seq[pid]

    events: Events = []

    def call(at: float, pid: int = 100, **kw: object) -> None:
        process = APP if pid == 100 else f"{APP}:push"
        fields: dict[str, object] = dict(
            api="android.telephony.TelephonyManager.getDeviceId",
            category=Category.device_id,
            stack=HOSTILE_STACK,
            ret=SCRIPT,
            thread=f"main{SCRIPT}",
        )
        fields.update(kw)
        events.append(
            CallEvent(seq=nxt(pid), ts=T0 + at * 1000, pid=pid, process=process, **fields)
        )  # type: ignore[arg-type]

    def mark(at: float, name: str) -> None:
        for i, pid in enumerate((100, 200)):
            process = APP if pid == 100 else f"{APP}:push"
            events.append(
                MarkerEvent(
                    seq=nxt(pid), ts=T0 + at * 1000 + i, pid=pid, process=process, name=name
                )
            )

    events.append(ProcessEvent(seq=-1, ts=T0, pid=100, process=APP, state="started"))
    call(0.4)
    call(
        0.6,
        api="android.provider.Settings$Secure.getString",
        category=Category.android_id,
        stack=[f"{APP}.MainActivity.onCreate(MainActivity.java:3)"],
        ret="a1b2****",
    )
    call(
        1.0,
        pid=200,
        category=Category.location,
        api="android.location.LocationManager.getLastKnownLocation",
        stack=["com.baidu.location.LocationClient.start(Unknown Source)"],
        ret=None,
        denied=True,
        threw="java.lang.SecurityException: no ACCESS_FINE_LOCATION",
    )
    mark(3.0, "consent_dialog_shown")
    for i in range(n_flood):
        call(3.1 + i * 0.001, stack=[f"{APP}.Flood.poll(Flood.java:1)"], ret="x" * 2000)
    mark(15.0, "consent_accepted")
    call(16.0)
    mark(25.0, "app_background")
    call(
        26.0,
        pid=200,
        category=Category.location,
        api="android.location.LocationManager.getLastKnownLocation",
        stack=["com.baidu.location.LocationClient.start(Unknown Source)"],
        ret="39.9,116.3",
    )
    return events


def sample_report(events: Events, out: Path, *, status: str = "completed") -> RunReport:
    config = RunConfig(target=f"apps/{SCRIPT}", out=out)
    findings = evaluate(
        events,
        attributor=Attributor(load_sdk_db(), APP),
        resumed_at_ts=T0,
        frequency=config.frequency,
        consent_outcome="accepted",
    )
    markers = [
        MarkerRecord(name=n, ts=T0 + s * 1000, offset_s=s)
        for n, s in (
            ("consent_dialog_shown", 3.0),
            ("consent_accepted", 15.0),
            ("app_background", 25.0),
        )
    ]
    problems = (
        []
        if status == "completed"
        else [
            RunProblem(kind="app_crashed", message=f"process {APP}:push ended: {SCRIPT}", at_s=27.0)
        ]
    )
    return RunReport(
        tool_version="0.1.0",
        status=status,  # type: ignore[arg-type]
        target=TargetInfo(
            package=APP, version_name=f"1.0{IMG}", version_code=7, source=config.target
        ),
        device=DeviceSummary(
            name="sim", kind="sim", model=f"Pixel {SCRIPT}", android_version="13", api_level=33
        ),
        settings=config.model_dump(mode="json"),
        started_at="2023-11-14T22:13:19.000+00:00",
        ended_at="2023-11-14T22:14:00.000+00:00",
        resumed_at_ts=T0,
        hooks=[
            HookReport(
                process=APP,
                pid=100,
                hooked=["telephony.getDeviceId", "settings.android_id"],
                missing=[HookFailure(id="telephony.getMeid", reason="absent on API 33")],
                failed=[HookFailure(id="wifi.getMac", reason=f"boom {SCRIPT}")],
            )
        ],
        consent=ConsentOutcome(
            mode="accept",
            dialog_detected=True,
            outcome="accepted",
            detail=f"accepted: tapped {IMG!r}",
            markers=markers,
        ),
        processes=[
            ProcessRecord(pid=100, name=APP, first_seen_s=0.0, ended="killed"),
            ProcessRecord(pid=200, name=f"{APP}:push", first_seen_s=0.2, ended="crashed"),
        ],
        findings=findings,
        event_count=sum(1 for e in events if isinstance(e, CallEvent)),
        problems=problems,
    )
