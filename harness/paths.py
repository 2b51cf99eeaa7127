"""Where the harness finds its bundled resources and keeps its caches."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# In a source checkout the data lives beside the package; in a wheel it is copied under _data/.
_SOURCE_ROOT = PACKAGE_DIR.parent
_WHEEL_DATA = PACKAGE_DIR / "_data"


def source_root() -> Path | None:
    """The checkout root when running from source (it has hooks/ and sim/), else None."""
    if (_SOURCE_ROOT / "hooks" / "catalog.yaml").is_file() and (_SOURCE_ROOT / "sim").is_dir():
        return _SOURCE_ROOT
    return None


def catalog_path() -> Path:
    root = source_root()
    return root / "hooks" / "catalog.yaml" if root else _WHEEL_DATA / "catalog.yaml"


def hooks_dir() -> Path | None:
    root = source_root()
    return root / "hooks" if root else None


def sim_sources_dir() -> Path:
    root = source_root()
    return root / "sim" if root else _WHEEL_DATA / "sim"


def cache_dir() -> Path:
    """Build caches (compiled agent, framework jar, compiled apps), keyed by content hash."""
    base = os.environ.get("HARNESS_CACHE_DIR")
    if base:
        path = Path(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        path = (Path(xdg) if xdg else Path.home() / ".cache") / "harness"
    path.mkdir(parents=True, exist_ok=True)
    return path


def sim_home() -> Path:
    """State of the default simulated device (installed apps, app data, processes)."""
    base = os.environ.get("HARNESS_SIM_HOME")
    if base:
        path = Path(base)
    else:
        xdg = os.environ.get("XDG_DATA_HOME")
        path = (Path(xdg) if xdg else Path.home() / ".local" / "share") / "harness" / "sim"
    path.mkdir(parents=True, exist_ok=True)
    return path
