"""Run the real `harness` entry point in-process and capture its exit status and output."""

from __future__ import annotations

import sys
from dataclasses import dataclass

import pytest

from harness.cli import main


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def harness(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> Outcome:
    monkeypatch.setattr(sys, "argv", ["harness", *args])
    monkeypatch.setenv("COLUMNS", "250")  # keep rich from wrapping lines the tests read
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    captured = capsys.readouterr()
    return Outcome(code, captured.out, captured.err)
