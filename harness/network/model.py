"""What the matcher takes (values read during a run, one outbound request) and what it gives.

Raw values live only in `ReadValue.value`, in memory: the field is left out of `repr` and of every
dump, so no log line, report or JSON file made from these models can carry it. Everything the
matcher returns is masked.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from harness.model import Category

# "header_name": apps may use a value as a header's name, too
Where = Literal["url", "header_name", "header", "body"]


class ReadValue(BaseModel):
    """One value a catalogue API returned during the run, identified by the read's event."""

    model_config = ConfigDict(frozen=True)

    seq: int  # the read's event seq (monotonic per process)
    pid: int | None = None  # seq is per process: the pid makes the reference exact
    data: Category
    value: str = Field(repr=False, exclude=True)  # raw: never printed, never dumped


class OutboundRequest(BaseModel):
    """One request as the app sent it, before TLS: everything in it is app-controlled."""

    url: str = ""
    headers: list[tuple[str, str]] = Field(default_factory=list)
    body: bytes = b""
    # The body's Content-Encoding ("gzip", "deflate", "gzip, deflate"); None: read it from the
    # headers. Bodies that start with the gzip magic are decompressed either way.
    content_encoding: str | None = None


class ReadRef(BaseModel):
    seq: int
    pid: int | None = None
    data: Category


class Match(BaseModel):
    """A read value found in a request: which value, where, in which encoding."""

    read: ReadRef  # the first read (in the order given) that returned this value
    masked: str  # the value, masked as the agent masks values
    where: Where
    # the header's name (clipped, escaped, any value in it masked) for header and header_name
    header: str | None = None
    # Layers outside in, then the encoding of the value: "raw", "md5_upper", "gzip+base64",
    # "percent(no_separators)", "base64+md5" (an MD5 hex inside a base64 token), ...
    encoding: str
    # Byte offset of the match in the searched bytes: the URL, the header's name or value, or
    # the body after Content-Encoding decompression. Inside a base64 token: the token's offset.
    offset: int
    excerpt: str  # bounded, escaped, every match in it masked


class MatchResult(BaseModel):
    matches: list[Match] = Field(default_factory=list)
    # What was not (fully) searched and why: truncation, malformed compression, limits reached.
    notes: list[str] = Field(default_factory=list)
