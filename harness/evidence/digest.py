"""SHA-256 of a file, of a folder (deterministic) and the listing of a run folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

from harness.evidence.model import FileEntry

_CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def tree_sha256(root: Path) -> str:
    """One digest over a folder: for each file in sorted relative-path order, its path, a NUL,
    its length, a NUL and its bytes, so no two different trees give the same input stream."""
    digest = hashlib.sha256()
    for path in _files(root):
        rel = path.relative_to(root).as_posix().encode("utf-8", "surrogateescape")
        digest.update(rel + b"\0" + str(path.stat().st_size).encode() + b"\0")
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
    return digest.hexdigest()


def list_files(root: Path, skip: frozenset[str] = frozenset()) -> list[FileEntry]:
    """Every file under `root` but those in `skip` (relative paths), sorted by path."""
    entries = []
    for path in _files(root):
        rel = path.relative_to(root).as_posix()
        if rel in skip:
            continue
        entries.append(FileEntry(path=rel, size=path.stat().st_size, sha256=file_sha256(path)))
    return entries


def _files(root: Path) -> list[Path]:
    return sorted(
        (p for p in root.rglob("*") if p.is_file()),
        key=lambda p: p.relative_to(root).as_posix(),
    )
