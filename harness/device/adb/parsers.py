"""Pure parsers for what Android's shell tools print (getprop, pm, dumpsys, ps, uiautomator, ...).

Each takes the text a real device printed and returns plain data; formats vary between
Android releases, and every variant handled here is named next to the code that handles it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_GETPROP_LINE = re.compile(r"^\[([^\]]+)\]: \[(.*)\]$", re.DOTALL)
_GETPROP_MAX_LINES = 20  # a value never spans more; stop joining after that


def parse_getprop(text: str) -> dict[str, str]:
    """`getprop` with no argument: `[ro.build.version.release]: [13]` per line.

    Values may span lines (rare: multi-line build fingerprints); continuation lines are joined.
    """
    props: dict[str, str] = {}
    pending: list[str] = []
    for raw in text.splitlines():
        line = raw.rstrip("\r")
        if pending:
            pending.append(line)
            joined = "\n".join(pending)
            m = _GETPROP_LINE.match(joined)
            if m:
                props[m.group(1)] = m.group(2)
                pending = []
            elif len(pending) >= _GETPROP_MAX_LINES:
                pending = []
            continue
        m = _GETPROP_LINE.match(line)
        if m:
            props[m.group(1)] = m.group(2)
        elif line.startswith("[") and "]: [" in line:
            pending = [line]
    return props


def parse_package_list(text: str) -> list[str]:
    """`pm list packages`: `package:com.android.chrome` per line."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("package:"):
            out.append(line[len("package:") :])
    return out


