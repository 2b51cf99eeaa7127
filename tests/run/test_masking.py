"""Scrubbing: a device's identifiers are masked in every form a log or a dump shows them."""

from __future__ import annotations

from harness.masking import Scrubber, forms, mask


def test_each_form_of_a_value_is_masked_as_the_agent_masks() -> None:
    scrub = Scrubber(["861234567890123", "f0:5c:77:3a:9e:21", '"LabWiFi"'])
    text = 'imei=861234567890123 mac=F0:5C:77:3A:9E:21 bare=f05c773a9e21 ssid="LabWiFi"'
    out = scrub.scrub(text)
    assert "861234567890123" not in out and mask("861234567890123") in out
    assert "3A:9E" not in out and "773a9e" not in out
    assert "LabWiFi" not in out and mask('"LabWiFi"') in out


def test_short_values_are_no_needles_and_an_empty_scrubber_changes_nothing() -> None:
    assert forms("cn") == set()
    assert Scrubber(["cn", "01"]).scrub("cn 01") == "cn 01"
    assert not Scrubber()
    assert Scrubber().scrub("861234567890123") == "861234567890123"


def test_bytes_that_are_not_utf8_pass_through() -> None:
    data = b"\xff\xfe imei 861234567890123 \x00"
    out = Scrubber(["861234567890123"]).scrub_bytes(data)
    assert out.startswith(b"\xff\xfe imei 86") and b"861234567890123" not in out
    assert out.endswith(b"123 \x00")
