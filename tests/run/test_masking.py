"""Scrubbing: a device's identifiers are masked in every form a log or a dump shows them."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

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


_TRICKY = 'abefKkSsIi\u212a\u017f\u0130\u0131:"+-0123456789 LabWiFi\u4e2d'


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.text(alphabet=_TRICKY, min_size=6, max_size=14), min_size=1, max_size=4),
    st.text(alphabet=_TRICKY, max_size=40),
    st.data(),
)
def test_the_cheap_pre_test_never_skips_a_text_the_pattern_would_change(
    values: list[str], noise: str, data: st.DataObject
) -> None:
    scrubber = Scrubber(values)
    if not scrubber:
        return
    # a value as an app may write it: each letter in another case or its IGNORECASE twin
    value = data.draw(st.sampled_from(scrubber.needles))
    twins = {"k": "\u212a", "s": "\u017f", "i": "\u0130", "I": "\u0131"}
    varied = "".join(
        data.draw(st.sampled_from([c, c.upper(), c.lower(), twins.get(c, c)])) for c in value
    )
    text = noise[: len(noise) // 2] + varied + noise[len(noise) // 2 :]
    pattern = re.compile("|".join(re.escape(n) for n in scrubber.needles), re.IGNORECASE)
    expected = pattern.sub(lambda m: mask(m.group(0)), text)
    assert scrubber.scrub(text) == expected
    assert scrubber.scrub(noise) == pattern.sub(lambda m: mask(m.group(0)), noise)
