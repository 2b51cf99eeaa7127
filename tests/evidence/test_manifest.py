"""manifest.json, `harness verify` and signing on a run folder made by hand (no device)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from harness.cli import run_cli
from harness.errors import ExitCode
from harness.evidence import (
    DeviceIdentity,
    Manifest,
    build_manifest,
    describe_input,
    generate_keys,
    verify_run,
    write_manifest,
)
from harness.evidence.digest import tree_sha256


def _folder(tmp_path: Path, sign_key: Path | None = None) -> Path:
    out = tmp_path / "run"
    (out / "sub").mkdir(parents=True)
    (out / "report.json").write_text('{"ok": true}\n')
    (out / "app.log").write_bytes(b"\xff\x00 binary log\n")
    (out / "sub" / "ui-end.xml").write_text("<hierarchy/>\n")
    manifest = Manifest(
        tool_version="0.test",
        started_at="2026-01-01T00:00:00.000+00:00",
        ended_at="2026-01-01T00:00:20.000+00:00",
        device=DeviceIdentity(name="sim", fingerprint="google/flame/flame:10/x"),
    )
    write_manifest(out, build_manifest(out, manifest), sign_key)
    return out


def _verify(out: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[str]]:
    code = run_cli(["verify", str(out), *extra])
    return code, capsys.readouterr().out.splitlines()


def test_a_fresh_folder_verifies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _folder(tmp_path)
    listed = {f["path"] for f in json.loads((out / "manifest.json").read_text())["files"]}
    assert listed == {"report.json", "app.log", "sub/ui-end.xml"}
    assert _verify(out, capsys) == (0, ["verified: 3 files as recorded"])


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (lambda out: (out / "report.json").write_text('{"ok": false}\n'), "report.json: changed"),
        (lambda out: (out / "sub" / "ui-end.xml").unlink(), "sub/ui-end.xml: missing"),
        (lambda out: (out / "sub" / "new.png").write_bytes(b"x"), "sub/new.png: added"),
        # the same size, one byte different
        (lambda out: (out / "app.log").write_bytes(b"\xff\x01 binary log\n"), "app.log: changed"),
    ],
)
def test_each_changed_missing_or_added_file_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: object, line: str
) -> None:
    out = _folder(tmp_path)
    change(out)  # type: ignore[operator]
    assert _verify(out, capsys) == (ExitCode.FINDINGS, [line])


def test_several_problems_one_line_each(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _folder(tmp_path)
    (out / "app.log").unlink()
    (out / "report.json").write_text("{}")
    code, lines = _verify(out, capsys)
    assert code == ExitCode.FINDINGS and lines == ["app.log: missing", "report.json: changed"]


def test_signature_valid_then_invalid_after_a_change_of_the_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    private, public = generate_keys(tmp_path / "keys" / "lab")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    out = _folder(tmp_path, sign_key=private)
    code, lines = _verify(out, capsys, "--public-key", str(public))
    assert (code, lines) == (0, ["verified: 3 files as recorded, signature valid"])
    manifest = out / "manifest.json"
    manifest.write_text(manifest.read_text().replace("0.test", "0.fake"))
    code, lines = _verify(out, capsys, "--public-key", str(public))
    assert code == ExitCode.FINDINGS
    assert lines == ["manifest.sig: does not match manifest.json and this public key"]


def test_another_key_does_not_verify_and_unsigned_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    private, _ = generate_keys(tmp_path / "a")
    _, other = generate_keys(tmp_path / "b")
    out = _folder(tmp_path, sign_key=private)
    assert _verify(out, capsys, "--public-key", str(other))[0] == ExitCode.FINDINGS
    (out / "manifest.sig").unlink()
    code, lines = _verify(out, capsys, "--public-key", str(other))
    assert lines == ["manifest.sig: missing (the manifest is not signed)"]


def test_keygen_never_overwrites_and_bad_input_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "lab"
    assert run_cli(["keygen", str(key)]) == 0
    assert run_cli(["keygen", str(key)]) == ExitCode.USAGE
    assert run_cli(["verify", str(tmp_path)]) == ExitCode.USAGE  # no manifest.json
    out = _folder(tmp_path)
    assert run_cli(["verify", str(out), "--public-key", str(key)]) == ExitCode.USAGE  # private
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3 and all(line.startswith("error: ") for line in err)
    assert "already exists" in err[0]
    assert "manifest.json: missing" in err[1]
    assert "not a PEM public key" in err[2]


def test_a_folder_digest_depends_on_names_and_contents_not_on_the_walk(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for root, order in ((a, ("x", "y/z")), (b, ("y/z", "x"))):
        for name in order:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(name)
    assert tree_sha256(a) == tree_sha256(b)
    (b / "x").rename(b / "w")
    assert tree_sha256(a) != tree_sha256(b)
    assert describe_input("app", a).kind == "folder"
    assert describe_input("app", "com.example.installed").sha256 is None


def test_verify_run_returns_the_manifest_read(tmp_path: Path) -> None:
    manifest, problems = verify_run(_folder(tmp_path))
    assert problems == [] and manifest.device.fingerprint == "google/flame/flame:10/x"


def test_a_batch_signs_each_run_and_checks_its_key_first(tmp_path: Path) -> None:
    from harness.batch.api import PoolSpec, create_batch, execute
    from harness.batch.settings import BatchSettings
    from harness.errors import ConfigError

    key, _ = generate_keys(tmp_path / "lab")
    settings = BatchSettings(sign_key=key)
    assert settings.run_config("t", "sim", tmp_path, None).sign_key == key.resolve()
    bad = tmp_path / "bad.pem"
    bad.write_text("x")
    app = Path(__file__).resolve().parents[2] / "examples" / "apps" / "good-news"
    store = create_batch(tmp_path / "b", [str(app)], BatchSettings(), PoolSpec())
    with pytest.raises(ConfigError, match="bad.pem"):
        execute(store, tmp_path / "b", BatchSettings(sign_key=bad), [])
