from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.batch.lock import BatchLock
from harness.batch.store import Store
from harness.cli import app as cli
from harness.cli import run_cli
from harness.errors import ConfigError


def _invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args))


def test_batch_needs_targets_and_an_out_folder(tmp_path: Path) -> None:
    result = _invoke("batch", "--out", str(tmp_path / "r"))
    assert isinstance(result.exception, ConfigError) and "no TARGETS" in str(result.exception)
    apps = tmp_path / "apps.txt"
    apps.write_text("com.a\n", encoding="utf-8")
    result = _invoke("batch", str(apps))
    assert "--out RUNDIR is required" in str(result.exception)


def test_batch_refuses_a_folder_that_holds_a_batch_and_resume_needs_one(tmp_path: Path) -> None:
    rundir = tmp_path / "r"
    rundir.mkdir()
    (rundir / "harness.db").write_bytes(b"")
    apps = tmp_path / "apps.txt"
    apps.write_text("com.a\n", encoding="utf-8")
    result = _invoke("batch", str(apps), "--out", str(rundir), "--sim-slots", "1")
    assert "already holds a batch" in str(result.exception)
    result = _invoke("batch", "--resume", str(tmp_path / "none"))
    assert "no batch store here" in str(result.exception)
    result = _invoke("batch", str(apps), "--resume", str(rundir))
    assert "give no TARGETS" in str(result.exception)


def test_bad_options_name_the_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    apps = tmp_path / "apps.txt"
    apps.write_text("com.a\n", encoding="utf-8")
    code = run_cli(["batch", str(apps), "--out", str(tmp_path / "r"), "--consent", "maybe"])
    (line,) = capsys.readouterr().err.splitlines()
    assert code == 2
    assert "'--consent'" in line and "'accept', 'reject', 'none'" in line
    assert "manual" not in line  # nobody watches a batch
    result = _invoke("batch", str(apps), "--out", str(tmp_path / "r"), "--sim-slots", "0")
    assert "no devices to run on" in str(result.exception)
    assert not (tmp_path / "r" / "harness.db").exists()


def test_one_batch_per_folder(tmp_path: Path) -> None:
    Store.in_folder(tmp_path).close()
    with BatchLock(tmp_path):
        result = _invoke("batch", "--resume", str(tmp_path))
    assert "another batch is running in this folder" in str(result.exception)


def test_resume_says_that_protocol_options_do_not_apply(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Store.in_folder(tmp_path).close()  # a store without settings: the resume fails after the note
    assert run_cli(["batch", "--resume", str(tmp_path), "--window", "3"]) == 2
    err = capsys.readouterr().err
    assert "keeps the settings it was started with" in err
    assert "the batch settings are missing" in err
    assert run_cli(["batch", "--resume", str(tmp_path)]) == 2
    assert "keeps the settings" not in capsys.readouterr().err
