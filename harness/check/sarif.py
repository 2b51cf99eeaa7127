"""SARIF 2.1.0 for code-scanning upload: one result per finding key of the run.

New and expired-waiver findings are errors; baselined ones are notes; waived ones are notes with
an external suppression carrying the reason. GitHub needs a physical location on every result:
when no source file can be guessed from the stack, the project file stands in.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness import __version__
from harness.check.compare import CheckEntry, CheckResult, Status
from harness.check.frames import blame_frame, source_path
from harness.check.key import KEY_VERSION
from harness.check.rules import RULE_TEXT
from harness.check.text import clean, sarif_message
from harness.model import Rule

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


def sarif_log(result: CheckResult, *, source_root: str, fallback_uri: str) -> dict[str, Any]:
    rules = list(Rule)
    driver = {
        "name": "harness",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [_rule(rule) for rule in rules],
    }
    results = [
        _result(entry, rules.index(entry.key.rule), source_root, fallback_uri)
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


def write_sarif(result: CheckResult, path: Path, *, source_root: str, fallback_uri: str) -> None:
    log = sarif_log(result, source_root=source_root, fallback_uri=fallback_uri)
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


def _result(entry: CheckEntry, rule_index: int, source_root: str, fallback: str) -> dict[str, Any]:
    key, finding = entry.key, entry.finding
    assert finding is not None  # fixed entries are not results
    message = (
        f"{RULE_TEXT[key.rule][1]}: {key.data.value} via {clean(key.api)} by "
        f"{clean(key.actor)}, {finding.count}x in {clean(finding.process, 120)}, first at "
        f"{finding.first_offset_s:.2f} s ({entry.status.value})"
    )
    frame = blame_frame(finding)
    logical = [{"fullyQualifiedName": clean(key.api), "kind": "function"}]
    if frame is not None:
        logical.insert(0, {"fullyQualifiedName": clean(frame.function), "kind": "function"})
    elif key.actor_package:
        logical.insert(0, {"fullyQualifiedName": clean(key.actor_package), "kind": "namespace"})
    uri = source_path(frame, source_root) if frame is not None else None
    region = {"startLine": frame.line if frame is not None and uri and frame.line else 1}
    physical = {"artifactLocation": {"uri": uri or fallback}, "region": region}
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
            "sourceGuessed": uri is not None,
        },
    }
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
