"""What the probe's run must show, checked item by item: the bench (ABI, SELinux, frida-server,
from `harness doctor`'s checks), the run itself, every process, hook, call and marker."""

from __future__ import annotations

from collections.abc import Sequence

from harness.device.status import Check
from harness.model import AnyEvent, CallEvent, HookReport, MarkerEvent
from harness.report.model import RunReport
from harness.selftest.model import SelftestItem, SelftestReport
from harness.selftest.spec import ProbeSpec

FIX_PROCESS = (
    "the spawn gate did not see it: check `harness doctor` (frida-server version, SELinux) and "
    "that the device allows a second process (adb logcat for the service's crash)"
)
FIX_HOOK = "this catalogue entry does not fit the device's Android version (or the ROM changed it)"
FIX_CALL = (
    "the hook is installed but the call was not seen: look at adb logcat -s HarnessProbe for the "
    "probe's refusal, and at the hook report's failures"
)
FIX_MARKER = "the agent's mark RPC did not reach the process: see the run's problems"


def evaluate(
    spec: ProbeSpec,
    device: str,
    target: str,
    report: RunReport | None,
    events: Sequence[AnyEvent],
    bench: Sequence[Check] = (),
    error: str = "",
) -> SelftestReport:
    items = [
        SelftestItem(kind="bench", name=c.name, ok=c.status != "fail", detail=c.detail, fix=c.fix)
        for c in bench
    ]
    if report is None:
        items.append(SelftestItem(kind="run", name="probe run", ok=False, detail=error))
        return SelftestReport(device=device, target=target, passed=False, items=items)
    items.append(
        SelftestItem(
            kind="run",
            name="probe run",
            ok=report.status == "completed" and not error,
            detail="; ".join([error] * bool(error) + [p.message for p in report.problems])
            or report.status,
        )
    )
    items.append(
        SelftestItem(
            kind="run",
            name="consent dialog answered",
            ok=report.consent.outcome == "accepted",
            detail=report.consent.detail or report.consent.outcome,
            fix="the detector did not find the probe's dialog: `harness consent inspect` a dump",
        )
    )
    started = {p.name for p in report.processes}
    calls = {(e.process, e.hook_id) for e in events if isinstance(e, CallEvent)}
    main = spec.package
    # a marker counts once the agent echoed it in the main process's own stream (the
    # controller's record of sending it is not proof that it arrived)
    seen_markers = {e.name for e in events if isinstance(e, MarkerEvent) and e.process == main}
    hooks_by_process = {h.process: h for h in report.hooks}
    for proc in spec.processes:
        name = proc.full_name(spec.package)
        up = name in started
        items.append(
            SelftestItem(
                kind="process",
                name=name,
                ok=up,
                detail="started with the agent" if up else "never started",
                fix="" if up else FIX_PROCESS,
            )
        )
        hook_report = hooks_by_process.get(name)
        for hook in proc.hooks:
            items.append(_hook_item(name, hook, hook_report))
            fired = (name, hook) in calls
            items.append(
                SelftestItem(
                    kind="call",
                    name=f"{hook} in {name}",
                    ok=fired,
                    detail="recorded" if fired else "no call recorded",
                    fix="" if fired else FIX_CALL,
                )
            )
    for marker in spec.markers:
        ok = marker in seen_markers
        items.append(
            SelftestItem(
                kind="marker",
                name=marker,
                ok=ok,
                detail="in the main process's event stream" if ok else "missing",
                fix="" if ok else FIX_MARKER,
            )
        )
    return SelftestReport(
        device=device, target=target, passed=all(i.ok for i in items), items=items
    )


def _hook_item(process: str, hook: str, report: HookReport | None) -> SelftestItem:
    name = f"{hook} in {process}"
    if report is None:
        return SelftestItem(
            kind="hook", name=name, ok=False, detail="no hook report from this process"
        )
    for failure in report.failed:
        if failure.id == hook:
            return SelftestItem(
                kind="hook", name=name, ok=False, detail=f"failed: {failure.reason}", fix=FIX_HOOK
            )
    for failure in report.missing:
        if failure.id == hook:
            return SelftestItem(
                kind="hook", name=name, ok=False, detail=f"missing: {failure.reason}", fix=FIX_HOOK
            )
    ok = hook in report.hooked
    return SelftestItem(
        kind="hook", name=name, ok=ok, detail="installed" if ok else "not in the hook report"
    )
