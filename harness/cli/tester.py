"""The tester of `--consent manual`, asked at the terminal (harness.run.tester.ManualTester)."""

from __future__ import annotations

import typer

from harness.run.tester import Decision

_ANSWERS: dict[str, Decision] = {"a": "accept", "r": "refuse"}


class TerminalTester:
    def about_to_tap(self) -> Decision:
        while True:
            answer = typer.prompt(
                "Type a + Enter just before you tap ACCEPT on the device, r + Enter before REFUSE",
                prompt_suffix=": ",
            )
            decision = _ANSWERS.get(answer.strip().lower())
            if decision is not None:
                return decision

    def has_acted(self) -> None:
        typer.prompt(
            "Press Enter once you have acted on the device",
            default="",
            show_default=False,
            prompt_suffix=": ",
        )
