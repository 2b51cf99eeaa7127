from pathlib import Path

import pytest

from harness.batch.targets import expand_targets, safe_key
from harness.errors import ConfigError


def _sim_app(folder: Path, package: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "AndroidManifest.xml").write_text(
        f'<manifest package="{package}"><application/></manifest>', encoding="utf-8"
    )
    return folder


def test_sim_app_folder_is_one_app_named_by_its_package(tmp_path: Path) -> None:
    app = _sim_app(tmp_path / "whatever", "com.example.news")
    [target] = expand_targets([str(app)])
    assert (target.key, target.kind, target.source) == ("com.example.news", "sim", str(app))


def test_folder_of_apps_mixes_apks_sim_apps_and_split_folders(tmp_path: Path) -> None:
    root = tmp_path / "apps"
    _sim_app(root / "a", "com.a")
    (root / "b.apk").parent.mkdir(parents=True, exist_ok=True)
    (root / "b.apk").write_bytes(b"PK")
    split = root / "c"
    split.mkdir()
    (split / "base.apk").write_bytes(b"PK")
    (root / "notes.txt").write_text("ignored")
    (root / "empty").mkdir()
    targets = expand_targets([str(root)])
    assert [(t.key, t.kind) for t in targets] == [("com.a", "sim"), ("b", "apk"), ("c", "split")]


def test_package_list_skips_comments_and_names_a_bad_line(tmp_path: Path) -> None:
    good = tmp_path / "apps.txt"
    good.write_text("# lab list\ncom.one  # first\n\ncom.two\n", encoding="utf-8")
    assert [t.source for t in expand_targets([str(good)])] == ["com.one", "com.two"]
    bad = tmp_path / "bad.txt"
    bad.write_text("com.one\nnot a package\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.txt:2: 'not a package'"):
        expand_targets([str(bad)])


def test_same_package_twice_gets_distinct_keys_same_source_once(tmp_path: Path) -> None:
    one = _sim_app(tmp_path / "one", "com.same")
    two = _sim_app(tmp_path / "two", "com.same")
    targets = expand_targets([str(one), str(two), str(one)])
    assert [t.key for t in targets] == ["com.same", "com.same-2"]


def test_untrusted_names_become_safe_folder_names() -> None:
    assert safe_key("../../etc/passwd") == "etc_passwd"
    assert safe_key("a" * 500) == "a" * 100
    assert "/" not in safe_key("x/<script>")


def test_missing_target_and_empty_folder_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        expand_targets([str(tmp_path / "nope.apk")])
    with pytest.raises(ConfigError, match="no apps found"):
        expand_targets([str(tmp_path)])
