"""Jinja2 filters for the dashboard's pages: app strings shown literally, times, durations.

Autoescaping (always on) keeps HTML out; `shown` also keeps out what escaping leaves: control
characters and the bidirectional-text controls that would reorder what a reviewer reads (each
shown as an escape such as `\x1b` or `\u202e`: harness.untrusted.visible, the rule every writer
shares), and bounds the length.
"""

from __future__ import annotations

import time
from urllib.parse import quote

from jinja2 import Environment

from harness.untrusted import clip, visible

MAX_SHOWN = 300


def shown(value: object, limit: int = MAX_SHOWN) -> str:
    return clip(visible(str(value if value is not None else "")), limit)


def when(value: float | None) -> str:
    if value is None:
        return "—"
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(value))


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    s = int(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60} s"
    return f"{s // 3600} h {s % 3600 // 60} min"


def path_part(value: str) -> str:
    """A value as one URL path segment (every reserved character quoted)."""
    return quote(value, safe="")


def install_filters(env: Environment) -> None:
    assert env.autoescape is True, "the dashboard's templates must all be autoescaped"
    env.filters.update(shown=shown, when=when, duration=duration, part=path_part)
