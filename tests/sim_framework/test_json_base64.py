"""org.json and android.util.Base64 stand-ins: Android's formatting, which apps' request bodies
(and so the network evidence) depend on."""

from __future__ import annotations

import pytest

from tests.sim_framework.probes import Framework


@pytest.fixture(scope="module")
def out(framework: Framework) -> dict[str, str]:
    return framework.run("JsonBase64Probe")


def test_json_object_writes_as_android_does(out: dict[str, str]) -> None:
    # insertion order; "/" escaped as "\/"; a null put removes the key; 1.0 written as 1
    assert out["json"] == (
        '{"imei":"861234567890123","url":"https:\\/\\/a.example\\/x","n":3,"lat":39.9042,'
        '"ok":true,"list":["a\\"b",1,null]}'
    )
    assert out["parsed"] == 'https://a.example/x|3|39.9042|a"b|false'


def test_base64_flags(out: dict[str, str]) -> None:
    assert out["b64.default"] == "M2Y4ZTJiN2M5ZDEwNGE2NQ==\\n"  # DEFAULT ends lines with \n
    assert out["b64.nowrap"] == "M2Y4ZTJiN2M5ZDEwNGE2NQ=="
    assert out["b64.urlsafe"] == "-_8"
    assert out["b64.lines"] == "3|76"  # 80 characters: a line of 76, a line of 4, then ""
    assert out["b64.decode"] == "3f8e2b7c9d104a65"
    assert out["b64.decodeUrl"] == "[-5, -1]"
