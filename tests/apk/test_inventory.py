"""static_view: embedded SDKs against the SDKs a run saw, and processes that never started."""

from __future__ import annotations

from harness.apk.inventory import sdk_calls, static_view
from harness.apk.model import Component, EmbeddedSdk, StaticProfile
from harness.model import Actor, Category, Finding, Rule


def _profile() -> StaticProfile:
    sdk = EmbeddedSdk(name="JPush", prefixes=["cn.jpush.android"], class_count=2, classes=["c.A"])
    quiet = EmbeddedSdk(name="Bugly", prefixes=["com.tencent.bugly"], class_count=1, classes=[])
    comps = [
        Component(kind="service", name="p.Push", process="com.x:push", exported=False),
        Component(kind="service", name="p.Sync", process="com.x:sync", exported=False),
        Component(kind="activity", name="com.x.Main", process="com.x", exported=True),
    ]
    return StaticProfile(
        source="x.apk", kind="apk", sha256="0" * 64, size=1, package="com.x",
        sdks=[sdk, quiet], components=comps, processes=["com.x", "com.x:push", "com.x:sync"],
    )  # fmt: skip


def _finding(sdk: str, rule: Rule) -> Finding:
    return Finding(
        rule=rule, data=Category.device_id, api="T.getDeviceId", process="com.x",
        actor=Actor(kind="sdk", name=sdk, package="p", vendor="V"), count=1,
        first_at="2026-01-01T00:00:00Z", first_offset_s=0.1,
    )  # fmt: skip


def test_three_statuses_and_unstarted_processes() -> None:
    calls = sdk_calls([("sdk", "JPush"), ("sdk", "JPush"), ("sdk", "Loaded Later"), ("app", "x")])
    findings = [_finding("JPush", Rule.pre_consent), _finding("Loaded Later", Rule.background)]
    view = static_view(_profile(), calls, findings, ["com.x", "com.x:push"])
    rows = {r.sdk: (r.status, r.embedded, r.calls, r.rules) for r in view.sdk_inventory}
    assert rows == {
        "JPush": ("collected", True, 2, {"pre_consent": 1}),
        "Bugly": ("silent", True, 0, {}),
        "Loaded Later": ("not_in_static", False, 1, {"background": 1}),
    }
    assert [u.process for u in view.unstarted_processes] == ["com.x:sync"]


def test_no_profile_keeps_the_reason() -> None:
    view = static_view(None, {}, [], [], note="installed package")
    assert view.profile is None and view.note == "installed package" and not view.sdk_inventory
