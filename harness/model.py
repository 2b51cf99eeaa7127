"""Shared vocabulary: data categories, the events a run records, hook reports, actors, findings.

These are the stored forms (events.jsonl lines, report.json parts). The agent's wire messages are
parsed into them by `harness.agent.messages`.
"""

from __future__ import annotations

import os
import re
from enum import Enum
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

# An Android package name: dot-separated Java identifiers, at least two ("com.example.app").
PACKAGE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$")


def is_package_name(text: str) -> bool:
    return PACKAGE_NAME.fullmatch(text) is not None  # fullmatch: "$" alone lets "\n" through


def target_is_path(target: str, base: Path | None = None) -> bool:
    """The one rule for what a target names (`harness run`, batch jobs, the check project file,
    `Device.install`): a path to an APK, split-APK folder or simulated-app folder when it exists
    (relative to `base`, default the working folder), ends in .apk or holds a path separator;
    otherwise the package name of an app already installed on the device."""
    if target.lower().endswith(".apk") or "/" in target or os.sep in target:
        return True
    return target != "" and ((base or Path.cwd()) / target).exists()


class Category(str, Enum):
    device_id = "device_id"
    imsi = "imsi"
    iccid = "iccid"
    phone_number = "phone_number"
    android_id = "android_id"
    serial = "serial"
    mac_address = "mac_address"
    wifi_info = "wifi_info"
    bluetooth = "bluetooth"
    location = "location"
    cell_location = "cell_location"
    contacts = "contacts"
    call_log = "call_log"
    sms = "sms"
    calendar = "calendar"
    installed_apps = "installed_apps"
    running_apps = "running_apps"
    clipboard = "clipboard"
    accounts = "accounts"
    sensors = "sensors"
    camera = "camera"
    microphone = "microphone"
    operator_info = "operator_info"
    advertising_id = "advertising_id"
    # Not data read but a runtime-permission request (Activity.requestPermissions): the data
    # rules leave these calls out; harness/rules/permissions.py judges them.
    runtime_permission = "runtime_permission"
    # Not data either: a component started, bound or broadcast to (startService, sendBroadcast,
    # ...); harness/rules/starts.py finds the ones aimed at another app.
    app_start = "app_start"


class Rule(str, Enum):
    pre_consent = "pre_consent"
    after_refusal = "after_refusal"
    excessive_frequency = "excessive_frequency"
    background = "background"
    # A value read during the run found in an outbound request (issue #11): SentFinding.
    sent_before_consent = "sent_before_consent"
    sent_after_refusal = "sent_after_refusal"
    sent_in_background = "sent_in_background"
    permission_before_consent = "permission_before_consent"
    permission_reprompt = "permission_reprompt"
    associated_start = "associated_start"
    self_start = "self_start"


# Phase markers, written into every instrumented process's own stream (agent RPC) so that
# phase boundaries and calls share one clock and one order.
class Marker(str, Enum):
    consent_dialog_shown = "consent_dialog_shown"
    consent_accepted = "consent_accepted"
    consent_refused = "consent_refused"
    app_background = "app_background"
    app_foreground = "app_foreground"
    # The system's runtime-permission prompt, answered as --permission-prompts says (one marker
    # per prompt, written just before the answering tap).
    permission_prompt_denied = "permission_prompt_denied"
    permission_prompt_allowed = "permission_prompt_allowed"
    permission_prompt_shown = (
        "permission_prompt_shown"  # left unanswered (--permission-prompts leave)
    )
    app_relaunched = "app_relaunched"  # force-stopped and launched again (--relaunch)
    # the device restarted for the app and sent BOOT_COMPLETED to its boot receivers (--reboot)
    device_rebooted = "device_rebooted"


class _Event(BaseModel):
    model_config = ConfigDict(extra="ignore")

    seq: int  # monotonic per process
    ts: float  # device clock, milliseconds since the Unix epoch
    pid: int
    process: str


