"""The probe's specification (probe.yaml): what it calls, where, and what a run must show."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

SPEC_FILE = Path(__file__).with_name("probe.yaml")
PROBE_PROJECT = Path(__file__).with_name("probe")  # apktool project of the probe APK


class ProbeProcess(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    process: str  # "" for the main process, ":probe" for another one
    class_: str = Field(alias="class")  # the class whose method makes the calls
    method: str
    hooks: list[str]  # catalogue ids the calls must fire

    def full_name(self, package: str) -> str:
        return package + self.process if self.process.startswith(":") else self.process or package


class ProbeSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    schema_: int = Field(1, alias="schema")
    package: str
    processes: list[ProbeProcess]
    markers: list[str]


@lru_cache(maxsize=1)
def probe_spec() -> ProbeSpec:
    return ProbeSpec.model_validate(yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8")))