def parse_package_paths(text: str) -> dict[str, str]:
    """`pm list packages -f`: `package:/data/app/~~x==/com.a-y==/base.apk=com.a` -> {pkg: path}."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("package:") and "=" in line:
            path, _, package = line[len("package:") :].rpartition("=")
            out[package] = path
    return out


@dataclass(frozen=True)
class InstallResult:
    ok: bool
    code: str | None = None  # INSTALL_FAILED_... when it failed
    detail: str = ""


_FAILURE = re.compile(r"Failure \[([A-Z0-9_]+)(?::\s*([^\]]*))?\]")
_SESSION = re.compile(r"Success: created install session \[(\d+)\]")


def parse_install_result(text: str) -> InstallResult:
    """`pm install` / `pm install-commit`: `Success`, `Failure [CODE: detail]`, or an exception.

    Android 10: `Failure [INSTALL_FAILED_INSUFFICIENT_STORAGE]`; 13/14 add a detail after the
    code: `Failure [INSTALL_FAILED_NO_MATCHING_ABIS: Failed to extract native libraries, res=-113]`.
    A bad file is reported as `Exception occurred while executing 'install': ...` or
    `Error: Unable to open file: ...`.
    """
    m = _FAILURE.search(text)
    if m:
        return InstallResult(False, m.group(1), (m.group(2) or "").strip())
    if re.search(r"^Success\b", text, re.MULTILINE):
        return InstallResult(True)
    detail = text.strip().splitlines()
    return InstallResult(False, None, " ".join(detail[-2:]) if detail else "no output")


def parse_install_session(text: str) -> int | None:
    """`pm install-create`: `Success: created install session [1234567]`."""
    m = _SESSION.search(text)
    return int(m.group(1)) if m else None


@dataclass(frozen=True)
class PackageDump:
    package: str
    version_name: str | None = None
    version_code: int | None = None
    requested_permissions: tuple[str, ...] = ()
    runtime_granted: dict[str, bool] = field(default_factory=dict)
    launcher_activity: str | None = None


_PKG_HEADER = re.compile(r"^\s*Package \[([^\]]+)\] \(")
_VERSION_CODE = re.compile(r"versionCode=(\d+)")
_VERSION_NAME = re.compile(r"versionName=(\S*)")
_PERM_GRANT = re.compile(r"^\s*([\w.]+): granted=(true|false)")
_PERMISSION_SECTIONS = (
    "requested permissions:",
    "install permissions:",
    "runtime permissions:",
    "declared permissions:",
)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def parse_dumpsys_package(text: str, package: str) -> PackageDump | None:
    """`dumpsys package <pkg>`: version, requested permissions, runtime grants, launcher activity.

    Returns None when the package is unknown (the dump then has no `Package [pkg]` block;
    Android 10 prints `Unable to find package: pkg`, 13/14 print only the header sections).
    The launcher activity comes from the `Activity Resolver Table` (`android.intent.action.MAIN`
    then `<hash> pkg/.Activity filter <hash>` and `Category: "android.intent.category.LAUNCHER"`).
    """
    lines = text.splitlines()
    start = next(
        (
            i
            for i, line in enumerate(lines)
            if (m := _PKG_HEADER.match(line)) and m.group(1) == package
        ),
        None,
    )
    if start is None:
        return None
    version_name: str | None = None
    version_code: int | None = None
    requested: list[str] = []
    granted: dict[str, bool] = {}
    section, section_indent = "", 0
    header_indent = _indent(lines[start])
    for line in lines[start + 1 :]:
        stripped = line.strip()
        if not stripped:
            continue
        indent = _indent(line)
        if indent <= header_indent:
            break  # the next package block or the next top-level section
        if section and indent <= section_indent:
            section = ""
        if stripped in _PERMISSION_SECTIONS:
            section, section_indent = stripped[:-1], indent
            continue
        if section == "requested permissions":
            # Android 10+ annotate some: `android.permission.READ_SMS: restricted=true`
            requested.append(stripped.split(":")[0].split()[0])
        elif section and (m := _PERM_GRANT.match(line)):
            if section == "runtime permissions":
                granted[m.group(1)] = m.group(2) == "true"
        elif not section:
            if version_code is None and (m := _VERSION_CODE.search(line)):
                version_code = int(m.group(1))
            if version_name is None and (m := _VERSION_NAME.search(line)):
                version_name = m.group(1)
    return PackageDump(
        package=package,
        version_name=version_name,
        version_code=version_code,
        requested_permissions=tuple(dict.fromkeys(requested)),
        runtime_granted=granted,
        launcher_activity=_launcher_from_resolver_table(text, package),
    )


def _launcher_from_resolver_table(text: str, package: str) -> str | None:
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = re.search(r"\s[0-9a-f]+ (" + re.escape(package) + r"/\S+)", line)
        if not m:
            continue
        # the filter's Action/Category lines follow until the next component line
        for follow in lines[i + 1 : i + 12]:
            if re.search(r"\s[0-9a-f]+ \S+/\S+", follow):
                break
            if "android.intent.category.LAUNCHER" in follow:
                return _full_component(m.group(1))
    return None


def _full_component(component: str) -> str:
    """`com.a/.Main` -> `com.a/com.a.Main`; already-full names are kept."""
    package, _, activity = component.partition("/")
    if activity.startswith("."):
        activity = package + activity
    return f"{package}/{activity}"


def parse_resolve_activity(text: str, package: str) -> str | None:
    """`cmd package resolve-activity --brief -c LAUNCHER <pkg>`: last line `pkg/.Activity`.

    Prints `No activity found` when the app has no launcher activity.
    """
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith(package + "/"):
            return _full_component(line)
    return None


@dataclass(frozen=True)
class PsEntry:
    pid: int
    name: str


def parse_ps(text: str) -> list[PsEntry]:
    """`ps -A -o PID,NAME` (toybox, Android 8+): a `PID NAME` header, then `  1234 com.a:push`."""
    out = []
    for line in text.splitlines():
        parts = line.split(None, 1)
        if len(parts) == 2 and parts[0].isdigit():
            out.append(PsEntry(int(parts[0]), parts[1].strip()))
    return out


def app_process_names(entries: list[PsEntry], package: str) -> list[PsEntry]:
    """The app's processes: `pkg` itself and its `pkg:service` processes, nothing that merely
    shares the prefix (`pkg.helper` is another app)."""
    return [e for e in entries if e.name == package or e.name.startswith(package + ":")]


_DUMPED_TO = re.compile(r"UI hie?rc?h?ary dumped to: \S+\s*$")


def extract_ui_xml(text: str) -> str | None:
    """The `<hierarchy>` document from `uiautomator dump` output, or None if there is none.

    `uiautomator dump /dev/tty` prints the XML and then `UI hierchary dumped to: /dev/tty`
    (sic) on the same or the next line; some builds prefix warnings. Anything outside the
    `<?xml ...?>`/`<hierarchy` ... `</hierarchy>` span is dropped.
    """
    text = _DUMPED_TO.sub("", text)
    start = text.find("<?xml")
    if start < 0:
        start = text.find("<hierarchy")
    end = text.rfind("</hierarchy>")
    if start < 0 or end < 0:
        return None
    return text[start : end + len("</hierarchy>")]


# dumpsys formats, newest first. Each yields the `pkg/activity` component of the resumed app.
_FOREGROUND_PATTERNS: tuple[re.Pattern[str], ...] = (
    # Android 12-14 `dumpsys activity activities`
    re.compile(r"topResumedActivity=ActivityRecord\{\S+ u\d+ ([^\s/}]+)/"),
    # Android 10-11 (also 12+ per task) `ResumedActivity: ActivityRecord{...}`
    re.compile(r"\bResumedActivity: ?ActivityRecord\{\S+ u\d+ ([^\s/}]+)/"),
    # Android 9/10 `dumpsys activity activities`
    re.compile(r"mResumedActivity: ActivityRecord\{\S+ u\d+ ([^\s/}]+)/"),
    # `dumpsys window` (all versions): focused app, then focused window
    re.compile(
        r"mFocusedApp=(?:AppWindowToken\{\S+ token=Token\{\S+ )?ActivityRecord\{\S+ u\d+ "
        r"([^\s/}]+)/"
    ),
    re.compile(r"mCurrentFocus=Window\{\S+ u\d+ ([^\s/}]+)/"),
)


def parse_foreground_package(text: str) -> str | None:
    """The package of the resumed activity in `dumpsys activity activities` or `dumpsys window`
    output (Android 9 to 14 formats), or None when nothing is resumed (e.g. screen off)."""
    for pattern in _FOREGROUND_PATTERNS:
        m = pattern.search(text)
        if m:
            return m.group(1)
    return None


def parse_uid(text: str) -> int | None:
    """`id`: `uid=0(root) gid=0(root) groups=...` -> 0."""
    m = re.search(r"uid=(\d+)", text)
    return int(m.group(1)) if m else None


def listening_ports(proc_net_tcp: str) -> set[tuple[str, int]]:
    """(address, port) pairs in LISTEN state from /proc/net/tcp (and tcp6) text."""
    out: set[tuple[str, int]] = set()
    for line in proc_net_tcp.splitlines()[0:]:
        parts = line.split()
        if len(parts) < 4 or ":" not in parts[1] or parts[3] != "0A":
            continue
        addr_hex, _, port_hex = parts[1].rpartition(":")
        try:
            port = int(port_hex, 16)
        except ValueError:
            continue
        out.add((_hex_ip(addr_hex), port))
    return out


def _hex_ip(addr_hex: str) -> str:
    if len(addr_hex) == 8:  # IPv4, little-endian
        raw = bytes.fromhex(addr_hex)[::-1]
        return ".".join(str(b) for b in raw)
    if addr_hex == "0" * 32:
        return "::"
    if addr_hex.upper() == "0000000000000000FFFF00000100007F":
        return "127.0.0.1"  # IPv4-mapped loopback
    if addr_hex.upper() == "00000000000000000000000001000000":
        return "::1"
    return addr_hex


def parse_frida_version(text: str) -> str | None:
    """`frida-server --version`: `17.2.17`."""
    m = re.search(r"^\s*(\d+\.\d+\.\d+\S*)\s*$", text, re.MULTILINE)
    return m.group(1) if m else None