class CallEvent(_Event):
    type: Literal["call"] = "call"
    thread: str = ""
    api: str  # fully qualified: "android.telephony.TelephonyManager.getDeviceId"
    hook_id: str = ""  # catalogue entry id
    category: Category
    args: list[str] = Field(default_factory=list)  # summarised, masked unless --raw-values
    ret: str | None = None
    threw: str | None = (
        None  # what the original threw, if it did ("java.lang.SecurityException: ...")
    )
    denied: bool = False  # the call failed for lack of a permission: still an attempt to collect
    stack_id: int | None = None
    stack: list[str] = Field(default_factory=list)  # innermost first, StackTraceElement.toString()


class MarkerEvent(_Event):
    type: Literal["marker"] = "marker"
    name: str


class ProcessEvent(_Event):
    """Controller-side record of a process of the app appearing or going away."""

    type: Literal["process"] = "process"
    state: Literal["started", "died", "detached"]
    reason: str = ""


class ProbeTarget(str, Enum):
    """What an instrumentation probe looked at (catalogue `kind: probe` entries): apps that
    hide from Frida read these, and exit when they find it (issue #14)."""

    memory_maps = "memory_maps"  # /proc/self/maps: frida-agent's library is mapped there
    thread_names = "thread_names"  # /proc/self/task/*/comm: Frida's gum-js-loop, gmain threads
    tracer = "tracer"  # /proc/self/status: TracerPid, set while a debugger is attached
    frida_server_file = "frida_server_file"  # /data/local/tmp/frida-server and the like
    frida_port = "frida_port"  # a connection to frida-server's default ports 27042/27043


class ProbeEvent(_Event):
    """The app looked for instrumentation: not personal data, evidence for the run's outcome
    (`anti_instrumentation_suspected` when the process ends right after)."""

    type: Literal["probe"] = "probe"
    thread: str = ""
    api: str  # the hooked API: "java.io.FileInputStream.<init>"
    hook_id: str = ""
    target: ProbeTarget
    detail: str = ""  # the path or address the app asked for (app text: bounded by the agent)
    stack_id: int | None = None
    stack: list[str] = Field(default_factory=list)  # innermost first


class Channel(str, Enum):
    """How a transmission left the app: the hook family that saw it (issue #11)."""

    http = "http"  # java.net.HttpURLConnection / HttpsURLConnection
    okhttp = "okhttp"  # okhttp3 request execution (OkHttp 3/4)
    socket = "socket"  # java.net.Socket output stream (plain TCP)
    tls = "tls"  # an SSLSocket's output stream (JSSE on the sim, Conscrypt on Android)
    udp = "udp"  # a UDP datagram from DatagramSocket / DatagramChannel
    webview = "webview"  # WebView loadUrl/postUrl
    dns = "dns"  # InetAddress.getByName/getAllByName: a host looked up, nothing sent yet
    native_tls = "native_tls"  # SSL_write in libssl/BoringSSL
    native_socket = "native_socket"  # connect/send/sendto/write on a socket fd
    capture = "capture"  # seen on the wire by a lab's proxy (a HAR file): no stack, no process


class SentValue(BaseModel):
    """A value read during the run that a transmission carried: masked, never the raw value."""

    data: Category
    masked: str
    encoding: str  # "raw", "md5", "gzip+base64", ... (harness.network.encodings)
    where: Literal["url", "header_name", "header", "body"]
    header: str | None = None  # the header's name (clipped, escaped) for header/header_name
    read_seq: int | None = None  # the read that returned it (None: sent, but no hooked read seen)
    read_pid: int | None = None
    read_api: str = ""


