"""manifest.json: one model for what a run folder holds and what the run was made from."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

MANIFEST_VERSION = 1


class FileEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    path: str  # relative to the run folder, `/`-separated
    size: int
    sha256: str


class InputDigest(BaseModel):
    """Something the run was made from: the app, the agent, the catalogue, an SDK list."""

    model_config = ConfigDict(extra="forbid")
    name: str  # app | agent_bundle | hook_catalogue | sdk_list | lab_sdk_list
    source: str  # the path (or package name) it was read from
    kind: Literal["file", "folder", "text", "installed"] = "file"
    # a folder's digest runs over its sorted relative paths and contents (see digest.tree_sha256);
    # None for an app that was already installed (nothing on the host to hash)
    sha256: str | None = None
    size: int | None = None


class DeviceIdentity(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    kind: str = ""
    model: str = ""
    android_version: str = ""
    fingerprint: str = ""  # ro.build.fingerprint


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    manifest_version: int = MANIFEST_VERSION
    tool_version: str
    started_at: str  # UTC, ISO 8601
    ended_at: str
    # device clock minus host clock (ms), measured when the app was resumed; None: not known
    device_clock_offset_ms: float | None = None
    device: DeviceIdentity
    case: dict[str, JsonValue] = Field(default_factory=dict)
    settings: dict[str, JsonValue] = Field(default_factory=dict)
    inputs: list[InputDigest] = Field(default_factory=list)
    files: list[FileEntry] = Field(default_factory=list)  # every file but manifest.json/.sig
