"""Answer the system's runtime-permission prompt as the run is configured (deny, allow, leave).

The prompt is the permission controller's window (`permission_packages` in keywords.yaml), never
the app's privacy dialog: the detector already refuses to treat it as consent. This module only
finds its buttons by their platform resource ids (the same on Android 10+ and the simulated
device) and taps the configured one; each answer is recorded through `mark` as a marker, so the
rules see denials in the same order as the app's calls.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from harness.consent.keywords import Keywords
from harness.consent.uidump import DumpError, UiDump, UiNode, parse_dump
from harness.device.base import Device
from harness.model import Marker
from harness.settings import PromptAnswer

# Button ids by answer, most specific first ("while using the app" grants like "allow").
_BUTTONS: dict[str, tuple[str, ...]] = {
    "deny": ("permission_deny_button", "permission_deny_and_dont_ask_again_button"),
    "allow": (
        "permission_allow_foreground_only_button",
        "permission_allow_button",
        "permission_allow_one_time_button",
    ),
}
_MARKERS = {
    "deny": Marker.permission_prompt_denied,
    "allow": Marker.permission_prompt_allowed,
    "leave": Marker.permission_prompt_shown,
}


def prompt_nodes(dump: UiDump, keywords: Keywords) -> list[UiNode]:
    """The nodes of a permission prompt on screen (empty when there is none)."""
    return [
        n
        for n in dump.nodes
        if keywords.is_permission_package(n.package) or keywords.is_permission_id(n.resource_id)
    ]


def _button(nodes: list[UiNode], answer: str) -> UiNode | None:
    by_name = {n.resource_id.rsplit("/", 1)[-1]: n for n in nodes if n.tappable}
    for name in _BUTTONS.get(answer, ()):
        if name in by_name:
            return by_name[name]
    return None


class PermissionPrompts:
    """Watches dumps for the permission prompt and answers it; one instance per run.

    `mark(marker)` is called just before the answering tap (or once per prompt left on screen
    with `leave`), as the consent driver marks its decisive tap.
    """

    def __init__(
        self,
        device: Device,
        answer: PromptAnswer,
        mark: Callable[[Marker], None],
        *,
        keywords: Keywords | None = None,
        change_timeout: float = 3.0,
    ) -> None:
        self.device = device
        self.answer = answer
        self.mark = mark
        self.keywords = keywords or Keywords.load()
        self.change_timeout = change_timeout
        self.answered: list[str] = []  # one entry per prompt: "deny", "allow", "leave", "failed"
        self._left: str | None = None  # the dump of the prompt left on screen (leave)

    def handle(self, dump_xml: str) -> bool:
        """Answer the prompt in `dump_xml` if there is one; True when a tap was made (the caller
        should look again)."""
        try:
            nodes = prompt_nodes(parse_dump(dump_xml), self.keywords)
        except DumpError:
            return False
        if not nodes:
            self._left = None
            return False
        if self.answer == "leave":
            if self._left != dump_xml:
                self._left = dump_xml
                self.answered.append("leave")
                self.mark(_MARKERS["leave"])
            return False
        button = _button(nodes, self.answer)
        if button is None:
            self.answered.append("failed")
            return False
        self.mark(_MARKERS[self.answer])
        self.device.tap(*button.center)
        self.answered.append(self.answer)
        self._await_change(dump_xml)
        return True

    def poll(self) -> bool:
        """Look at the screen once and answer a prompt that is showing."""
        return self.handle(self.device.dump_ui())

    def _await_change(self, before: str) -> None:
        deadline = time.monotonic() + self.change_timeout
        while time.monotonic() < deadline and self.device.dump_ui() == before:
            time.sleep(0.1)
