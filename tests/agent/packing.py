"""A packed batch built in Python the way hooks/src/packer.ts lays it out (wire.ts
BatchPackedMessage), for tests that need one the real agent would not send (a malformed one)."""

from __future__ import annotations

import struct
from typing import Any


def pack(items: list[dict[str, Any]], pid: int = 10) -> tuple[dict[str, Any], bytes]:
    """(envelope, data): calls as records, everything else as JSON items, in order."""
    strings: list[str] = []
    ids: dict[str, int] = {}

    def ref(text: str) -> int:
        if text not in ids:
            ids[text] = len(strings)
            strings.append(text)
        return ids[text]

    numbers: list[float] = []
    words: list[int] = []
    others: list[dict[str, Any]] = []
    for item in items:
        if item["type"] != "call":
            words.append(0)
            others.append(item)
            continue
        numbers += [item["seq"], item["ts"]]
        words += [1, *(ref(item[k]) for k in ("process", "thread", "api", "hook_id", "category"))]
        words += [0 if item[k] is None else ref(item[k]) + 1 for k in ("ret", "threw")]
        words += [1 if item["denied"] else 0, item["stack_id"] or 0]
        words += [len(item["args"]), *(ref(a) for a in item["args"])]
        words += [len(item["values"]), *(ref(v) for v in item["values"])]
    data = struct.pack(f"<{len(numbers)}d{len(words)}i", *numbers, *words)
    envelope = {
        "type": "batch_packed",
        "schema": 2,
        "pid": pid,
        "calls": len(numbers) // 2,
        "size": len(data),
        "strings": strings,
        "items": others,
    }
    return envelope, data
