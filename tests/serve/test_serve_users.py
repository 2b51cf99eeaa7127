"""`harness serve --users FILE`: a configured user list (scrypt-hashed passwords, HTTP Basic) as
the alternative to one access token off loopback; `harness serve-user` writes its lines."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.errors import ConfigError
from harness.serve.users import hash_line, read_users, set_user

from .stores import ROOT, serving, small_store


def basic(name: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode()}


def test_a_password_is_checked_against_its_salted_hash(tmp_path: Path) -> None:
    users = tmp_path / "users"
    set_user(users, "ana", "correct horse")
    set_user(users, "bo", "battery staple")
    set_user(users, "ana", "new password")  # replaced, not added
    text = users.read_text()
    assert text.count("ana:") == 1 and "correct horse" not in text and "new password" not in text
    assert users.stat().st_mode & 0o777 == 0o600
    listed = read_users(users)
    assert len(listed) == 2
    assert listed.allows("ana", "new password") and listed.allows("ana", "new password")
    assert not listed.allows("ana", "correct horse")
    assert not listed.allows("ana", "new passwordx") and not listed.allows("nobody", "x")
    assert listed.allows("bo", "battery staple")
    one, two = hash_line("c", "same"), hash_line("c", "same")
    assert one != two  # a new salt each time


@pytest.mark.parametrize(
    "line,words",
    [
        ("ana:plain:secret", ":2: expected NAME:scrypt"),
        ("ana:scrypt:16384:8:1:!!:AAAA", ":2: a cost or base64 field"),
        ("ana:scrypt:2:8:1:" + "A" * 24 + ":" + "A" * 44, ":2: scrypt cost out of range"),
        ("ana:scrypt:1073741824:8:1:" + "A" * 24 + ":" + "A" * 44, ":2: scrypt cost out of range"),
    ],
)
def test_a_bad_user_line_is_named(tmp_path: Path, line: str, words: str) -> None:
    users = tmp_path / "users"
    users.write_text("# lab staff\n" + line + "\n")
    with pytest.raises(ConfigError, match="--users: .*" + words):
        read_users(users)


def test_off_loopback_a_user_list_replaces_the_token(tmp_path: Path) -> None:
    small_store(tmp_path)
    users = tmp_path / "users"
    done = subprocess.run(
        [sys.executable, "-m", "harness", "serve-user", str(users), "ana"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), "HARNESS_SERVE_PASSWORD": "s3cret pass"},
    )
    assert done.returncode == 0, done.stderr
    with serving(str(tmp_path), "--users", str(users), host="0.0.0.0", extra=1) as s:
        assert s.lines[1].startswith("users: 1 from ")  # no token made, no login URL
        status, headers, body = s.get("/api/overview")
        assert status == 401 and headers["www-authenticate"].startswith("Basic")
        assert b"done" not in body
        assert s.get("/api/overview", basic("ana", "wrong"))[0] == 401
        assert s.get("/api/overview", basic("bob", "s3cret pass"))[0] == 401
        assert s.get("/api/overview", {"Authorization": "Basic !!notbase64"})[0] == 401
        assert s.get("/api/overview", {"Authorization": "Bearer s3cret pass"})[0] == 401
        assert s.get("/login?key=x")[0] == 401  # no token: no login URL either
        status, _, body = s.get("/api/overview", basic("ana", "s3cret pass"))
        assert status == 200 and b'"done":' in body
        assert s.get("/apps", basic("ana", "s3cret pass"))[0] == 200


def test_a_missing_user_list_is_one_line(tmp_path: Path) -> None:
    small_store(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "harness", "serve", str(tmp_path), "--users", str(tmp_path / "no")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --users: ") and "cannot read" in lines[0]
