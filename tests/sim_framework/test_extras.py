"""Less common hooked APIs: subscriptions, phone-state listeners, cell updates, LE scans,
clip descriptions, launcher activities and asynchronous account lookups."""

from __future__ import annotations

import pytest

from tests.sim_framework.probes import Framework


@pytest.fixture(scope="module")
def out(framework: Framework) -> dict[str, str]:
    return framework.run("ExtrasProbe")


def test_denied_without_permissions(out: dict[str, str]) -> None:
    assert out["denied.subscriptions"] == "SecurityException"
    assert out["denied.listen_cell"] == "SecurityException"
    assert out["denied.serviceState"] == "SecurityException"
    assert out["denied.le_scan"] == "[]"  # no location permission: no results, no error
    assert out["denied.accountsByFeatures"] == "true"


def test_subscription_and_cell_data(out: dict[str, str]) -> None:
    assert out["subscriptions"] == "89860012345678901234|+8613800138000|CHINA MOBILE|+8613800138000"
    assert out["serviceState"] == "0|46000"
    assert out["neighbours"] == "17521"
    assert out["cellInfoUpdate"] == "[2:9365/17521]"


def test_phone_state_listener_called_back_on_main_looper(out: dict[str, str]) -> None:
    assert out["phone_state_events"] == "[service:CHINA MOBILE, call:0, cell:26738433]"


def test_le_scan_reports_paired_devices(out: dict[str, str]) -> None:
    assert out["le_scan"] == "[5C:C1:D7:11:22:33@-60, C8:0F:10:44:55:66@-67]"


def test_clipboard_description_and_legacy_interface(out: dict[str, str]) -> None:
    assert out["clip_description"] == "sms code|true|验证码 123456"


def test_launcher_and_packages_holding_permissions(out: dict[str, str]) -> None:
    assert out["launcher"] == "[com.tencent.mm/com.tencent.mm.ui.LauncherUI|WeChat]"
    assert out["packages_holding"] == "1"


def test_accounts_by_type_and_features_calls_back(out: dict[str, str]) -> None:
    assert out["accounts_by_features"] == "[user@example.com]"
