"""Untrusted strings (API names, frames, values: all come from the app) made safe to show."""

from __future__ import annotations

import re

from harness.untrusted import clip, visible

# What XML 1.0 cannot hold even escaped; the controls and bidi marks are made visible first.
_CONTROL = re.compile(r"[\ud800-\udfff\ufffe\uffff]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_SARIF_LINK_CHARS = re.compile(r"([\\\[\]])")

MAX_FIELD = 300


def clean(value: str, limit: int = MAX_FIELD) -> str:
    """One line, control and bidi characters visible as escapes (harness.untrusted.visible), no
    character XML 1.0 cannot hold, at most `limit` chars."""
    value = value.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return clip(_CONTROL.sub("?", visible(value)), limit)


def sarif_message(text: str) -> dict[str, str]:
    """A SARIF plain-text message: `[label](n)` would be an embedded link, so the brackets (and
    the backslash that escapes them) are escaped; give it cleaned text."""
    return {"text": _SARIF_LINK_CHARS.sub(r"\\\1", text)}


def md(value: str, limit: int = 160) -> str:
    """Text for a Markdown table cell: no markup, no HTML, no @-mentions, no row breaks."""
    text = clean(value, limit)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # `$` pairs would render as math on GitHub; `@name` would notify someone
    return text.replace("$", "&#36;").replace("@", "&#64;")


def md_code(value: str, limit: int = 160) -> str:
    """A code span for a table cell (literal: no markup, math, links or mentions inside)."""
    text = clean(value, limit)
    if "`" in text or not text.strip():
        return md(value, limit)
    # GFM splits table cells before parsing code spans: the pipe still needs its backslash
    return "`" + text.replace("|", "\\|") + "`"
