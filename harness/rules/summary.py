"""Roll findings up per actor (SDK, app, ...) and per data category, for the reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from harness.model import Finding


@dataclass
class ActorSummary:
    kind: str
    name: str
    vendor: str
    findings: list[Finding] = field(default_factory=list)
    rules: dict[str, int] = field(default_factory=dict)  # rule -> calls
    categories: dict[str, int] = field(default_factory=dict)  # data category -> calls
    first_offset_s: float = 0.0

    @property
    def calls(self) -> int:
        """Calls behind this actor's findings (a call hitting two rules counts twice)."""
        return sum(f.count for f in self.findings)


@dataclass
class CategorySummary:
    category: str
    findings: list[Finding] = field(default_factory=list)
    rules: dict[str, int] = field(default_factory=dict)  # rule -> calls
    actors: dict[str, int] = field(default_factory=dict)  # actor name -> calls
    first_offset_s: float = 0.0

    @property
    def calls(self) -> int:
        return sum(f.count for f in self.findings)


def _bump(table: dict[str, int], key: str, n: int) -> None:
    table[key] = table.get(key, 0) + n


def by_actor(findings: Iterable[Finding]) -> list[ActorSummary]:
    """One summary per actor (kind + name), the actor with the earliest finding first."""
    out: dict[tuple[str, str], ActorSummary] = {}
    for f in findings:
        key = (f.actor.kind, f.actor.name)
        s = out.get(key)
        if s is None:
            s = out[key] = ActorSummary(
                f.actor.kind, f.actor.name, f.actor.vendor, first_offset_s=f.first_offset_s
            )
        s.findings.append(f)
        s.first_offset_s = min(s.first_offset_s, f.first_offset_s)
        _bump(s.rules, f.rule.value, f.count)
        _bump(s.categories, f.data.value, f.count)
    return sorted(out.values(), key=lambda s: (s.first_offset_s, s.name))


def by_category(findings: Iterable[Finding]) -> list[CategorySummary]:
    """One summary per data category, the earliest first."""
    out: dict[str, CategorySummary] = {}
    for f in findings:
        s = out.get(f.data.value)
        if s is None:
            s = out[f.data.value] = CategorySummary(f.data.value, first_offset_s=f.first_offset_s)
        s.findings.append(f)
        s.first_offset_s = min(s.first_offset_s, f.first_offset_s)
        _bump(s.rules, f.rule.value, f.count)
        _bump(s.actors, f.actor.name, f.count)
    return sorted(out.values(), key=lambda s: (s.first_offset_s, s.category))
