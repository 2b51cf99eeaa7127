"""`harness apk inspect` on the command line, and a bad APK given to `harness run`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.cli import run_cli
from harness.errors import ExitCode, InstallError, InstallFault
from harness.run.config import RunConfig
from harness.run.protocol import run_app

from . import hostile


def test_json_profile_on_stdout(shop_apk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["apk", "inspect", str(shop_apk), "--json"]) == ExitCode.OK
    data = json.loads(capsys.readouterr().out)
    assert data["package"] == "com.example.shop" and data["version_code"] == 42
    assert {s["name"] for s in data["sdks"]} >= {"JPush", "Umeng Analytics"}


def test_table_view_names_the_sdks(shop_apk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["apk", "inspect", str(shop_apk)]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "com.example.shop" in out and "JPush" in out and "com.example.shop:pushcore" in out


def test_a_hostile_apk_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = hostile.zip_bomb(tmp_path / "bomb.apk", mib=64)
    assert run_cli(["apk", "inspect", str(bomb)]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "zip bomb" in err
    assert "Traceback" not in err


def test_run_refuses_a_bad_apk_before_touching_a_device(tmp_path: Path) -> None:
    apk = hostile.traversal(tmp_path / "evil.apk")
    out = tmp_path / "runs" / "evil"
    config = RunConfig(target=str(apk), out=out, device="no-such-device")
    with pytest.raises(InstallError, match="unsafe path") as err:
        run_app(config)
    assert err.value.fault is InstallFault.app and err.value.exit_code == ExitCode.INSTALL
    assert not out.exists() and not (tmp_path / "runs").exists()
