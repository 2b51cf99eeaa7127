"""ContentResolver.query over the fixed system providers, Cursor behaviour and Uri parsing."""

from __future__ import annotations

import pytest

from tests.sim_framework.probes import Framework


@pytest.fixture(scope="module")
def out(framework: Framework) -> dict[str, str]:
    return framework.run("ProvidersProbe")


def test_content_uris_have_real_values(out: dict[str, str]) -> None:
    assert out["uri.contacts"] == "content://com.android.contacts/contacts"
    assert out["uri.phones"] == "content://com.android.contacts/data/phones"
    assert out["uri.calls"] == "content://call_log/calls"
    assert out["uri.sms"] == "content://sms"
    assert out["uri.events"] == "content://com.android.calendar/events"


def test_uri_parse_splits_like_android(out: dict[str, str]) -> None:
    assert out["parse.scheme"] == "https"
    assert out["parse.authority"] == "user@example.com:8443"
    assert out["parse.host"] == "example.com"
    assert out["parse.port"] == "8443"
    assert out["parse.path"] == "/a/b c"
    assert out["parse.segments"] == "[a, b c]"
    assert out["parse.y"] == "two words"
    assert out["parse.fragment"] == "frag"
    assert out["parse.roundtrip"] == "https://user@example.com:8443/a/b%20c?x=1&y=two%20words#frag"
    assert out["parse.opaque"] == "true:a@b.c"
    assert out["parse.built"] == "content://sms/inbox?limit=2"


@pytest.mark.parametrize("table", ["contacts", "calls", "sms", "events"])
def test_query_without_permission_throws(out: dict[str, str], table: str) -> None:
    assert out[f"denied.{table}"] == "SecurityException"


def test_unknown_authority_gives_null(out: dict[str, str]) -> None:
    assert out["unknown_authority"] == "null"


def test_rows_and_projection(out: dict[str, str]) -> None:
    assert out["contacts"] == "3:1|张伟;2|Alice Smith;3|李娜"
    assert out["phones"] == "3:张伟|+8613912345678;Alice Smith|+14155550123;李娜|+8613698765432"
    assert out["contact2"] == "1:Alice Smith"
    assert out["calls"] == "3:+8613912345678|1|125;+14155550123|3|0;10086|2|61"
    assert out["sms"].startswith("3:10086|【中国移动】")
    assert "验证码为 482913" in out["sms"]
    assert out["sms_inbox_count"] == "2"
    assert out["events"] == "2:Team meeting|1700042400000;牙医预约|1700128800000"
    assert out["all_columns"] == "_id,number,date,duration,type,name"


def test_bad_requests_fail_as_on_android(out: dict[str, str]) -> None:
    assert out["bad_column"] == "IllegalArgumentException"
    assert out["unknown_path"] == "IllegalArgumentException"
    assert out["cursor_out_of_range"] == "CursorIndexOutOfBoundsException"


def test_cursor_navigation(out: dict[str, str]) -> None:
    # before first; last row's name, _id and type (INTEGER); moveToNext past the end;
    # isAfterLast; closed; index of an unknown column
    assert out["cursor"] == "true:李娜:3:1:false:true:true:-1"
