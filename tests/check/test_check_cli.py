from __future__ import annotations

import json
from pathlib import Path

from harness.errors import ExitCode
from harness.model import Category

from .cli_helpers import harness
from .factories import make_finding, make_report, write_run

OLD = make_finding(data=Category.imsi, api="android.telephony.TelephonyManager.getSubscriberId")
NEW = make_finding(data=Category.iccid, api="android.telephony.TelephonyManager.getSimSerialNumber")


def test_no_baseline_then_accept_then_new_finding_then_waiver(
    project_dir, tmp_path: Path, capsys, monkeypatch
) -> None:
    project = str(project_dir())
    first = write_run(tmp_path / "runs" / "1", make_report([OLD]))
    second = write_run(tmp_path / "runs" / "2", make_report([NEW, OLD]))

    r = harness(capsys, monkeypatch, "check", "-p", project, "--from-run", str(first))
    assert r.code == ExitCode.FINDINGS
    assert "no baseline" in r.out and "NEW" in r.out

    r = harness(capsys, monkeypatch, "baseline", "accept", str(first), "-p", project, "--by", "qa")
    assert r.code == 0, r.err
    saved = json.loads((tmp_path / "harness-baseline.json").read_text(encoding="utf-8"))
    assert saved["accepted"]["by"] == "qa" and len(saved["findings"]) == 1

    r = harness(capsys, monkeypatch, "check", "-p", project, "--from-run", str(first))
    assert r.code == 0, r.out + r.err

    r = harness(capsys, monkeypatch, "check", "-p", project, "--from-run", str(second))
    assert r.code == ExitCode.FINDINGS
    new_lines = [line for line in r.out.splitlines() if line.startswith("NEW")]
    assert len(new_lines) == 1
    assert "pre_consent iccid android.telephony.TelephonyManager.getSimSerialNumber" in new_lines[0]
    assert "sdk:AdSdk (com.adsdk)" in new_lines[0]
    out = tmp_path / "harness-out"
    check = json.loads((out / "check.json").read_text(encoding="utf-8"))
    assert check["counts"]["new"] == 1 and check["counts"]["baselined"] == 1
    assert (out / "check.sarif").is_file() and (out / "check-junit.xml").is_file()
    assert "getSimSerialNumber" in (out / "check-summary.md").read_text(encoding="utf-8")

    # a waiver in the project file lets it pass until it expires
    waiver = (
        "waivers:\n  - rule: pre_consent\n    data: iccid\n    actor: {name: AdSdk}\n"
        "    reason: SDK 5.1 drops this read\n    expires: 2031-03-31\n"
    )
    Path(project).write_text(Path(project).read_text() + waiver, encoding="utf-8")
    r = harness(
        capsys,
        monkeypatch,
        "check",
        "-p",
        project,
        "--from-run",
        str(second),
        "--today",
        "2031-03-31",
    )
    assert r.code == 0, r.out
    assert "WAIVED" in r.out and "SDK 5.1 drops this read" in r.out
    r = harness(
        capsys,
        monkeypatch,
        "check",
        "-p",
        project,
        "--from-run",
        str(second),
        "--today",
        "2031-04-01",
    )
    assert r.code == ExitCode.FINDINGS
    assert "EXPIRED" in r.out and "waiver expired on 2031-03-31" in r.out

    # accepting the reviewed second run: the waived finding stays waived, not accepted
    r = harness(
        capsys, monkeypatch, "baseline", "accept", str(tmp_path / "runs" / "2"), "-p", project
    )
    assert r.code == 0 and "+ pre_consent iccid" not in r.out
    assert "~ pre_consent iccid" in r.out and "kept waived, not accepted" in r.out


