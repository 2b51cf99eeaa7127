"""The person at the device for `--consent manual`: the run asks them, it never reads a terminal.

The CLI supplies an implementation that prompts at the terminal; a test supplies its own.
"""

from __future__ import annotations

from typing import Literal, Protocol

Decision = Literal["accept", "refuse"]


class ManualTester(Protocol):
    def about_to_tap(self) -> Decision:
        """Block until the tester is about to tap a button of the dialog; say which one."""
        ...

    def has_acted(self) -> None:
        """Block until the tester has acted on the device."""
        ...
