"""Hostile APKs made by code: a zip bomb, path traversal, truncation, garbage binary XML, ..."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path


def zip_with(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return path


def zip_bomb(path: Path, member: str = "AndroidManifest.xml", mib: int = 300) -> Path:
    """One member declaring `mib` MiB of zeros in a few hundred KiB, written as a stream."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"\x00" * (1 << 20)
    body = b"".join(comp.compress(chunk) for _ in range(mib)) + comp.flush()
    size = mib << 20
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(chunk, crc)
    name = member.encode()
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(body), size, len(name), 0
    )
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(body), size, len(name), 0, 0, 0, 0, 0, 0,
    )  # fmt: skip
    cd_offset = len(local) + len(name) + len(body)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central) + len(name), cd_offset, 0)
    path.write_bytes(local + name + body + central + name + end)
    return path


def traversal(path: Path) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("AndroidManifest.xml", b"\x03\x00\x08\x00")
        z.writestr("../../../tmp/evil.so", b"x")
    path.write_bytes(buf.getvalue())
    return path


def encrypted(good: Path, path: Path) -> Path:
    """A real APK with the "encrypted" flag set on every entry (a known anti-analysis trick)."""
    data = bytearray(good.read_bytes())
    for sig, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(sig)
        while at >= 0:
            data[at + flag_at] |= 0x01
            at = data.find(sig, at + 4)
    path.write_bytes(bytes(data))
    return path


def truncated(good: Path, path: Path) -> Path:
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def garbage_manifest(path: Path) -> Path:
    # the binary XML chunk header (type 0x0003) followed by nonsense
    return zip_with(
        path, {"AndroidManifest.xml": b"\x03\x00\x08\x00\xff\xff\xff\x7f" + b"\xa5" * 300}
    )


def bad_dex(good: Path, path: Path) -> Path:
    """The real APK with classes.dex replaced by a dex header whose tables point past the end."""
    header = bytearray(b"dex\n035\x00" + b"\x00" * 0x68)
    struct.pack_into("<II", header, 0x60, 5, 0x7FFFFFF0)
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            data = bytes(header) if info.filename == "classes.dex" else src.read(info)
            out.writestr(info.filename, data)
    return path
