"""A run folder on the simulated device is an evidence package: manifest, verify, signature."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.cli import run_cli
from harness.device.sim.identity import FINGERPRINT
from harness.errors import ConfigError, ExitCode
from harness.evidence import generate_keys
from harness.evidence.digest import tree_sha256
from harness.run.config import RunConfig
from harness.run.protocol import run_app
from harness.settings import CaseInfo

sim = pytest.importorskip("harness.device.sim", reason="the simulated device is not in this build")

APP = Path(__file__).resolve().parents[2] / "examples" / "apps" / "good-news"
pytestmark = pytest.mark.sim


def test_a_signed_run_verifies_and_its_manifest_says_what_it_was_made_from(
    device: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    private, public = generate_keys(tmp_path / "lab-key")
    out = tmp_path / "run"
    case = CaseInfo(case_id="CASE-2026-001", tester="张三", lab="Lab A")
    config = RunConfig(
        target=str(APP),
        out=out,
        window=1.5,
        background_window=0.5,
        dialog_timeout=6.0,
        case=case,
        sign_key=private,
    )
    report = run_app(config, device=device)
    assert report.case == case
    assert report.verdict and report.verdict[0].en  # the reports open with it
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["path"] for f in manifest["files"]}
    assert {"events.jsonl", "report.json", "report.html", "junit.xml", "app.log"} <= listed
    assert "manifest.json" not in listed and "manifest.sig" not in listed
    inputs = {i["name"]: i for i in manifest["inputs"]}
    assert inputs["app"]["kind"] == "folder" and inputs["app"]["sha256"] == tree_sha256(APP)
    assert {"agent_bundle", "hook_catalogue", "sdk_list"} <= inputs.keys()
    assert manifest["device"]["fingerprint"] == FINGERPRINT
    assert manifest["case"] == {"case_id": "CASE-2026-001", "tester": "张三", "lab": "Lab A"}
    assert manifest["settings"]["window"] == 1.5
    assert manifest["device_clock_offset_ms"] is not None  # one host clock: near zero
    assert abs(manifest["device_clock_offset_ms"]) < 5000
    assert (
        manifest["started_at"].endswith("+00:00") and manifest["ended_at"] >= manifest["started_at"]
    )

    assert run_cli(["verify", str(out), "--public-key", str(public)]) == 0
    assert "signature valid" in capsys.readouterr().out
    (out / "report.json").write_text("{}", encoding="utf-8")
    assert run_cli(["verify", str(out), "--public-key", str(public)]) == ExitCode.FINDINGS
    assert capsys.readouterr().out.splitlines() == ["report.json: changed"]


def test_a_bad_signing_key_fails_before_the_run(tmp_path: Path) -> None:
    key = tmp_path / "key.pem"
    key.write_text("not a key")
    config = RunConfig(target=str(APP), out=tmp_path / "run", sign_key=key)
    with pytest.raises(ConfigError, match="key.pem: not an unencrypted PEM private key"):
        run_app(config)
    assert not (tmp_path / "run").exists()
