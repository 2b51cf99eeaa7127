"""The catalogue of hooked APIs (hooks/catalog.yaml): one validated entry per API.

The agent is compiled with this catalogue embedded (see `harness.agent.bundle`), so adding an
entry to the YAML is all it takes to watch one more API. `hooks/src/catalog.ts` declares the same
shape on the TypeScript side; tests/agent/test_catalog.py keeps the two in step.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from harness.model import Category, Channel, ProbeTarget
from harness.paths import catalog_path
from harness.yamlfile import Loc, parse_mapping, read_bounded, validation_error

CATALOG_SCHEMA = 1
MAX_CATALOG_BYTES = 4 * 1024 * 1024

# Java names the agent understands in `overloads`: primitives, fully qualified classes, and `[]`.
_PRIMITIVES = {"boolean", "byte", "char", "short", "int", "long", "float", "double"}


class ApiLevels(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min: int | None = None
    max: int | None = None


class When(BaseModel):
    """Record a call only when one argument matches a key of `table`; the value is its category.

    `match` says how the argument is compared: `uri_authority` (a content:// Uri's authority),
    `path` (a file path, `*` matches within one path segment), `equals` (exact string).
    A table value of null means "matched, but deliberately not recorded".
    """

    model_config = ConfigDict(extra="forbid")

    arg: int = Field(ge=0)
    match: Literal["uri_authority", "path", "equals"]
    table: dict[str, Category | None]

    @model_validator(mode="after")
    def _non_empty(self) -> When:
        if not self.table:
            raise ValueError("`table` needs at least one key")
        return self


class ProbeMatch(BaseModel):
    """A `probe` entry records a call only when one argument (or, with `arg: -1`, the object
    the method is called on: `File.exists()`) names what a Frida detector looks at.

    `match`: `path` (a file path, `*` within one segment, as for `when`), `port` (the port at
    the end of an address's text, `localhost/127.0.0.1:27042`). The table's value says what
    the app probed for."""

    model_config = ConfigDict(extra="forbid")

    arg: int = Field(ge=-1)
    match: Literal["path", "port"]
    table: dict[str, ProbeTarget] = Field(min_length=1)


# How the agent reads a transmission from the hooked methods of a `network` entry (one handler
# per hook family, hooks/src/net/): the catalogue says where to hook, the handler what to read.
NetworkHandler = Literal[
    "url_connection",  # HttpURLConnection: URL, method, headers; body when the request goes out
    "okhttp_exchange",  # okhttp3 CallServerInterceptor.intercept: the final request, body copied
    "okhttp_enqueue",  # okhttp3 RealCall.enqueue: the caller's stack, for the request sent later
    "stream_write",  # a socket's (or TLS socket's) OutputStream.write: bytes and destination
    "dns",  # InetAddress look-ups: the host name, no body
    "webview",  # WebView loadUrl / postUrl
    "datagram",  # DatagramSocket.send(packet) / DatagramChannel.send(buffer, target): UDP
    "native_ssl_write",  # SSL_write(ssl, buf, num)
    "native_socket",  # connect / send / sendto / write on a socket descriptor
]


class NetworkImpl(BaseModel):
    """Where one platform implements a `network` entry: classes differ between Android (its
    okhttp-based HttpURLConnection, Conscrypt) and the simulated device's HotSpot JDK 17 (sun.*
    HttpURLConnection, JSSE, NioSocketImpl). The agent tries every implementation whose
    platform matches and hooks those it finds (the others are reported missing)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    platform: Literal["any", "android", "hotspot"] = "any"
    class_: str = Field(alias="class")  # Java class (nested with $), or the native module
    methods: list[str] = Field(min_length=1)  # Java methods or native symbols
    # Java: the parameter lists hooked (default every overload; a private helper overload the
    # public one calls would only add a nested call's cost)
    overloads: Literal["all"] | list[list[str]] = "all"
    side: Literal["framework", "app"] = "framework"
    # Private fields the handler reads on this implementation (e.g. body: poster).
    fields: dict[str, str] = Field(default_factory=dict)


class CatalogEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: str = Field(pattern=r"^[A-Za-z0-9_.$]+$")
    kind: Literal["java", "native", "network", "probe"] = "java"
    class_: str = Field(alias="class")  # Java class, or the native module ("libc")
    method: str  # Java method name, "$init" for constructors, or the native symbol
    symbols: list[str] = Field(default_factory=list)  # native: alternative symbol names
    overloads: Literal["all"] | list[list[str]] = "all"
    category: Category | None = None  # None only when `when` decides the category
    description_en: str
    description_zh: str
    api_levels: ApiLevels = Field(default_factory=ApiLevels)
    side: Literal["framework", "app"] = "framework"
    when: When | None = None
    plain_args: list[int] = Field(default_factory=list)  # arguments never masked (URI, key, ...)
    # the argument naming the package a probe asks about (getPackageInfo): a call naming the
    # app's own package is no probe, and the rules leave it out (harness.rules.probes)
    probe_arg: int | None = Field(None, ge=0)
    # network entries only: which channel a transmission seen here is, how it is read, where
    channel: Channel | None = None
    handler: NetworkHandler | None = None
    implementations: list[NetworkImpl] = Field(default_factory=list)
    # probe entries only: which calls are a look for instrumentation (not personal data)
    probe: ProbeMatch | None = None

    @model_validator(mode="after")
    def _consistent(self) -> CatalogEntry:
        if (self.kind == "probe") != (self.probe is not None):
            raise ValueError("`probe` is for, and required by, entries of kind probe")
        if self.kind == "probe":
            network = self.channel or self.handler or self.implementations
            if self.category is not None or self.when is not None or network:
                raise ValueError("probe entries record no data: no `category`, `when`, `channel`")
            if self.side != "framework":
                raise ValueError("probe entries hook framework classes: side framework")
            return self._overloads_qualified()
        if self.kind == "network":
            if self.channel is None or self.handler is None or not self.implementations:
                raise ValueError("network entries need `channel`, `handler` and `implementations`")
            if self.category is not None or self.when is not None:
                raise ValueError("network entries record transmissions: no `category` or `when`")
            return self
        if self.channel is not None or self.handler is not None or self.implementations:
            raise ValueError("`channel`, `handler` and `implementations` are for network entries")
        if self.category is None and self.when is None:
            raise ValueError("needs `category` (or a `when` table that gives one)")
        if self.kind == "native":
            if self.side != "framework":
                raise ValueError("native entries are always side: framework")
            if self.overloads != "all":
                raise ValueError("native entries take no `overloads`")
        return self._overloads_qualified()

    def _overloads_qualified(self) -> CatalogEntry:
        if isinstance(self.overloads, list):
            for overload in self.overloads:
                for type_name in overload:
                    base = type_name.removesuffix("[]").removesuffix("[]")
                    if base not in _PRIMITIVES and "." not in base:
                        raise ValueError(
                            f"overload type {type_name!r} must be a primitive or a fully "
                            "qualified class name"
                        )
        return self

    @property
    def api(self) -> str:
        return f"{self.class_}.{self.method}"

    def categories(self) -> list[Category]:
        if self.kind in ("network", "probe"):
            return []  # a transmission carries whatever values it carries; a probe reads none
        if self.when is not None:
            seen = {c for c in self.when.table.values() if c is not None}
            return sorted(seen, key=lambda c: list(Category).index(c))
        assert self.category is not None
        return [self.category]


class Catalog(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_: int = Field(alias="schema", default=CATALOG_SCHEMA)
    entries: list[CatalogEntry]

    @model_validator(mode="after")
    def _unique_ids(self) -> Catalog:
        dupes = [i for i, n in Counter(e.id for e in self.entries).items() if n > 1]
        if dupes:
            raise ValueError(f"duplicate entry ids: {', '.join(sorted(dupes))}")
        return self

    def by_category(self, category: Category) -> list[CatalogEntry]:
        return [e for e in self.entries if category in e.categories()]

    def agent_json(self) -> str:
        """The form compiled into the agent: stable, compact, every field present."""
        data = self.model_dump(mode="json", by_alias=True)
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def load_catalog(path: Path | None = None) -> Catalog:
    """Read and validate a catalogue; errors name the file, the line, the entry and the field."""
    path = path or catalog_path()
    raw = read_bounded(path, MAX_CATALOG_BYTES, "API catalogue")
    data, root = parse_mapping(raw, path, "API catalogue")
    try:
        return Catalog.model_validate(data)
    except ValidationError as exc:
        raise validation_error(path, root, exc, field=lambda loc: _entry_field(loc, data)) from None


def _entry_field(loc: Loc, data: dict[str, Any]) -> str:
    # "entry 'location.gps' category" finds the entry in the file faster than "entries.12"
    entries = data.get("entries")
    if len(loc) >= 2 and loc[0] == "entries" and isinstance(loc[1], int):
        entry = entries[loc[1]] if isinstance(entries, list) and loc[1] < len(entries) else None
        ident = entry.get("id") if isinstance(entry, dict) else None
        if ident:
            return f"entry {ident!r} " + ".".join(str(p) for p in loc[2:])
    return ".".join(str(p) for p in loc) or "(top level)"


@lru_cache(maxsize=4)
def default_catalog() -> Catalog:
    return load_catalog()
