"""The SDK knowledge base: the shipped data validates, lab files merge on top, errors name the
file and the entry at fault."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness.attribution import Attributor, load_sdk_db
from harness.attribution.knowledge import BUILTIN_SDK_FILE, read_sdk_file
from harness.errors import ConfigError

# The project's shared SDK reference table, vendored so that the test reads only the checkout.
REFERENCE = Path(__file__).parent / "fixtures" / "sdk-prefixes.md"


def test_builtin_list_is_valid_and_large() -> None:
    db = load_sdk_db()
    assert len(db) >= 120
    names = [e.name for e in db.entries]
    assert len(names) == len(set(names))


def test_every_reference_prefix_is_known() -> None:
    db = load_sdk_db()
    rows = [
        line
        for line in REFERENCE.read_text(encoding="utf-8").splitlines()
        if line.startswith("| ") and not line.startswith("| SDK")
    ]
    prefixes = [p.strip() for row in rows for p in row.split("|")[3].split(",")]
    assert len(prefixes) > 80
    for prefix in prefixes:
        match = db.match(prefix + ".Probe")
        assert match is not None and match.prefix == prefix, prefix


def test_lab_file_overrides_and_adds(tmp_path: Path) -> None:
    lab = tmp_path / "lab-sdks.yaml"
    lab.write_text(
        "schema: 1\n"
        "sdks:\n"
        "  - {name: Our Umeng, vendor: Lab, category: analytics, prefixes: [com.umeng.analytics]}\n"
        "  - {name: Bugly, vendor: Tencent (lab), category: crash_reporting,"
        " prefixes: [com.tencent.bugly, com.tencent.rqd]}\n"
        "  - {name: Local Tracker, vendor: ACME, category: ads, prefixes: [com.acme.track]}\n",
        encoding="utf-8",
    )
    db = load_sdk_db(lab)
    who = Attributor(db, "org.app")
    assert who.attribute(["com.umeng.analytics.A.b(A.java:1)"]).name == "Our Umeng"
    # the built-in entry keeps its other prefix
    assert who.attribute(["com.umeng.commonsdk.A.b(A.java:1)"]).name == "Umeng Analytics"
    bugly = who.attribute(["com.tencent.rqd.A.b(A.java:1)"])
    assert (bugly.name, bugly.vendor) == ("Bugly", "Tencent (lab)")
    assert who.attribute(["com.acme.track.X.y(X.java:1)"]).kind == "sdk"
    assert len([e for e in db.entries if e.name == "Bugly"]) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sdks: [ {name: X, prefixes: []} ]", r"sdks\[0\] \(X\)\.prefixes"),
        ("sdks:\n  - {name: X, prefixes: ['com..bad']}", r"not a Java package prefix"),
        ("sdks:\n  - {name: X, prefixes: [com.x], colour: red}", r"colour"),
        ("sdks:\n  - {name: X, category: spyware, prefixes: [com.x]}", r"category"),
        ("sdks:\n  - {name: X, prefixes: [com.x]}\n  - {name: X, prefixes: [com.y]}", "twice"),
        (
            "sdks:\n  - {name: X, prefixes: [com.x]}\n  - {name: Y, prefixes: [com.x]}",
            "claimed by both",
        ),
        ("- just a list", "mapping"),
        ("sdks: [", "not valid YAML"),
        ("schema: 7\nsdks: []", "schema 7"),
    ],
)
def test_bad_lab_file_names_file_and_field(tmp_path: Path, text: str, expected: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_sdk_db(bad)
    assert str(bad) in str(err.value)
    assert re.search(expected, str(err.value)), str(err.value)


def test_missing_lab_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_sdk_db(tmp_path / "nope.yaml")


def test_builtin_file_roundtrips() -> None:
    entries = read_sdk_file(BUILTIN_SDK_FILE)
    assert all(e.prefixes for e in entries)
    assert {"ads", "analytics", "push"} <= {e.category for e in entries}
