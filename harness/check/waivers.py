"""Waivers: a reviewed, time-limited exception for a finding key, with the reason it is accepted."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from harness.check.key import FindingKey
from harness.model import Category, Rule


class ActorMatch(BaseModel):
    """Which actor a waiver covers; a field left out matches any value."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["sdk", "app", "third_party", "unknown"] | None = None
    name: str | None = None
    package: str | None = None


class Waiver(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule: Rule
    data: Category
    api: str | None = Field(
        None, description="fully qualified API; left out: any API reading this data"
    )
    actor: ActorMatch | None = Field(None, description="left out: any actor")
    reason: str = Field(..., min_length=1, max_length=2000, description="why this is accepted")
    expires: date = Field(..., description="last day the waiver applies (ISO date, YYYY-MM-DD)")

    def matches(self, key: FindingKey) -> bool:
        if key.rule != self.rule or key.data != self.data:
            return False
        if self.api is not None and key.api != self.api:
            return False
        actor = self.actor
        if actor is not None:
            if actor.kind is not None and actor.kind != key.actor_kind:
                return False
            if actor.name is not None and actor.name != key.actor_name:
                return False
            if actor.package is not None and actor.package != key.actor_package:
                return False
        return True

    def expired(self, today: date) -> bool:
        """The waiver holds through its `expires` day and no longer."""
        return today > self.expires

    def describe(self) -> str:
        who = ""
        if self.actor is not None:
            who = " by " + ":".join(
                p for p in (self.actor.kind, self.actor.name, self.actor.package) if p
            )
        return f"{self.rule.value} {self.data.value} {self.api or '*'}{who} (until {self.expires})"


def pick_waiver(
    waivers: list[Waiver], key: FindingKey, today: date
) -> tuple[Waiver | None, Waiver | None]:
    """(a waiver in force for the key, else None; an expired one that matched, else None)."""
    expired: Waiver | None = None
    for waiver in waivers:
        if not waiver.matches(key):
            continue
        if not waiver.expired(today):
            return waiver, None
        if expired is None or waiver.expires > expired.expires:
            expired = waiver
    return None, expired


def governing_waiver(waivers: list[Waiver], key: FindingKey) -> Waiver | None:
    """The waiver that decides a key, in force or not (the latest expiry wins), else None.

    A key under a waiver stays out of the baseline: when the waiver expires the finding must
    fail again, whatever was accepted in the meantime."""
    matching = [w for w in waivers if w.matches(key)]
    return max(matching, key=lambda w: w.expires) if matching else None
