"""Bilingual (English / Chinese) labels for categories, rules, phases and actor kinds."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel

from harness.model import Category, Rule
from harness.rules.phases import Phase

LABELS_FILE = Path(__file__).with_name("labels.yaml")


class Label(BaseModel):
    en: str
    zh: str

    def both(self) -> str:
        return f"{self.zh} {self.en}"


class Labels(BaseModel):
    categories: dict[Category, Label]
    rules: dict[Rule, Label]
    phases: dict[Phase, Label]
    actors: dict[str, Label]

    def category(self, key: str) -> Label:
        return self.categories.get(key, Label(en=key, zh=key))  # type: ignore[call-overload]

    def rule(self, key: str) -> Label:
        return self.rules.get(key, Label(en=key, zh=key))  # type: ignore[call-overload]

    def phase(self, key: str) -> Label:
        return self.phases.get(key, Label(en=key, zh=key))  # type: ignore[call-overload]

    def actor(self, key: str) -> Label:
        return self.actors.get(key, Label(en=key, zh=key))


@lru_cache(maxsize=1)
def labels() -> Labels:
    return Labels.model_validate(yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8")))
