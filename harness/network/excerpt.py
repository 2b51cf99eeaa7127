"""Masked values and bounded, escaped excerpts of the request around a match.

An excerpt shows where in a request a value went (`{"imei":"35*********123","os":...`) without
the value: every match inside its window is masked (whichever value and encoding), and the
request's other bytes are app-controlled text, so they are escaped.
"""

from __future__ import annotations

import re

from harness.masking import MIN_PARTIAL, mask

__all__ = ["MIN_PARTIAL", "escape", "excerpt", "mask", "masked_value", "render"]

CONTEXT_BYTES = 40  # request bytes shown on either side of the match
MAX_CHARS = 200  # a masked value's length bound (the agent's `bound`)
MAX_STARS = 20  # a long value's mask is shortened: an excerpt stays small

# What a terminal, a log viewer or an HTML page would act on or hide: controls, DEL, C1,
# zero-width and bidirectional formatting characters, line and paragraph separators, BOM.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def masked_value(text: str) -> str:
    """A value as the agent records it by default: masked, then bounded."""
    masked = mask(text)
    if len(masked) <= MAX_CHARS:
        return masked
    return f"{masked[:MAX_CHARS]}…[{len(masked)} chars]"


def _short_mask(text: str) -> str:
    if len(text) < MIN_PARTIAL:
        return "*" * len(text)
    return text[:2] + "*" * min(len(text) - 5, MAX_STARS) + text[-3:]


def _escape_char(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# Printable ASCII: the bytes that are their own escape, which most request bytes are.
_PRINTABLE = bytes(range(0x20, 0x7F))


def escape(data: bytes) -> str:
    """Request bytes as safe text: UTF-8 where valid, \\xNN for other bytes and controls."""
    if not data.translate(None, _PRINTABLE):  # nothing to escape: no decode errors, no regex
        return data.decode("ascii")
    return _UNSAFE.sub(_escape_char, data.decode("utf-8", "backslashreplace"))


def excerpt(
    data: bytes, bounds: tuple[int, int], span: tuple[int, int], masked: list[tuple[int, int]]
) -> str:
    """The bytes around data[span] within data[bounds], every range in `masked` masked.

    `masked` is sorted by start and holds `span` itself.
    """
    lo, hi = bounds
    start = max(lo, span[0] - CONTEXT_BYTES)
    end = min(hi, span[1] + CONTEXT_BYTES)
    before = "…" if start > lo else ""
    after = "…" if end < hi else ""
    return before + render(data, (start, end), masked) + after


def render(data: bytes, window: tuple[int, int], masked: list[tuple[int, int]]) -> str:
    """data[window] escaped, every range in `masked` (sorted by start) masked."""
    start, end = window
    # the masked ranges that reach into the window, merged where they touch or overlap
    regions: list[list[int]] = []
    for a, b in masked:
        if a >= end:
            break
        if b <= start:
            continue
        if regions and a <= regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], b)
        else:
            regions.append([a, b])
    parts = []
    at = start
    for a, b in regions:
        parts.append(escape(data[at : max(a, at)]))
        inside = data[max(a, start) : min(b, end)]
        if a < start or b > end:  # cut by the window: its ends are not the value's ends
            parts.append("*" * min(len(inside), MAX_STARS))
        else:
            parts.append(escape(_short_mask(inside.decode("utf-8", "replace")).encode()))
        at = min(b, end)
    parts.append(escape(data[at:end]))
    return "".join(parts)
