"""Per-SDK and per-category roll-ups of findings."""

from __future__ import annotations

from harness.attribution import Attributor, load_sdk_db
from harness.model import Category
from harness.rules import by_actor, by_category, evaluate
from tests.rules.builders import APP, APP_STACK, T0, Stream


def test_rollups() -> None:
    s = Stream()
    s.call(0.2, stack=APP_STACK, category=Category.android_id, api="Settings$Secure.getString")
    s.call(1.0)
    s.call(1.5)
    s.call(1.7)
    s.mark(20.0, "app_background")
    s.call(21.0)
    findings = evaluate(s.events, attributor=Attributor(load_sdk_db(), APP), resumed_at_ts=T0)
    actors = by_actor(findings)
    assert [(a.kind, a.name) for a in actors] == [("app", APP), ("sdk", "Tencent GDT Ads (优量汇)")]
    sdk = actors[1]
    assert sdk.vendor == "Tencent"
    assert sdk.rules == {"pre_consent": 4, "excessive_frequency": 3, "background": 1}
    assert sdk.categories == {"device_id": 8}
    assert sdk.first_offset_s == 1.0
    assert sdk.calls == 8
    cats = by_category(findings)
    assert [c.category for c in cats] == ["android_id", "device_id"]
    assert cats[1].actors == {"Tencent GDT Ads (优量汇)": 8}
    assert by_actor([]) == [] and by_category([]) == []
