"""An app's libs/ jars and the catalogue's network entries: bad input names the file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.catalog import CatalogEntry, load_catalog
from harness.device.sim.libs import resolve_libs
from harness.errors import InstallError, InstallFault


def test_own_jars_then_system_jars(tmp_path: Path) -> None:
    app, system = tmp_path / "app", tmp_path / "usr-share-java"
    (app / "libs").mkdir(parents=True)
    system.mkdir()
    (app / "libs" / "b.jar").write_bytes(b"PK")
    (app / "libs" / "a.jar").write_bytes(b"PK")
    (system / "okhttp.jar").write_bytes(b"PK")
    (app / "libs" / "system-jars.txt").write_text("# OkHttp\nokhttp.jar  # 3.13\n\n")
    jars = resolve_libs(app, system)
    assert [j.name for j in jars] == ["a.jar", "b.jar", "okhttp.jar"]
    assert resolve_libs(tmp_path / "none", system) == []


@pytest.mark.parametrize(
    ("line", "message", "fault"),
    [
        ("../etc/passwd.jar", "is not a jar name", InstallFault.app),
        ("missing.jar", "missing.jar is not in", InstallFault.device_mismatch),
    ],
)
def test_bad_system_jar_lines_name_the_file_and_line(
    tmp_path: Path, line: str, message: str, fault: InstallFault
) -> None:
    (tmp_path / "libs").mkdir()
    listing = tmp_path / "libs" / "system-jars.txt"
    listing.write_text(f"# comment\n{line}\n")
    with pytest.raises(InstallError, match=message) as info:
        resolve_libs(tmp_path, tmp_path)
    assert f"{listing}:2" in str(info.value) and info.value.fault is fault


def test_every_network_entry_has_a_channel_handler_and_implementations() -> None:
    entries = [e for e in load_catalog().entries if e.kind == "network"]
    assert {e.channel.value for e in entries if e.channel} == {
        "http",
        "okhttp",
        "socket",
        "tls",
        "dns",
        "webview",
        "native_tls",
        "native_socket",
        "udp",
    }  # every Channel but `capture` (a lab proxy's HAR, no hook)
    for entry in entries:
        assert entry.handler and entry.implementations and entry.categories() == []


def test_network_entries_are_validated() -> None:
    base = {"id": "n", "class": "a.B", "method": "m", "description_en": "", "description_zh": ""}
    with pytest.raises(ValueError, match="need `channel`, `handler` and `implementations`"):
        CatalogEntry.model_validate({**base, "kind": "network", "channel": "http"})
    with pytest.raises(ValueError, match="no `category`"):
        CatalogEntry.model_validate(
            {
                **base,
                "kind": "network",
                "channel": "http",
                "handler": "url_connection",
                "category": "serial",
                "implementations": [{"class": "a.B", "methods": ["m"]}],
            }
        )
    with pytest.raises(ValueError, match="are for network entries"):
        CatalogEntry.model_validate({**base, "category": "serial", "channel": "http"})
