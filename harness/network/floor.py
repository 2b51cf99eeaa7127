"""The floor: values too short or too plain to be evidence when found in a request.

A value like `0`, `true`, `unknown` or a 4-digit number turns up in almost any payload by chance,
so a "match" on it proves nothing. A text is matchable only when, after normalisation (surrounding
white space trimmed, separators removed: see `SEPARATORS`), it
1. is not on the stop list (`STOP_LIST`, compared case-insensitively, also before normalisation);
2. has at least `MIN_CHARS` (6) characters, and at least `MIN_DIGITS` (8) when it is all digits
   (6- and 7-digit numbers are dates, counters, versions and pieces of timestamps);
3. has at least `MIN_DISTINCT` (4) distinct characters (`000000`, `aaaaaaaa`, `121212`, the
   `02:00:00:00:00:00` MAC Android returns to apps without the permission, the zero advertising
   ID `00000000-0000-0000-0000-000000000000`).
Every form the matcher derives from a value (separators removed, rounded coordinates, ...) must
pass the floor on its own too.
"""

from __future__ import annotations

MIN_CHARS = 6
MIN_DIGITS = 8
MIN_DISTINCT = 4

# Characters apps leave out when they send an identifier: MAC and Bluetooth addresses (":"),
# phone numbers (" ", "-", "(", ")"), IMEIs and serials printed in groups, UUIDs ("-").
SEPARATORS = " \t-:()"

# Placeholders that APIs return instead of the real value, and words any payload holds.
STOP_LIST = frozenset(
    {
        "null",
        "none",
        "nil",
        "true",
        "false",
        "unknown",
        "<unknown ssid>",
        "undefined",
        "default",
        "android",
        "generic",
        "localhost",
        "wifi",
        "mobile",
        "0.0.0.0",
        "127.0.0.1",
        "::1",
        "2147483647",  # Integer.MAX_VALUE: "unavailable" in several telephony APIs
        "-2147483648",
        "9223372036854775807",
    }
)


def strip_separators(text: str) -> str:
    return text.translate({ord(c): None for c in SEPARATORS})


def matchable(text: str) -> bool:
    """Whether `text` is specific enough to count as evidence when found in a request."""
    trimmed = text.strip()
    if trimmed.lower() in STOP_LIST:
        return False
    core = strip_separators(trimmed)
    if core.lower() in STOP_LIST:
        return False
    minimum = MIN_DIGITS if core.isascii() and core.isdigit() else MIN_CHARS
    return len(core) >= minimum and len(set(core)) >= MIN_DISTINCT
