"""The static profile's data tables: runtime permissions and self-start actions (YAML files)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

HERE = Path(__file__).parent


class _Permissions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_: int = 1
    permissions: dict[str, str]


class SelfStartActions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_: int = 1
    boot: frozenset[str]
    system_event: frozenset[str]
    ignore: frozenset[str]


def _load(name: str) -> dict[str, object]:
    data = yaml.safe_load((HERE / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict), name  # our own file: a test keeps it well-formed
    data["schema_"] = data.pop("schema", 1)
    return data


@lru_cache(maxsize=1)
def dangerous_permissions() -> dict[str, str]:
    """Runtime permission -> its data group."""
    return _Permissions.model_validate(_load("dangerous_permissions.yaml")).permissions


@lru_cache(maxsize=1)
def self_start_actions() -> SelfStartActions:
    return SelfStartActions.model_validate(_load("self_start_actions.yaml"))
