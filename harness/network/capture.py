"""Traffic a lab's proxy saw on the wire, as sends for the same matching as the agent's.

For requests the agent cannot see (an app's own native TLS stack, Flutter, Cronet without an
exported `SSL_write`) a lab records the device's traffic with its intercepting proxy. The input
is a HAR file (HTTP Archive 1.2, JSON): what mitmproxy writes with `--set hardump=FILE`, and
what Charles, Fiddler and browsers export. Each request in it becomes a `SendEvent` on the
`capture` channel: no process, no stack (the proxy cannot know which code sent it), its time the
proxy's clock moved onto the device's. `harness run --capture FILE.har` hands them to the run's
`NetworkEvidence` at the end of the run, while the raw values read during the run are still in
memory: they are matched exactly like the agent's sends, and stored masked the same way.

The file is the lab's, but what is in it is the app's: URLs, headers and bodies are bounded
here (`MAX_ENTRIES`, the matcher's own bounds after that), never printed, never stored raw.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from harness.errors import ConfigError
from harness.model import Channel, SendEvent
from harness.network.excerpt import escape
from harness.untrusted import clip
from harness.yamlfile import load_json, read_bounded

MAX_FILE_BYTES = 512 * 1024 * 1024  # a HAR of a run's traffic; past it the file is refused
MAX_ENTRIES = 100_000
CAPTURE_PROCESS = "(seen on the wire)"
CAPTURE_API = "capture.har"
SUFFIXES = (".har", ".json")
# mitmproxy's native flow files: not read here. Reading them needs the `mitmproxy` package,
# whose newest release for Python 3.11 would pin cryptography and h11 below the versions this
# project uses (h11 0.14 has a request-smuggling advisory); mitmproxy's hardump addon turns a
# flow file into HAR with the same tool the lab already runs.
FLOW_SUFFIXES = (".flow", ".flows", ".mitm", ".mitmproxy")


class _Header(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str = ""
    value: str = ""


class _PostData(BaseModel):
    model_config = ConfigDict(extra="ignore")
    text: str = ""
    encoding: str = ""  # "base64": a binary body (mitmproxy, Chrome), else the text itself


class _Request(BaseModel):
    model_config = ConfigDict(extra="ignore")
    method: str = ""
    url: str = ""
    headers: list[_Header] = Field(default_factory=list)
    postData: _PostData | None = None  # noqa: N815 - HAR's own name
    bodySize: int = -1  # noqa: N815


class _Entry(BaseModel):
    model_config = ConfigDict(extra="ignore")
    startedDateTime: str = ""  # noqa: N815
    serverIPAddress: str = ""  # noqa: N815
    request: _Request


class _Log(BaseModel):
    model_config = ConfigDict(extra="ignore")
    entries: list[_Entry] = Field(default_factory=list)


class _Har(BaseModel):
    model_config = ConfigDict(extra="ignore")
    log: _Log


@dataclass
class CapturedSend:
    """One request of the capture: the stored event, and what the matcher searches (memory)."""

    event: SendEvent
    url: str
    headers: list[tuple[str, str]]
    body: bytes


def check_capture_path(path: Path) -> None:
    """Bad input at the start of a run, before any device: one line naming the option."""
    if path.suffix.lower() in FLOW_SUFFIXES:
        raise ConfigError(
            f"--capture {path}: a mitmproxy flow file; expected a HAR file (.har)",
            hint="convert it with mitmproxy's own tool: "
            f"mitmdump -nr {path} --set hardump={path.with_suffix('.har')}",
        )
    if path.suffix.lower() not in SUFFIXES:
        raise ConfigError(f"--capture {path}: expected a HAR file (.har)")
    if not path.parent.is_dir():
        raise ConfigError(f"--capture {path}: folder {path.parent} does not exist")


def _epoch_ms(text: str) -> float | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000
    except ValueError:
        return None


def _body(post: _PostData | None) -> bytes:
    if post is None or not post.text:
        return b""
    if post.encoding.lower() == "base64":
        try:
            return base64.b64decode(post.text, validate=False)
        except (binascii.Error, ValueError):
            return post.text.encode("utf-8", "surrogatepass")
    return post.text.encode("utf-8", "surrogatepass")


def read_har(path: Path, *, clock_offset_ms: float = 0.0) -> tuple[list[CapturedSend], list[str]]:
    """The capture's requests in file order, and notes (what was left out and why).

    `clock_offset_ms`: device clock minus host clock, added to the proxy's times (the proxy
    runs on the lab's machine). Raises ConfigError naming the file when it is not a HAR.
    """
    try:
        # the shared reader of users' files: a size bound, and one `file:line` line for a file
        # that is not JSON or nests too deeply (never a decoder traceback)
        data = load_json(read_bounded(path, MAX_FILE_BYTES, "capture"), path, "capture (HAR)")
    except ConfigError as exc:
        raise ConfigError(f"--capture {exc}") from None
    try:
        har = _Har.model_validate(data)
    except ValidationError as exc:
        where = ".".join(str(p) for p in exc.errors()[0]["loc"]) or "log"
        raise ConfigError(f"--capture {path}: not a HAR file (field {clip(where, 80)})") from None
    notes = []
    entries = har.log.entries
    if len(entries) > MAX_ENTRIES:
        notes.append(f"capture: only the first {MAX_ENTRIES} of {len(entries)} requests read")
        entries = entries[:MAX_ENTRIES]
    sends = []
    for number, entry in enumerate(entries, 1):
        request = entry.request
        ts = _epoch_ms(entry.startedDateTime)
        body = _body(request.postData)
        try:
            parts = urlsplit(request.url)
            host, port, scheme = parts.hostname or "", parts.port, parts.scheme
        except ValueError:
            host, port, scheme = "", None, ""
        event = SendEvent(
            seq=number,
            ts=(ts if ts is not None else 0.0) + clock_offset_ms,
            pid=0,
            process=CAPTURE_PROCESS,
            api=CAPTURE_API,
            channel=Channel.capture,
            host=clip(escape(host.encode("utf-8", "surrogatepass")), 253),
            ip=clip(escape(entry.serverIPAddress.encode("utf-8", "surrogatepass")), 64),
            port=port,
            scheme=clip(escape(scheme.encode()), 16),
            method=clip(escape(request.method.encode("utf-8", "surrogatepass")), 16),
            bytes=max(len(body), request.bodySize),
            notes=["seen on the wire by the lab's proxy: no stack, no process"]
            + ([] if ts is not None else ["the capture gave no valid time for it"]),
        )
        headers = [(h.name, h.value) for h in request.headers]
        sends.append(CapturedSend(event, request.url, headers, body))
    return sends, notes
