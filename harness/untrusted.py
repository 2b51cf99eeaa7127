"""App-controlled text (UI labels, stack frames, values, package and process names) made safe.

The app under test chooses these strings, so they are bounded before they are shown or stored
and cleaned of what the output format would otherwise interpret.

`visible()` is the one rule for characters that act instead of showing: terminal controls (ESC
starts a sequence that can retitle a window, clear the screen or fake a line; BEL rings; CR
overwrites) and the bidirectional formatting characters (U+202E RIGHT-TO-LEFT OVERRIDE makes
`gpj.exe` read `exe.jpg`, Trojan Source). Every writer (report.html, the batch summary, the
terminal, JUnit, SARIF) shows them as escapes (`\x1b`, `\u202e`): the reader sees that they
were there and what they were, and nothing acts on them. JSON data files (report.json,
events.jsonl) keep the text as it was: JSON escapes controls itself, and those files are evidence.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rich.markup import escape

# XML 1.0 forbids most control characters and lone surrogates even as character references.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What acts instead of showing: C0 controls but tab and newline (escape sequences, carriage
# returns, bells), DEL, the C1 controls (0x9b starts a sequence on its own in some terminals),
# and the bidirectional marks, embeddings, overrides and isolates (Unicode's Bidi_Control set).
_ACTIVE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# A Java string may hold half a surrogate pair; it cannot be encoded as UTF-8 (JSON, XML, HTML).
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def escape_char(ch: str) -> str:
    """One character as every writer shows it escaped: `\\x1b` below U+0100, `\\u202e` in
    the BMP, `\\U0001f600` above. The one form, for visible() and for stack frames alike."""
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _escape(match: re.Match[str]) -> str:
    return escape_char(match.group())


def visible(text: str) -> str:
    """Each control or bidi formatting character as an escape (`\x1b`, `\u202e`); tab and
    newline stay. The one place every writer takes this rule from."""
    return _ACTIVE.sub(_escape, text)


def xml_safe(text: str) -> str:
    """Text for an XML 1.0 document: controls and bidi marks visible, what XML cannot hold
    (lone surrogates, U+FFFE/U+FFFF) replaced by U+FFFD."""
    return _XML_ILLEGAL.sub("\ufffd", visible(text))


def printable(text: str) -> str:
    """Text a terminal shows as it is: each control or bidi character as a visible escape."""
    return visible(text)


def visible_data(value: Any) -> Any:
    """JSON-shaped data (a SARIF log) with `visible()` applied to every string, keys too."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, list):
        return [visible_data(v) for v in value]
    if isinstance(value, dict):
        return {visible_data(k): visible_data(v) for k, v in value.items()}
    return value


def visible_markup(value: Any) -> Any:
    """Jinja2 `finalize`: every `{{ }}` output of a template with `visible()` applied (markupsafe
    Markup stays Markup: the escapes hold no HTML syntax, so safe HTML stays safe)."""
    from markupsafe import Markup

    if isinstance(value, Markup) or hasattr(value, "__html__"):
        return Markup(visible(str(value.__html__())))
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return visible(str(value))  # str, and objects Jinja would print through str()


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
