"""What `harness devices` and `harness doctor` say about a device, whatever its kind.

The registry (which opens devices by name) and each kind's own probes (`adb/status.py`) both use
these; keeping them here, below both, is what lets the registry import the probes lazily without
the probes importing the registry back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field


class DeviceStatus(BaseModel):
    """One row of `harness devices`: what is configured, what is connected, what is ready."""

    name: str
    serial: str | None = None
    kind: str
    configured: bool  # listed in the inventory (sim counts as always configured)
    state: str  # device | offline | unauthorized | absent | ready (sim) | unavailable (sim)
    model: str = ""
    android_version: str = ""
    api_level: int = 0
    abi: str = ""
    root: str = ""  # configured / detected method: adb-root | su | none
    root_ok: bool | None = None
    selinux: str = ""
    frida_server: Literal["running", "stopped", "missing", "unknown", "n/a"] = "unknown"
    server_version: str | None = None
    host_frida_version: str = ""
    version_match: bool | None = None
    problems: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class Check:
    """One line of `harness doctor`: what was checked, the verdict, and how to fix it."""

    name: str
    status: Literal["ok", "warn", "fail"]
    detail: str
    fix: str = ""
