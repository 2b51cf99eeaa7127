"""The clauses each rule tests (data: legal.yaml), for report.json, report.html and the PDF."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, model_validator

from harness.model import Rule

LEGAL_FILE = Path(__file__).with_name("legal.yaml")


class LegalSource(BaseModel):
    en: str
    zh: str
    short_en: str
    short_zh: str


class LegalEntry(BaseModel):
    source: str  # a key of LegalTable.sources
    clause: str
    en: str
    zh: str


class LegalRef(BaseModel):
    """One clause as report.json carries it: self-contained, both languages."""

    source_en: str
    source_zh: str
    short_en: str
    short_zh: str
    clause: str
    en: str
    zh: str

    def cite_zh(self) -> str:
        return f"{self.short_zh} {self.clause}"


class RuleBasis(BaseModel):
    rule: str
    clauses: list[LegalRef]


class LegalTable(BaseModel):
    sources: dict[str, LegalSource]
    # Rule names: harness.model.Rule values and rules other parts of the harness add (the
    # network-evidence ones), so a name is not checked against the enum, only each Rule is
    # checked to have an entry.
    rules: dict[str, list[LegalEntry]]

    @model_validator(mode="after")
    def _complete(self) -> LegalTable:
        missing = sorted(r.value for r in Rule if not self.rules.get(r.value))
        if missing:
            raise ValueError(f"rules without clauses: {', '.join(missing)}")
        for rule, entries in self.rules.items():
            for entry in entries:
                if entry.source not in self.sources:
                    raise ValueError(f"rules.{rule}: unknown source {entry.source!r}")
        return self

    def basis(self, rule: str) -> RuleBasis:
        refs = []
        for entry in self.rules.get(rule, []):
            src = self.sources[entry.source]
            refs.append(
                LegalRef(
                    source_en=src.en,
                    source_zh=src.zh,
                    short_en=src.short_en,
                    short_zh=src.short_zh,
                    clause=entry.clause,
                    en=entry.en,
                    zh=entry.zh,
                )
            )
        return RuleBasis(rule=rule, clauses=refs)


@lru_cache(maxsize=1)
def legal_table() -> LegalTable:
    return LegalTable.model_validate(yaml.safe_load(LEGAL_FILE.read_text(encoding="utf-8")))


def legal_basis(rules: list[str]) -> list[RuleBasis]:
    """The clauses of each rule, in the given order (rules without an entry are left out)."""
    table = legal_table()
    return [table.basis(r) for r in rules if r in table.rules]
