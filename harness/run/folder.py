"""The run folder: created up front with one clear line when --out cannot be one, and the error
a run raises when the folder stops taking writes (a full disk, a file-size limit) mid-run."""

from __future__ import annotations

import errno
from pathlib import Path

from harness.errors import ExitCode, HarnessError


class RunFolderError(HarnessError):
    """--out is not a usable folder, or writing into it failed (disk full, quota, read-only)."""

    exit_code = ExitCode.USAGE


def describe(exc: OSError) -> str:
    """`No space left on device` and its kin, worded for a person."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno == errno.EFBIG:
        return "a file grew past the size limit (ulimit -f)"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    return exc.strerror or str(exc)


def make_run_folder(out: Path) -> list[Path]:
    """Create `out` (and missing parents); the folders created, innermost first, so that a run
    that cannot start can remove them again."""
    if out.exists() and not out.is_dir():
        raise RunFolderError(f"--out {out}: exists and is not a folder; give a folder path")
    created = [d for d in (out, *out.parents) if not d.exists()]
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".harness-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else out
        raise RunFolderError(
            f"--out {out}: cannot create or write the run folder ({where}: {describe(exc)})"
        ) from None
    return created
