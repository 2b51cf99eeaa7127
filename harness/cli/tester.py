"""The tester of `--consent manual`, asked at the terminal (harness.run.tester.ManualTester).

Prompts go to stderr and answers come from stdin, so that stdout stays for `--json`.
"""

from __future__ import annotations

import sys

import typer

from harness.run.tester import Decision

_ANSWERS: dict[str, Decision] = {"a": "accept", "r": "refuse"}


def _ask(prompt: str) -> str:
    sys.stderr.write(f"{prompt}: ")
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:  # end of input: nobody is there to answer
        sys.stderr.write("\n")
        raise typer.Abort()
    return line.strip()


class TerminalTester:
    def about_to_tap(self) -> Decision:
        while True:
            answer = _ask(
                "Type a + Enter just before you tap ACCEPT on the device, r + Enter before REFUSE"
            )
            decision = _ANSWERS.get(answer.lower())
            if decision is not None:
                return decision

    def has_acted(self) -> None:
        _ask("Press Enter once you have acted on the device")
