"""Expand `harness batch TARGETS...` into the apps to test, each with a unique, file-safe key.

A target is an APK, a split-APK folder (has base.apk), a simulated-app folder (has
AndroidManifest.xml), a folder of any of these, or a text file of package names (one per line,
`#` starts a comment) naming apps already installed on the devices.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import defusedxml
import defusedxml.ElementTree as SafeET

from harness.errors import ConfigError
from harness.model import is_package_name

MANIFEST = "AndroidManifest.xml"
SPLIT_BASE = "base.apk"
MAX_MANIFEST_BYTES = 1 << 20
MAX_KEY_LEN = 100
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Target:
    key: str  # unique in the batch; the app's folder name under apps/
    source: str  # passed to run_app as RunConfig.target
    kind: str  # apk | split | sim | package


def expand_targets(args: list[str]) -> list[Target]:
    """All apps named by `args`, in the given order, duplicates (same source) dropped."""
    found: list[tuple[str, str, str]] = []  # (name, source, kind)
    for arg in args:
        found.extend(_expand_one(Path(arg)))
    targets: list[Target] = []
    seen_sources: set[str] = set()
    used: set[str] = set()
    for name, source, kind in found:
        if source in seen_sources:
            continue
        seen_sources.add(source)
        targets.append(Target(key=_unique_key(name, used), source=source, kind=kind))
    return targets


def _expand_one(path: Path) -> list[tuple[str, str, str]]:
    if not path.exists():
        raise ConfigError(
            f"{path}: no such file or folder (expected an APK, a folder of apps, "
            "or a text file of package names)"
        )
    if path.is_file():
        if path.suffix.lower() == ".apk":
            return [(path.stem, str(path.resolve()), "apk")]
        return _read_package_list(path)
    single = _single_app(path)
    if single is not None:
        return [single]
    apps: list[tuple[str, str, str]] = []
    for child in sorted(path.iterdir()):
        if child.is_file() and child.suffix.lower() == ".apk":
            apps.append((child.stem, str(child.resolve()), "apk"))
        elif child.is_dir():
            one = _single_app(child)
            if one is not None:
                apps.append(one)
    if not apps:
        raise ConfigError(
            f"{path}: no apps found (no *.apk, no folder with {MANIFEST} or {SPLIT_BASE})"
        )
    return apps


def _single_app(folder: Path) -> tuple[str, str, str] | None:
    if (folder / MANIFEST).is_file():
        package = _manifest_package(folder / MANIFEST)
        return (package or folder.name, str(folder.resolve()), "sim")
    if (folder / SPLIT_BASE).is_file():
        return (folder.name, str(folder.resolve()), "split")
    return None


def _manifest_package(manifest: Path) -> str | None:
    """The manifest's package attribute, or None when it is unreadable (run_app will say why)."""
    try:
        data = manifest.read_bytes()[:MAX_MANIFEST_BYTES]
        root = SafeET.fromstring(data, forbid_dtd=True)
    except (OSError, ET.ParseError, defusedxml.DefusedXmlException):
        return None
    package = root.get("package", "")
    return package if is_package_name(package) else None


def _read_package_list(path: Path) -> list[tuple[str, str, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the package list: {exc}") from None
    apps = []
    for number, line in enumerate(text.splitlines(), start=1):
        name = line.split("#", 1)[0].strip()
        if not name:
            continue
        if not is_package_name(name):
            raise ConfigError(
                f"{path}:{number}: {name[:80]!r} is not a package name "
                "(expected e.g. com.example.app)"
            )
        apps.append((name, name, "package"))
    if not apps:
        raise ConfigError(f"{path}: the package list is empty")
    return apps


def safe_key(name: str) -> str:
    """A folder name from an app-controlled name: safe characters only, bounded length."""
    key = _UNSAFE.sub("_", name).strip("._") or "app"
    return key[:MAX_KEY_LEN]


def _unique_key(name: str, used: set[str]) -> str:
    base = safe_key(name)
    key, n = base, 1
    while key in used:
        n += 1
        key = f"{base}-{n}"
    used.add(key)
    return key
