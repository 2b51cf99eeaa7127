"""`harness hooks`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from harness.cli import app


def test_json_listing_filters_by_category() -> None:
    result = CliRunner().invoke(app, ["hooks", "--json", "--category", "sms"])
    assert result.exit_code == 0, result.output
    entries = json.loads(result.output)
    assert [e["id"] for e in entries] == [
        "contentResolver.query",  # sms by its `when` table (content://sms)
        "smsManager.sendTextMessage",
        "smsManager.sendMultipartTextMessage",
        "smsManager.sendDataMessage",
    ]
    assert all("sms" in e["categories"] for e in entries)


def test_table_lists_every_entry() -> None:
    result = CliRunner().invoke(app, ["hooks"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "telephony.getDeviceId" in result.output and "hooked APIs" in result.output


def test_unknown_category_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["hooks", "--category", "bogus"])
    assert result.exit_code != 0
    assert "unknown category 'bogus'" in str(result.exception)