def test_waived_then_accepted_then_expired_fails_again(
    project_dir, tmp_path: Path, capsys, monkeypatch
) -> None:
    waiver = (
        "waivers:\n  - rule: pre_consent\n    data: iccid\n    actor: {name: AdSdk}\n"
        "    reason: SDK 5.1 drops this read\n    expires: 2031-03-31\n"
    )
    project = str(project_dir(waiver))
    run = write_run(tmp_path / "runs" / "1", make_report([NEW, OLD]))
    check = ("check", "-p", project, "--from-run", str(run))

    r = harness(capsys, monkeypatch, *check, "--today", "2031-03-01")
    assert r.code == ExitCode.FINDINGS  # OLD is new: no baseline yet
    assert "WAIVED" in r.out and "SDK 5.1 drops this read" in r.out

    r = harness(
        capsys, monkeypatch, "baseline", "accept", str(run), "-p", project, "--today", "2031-03-01"
    )
    assert r.code == 0, r.err
    assert "+ pre_consent imsi" in r.out and "+ pre_consent iccid" not in r.out
    kept = [line for line in r.out.splitlines() if line.startswith("~ ")]
    assert kept == [
        "~ pre_consent iccid android.telephony.TelephonyManager.getSimSerialNumber by sdk:AdSdk "
        "(com.adsdk)  (kept waived, not accepted: waived until 2031-03-31: SDK 5.1 drops this read)"
    ]
    assert "1 finding(s) (1 added, 0 removed), 1 kept out as waived" in r.out
    saved = json.loads((tmp_path / "harness-baseline.json").read_text(encoding="utf-8"))
    assert [f["data"] for f in saved["findings"]] == ["imsi"]

    r = harness(capsys, monkeypatch, *check, "--today", "2031-03-31")
    assert r.code == 0, r.out
    assert "WAIVED" in r.out and "BASELINED" in r.out

    r = harness(capsys, monkeypatch, *check, "--today", "2031-04-01")
    assert r.code == ExitCode.FINDINGS, r.out
    expired = [line for line in r.out.splitlines() if line.startswith("EXPIRED")]
    assert len(expired) == 1 and "pre_consent iccid" in expired[0]
    assert "waiver expired on 2031-03-31" in expired[0]
    assert not [line for line in r.out.splitlines() if line.startswith("NEW")]

    # accepting again after expiry changes nothing: the waiver still decides, and says so
    r = harness(
        capsys, monkeypatch, "baseline", "accept", str(run), "-p", project, "--today", "2031-04-01"
    )
    assert r.code == 0 and "waiver expired on 2031-03-31, fails until renewed or removed" in r.out
    r = harness(capsys, monkeypatch, *check, "--today", "2031-04-01")
    assert r.code == ExitCode.FINDINGS and "EXPIRED" in r.out

    # only removing the waiver hands the finding to the baseline
    Path(project).write_text(Path(project).read_text().replace(waiver, ""), encoding="utf-8")
    r = harness(capsys, monkeypatch, *check, "--today", "2031-04-01")
    assert r.code == ExitCode.FINDINGS and "NEW" in r.out and "pre_consent iccid" in r.out
    r = harness(capsys, monkeypatch, "baseline", "accept", str(run), "-p", project)
    assert r.code == 0 and "+ pre_consent iccid" in r.out
    r = harness(capsys, monkeypatch, *check, "--today", "2040-01-01")
    assert r.code == 0, r.out


def test_fixed_findings_do_not_fail(project_dir, tmp_path: Path, capsys, monkeypatch) -> None:
    project = str(project_dir())
    both = write_run(tmp_path / "r1", make_report([OLD, NEW]))
    fewer = write_run(tmp_path / "r2", make_report([OLD]))
    assert harness(capsys, monkeypatch, "baseline", "accept", str(both), "-p", project).code == 0
    r = harness(capsys, monkeypatch, "check", "-p", project, "--from-run", str(fewer))
    assert r.code == 0
    assert "FIXED" in r.out and "getSimSerialNumber" in r.out


def test_partial_run_cannot_pass_or_be_accepted(
    project_dir, tmp_path: Path, capsys, monkeypatch
) -> None:
    project = str(project_dir())
    crashed = write_run(
        tmp_path / "r",
        make_report(
            [], status="partial", problems=[{"kind": "app_crashed", "message": "died at 1.2 s"}]
        ),
    )
    r = harness(capsys, monkeypatch, "check", "-p", project, "--from-run", str(crashed))
    assert r.code == ExitCode.APP
    assert "died at 1.2 s" in r.out
    r = harness(capsys, monkeypatch, "baseline", "accept", str(crashed), "-p", project)
    assert r.code == ExitCode.USAGE and "the run is partial" in r.err


def test_malformed_files_exit_2_naming_the_file(
    project_dir, tmp_path: Path, capsys, monkeypatch
) -> None:
    project = project_dir("protocol_typo: 1\n")
    r = harness(capsys, monkeypatch, "check", "-p", str(project))
    assert r.code == ExitCode.USAGE
    assert f"{project}:6: protocol_typo: unknown field" in r.err

    project = project_dir()
    (tmp_path / "harness-baseline.json").write_text('{"findings": "all"}', encoding="utf-8")
    run = write_run(tmp_path / "r", make_report([OLD]))
    r = harness(capsys, monkeypatch, "check", "-p", str(project), "--from-run", str(run))
    assert r.code == ExitCode.USAGE
    assert "harness-baseline.json:1: findings:" in r.err

    r = harness(capsys, monkeypatch, "check", "-p", str(project), "--today", "tomorrow")
    assert r.code == ExitCode.USAGE and "not an ISO date" in r.err


def test_project_schema_and_validate(project_dir, capsys, monkeypatch) -> None:
    r = harness(capsys, monkeypatch, "project", "schema")
    assert r.code == 0 and json.loads(r.out)["title"] == "Project"
    r = harness(capsys, monkeypatch, "project", "validate", "-p", str(project_dir()))
    assert r.code == 0 and "ok" in r.out and "baseline: none yet" in r.out
