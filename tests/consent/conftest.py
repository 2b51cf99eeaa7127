"""Shared helpers for the consent tests: the hand-written dump corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

DUMPS = Path(__file__).parent / "dumps"


def read_dump(name: str) -> str:
    return (DUMPS / name).read_text(encoding="utf-8")


@pytest.fixture
def dump_text():
    return read_dump
