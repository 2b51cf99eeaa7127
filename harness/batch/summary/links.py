"""Links from a summary file to the reports it lists."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from pathlib import Path


def report_link(root: Path, dest: Path) -> Callable[[str], str]:
    """`report_path` (relative to the artifact root) as a link relative to the file `dest`.

    The root's relative path is worked out once: os.path.relpath per link was a tenth of the
    summary's time on 100,000 apps. Both are lexical, so the result is the same."""
    base = Path(os.path.relpath(root, dest.parent)).as_posix()

    def link(report_path: str) -> str:
        # report paths are POSIX (written so by the runner); normpath does what Path() did
        return posixpath.normpath(posixpath.join(base, report_path))

    return link
