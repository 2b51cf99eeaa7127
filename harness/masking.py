"""Masking values, and scrubbing a device's own identifiers out of the files a run writes.

The agent masks every value it records unless raw values were asked for (`mask` is the agent's
`mask` in hooks/src/values.ts). Other files of a run folder are not made by the agent: the app's
own log, logcat, UI dumps, problem messages with an app's exception text. They may hold the very
identifiers the hooks masked (an app that logs `imei=861234567890123`). The device knows its own
identifiers (`Device.identifiers()`), so a `Scrubber` built from them masks each of their common
forms (as is, in any letter case, without `:`/`-` separators, an SSID without its quotes) in
any text before it is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MIN_PARTIAL = 8  # shorter values are starred completely: a partial reveal would say too much
# A needle shorter than this would mask unrelated text ("cn", "01"): such values are no
# identifiers, and the table of a device's identifiers leaves them out.
MIN_SCRUB_CHARS = 6
_SEPARATORS = re.compile(r"[:\-\s]")


def mask(text: str) -> str:
    """The harness's masking of a value: `86**********123`, short values all stars."""
    if len(text) < MIN_PARTIAL:
        return "*" * len(text)
    return text[:2] + "*" * (len(text) - 5) + text[-3:]


def forms(value: str) -> set[str]:
    """The texts under which a value commonly appears in a log or a dump."""
    found = {value, value.strip('"'), _SEPARATORS.sub("", value)}
    return {f for f in found if len(f) >= MIN_SCRUB_CHARS}


_SELECTIVE_RUN = 4  # a literal run shorter than this (':', '"') is in almost every line


def _uncased(ch: str) -> bool:
    # A character with no case mapping is matched only by itself, also under re.IGNORECASE.
    return ch.lower() == ch and ch.upper() == ch


def _longest_uncased_run(needle: str) -> str:
    runs = "".join(ch if _uncased(ch) else "\0" for ch in needle).split("\0")
    return max(runs, key=len)


class Scrubber:
    """Masks every form of the given values in a text; an empty scrubber changes nothing.

    Every line of events.jsonl passes through `scrub`, so a text that cannot hold a needle is
    told apart cheaply before the case-insensitive pattern (about ten times slower than a
    plain search) runs: a needle's uncased characters (digits, ':', '+') can only match
    themselves, so its longest uncased run must appear literally; a needle of cased characters
    only is looked for in the lower-cased text when both are ASCII, where that is exact.
    """

    def __init__(self, values: Iterable[str] = ()) -> None:
        needles = sorted({f for v in values for f in forms(v)}, key=lambda s: (-len(s), s))
        self.needles = tuple(needles)
        # Longest first, so a value is masked whole before a shorter one inside it is tried.
        self._pattern = (
            re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE) if needles else None
        )
        self._literal_runs: list[str] = []
        self._ascii_caseless: list[str] = []
        self._always = False  # a needle no cheap test covers: the pattern always runs
        # A needle holding another one ('"LabWiFi"' holds 'LabWiFi') can only match where the
        # other does: testing the other is enough.
        inner = [n for n in needles if not any(m != n and m in n for m in needles)]
        for needle in inner:
            run = _longest_uncased_run(needle)
            if len(run) >= _SELECTIVE_RUN or (run and not needle.isascii()):
                self._literal_runs.append(run)
            elif needle.isascii():
                self._ascii_caseless.append(needle.lower())
            else:
                self._always = True

    def __bool__(self) -> bool:
        return self._pattern is not None

    def _may_match(self, text: str) -> bool:
        if self._always or any(run in text for run in self._literal_runs):
            return True
        if not self._ascii_caseless:
            return False
        if not text.isascii():
            return True  # e.g. U+212A KELVIN SIGN matches "k" under re.IGNORECASE
        lowered = text.lower()
        return any(needle in lowered for needle in self._ascii_caseless)

    def scrub(self, text: str) -> str:
        if self._pattern is None or not self._may_match(text):
            return text
        return self._pattern.sub(lambda m: mask(m.group(0)), text)

    def scrub_bytes(self, data: bytes) -> bytes:
        """The same on bytes of any encoding: what is not UTF-8 passes through unchanged."""
        if self._pattern is None:
            return data
        text = data.decode("utf-8", "surrogateescape")
        return self.scrub(text).encode("utf-8", "surrogateescape")
