"""The static profile set beside what a run observed: per SDK, embedded and collecting, embedded
but silent, or collecting without being in the static list; declared processes never started."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Literal

from pydantic import BaseModel, Field

from harness.apk.model import Name, StaticProfile
from harness.model import Finding

PresenceStatus = Literal["collected", "silent", "not_in_static"]
STATUS_TEXT: dict[str, str] = {
    "collected": "present and collected",
    "silent": "present but not triggered in the observation windows",
    "not_in_static": "collected but not in the static list (e.g. dynamically loaded code)",
}


class SdkPresence(BaseModel):
    sdk: str
    vendor: str = ""
    status: PresenceStatus
    embedded: bool  # found in the app's classes
    calls: int = 0  # privacy-relevant calls attributed to it during the run
    rules: dict[str, int] = Field(default_factory=dict)  # rule -> findings
    classes: list[Name] = Field(default_factory=list)  # static evidence: matching classes

    @property
    def text(self) -> str:
        return STATUS_TEXT[self.status]


class UnstartedProcess(BaseModel):
    process: Name
    components: list[Name]  # the components declared to run in it


class StaticView(BaseModel):
    """What report.json carries under `static`."""

    profile: StaticProfile | None = None
    sdk_inventory: list[SdkPresence] = Field(default_factory=list)
    unstarted_processes: list[UnstartedProcess] = Field(default_factory=list)
    note: str = ""  # why there is no profile (an installed package name), or ""


def sdk_calls(actor_names: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Calls per SDK from (actor kind, actor name) pairs, one per recorded call."""
    return dict(Counter(name for kind, name in actor_names if kind == "sdk"))


def static_view(
    profile: StaticProfile | None,
    calls_by_sdk: Mapping[str, int],
    findings: list[Finding],
    started: Iterable[str],
    *,
    note: str = "",
) -> StaticView:
    if profile is None:
        return StaticView(note=note)
    rules: dict[str, Counter[str]] = {}
    vendors: dict[str, str] = {}
    for f in findings:
        if f.actor.kind == "sdk":
            rules.setdefault(f.actor.name, Counter())[f.rule.value] += 1
            vendors[f.actor.name] = f.actor.vendor
    rows: list[SdkPresence] = []
    embedded = {s.name for s in profile.sdks}
    for s in profile.sdks:
        calls = calls_by_sdk.get(s.name, 0)
        rows.append(
            SdkPresence(
                sdk=s.name,
                vendor=s.vendor,
                status="collected" if calls or s.name in rules else "silent",
                embedded=True,
                calls=calls,
                rules=dict(rules.get(s.name, {})),
                classes=s.classes,
            )
        )
    for name in sorted((set(calls_by_sdk) | set(rules)) - embedded):
        rows.append(
            SdkPresence(
                sdk=name,
                vendor=vendors.get(name, ""),
                status="not_in_static",
                embedded=False,
                calls=calls_by_sdk.get(name, 0),
                rules=dict(rules.get(name, {})),
            )
        )
    seen = set(started)
    unstarted = [
        UnstartedProcess(process=proc, components=[c.name for c in comps])
        for proc, comps in profile.process_components().items()
        if proc not in seen
    ]
    return StaticView(profile=profile, sdk_inventory=rows, unstarted_processes=unstarted)
