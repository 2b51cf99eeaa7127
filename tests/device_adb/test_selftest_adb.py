"""`harness selftest` on the adb double: a bench that cannot work (no frida-server for the
phone's ABI) is reported as such, with doctor's fix, and the probe is not run."""

from __future__ import annotations

import json
from pathlib import Path

from harness.cli import run_cli
from harness.errors import ExitCode


def test_bench_failure_is_the_verdict(phone, make_inventory, tmp_path: Path) -> None:
    make_inventory(f"  - serial: {phone.serial}\n    root: su\n", binaries_for=("x86_64",))
    out = tmp_path / "st"
    code = run_cli(
        ["selftest", "-D", phone.serial, "--devices", str(tmp_path / "devices.yaml"),
         "--out", str(out), "--json"]
    )  # fmt: skip
    assert code == ExitCode.FINDINGS
    verdict = json.loads((out / "selftest.json").read_text())
    assert verdict["passed"] is False and verdict["target"] == ""
    failed = [i for i in verdict["items"] if not i["ok"]]
    assert any(i["kind"] == "bench" and "arm64" in i["detail"] + i["fix"] for i in failed), failed
    assert failed[-1] == {
        "kind": "run", "name": "probe run", "ok": False,
        "detail": "not run: the bench checks failed", "fix": "",
    }  # fmt: skip
    assert not any(c.startswith("pm install") for c in phone.commands)
