"""One rule decides whether a target is a path or an installed app's package name."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.model import is_package_name, target_is_path


@pytest.mark.parametrize(
    "target",
    ["app.apk", "Shop.APK", "apps/shop", "./shop", "/abs/missing-folder", "com.x/extra"],
)
def test_what_looks_like_a_path_is_a_path_even_when_missing(tmp_path: Path, target: str) -> None:
    assert target_is_path(target, tmp_path)


@pytest.mark.parametrize("target", ["com.example.app", "com.example.app_2", "shop"])
def test_a_name_that_is_not_there_is_a_package(tmp_path: Path, target: str) -> None:
    assert not target_is_path(target, tmp_path)


def test_an_existing_folder_is_a_path_relative_to_its_base(tmp_path: Path) -> None:
    (tmp_path / "com.example.app").mkdir()  # a simulated-app folder named like a package
    assert target_is_path("com.example.app", tmp_path)
    assert not target_is_path("com.example.app", tmp_path / "elsewhere")
    assert not target_is_path("", tmp_path)


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("com.example.app", True),
        ("a.b", True),
        ("com.Example.app_2", True),
        ("app", False),  # one segment
        ("com..app", False),
        ("com.2app", False),
        ("com.exämple.app", False),  # not ASCII: pm refuses it too
        ("com.example.app\n", False),
    ],
)
def test_package_names(name: str, ok: bool) -> None:
    assert is_package_name(name) is ok