class SendEvent(_Event):
    """One outbound transmission (or DNS look-up) as stored: destination, size, stack, what it
    carried. The agent's `SendItem` brings the raw URL, headers and body into the controller's
    memory only; what is stored is masked (`path`'s query values, `excerpt`, `values`)."""

    type: Literal["send"] = "send"
    thread: str = ""
    api: str  # the hooked API: "java.net.HttpURLConnection.getOutputStream", "SSL_write", ...
    hook_id: str = ""
    channel: Channel
    host: str = ""  # the host name as the app asked for it ("" when only an address is known)
    ip: str = ""
    port: int | None = None
    scheme: str = ""  # http, https, tcp, udp, dns, ...
    method: str = ""  # HTTP method when there is one
    path: str = ""  # URL path with query values masked (filled by the controller)
    bytes: int = 0  # bytes the app sent in this transmission (the whole body, even if clipped)
    stack_id: int | None = None
    stack: list[str] = Field(default_factory=list)  # innermost first
    values: list[SentValue] = Field(default_factory=list)  # filled by the controller's matcher
    excerpt: str = ""  # bounded, escaped, every matched value masked (filled by the controller)
    notes: list[str] = Field(default_factory=list)  # what was not (fully) searched, and why


# Any stored event, as a plain union (for signatures) and as a discriminated one (for parsing).
AnyEvent = CallEvent | MarkerEvent | ProcessEvent | SendEvent | ProbeEvent
Event = Annotated[AnyEvent, Field(discriminator="type")]


class HookFailure(BaseModel):
    id: str
    reason: str


class HookReport(BaseModel):
    """What the agent hooked in one process (sent at load and again when app-side hooks land)."""

    process: str
    pid: int
    hooked: list[str] = Field(default_factory=list)
    missing: list[HookFailure] = Field(default_factory=list)  # absent on this device/version
    failed: list[HookFailure] = Field(default_factory=list)  # present but could not be hooked


class Actor(BaseModel):
    kind: Literal["sdk", "app", "third_party", "unknown"]
    name: str  # SDK name, the app's package, the third-party package, or "unknown"
    package: str  # the matched package prefix / package ("" when unknown)
    vendor: str = ""
    frame: str = ""  # the stack frame the verdict rests on
    note: str = ""  # e.g. "obfuscated frames only; nearest named frame used"


class Finding(BaseModel):
    rule: Rule
    data: Category
    api: str
    actor: Actor
    process: str
    count: int
    denied_count: int = 0
    first_at: str  # ISO 8601, device clock
    first_offset_s: float  # seconds since the app was resumed
    phase: str = ""  # phase in which the first call happened (e.g. "before_dialog")
    stack: list[str] = Field(default_factory=list)  # stack of the first call, innermost first
    example: str | None = None  # masked return value of the first call


class SentFinding(Finding):
    """A `sent_*` finding: a value read during the run left the app in a request.

    `api`, `actor`, `process`, `stack`, `first_at` are the (first) send's: the code that sent
    it; `read_*` the earliest read of the value before that send (None: the value is a device
    identifier the matcher knew before any hooked read of it). `count` counts sends. Grouped
    by rule, data, host, encoding, actor and process."""

    host: str  # as the app asked for it (or the address, when only that is known)
    encoding: str  # "raw", "md5", "gzip+base64", ... (harness.network.encodings)
    channel: Channel
    where: Literal["url", "header_name", "header", "body"]
    send_seq: int
    send_pid: int
    bytes: int = 0  # of the first send
    excerpt: str = ""  # of the first send: bounded, escaped, masked
    read_api: str = ""
    read_seq: int | None = None
    read_pid: int | None = None
    read_at: str | None = None  # ISO 8601, device clock
    read_offset_s: float | None = None
    # How long before the send the read was (s, device clock): a read is linked by its value,
    # however long before the send it came (in another process: when it arrived in time).
    read_gap_s: float | None = None
    read_stack: list[str] = Field(default_factory=list)
    read_actor: Actor | None = None


class HostContact(BaseModel):
    """A host the app contacted before consent, whatever it sent (labs report tracker contact
    before consent too). One per host, channel, actor and process."""

    host: str
    ip: str = ""
    port: int | None = None
    channel: Channel
    actor: Actor
    process: str
    count: int  # transmissions
    bytes: int  # sent in all of them
    first_at: str
    first_offset_s: float
    carried: list[Category] = Field(default_factory=list)  # data categories found in them
