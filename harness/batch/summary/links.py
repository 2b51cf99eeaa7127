"""Links from a summary file to the reports it lists."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from pathlib import Path

# a path holding none of these (and not empty, not ending in "/") is already in normal form:
# no "." or ".." segment, no doubled or leading slash
_NOT_NORMAL = ("/.", "//")


def report_link(root: Path, dest: Path) -> Callable[[str], str]:
    """`report_path` (relative to the artifact root) as a link relative to the file `dest`.

    The root's relative path is worked out once: os.path.relpath per link was a tenth of the
    summary's time on 100,000 apps. Both are lexical, so the result is the same. A report
    path already in normal form (the runner writes them so) is joined without normpath, which
    is Python code on 3.10/3.11: the workbook links every one of 100,000 apps."""
    base = Path(os.path.relpath(root, dest.parent)).as_posix()
    prefix = "" if base == "." else base + "/"  # relpath's result is normal already

    def link(report_path: str) -> str:
        if (
            report_path
            and report_path[0] not in "./"
            and report_path[-1] != "/"
            and not any(bad in report_path for bad in _NOT_NORMAL)
        ):
            return prefix + report_path
        # report paths are POSIX (written so by the runner); normpath does what Path() did
        return posixpath.normpath(posixpath.join(base, report_path))

    return link
