"""Where the probe comes from: the Java twin for the simulated device; for a real device the
probe APK, shipped in the wheel (built by hatch_build.py from probe/ with apktool, zipalign and
apksigner), or built from probe/ on first use (cached), or given with $HARNESS_PROBE_APK."""

from __future__ import annotations

import os
from pathlib import Path

from harness.errors import ConfigError
from harness.paths import PACKAGE_DIR, source_root
from harness.selftest.spec import PROBE_PROJECT

TWIN = "selftest-probe"
WHEEL_PROBE_APK = PACKAGE_DIR / "_data" / "probe.apk"


def twin_folder() -> Path:
    root = source_root()
    folder = root / "examples" / "apps" / TWIN if root else PACKAGE_DIR / "_data" / TWIN
    if not (folder / "AndroidManifest.xml").is_file():
        raise ConfigError(f"{folder}: the probe's Java twin is missing from this installation")
    return folder


def probe_apk() -> Path:
    given = os.environ.get("HARNESS_PROBE_APK")
    if given:
        path = Path(given)
        if not path.is_file():
            raise ConfigError(f"HARNESS_PROBE_APK={given}: no such file")
        return path
    if WHEEL_PROBE_APK.is_file():
        return WHEEL_PROBE_APK
    from harness.apk.build import build_apk

    return build_apk(PROBE_PROJECT)
