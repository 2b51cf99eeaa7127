"""The run folder's manifest: what the run was made from, gathered and written last."""

from __future__ import annotations

from pathlib import Path

from harness.attribution.knowledge import BUILTIN_SDK_FILE
from harness.device.base import DeviceInfo
from harness.errors import AgentError
from harness.evidence import (
    DeviceIdentity,
    InputDigest,
    Manifest,
    build_manifest,
    describe_input,
    describe_text,
    write_manifest,
)
from harness.paths import catalog_path
from harness.report.model import RunReport
from harness.run.config import RunConfig


def inputs(config: RunConfig) -> list[InputDigest]:
    """The app, the agent bundle, the hook catalogue and the SDK lists, each with its digest."""
    from harness.agent.bundle import agent_bundle

    found = [describe_input("app", config.target)]
    try:
        found.append(describe_text("agent_bundle", "compiled agent", agent_bundle()))
    except AgentError:
        pass  # the run could not load an agent either; its report says why
    found.append(describe_input("hook_catalogue", catalog_path()))
    found.append(describe_input("sdk_list", BUILTIN_SDK_FILE))
    if config.sdk_file is not None:
        found.append(describe_input("lab_sdk_list", config.sdk_file))
    return found


def write_run_manifest(
    config: RunConfig,
    report: RunReport,
    info: DeviceInfo | None,
    clock_offset_ms: float | None,
) -> None:
    """manifest.json over the run folder as it now is (every other file is written)."""
    device = DeviceIdentity(
        name=report.device.name,
        kind=report.device.kind,
        model=report.device.model,
        android_version=report.device.android_version,
        fingerprint=info.fingerprint if info else "",
    )
    manifest = Manifest(
        tool_version=report.tool_version,
        started_at=report.started_at,
        ended_at=report.ended_at,
        device_clock_offset_ms=clock_offset_ms,
        device=device,
        case=config.case.model_dump(mode="json", exclude_none=True),
        settings=report.settings,
        inputs=inputs(config),
    )
    out: Path = config.out
    write_manifest(out, build_manifest(out, manifest), config.sign_key)
