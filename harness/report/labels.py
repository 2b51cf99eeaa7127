"""Bilingual (English / Chinese) labels for categories, rules, phases and actor kinds."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, model_validator

from harness.model import Category, Rule
from harness.rules.phases import Phase

LABELS_FILE = Path(__file__).with_name("labels.yaml")


class Label(BaseModel):
    en: str
    zh: str

    def both(self) -> str:
        return f"{self.zh} {self.en}"


class RuleSentence(Label):
    """The verdict sentence of a rule whose calls are not reads, with its English noun."""

    one: str
    many: str


class VerdictLabels(BaseModel):
    """Sentence templates of the verdict (str.format fields as documented in labels.yaml)."""

    fired: Label
    by_rule: dict[str, RuleSentence] = {}
    sent: Label
    clean: Label
    partial: Label
    more: Label
    separator: Label


class Labels(BaseModel):
    # Keyed by the enums' string values (what reports look up); the validator below keeps the
    # keys to real categories, rules and phases, so a typo in labels.yaml fails at load.
    categories: dict[str, Label]
    rules: dict[str, Label]
    phases: dict[str, Label]
    actors: dict[str, Label]
    evidence_phases: dict[str, Label] = {}
    verdict: VerdictLabels

    @model_validator(mode="after")
    def _known_keys(self) -> Labels:
        for field, enum in (("categories", Category), ("rules", Rule), ("phases", Phase)):
            known = {member.value for member in enum}
            unknown = sorted(set(getattr(self, field)) - known)
            if unknown:
                raise ValueError(f"{field}: unknown keys {', '.join(unknown)}")
        unknown = sorted(set(self.verdict.by_rule) - {rule.value for rule in Rule})
        if unknown:
            raise ValueError(f"verdict.by_rule: unknown keys {', '.join(unknown)}")
        return self

    def category(self, key: str) -> Label:
        return self.categories.get(key, Label(en=key, zh=key))

    def rule(self, key: str) -> Label:
        return self.rules.get(key, Label(en=key, zh=key))

    def phase(self, key: str) -> Label:
        return self.phases.get(key, Label(en=key, zh=key))

    def evidence_phase(self, key: str) -> Label:
        return self.evidence_phases.get(key, Label(en=key, zh=key))

    def actor(self, key: str) -> Label:
        return self.actors.get(key, Label(en=key, zh=key))


@lru_cache(maxsize=1)
def labels() -> Labels:
    return Labels.model_validate(yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8")))
