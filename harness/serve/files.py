"""Evidence files served read-only from the artifact root, and only from its run folders.

A request names a path under `apps/` (`apps/APP/ATTEMPT/...`, as the store's report paths are
written). It is refused unless every component is a plain name (no `..`, no absolute part, no
backslash or NUL), no component on the way is a symlink (an app's or anyone's link cannot lead
out), and the resolved file is still inside `ROOT/apps`. Files are sent with a sandboxing CSP:
report.html and the UI dumps hold the app's strings, and must never run as the dashboard.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from urllib.parse import quote

from harness.serve.models import EvidenceFile

RUN_FOLDERS = "apps"
MAX_LISTED = 500  # evidence files listed on an app's page
MAX_PATH = 1024
# what a run folder holds, and how a browser may show it; anything else is a download
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".jsonl": "text/plain; charset=utf-8",
    ".xml": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".log": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".pdf": "application/pdf",
    ".svg": "text/plain; charset=utf-8",  # an SVG may script; shown as its text
}
# report.html's own inline style may apply and its screenshots load; no script, no form, no
# fetch: `sandbox` also gives the document an opaque origin (no cookie, no dashboard API).
FILE_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"


class Refused(Exception):
    """The path is not a file inside the run folders."""


def resolve(root: Path, relative: str) -> Path:
    """The file `relative` names under ROOT/apps, or Refused."""
    if len(relative) > MAX_PATH or "\x00" in relative or "\\" in relative:
        raise Refused("bad path")
    parts = relative.split("/")
    if len(parts) < 2 or parts[0] != RUN_FOLDERS:
        raise Refused("outside the run folders")
    if any(p in ("", ".", "..") for p in parts):
        raise Refused("not a plain path")
    base = (root / RUN_FOLDERS).resolve()
    here = root / RUN_FOLDERS
    if here.is_symlink():
        raise Refused("symlink")
    for part in parts[1:]:
        here = here / part
        try:
            mode = os.lstat(here).st_mode
        except OSError:
            raise Refused("no such file") from None
        if stat.S_ISLNK(mode):
            raise Refused("symlink")
    if not stat.S_ISREG(mode):
        raise Refused("not a file")
    real = here.resolve()
    if not real.is_relative_to(base):
        raise Refused("outside the run folders")
    return real


def content_type(path: Path) -> tuple[str, bool]:
    """(media type, shown inline) for a served file."""
    media = TYPES.get(path.suffix.lower())
    return (media, True) if media else ("application/octet-stream", False)


def listing(root: Path | None, report: str | None) -> list[EvidenceFile]:
    """The files of the run folder holding `report` (its report.html), relative paths."""
    if root is None or not report:
        return []
    folder = report.rsplit("/", 1)[0]
    try:
        base = resolve(root, report).parent
    except Refused:
        return []
    found: list[EvidenceFile] = []
    for dirpath, dirnames, filenames in os.walk(base):  # os.walk does not follow symlinks
        dirnames.sort()
        for name in sorted(filenames):
            full = Path(dirpath) / name
            if full.is_symlink() or not full.is_file():
                continue
            rel = f"{folder}/{full.relative_to(base).as_posix()}"
            found.append(
                EvidenceFile(
                    name=rel[len(folder) + 1 :],
                    size=full.stat().st_size,
                    url=f"/files/{quote(rel)}",
                )
            )
            if len(found) >= MAX_LISTED:
                return found
    return found
