"""App-controlled text (UI labels, stack frames, values, package and process names) made safe.

The app under test chooses these strings, so they are bounded before they are shown or stored
and cleaned of what the output format would otherwise interpret.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rich.markup import escape

# XML 1.0 forbids most control characters and lone surrogates even as character references.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What a terminal would act on: C0 controls but tab and newline (escape sequences, carriage
# returns, bells), DEL and the C1 controls (0x9b starts a sequence on its own in some terminals).
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A Java string may hold half a surrogate pair; it cannot be encoded as UTF-8 (JSON, XML, HTML).
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def xml_safe(text: str) -> str:
    return _XML_ILLEGAL.sub("\ufffd", text)


def printable(text: str) -> str:
    """Text a terminal shows as it is: each control character becomes '?'."""
    return _TERMINAL_CONTROL.sub("?", text)


def literal(text: str) -> str:
    """Rich markup that prints `text` literally: no `[style]` tags, no control characters."""
    return escape(printable(text))


def without_lone_surrogates(value: Any) -> Any:
    """JSON-shaped data with every lone surrogate in its strings replaced by U+FFFD.

    Lone surrogates are rare: one C-speed scan of the data's JSON text finds whether there are
    any (the agent's batches of 200 events cost half as much as with the walk alone), and only
    then is the data walked and copied.
    """
    if isinstance(value, (list, dict)):
        try:
            text = json.dumps(value, ensure_ascii=False, check_circular=False)
        except (TypeError, ValueError, RecursionError):
            text = None  # not plain JSON data: walk it
        if text is not None and _LONE_SURROGATE.search(text) is None:
            return value
    return _replace_lone_surrogates(value)


def _replace_lone_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_replace_lone_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {k: _replace_lone_surrogates(v) for k, v in value.items()}
    return value
