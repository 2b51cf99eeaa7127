"""SARIF 2.1.0 for code-scanning upload: one result per finding key of the run.

New and expired-waiver findings are errors; baselined ones are notes; waived ones are notes with
an external suppression carrying the reason. Every result points at a file the app team owns
(places.py): the app's own calling frame, else its manifest, else the project file; the SDK frame
that made the read is named in the message and in `relatedLocations`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness import __version__
from harness.attribution.frames import Frame
from harness.check.compare import CheckEntry, CheckResult, Status
from harness.check.key import KEY_VERSION
from harness.check.places import Place, Places, locate
from harness.check.rules import RULE_TEXT
from harness.check.text import clean, sarif_message
from harness.model import Rule, SentFinding
from harness.untrusted import visible_data

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_NAME = f"harnessFindingKey/{KEY_VERSION}"
_LEVEL = {
    Status.new: "error",
    Status.expired: "error",
    Status.baselined: "note",
    Status.waived: "note",
}
_BASELINE_STATE = {
    Status.new: "new",
    Status.expired: "new",
    Status.baselined: "unchanged",
    Status.waived: "unchanged",
}


def sarif_log(result: CheckResult, *, places: Places) -> dict[str, Any]:
    rules = list(Rule)
    driver = {
        "name": "harness",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [_rule(rule) for rule in rules],
    }
    results = [
        _result(entry, rules.index(entry.key.rule), locate_entry(entry, places, result.package))
        for entry in result.entries
        if entry.status in _LEVEL
    ]
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "automationDetails": {"id": f"harness-check/{clean(result.package, 200)}/"},
                "invocations": [
                    {
                        "executionSuccessful": result.complete,
                        "toolExecutionNotifications": [
                            {"level": "warning", "message": sarif_message(clean(p))}
                            for p in result.problems
                        ],
                    }
                ],
                "results": results,
            }
        ],
    }


def write_sarif(result: CheckResult, path: Path, *, places: Places) -> None:
    # every string of the log (messages, names, paths from the app) with controls visible
    log = visible_data(sarif_log(result, places=places))
    path.write_text(json.dumps(log, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _rule(rule: Rule) -> dict[str, Any]:
    name, title, why = RULE_TEXT[rule]
    return {
        "id": rule.value,
        "name": name,
        "shortDescription": {"text": title},
        "fullDescription": {"text": f"{title}. {why}"},
        "help": {"text": why},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["privacy", "consent"]},
    }


def locate_entry(entry: CheckEntry, places: Places, package: str) -> Place:
    assert entry.finding is not None  # fixed entries are not results
    return locate(entry.finding, places, package)


def _frame_text(frame: Frame) -> str:
    where = f"{frame.file}:{frame.line}" if frame.file and frame.line else frame.file or "?"
    return clean(f"{frame.function}({where})")


def _result(entry: CheckEntry, rule_index: int, place: Place) -> dict[str, Any]:
    key, finding = entry.key, entry.finding
    assert finding is not None  # fixed entries are not results
    message = (
        f"{RULE_TEXT[key.rule][1]}: {key.data.value} via {clean(key.api)}"
        + (f" to {clean(key.host, 253)}" if key.host else "")
        + " by "
        f"{clean(key.actor)}, {finding.count}x in {clean(finding.process, 120)}, first at "
        f"{finding.first_offset_s:.2f} s ({entry.status.value})."
    )
    if place.app_frame is not None:
        message += f" Called from the app's {_frame_text(place.app_frame)}."
    if place.sdk_frame is not None:
        message += f" Read in {clean(key.actor_kind)} code at {_frame_text(place.sdk_frame)}."
    logical = [{"fullyQualifiedName": clean(key.api), "kind": "function"}]
    if place.app_frame is not None:
        logical.insert(
            0, {"fullyQualifiedName": clean(place.app_frame.function), "kind": "function"}
        )
    elif place.sdk_frame is not None:
        logical.insert(
            0, {"fullyQualifiedName": clean(place.sdk_frame.function), "kind": "function"}
        )
    elif key.actor_package:
        logical.insert(0, {"fullyQualifiedName": clean(key.actor_package), "kind": "namespace"})
    physical = {"artifactLocation": {"uri": place.uri}, "region": {"startLine": place.line}}
    out: dict[str, Any] = {
        "ruleId": key.rule.value,
        "ruleIndex": rule_index,
        "level": _LEVEL[entry.status],
        "baselineState": _BASELINE_STATE[entry.status],
        "message": sarif_message(message),
        "locations": [{"physicalLocation": physical, "logicalLocations": logical}],
        "partialFingerprints": {FINGERPRINT_NAME: entry.fingerprint},
        "properties": {
            "status": entry.status.value,
            "data": key.data.value,
            "api": clean(key.api),
            "actor": {
                "kind": key.actor_kind,
                "name": clean(key.actor_name),
                "package": clean(key.actor_package),
            },
            "process": clean(finding.process, 120),
            "count": finding.count,
            "firstOffsetSeconds": finding.first_offset_s,
            "phase": clean(finding.phase, 60),
            "location": place.kind,
            "appFrame": _frame_text(place.app_frame) if place.app_frame else "",
            "sdkFrame": _frame_text(place.sdk_frame) if place.sdk_frame else "",
        },
    }
    if key.host:  # a sent_* finding: where the data went
        out["properties"]["host"] = clean(key.host, 253)
        if isinstance(finding, SentFinding):
            out["properties"]["encoding"] = clean(finding.encoding, 80)
            out["properties"]["readApi"] = clean(finding.read_api)
    if place.sdk_frame is not None:
        # no physical location: the SDK's source is not in the team's repository
        out["relatedLocations"] = [
            {
                "id": 1,
                "message": sarif_message(
                    f"{clean(key.actor)} frame (not in this repository): "
                    f"{_frame_text(place.sdk_frame)}"
                ),
                "logicalLocations": [
                    {"fullyQualifiedName": clean(place.sdk_frame.function), "kind": "function"}
                ],
            }
        ]
    if entry.status == Status.waived and entry.waiver is not None:
        out["suppressions"] = [
            {
                "kind": "external",
                "justification": clean(
                    f"{entry.waiver.reason} (waived until {entry.waiver.expires})", 1000
                ),
            }
        ]
    return out
