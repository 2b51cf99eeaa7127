"""A tiny class-file patcher for hostile test apps: rewrites CONSTANT_Utf8 entries of a compiled
class, so a test can give it names javac refuses (a SourceFile attribute holding ")," or a NUL,
a method name with a space, a class name with U+2013) the way a crafted dex or class file can.

Only the constant pool is rewritten (JVMS 4.4); everything after it is copied unchanged, so the
class stays valid as long as the new names are legal for the VM (HotSpot accepts all of these).
"""

from __future__ import annotations

import struct
from pathlib import Path

# Constant pool tag -> size of the entry after its tag byte (Utf8 has its own length).
_FIXED = {3: 4, 4: 4, 5: 8, 6: 8, 7: 2, 8: 2, 9: 4, 10: 4, 11: 4, 12: 4, 15: 3, 16: 2, 17: 4}
_FIXED.update({18: 4, 19: 2, 20: 2})


def modified_utf8(text: str) -> bytes:
    """Java's modified UTF-8: NUL as C0 80, supplementary characters as surrogate pairs."""
    out = bytearray()
    for unit in struct.unpack(f"<{len(text.encode('utf-16-le')) // 2}H", text.encode("utf-16-le")):
        if 0 < unit < 0x80:
            out.append(unit)
        elif unit < 0x800:
            out += bytes((0xC0 | unit >> 6, 0x80 | unit & 0x3F))
        else:
            out += bytes((0xE0 | unit >> 12, 0x80 | unit >> 6 & 0x3F, 0x80 | unit & 0x3F))
    return bytes(out)


def patch_utf8(path: Path, replacements: dict[str, str], out: Path | None = None) -> None:
    """Replace whole Utf8 constants (by exact value) in the class file at `path`; every key must
    be found, so a test cannot silently patch nothing."""
    data = path.read_bytes()
    count = struct.unpack_from(">H", data, 8)[0]
    pos, index = 10, 1
    body = bytearray(data[:10])
    found: set[str] = set()
    while index < count:
        tag = data[pos]
        if tag == 1:
            length = struct.unpack_from(">H", data, pos + 1)[0]
            raw = data[pos + 3 : pos + 3 + length]
            value = raw.decode("utf-8", errors="surrogatepass")
            if value in replacements:
                found.add(value)
                raw = modified_utf8(replacements[value])
            body += bytes((1,)) + struct.pack(">H", len(raw)) + raw
            pos += 3 + length
        else:
            size = _FIXED[tag]
            body += data[pos : pos + 1 + size]
            pos += 1 + size
        index += 2 if tag in (5, 6) else 1
    missing = set(replacements) - found
    assert not missing, f"{path.name}: no constant {sorted(missing)}"
    body += data[pos:]
    (out or path).write_bytes(bytes(body))
