"""Opening an APK (a ZIP file) the app author may have made hostile: bounded and read-only.

Nothing is ever extracted to disk; members are read into memory through `read()`, which never
returns more than the member's declared size (Python's zipfile stops there and checks the CRC),
and declared sizes are bounded before anything is read. So a zip bomb, an entry named
`../../etc/passwd`, a truncated file or an "encrypted" entry each end in one `ApkError` line.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from harness.apk.model import ApkError


@dataclass(frozen=True)
class Limits:
    """Bounds for one APK; the defaults are far above what real apps need (a 64k-method dex is
    ~10 MB; Play's download limit is 4 GB for the whole app, 200 MB compressed for the base)."""

    max_file_bytes: int = 1 << 30  # the APK itself, read into memory once
    max_entries: int = 200_000
    max_member_bytes: int = 256 << 20  # a member we read (manifest, dex, an APK in a bundle)
    max_manifest_bytes: int = 16 << 20
    max_total_bytes: int = 8 << 30  # declared uncompressed size of all entries together
    max_ratio: int = 200  # uncompressed / compressed for an entry over `ratio_floor` bytes
    ratio_floor: int = 16 << 20


DEFAULT_LIMITS = Limits()


def _bad_name(name: str) -> bool:
    if not name or "\x00" in name or "\\" in name or name.startswith("/"):
        return True
    if len(name) > 1 and name[1] == ":":  # "C:..." on Windows
        return True
    return ".." in PurePosixPath(name).parts


class SafeZip:
    """A ZIP archive in memory whose central directory has been checked against `Limits`."""

    def __init__(self, data: bytes, where: str, limits: Limits = DEFAULT_LIMITS) -> None:
        self.data = data
        self.where = where
        self.limits = limits
        if not data.startswith(b"PK"):
            raise ApkError(f"{where}: not an APK (no ZIP signature at the start)")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
            raise ApkError(
                f"{where}: not a readable ZIP archive (truncated or damaged: {exc})"
            ) from None
        self._check(infos)
        self.infos = {i.filename: i for i in infos}

    def _check(self, infos: list[zipfile.ZipInfo]) -> None:
        lim, where = self.limits, self.where
        if len(infos) > lim.max_entries:
            raise ApkError(f"{where}: {len(infos)} entries (more than {lim.max_entries})")
        seen: set[str] = set()
        total = 0
        for info in infos:
            name = info.filename
            shown = repr(name[:120])
            if _bad_name(name):
                raise ApkError(f"{where}: entry {shown} has an unsafe path (absolute or '..')")
            if name in seen:
                raise ApkError(f"{where}: entry {shown} appears twice (a known installer trick)")
            seen.add(name)
            if info.flag_bits & 0x1:
                raise ApkError(f"{where}: entry {shown} is marked encrypted")
            total += info.file_size
            if total > lim.max_total_bytes:
                raise ApkError(
                    f"{where}: entries declare more than {lim.max_total_bytes >> 20} MiB "
                    "uncompressed (a zip bomb?)"
                )
            if info.file_size > lim.ratio_floor and info.file_size > lim.max_ratio * max(
                info.compress_size, 1
            ):
                raise ApkError(
                    f"{where}: entry {shown} expands {info.file_size // max(info.compress_size, 1)}"
                    f"x to {info.file_size >> 20} MiB (a zip bomb?)"
                )

    def names(self) -> list[str]:
        return list(self.infos)

    def has(self, name: str) -> bool:
        return name in self.infos

    def read(self, name: str, limit: int | None = None) -> bytes:
        """The member's bytes, refused when it declares more than `limit` (default
        max_member_bytes); a damaged member is an ApkError naming it."""
        info = self.infos[name]
        bound = self.limits.max_member_bytes if limit is None else limit
        if info.file_size > bound:
            raise ApkError(
                f"{self.where}: {name[:120]!r} declares {info.file_size >> 20} MiB "
                f"(more than {bound >> 20} MiB)"
            )
        try:
            with self.zip.open(info) as member:
                data = member.read(bound + 1)
        except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, OSError) as exc:
            raise ApkError(f"{self.where}: {name[:120]!r} cannot be read ({exc})") from None
        except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required"
            raise ApkError(f"{self.where}: {name[:120]!r} cannot be read ({exc})") from None
        if len(data) > bound:
            raise ApkError(f"{self.where}: {name[:120]!r} is larger than it declares")
        return data


def read_input(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The whole file, bounded; an unreadable file is one ApkError line."""
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise ApkError(f"{path}: {size >> 20} MiB is more than {limits.max_file_bytes >> 20}")
        with path.open("rb") as fh:
            return fh.read(limits.max_file_bytes + 1)
    except OSError as exc:
        raise ApkError(f"{path}: cannot be read ({exc.strerror or exc})") from None
