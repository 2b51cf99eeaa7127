"""The self-test's verdict: one line per thing checked, each with what to do when it failed."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

ItemKind = Literal["bench", "run", "process", "hook", "call", "marker"]


class SelftestItem(BaseModel):
    kind: ItemKind
    name: str
    ok: bool
    detail: str = ""
    fix: str = ""


class SelftestReport(BaseModel):
    device: str
    target: str  # the probe that ran: the APK or the simulated twin's folder
    passed: bool
    items: list[SelftestItem] = Field(default_factory=list)
    run_dir: str = ""

    @property
    def failures(self) -> list[SelftestItem]:
        return [i for i in self.items if not i.ok]
