"""The stand-ins behind issue #16's catalogue additions behave as Android's do."""

from __future__ import annotations

import pytest

from tests.sim_framework.probes import Framework


@pytest.fixture(scope="module")
def out(framework: Framework) -> dict[str, str]:
    return framework.run("AdditionsProbe")


def test_geocoder_resolves_the_devices_position_and_nothing_far_away(out: dict[str, str]) -> None:
    assert out["geocoder.here"] == "1,Beijing,CN"
    assert out["geocoder.elsewhere"] == "0"
    assert out["geocoder.badLatitude"] == "IllegalArgumentException"
    assert out["geocoder.byName"] == "39.9042,116.4074"


def test_sms_needs_send_sms_and_a_destination(out: dict[str, str]) -> None:
    assert out["sms.denied"] == "SecurityException"
    assert out["sms.granted"] == "sent"
    assert out["sms.noDestination"] == "IllegalArgumentException"
    assert out["sms.parts"] == "3"


def test_uicc_card_and_device_policy(out: dict[str, str]) -> None:
    assert out["uicc.iccid"] == "0,89860012345678901234"
    assert out["dpm.mac"] == "SecurityException"


def test_registered_receivers_get_the_apps_own_broadcasts(framework: Framework) -> None:
    out = framework.run("BroadcastProbe")
    assert out["before_loop"] == "0"
    # the plain broadcast and the one set to the app's own package; not another action, not
    # another package, not an explicit component (manifest receivers are not simulated)
    assert out["received"] == "com.example.probe.PING@main,com.example.probe.PING@main"
    assert out["after_unregister"] == "2"
    assert out["unregister_again"] == "IllegalArgumentException"
