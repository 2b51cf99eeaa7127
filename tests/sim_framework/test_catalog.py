"""Every framework-side Java entry of hooks/catalog.yaml that falls in this area's packages
names a class and method that exist on the simulated device, so the agent's hook installs there.

Entries outside this area (android.os.SystemProperties, android.app.usage, android.speech, and
LocationManager.getCurrentLocation, which needs android.os.CancellationSignal) are listed in
NOT_SIMULATED, so that a new catalogue entry in this area is not missed silently.
"""

from __future__ import annotations

import subprocess

import pytest
import yaml

from tests.sim_framework.probes import JDK, REPO, Framework

CATALOG = REPO / "hooks" / "catalog.yaml"
AREA_PREFIXES = (
    "android.telephony.",
    "android.provider.",
    "android.os.Build",
    "android.net.",
    "android.bluetooth.",
    "android.location.",
    "android.content.ContentResolver",
    "android.content.pm.",
    "android.app.ActivityManager",
    "android.app.ApplicationPackageManager",
    "android.content.Clip",
    "android.text.ClipboardManager",
    "android.accounts.",
    "android.hardware.",
    "android.media.",
    "android.app.admin.",
)
NOT_SIMULATED = {("android.location.LocationManager", "getCurrentLocation")}


def _entries() -> list[tuple[str, str]]:
    if not CATALOG.exists():
        return []
    data = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    out = []
    for entry in data.get("entries", []):
        if entry.get("kind", "java") != "java" or entry.get("side", "framework") != "framework":
            continue
        cls, method = entry["class"], entry["method"]
        if cls.startswith(AREA_PREFIXES) and (cls, method) not in NOT_SIMULATED:
            out.append((cls, method))
    return sorted(set(out))


ENTRIES = _entries()


@pytest.fixture(scope="module")
def declared(framework: Framework) -> dict[str, set[str]]:
    """Methods (and "$init" for constructors) each catalogue class declares."""
    classes = sorted({cls for cls, _ in ENTRIES})
    proc = subprocess.run(
        [str(JDK / "bin" / "javap"), "-public", "-cp", str(framework.classes), *classes],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    members: dict[str, set[str]] = {}
    current = None
    for line in proc.stdout.splitlines():
        if " class " in line or " interface " in line:
            name = line.split(" class " if " class " in line else " interface ")[1].split()[0]
            current = name.split("<")[0]
            members[current] = set()
        elif current and "(" in line:
            head = line.split("(")[0].split()
            members[current].add("$init" if head[-1] == current else head[-1])
    return members


def test_catalogue_has_entries_in_this_area() -> None:
    assert len(ENTRIES) > 40


@pytest.mark.parametrize(("cls", "method"), ENTRIES)
def test_catalogue_entry_exists(declared: dict[str, set[str]], cls: str, method: str) -> None:
    assert cls in declared, f"{cls} is not in the simulated framework"
    assert method in declared[cls], f"{cls}.{method} is not declared"
