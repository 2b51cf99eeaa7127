"""TelephonyManager identifiers, operator and cell data, and their permission checks."""

from __future__ import annotations

import pytest

from tests.sim_framework.probes import Framework

IDENTIFIERS = {
    "getDeviceId": "861234567890123",
    "getDeviceId1": "861234567890135",
    "getImei": "861234567890123",
    "getImei0": "861234567890123",
    "getImei1": "861234567890135",
    "getMeid": "A0000049876543",
    "getSubscriberId": "460001234567890",
    "getSimSerialNumber": "89860012345678901234",
    "getLine1Number": "+8613800138000",
    "getCellLocation": "4187/26738433",
    "getAllCellInfo": "2:true:26738433:46000",
}
OPERATOR = {
    "getNetworkOperator": "46000",
    "getNetworkOperatorName": "CHINA MOBILE",
    "getSimOperator": "46000",
    "getSimOperatorName": "CHINA MOBILE",
}


@pytest.fixture(scope="module")
def out(framework: Framework) -> dict[str, str]:
    return framework.run("TelephonyProbe")


def test_manager_is_cached_per_process(out: dict[str, str]) -> None:
    assert out["same_instance"] == "true"


@pytest.mark.parametrize(("api", "value"), IDENTIFIERS.items())
def test_identifier_with_permission(out: dict[str, str], api: str, value: str) -> None:
    assert out[f"granted.{api}"] == value


@pytest.mark.parametrize("api", IDENTIFIERS)
def test_identifier_without_permission_throws(out: dict[str, str], api: str) -> None:
    assert out[f"denied.{api}"] == "SecurityException"


@pytest.mark.parametrize(("api", "value"), OPERATOR.items())
def test_operator_needs_no_permission(out: dict[str, str], api: str, value: str) -> None:
    assert out[f"granted.{api}"] == value
    assert out[f"denied.{api}"] == value


def test_slot_out_of_range_is_null(out: dict[str, str]) -> None:
    assert out["granted.getImei5"] == "null"


def test_line1_accepts_read_sms_but_device_id_does_not(out: dict[str, str]) -> None:
    assert out["sms_only.getLine1Number"] == "+8613800138000"
    assert out["sms_only.getDeviceId"] == "SecurityException"
    assert out["coarse.getCellLocation"] == "true"
