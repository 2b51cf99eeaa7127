"""On the simulated device: the static profile is part of report.json/html, beside the run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.device.sim import SimDevice
from harness.run.config import RunConfig
from harness.run.protocol import run_app

SHELF = Path(__file__).parent / "apps" / "shelf-app"
pytestmark = pytest.mark.sim


@pytest.fixture(scope="module")
def device(tmp_path_factory: pytest.TempPathFactory) -> Any:
    dev = SimDevice(home=tmp_path_factory.mktemp("sim-home"))
    yield dev
    dev.close()


def test_sdk_inventory_and_unstarted_process_in_the_report(device: Any, tmp_path: Path) -> None:
    config = RunConfig(
        target=str(SHELF), out=tmp_path, window=1.5, background_window=0.5, dialog_timeout=30.0
    )
    report = run_app(config, device=device)
    assert report.status == "completed", report.problems
    static = report.static
    assert static is not None and static.profile is not None
    assert static.profile.package == "com.example.shelf" == report.target.package
    rows = {r.sdk: r for r in static.sdk_inventory}
    gdt = rows["Tencent GDT Ads (优量汇)"]
    assert gdt.status == "collected" and gdt.embedded and gdt.calls > 0
    assert gdt.rules.get("pre_consent", 0) >= 3
    assert "com.qq.e.comm.managers.GDTAdSdk" in gdt.classes
    umeng = rows["Umeng Analytics"]
    assert (umeng.status, umeng.calls, umeng.rules) == ("silent", 0, {})
    assert umeng.text == "present but not triggered in the observation windows"
    assert [(u.process, u.components) for u in static.unstarted_processes] == [
        ("com.example.shelf:sync", ["com.example.shelf.SyncService"])
    ]
    saved = json.loads((tmp_path / "report.json").read_text())
    assert saved["static"]["profile"]["kind"] == "sim_folder"
    html = (tmp_path / "report.html").read_text()
    assert "present but not triggered in the observation windows" in html
    assert "com.example.shelf:sync" in html and "present &amp; collected" in html
