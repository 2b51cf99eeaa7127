"""The static side of a run: the target's profile read before anything is installed (a bad APK
stops the run before a device is touched), then set beside what the run observed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from harness.apk.inspect import inspect_target
from harness.apk.inventory import StaticView, static_view
from harness.apk.model import ApkError, StaticProfile
from harness.attribution import Attributor, load_sdk_db
from harness.errors import InstallError, InstallFault
from harness.model import Finding, target_is_path
from harness.run.config import RunConfig

NO_PROFILE_FOR_PACKAGE = "the target is an installed package name: no APK was read"


def read_profile(config: RunConfig) -> StaticProfile | None:
    """The target's static profile; None for a bare package name. A bad or hostile APK is the
    app's own fault (InstallError, fault app: batch records it as the app's result)."""
    if not target_is_path(config.target):
        return None
    try:
        return inspect_target(Path(config.target), load_sdk_db(config.sdk_file))
    except ApkError as exc:
        raise InstallError(exc.message, fault=InstallFault.app) from None


def self_starts(
    profile: StaticProfile | None, attributor: Attributor, at_iso: str
) -> list[Finding]:
    """self_start findings from the profile's manifest entry points (none without a profile)."""
    from harness.rules.starts import StaticSelfStart, self_start_findings

    if profile is None:
        return []
    entries = (
        StaticSelfStart(s.component, s.process, s.trigger, tuple(s.actions))
        for s in profile.self_start
    )
    return self_start_findings(entries, attributor, at_iso)


def view_of_run(
    profile: StaticProfile | None,
    actor_calls: Mapping[tuple[str, str], int],
    findings: list[Finding],
    started: Iterable[str],
) -> StaticView:
    """`actor_calls`: the run's calls per (actor kind, actor name) (EventDigest.actor_calls)."""
    calls: Counter[str] = Counter()  # what sdk_calls counts, from counts (in the same order)
    for (kind, name), n in actor_calls.items():
        if kind == "sdk":
            calls[name] += n
    return static_view(profile, dict(calls), findings, started, note=NO_PROFILE_FOR_PACKAGE)
