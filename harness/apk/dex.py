"""The names of the classes a dex file defines, read straight from its header tables.

Own code rather than androguard's DEX: androguard parses every method and instruction, which
for a 10 MB dex costs seconds and hundreds of MB; the SDK inventory needs only the class_defs
table -> type_ids -> string_ids -> the descriptor strings, a few hundred lines of reading less.
Every offset is checked against the buffer, so a malformed dex is one `DexError`.
"""

from __future__ import annotations

import struct

DEX_MAGIC = b"dex\n"
HEADER_SIZE = 0x70
_U32 = struct.Struct("<I")


class DexError(ValueError):
    """The bytes are not a well-formed dex file (the message says which table is broken)."""


def _uleb128(data: bytes, pos: int) -> int:
    """Position after the ULEB128 at `pos` (the value itself is not needed)."""
    for i in range(5):
        if pos + i >= len(data):
            raise DexError("string data runs past the end")
        if data[pos + i] < 0x80:
            return pos + i + 1
    raise DexError("malformed ULEB128 in string data")


def _table(data: bytes, count_at: int, item: int) -> tuple[int, int]:
    count, offset = struct.unpack_from("<II", data, count_at)
    if count and (offset < HEADER_SIZE or offset + count * item > len(data)):
        raise DexError(f"table at header offset {count_at:#x} lies outside the file")
    return count, offset


def class_names(data: bytes) -> list[str]:
    """Binary names ("com.vendor.sdk.Foo$Bar") of the classes this dex defines, in file order."""
    if len(data) < HEADER_SIZE or not data.startswith(DEX_MAGIC):
        raise DexError("not a dex file (bad magic)")
    n_strings, strings_at = _table(data, 0x38, 4)
    n_types, types_at = _table(data, 0x40, 4)
    n_classes, classes_at = _table(data, 0x60, 32)
    names: list[str] = []
    for i in range(n_classes):
        (type_idx,) = _U32.unpack_from(data, classes_at + 32 * i)
        if type_idx >= n_types:
            raise DexError(f"class_def {i} names type {type_idx} of {n_types}")
        (string_idx,) = _U32.unpack_from(data, types_at + 4 * type_idx)
        if string_idx >= n_strings:
            raise DexError(f"type {type_idx} names string {string_idx} of {n_strings}")
        (at,) = _U32.unpack_from(data, strings_at + 4 * string_idx)
        if at >= len(data):
            raise DexError(f"string {string_idx} lies outside the file")
        start = _uleb128(data, at)
        end = data.find(b"\x00", start, start + 4096)
        if end < 0:
            raise DexError(f"string {string_idx} is unterminated or longer than 4096 bytes")
        # MUTF-8 differs from UTF-8 only for NUL and supplementary characters: never in a valid
        # package name, and "replace" keeps a hostile name from stopping the scan.
        descriptor = data[start:end].decode("utf-8", "replace")
        if descriptor.startswith("L") and descriptor.endswith(";"):
            names.append(descriptor[1:-1].replace("/", "."))
    return names
