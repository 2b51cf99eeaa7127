"""Expensive session fixtures built once per test run, also under pytest-xdist.

With `-n N` every worker is its own session: a plain session fixture would javac the framework
or build the APKs N times over. `shared_dir` is a folder all workers of one run share (the run's
own base temp directory; without xdist, the session's), and `build_once` builds into it under a
file lock: the first worker to get there does the work, the others wait and reuse it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

_DONE = ".built"


def shared_dir(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # pytest-N/popen-gwK -> pytest-N: the same for every worker
    folder = base / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def lock(folder: Path) -> FileLock:
    """The lock of a shared folder (beside it, so removing the folder leaves no stale lock)."""
    return FileLock(str(folder) + ".lock")


def build_once(folder: Path, build: Callable[[Path], str]) -> str:
    """Run `build(folder)` once for all workers; every caller gets the text it returned (kept
    beside the build, e.g. which variant was built). A build that raised is tried again by the
    next caller, so each worker then reports the failure itself."""
    marker = folder / _DONE
    with lock(folder):
        if not marker.is_file():
            marker.write_text(build(folder), encoding="utf-8")
    return marker.read_text(encoding="utf-8")
