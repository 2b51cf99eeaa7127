"""The SDK knowledge base: validated entries from sdks.yaml, plus a lab's own file on top.

`SdkDb.match(class_name)` answers "which SDK owns this class" by the longest prefix that covers
the class on package boundaries.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from harness.errors import ConfigError
from harness.yamlfile import Loc, line_of, parse_mapping, read_bounded, validation_error

BUILTIN_SDK_FILE = Path(__file__).with_name("sdks.yaml")
SDK_FILE_SCHEMA = 1
MAX_SDK_FILE_BYTES = 4 * 1024 * 1024

SdkCategory = Literal[
    "ads",
    "analytics",
    "attribution",
    "browser",
    "crash_reporting",
    "customer_support",
    "fingerprint",
    "hotfix",
    "im",
    "location",
    "login",
    "maps",
    "media",
    "payment",
    "platform",
    "push",
    "security",
    "social",
    "voice",
    "other",
]

# A Java package or class prefix: dot-separated identifiers ("$" and "_" allowed, as in classes).
_PREFIX = re.compile(r"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$")


class SdkEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=100)
    vendor: str = Field("", max_length=100)
    category: SdkCategory = "other"
    prefixes: list[str] = Field(min_length=1)
    note: str = ""

    @field_validator("prefixes")
    @classmethod
    def _valid_prefixes(cls, value: list[str]) -> list[str]:
        for prefix in value:
            if not _PREFIX.match(prefix):
                raise ValueError(f"{prefix!r} is not a Java package prefix (like com.vendor.sdk)")
        return value


class SdkFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_: int = Field(SDK_FILE_SCHEMA, alias="schema")
    sdks: list[SdkEntry]


@dataclass(frozen=True)
class SdkMatch:
    entry: SdkEntry
    prefix: str


class SdkDb:
    """An immutable set of SDK entries with a prefix index (one dict lookup per package level)."""

    def __init__(self, entries: list[SdkEntry]) -> None:
        self.entries = list(entries)
        self._by_prefix: dict[str, SdkEntry] = {}
        for entry in self.entries:
            for prefix in entry.prefixes:
                other = self._by_prefix.get(prefix)
                if other is not None and other.name != entry.name:
                    raise ConfigError(
                        f"SDK prefix {prefix!r} is claimed by both {other.name!r} "
                        f"and {entry.name!r}"
                    )
                self._by_prefix[prefix] = entry

    def __len__(self) -> int:
        return len(self.entries)

    def match(self, class_name: str) -> SdkMatch | None:
        """The entry whose prefix covers `class_name` most specifically, on package boundaries."""
        candidate = class_name
        while candidate:
            entry = self._by_prefix.get(candidate)
            if entry is not None:
                return SdkMatch(entry, candidate)
            cut = candidate.rfind(".")
            if cut < 0:
                return None
            candidate = candidate[:cut]
        return None

    def merged(self, extra: list[SdkEntry]) -> SdkDb:
        """This base with `extra` on top: same name replaces; a prefix in `extra` moves to it."""
        names = {e.name for e in extra}
        taken = {p for e in extra for p in e.prefixes}
        kept: list[SdkEntry] = []
        for entry in self.entries:
            if entry.name in names:
                continue
            prefixes = [p for p in entry.prefixes if p not in taken]
            if prefixes:
                kept.append(
                    entry
                    if prefixes == entry.prefixes
                    else entry.model_copy(update={"prefixes": prefixes})
                )
        return SdkDb(kept + list(extra))


def read_sdk_file(path: Path) -> list[SdkEntry]:
    """Parse and validate one SDK file; errors name the file, line and the entry/field at fault."""
    raw = read_bounded(path, MAX_SDK_FILE_BYTES, "SDK file")
    data, root = parse_mapping(raw, path, "SDK file")
    try:
        parsed = SdkFile.model_validate(data)
    except ValidationError as exc:
        raise validation_error(path, root, exc, field=lambda loc: _where(data, loc)) from None
    if parsed.schema_ != SDK_FILE_SCHEMA:
        raise ConfigError(
            f"{path}: schema {parsed.schema_} is not supported (expected {SDK_FILE_SCHEMA})"
        )
    seen: set[str] = set()
    owner: dict[str, str] = {}
    for i, entry in enumerate(parsed.sdks):
        where = f"{path}:{line_of(root, ('sdks', i))}"
        if entry.name in seen:
            raise ConfigError(f"{where}: SDK name {entry.name!r} appears twice")
        seen.add(entry.name)
        for prefix in entry.prefixes:
            if owner.setdefault(prefix, entry.name) != entry.name:
                raise ConfigError(
                    f"{where}: SDK prefix {prefix!r} is claimed by both {owner[prefix]!r} "
                    f"and {entry.name!r}"
                )
    return parsed.sdks


def _where(raw: dict[str, Any], loc: Loc) -> str:
    # "sdks[3] (Foo).prefixes[0]" reads better than pydantic's bare location tuple.
    parts: list[str] = []
    node: object = raw
    for item in loc:
        if isinstance(item, int):
            parts[-1] += f"[{item}]"
            if isinstance(node, list) and 0 <= item < len(node):
                node = node[item]
                if isinstance(node, dict) and "name" in node and len(parts) == 1:
                    parts[-1] += f" ({node['name']})"
        else:
            parts.append(str(item))
            node = node.get(item) if isinstance(node, dict) else None
    return ".".join(parts) or "file"


def load_sdk_db(extra_file: Path | None = None) -> SdkDb:
    """The built-in knowledge base, with a lab's SDK file merged on top when given."""
    stat = BUILTIN_SDK_FILE.stat()
    db = _builtin_db(stat.st_mtime_ns, stat.st_size)
    if extra_file is not None:
        db = db.merged(read_sdk_file(extra_file))
    return db


@functools.lru_cache(maxsize=2)
def _builtin_db(_mtime_ns: int, _size: int) -> SdkDb:
    """The built-in file parsed once per process (a batch runs many apps in one; parsing and
    validating it cost more than the rules of a short run, issue #19). SdkDb is immutable; the
    key is the file's stat, so an edited file is read again."""
    return SdkDb(read_sdk_file(BUILTIN_SDK_FILE))
