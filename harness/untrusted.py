"""App-controlled text (UI labels, stack frames, values, package and process names) made safe.

The app under test chooses these strings, so they are bounded before they are shown or stored
and cleaned of what the output format would otherwise interpret.
"""

from __future__ import annotations

import re

# XML 1.0 forbids most control characters even when escaped; app text may carry them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def xml_safe(text: str) -> str:
    return _XML_ILLEGAL.sub("\ufffd", text)
