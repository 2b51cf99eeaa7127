"""Read a simulated app's AndroidManifest.xml (the real format, android: namespace)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import defusedxml
import defusedxml.ElementTree as SafeET

from harness.errors import InstallError, InstallFault
from harness.model import is_package_name

ANDROID_NS = "http://schemas.android.com/apk/res/android"
MAX_MANIFEST_BYTES = 1 << 20
_CLASS = re.compile(r"^\.?[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$")
_PROCESS = re.compile(
    r"^(:[A-Za-z0-9_]+|[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+(:[A-Za-z0-9_]+)?)$"
)
# An intent action as runtime.properties carries it (a comma list): a dotted name, bounded.
_ACTION = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+){1,30}$")


def _invalid(message: str) -> InstallError:
    """The manifest is the app's own: whatever is wrong with it, no device can help."""
    return InstallError(message, fault=InstallFault.app)


def _a(name: str) -> str:
    return f"{{{ANDROID_NS}}}{name}"


@dataclass(frozen=True)
class ServiceDecl:
    name: str  # fully qualified class name
    process: str  # full process name ("com.x" or "com.x:push")


@dataclass(frozen=True)
class ReceiverDecl:
    """A manifest <receiver>: the device delivers broadcasts whose action its filters name."""

    name: str  # fully qualified class name
    actions: tuple[str, ...]


@dataclass(frozen=True)
class Manifest:
    package: str
    version_name: str | None
    version_code: int | None
    permissions: tuple[str, ...]
    application: str | None  # fully qualified Application subclass, or None
    launcher: str  # fully qualified launcher activity
    activities: tuple[str, ...]
    services: tuple[ServiceDecl, ...] = field(default=())
    receivers: tuple[ReceiverDecl, ...] = field(default=())

    @property
    def processes(self) -> tuple[str, ...]:
        names = [self.package] + [s.process for s in self.services]
        return tuple(dict.fromkeys(names))


def _class_name(package: str, raw: str, where: str, path: Path) -> str:
    raw = raw.strip()
    if not _CLASS.match(raw):
        raise _invalid(f"{path}: {where} android:name={raw!r} is not a Java class name")
    if raw.startswith("."):
        return package + raw
    if "." not in raw:
        return f"{package}.{raw}"
    return raw


def _process_name(package: str, raw: str | None, where: str, path: Path) -> str:
    if raw is None or raw == "":
        return package
    if not _PROCESS.match(raw):
        raise _invalid(f"{path}: {where} android:process={raw!r} is not a process name")
    return package + raw if raw.startswith(":") else raw


def _is_launcher(activity: ET.Element) -> bool:
    for intent_filter in activity.findall("intent-filter"):
        actions = {a.get(_a("name")) for a in intent_filter.findall("action")}
        categories = {c.get(_a("name")) for c in intent_filter.findall("category")}
        if (
            "android.intent.action.MAIN" in actions
            and "android.intent.category.LAUNCHER" in categories
        ):
            return True
    return False


def parse_manifest(path: Path) -> Manifest:
    """Parse and validate; InstallError names the file, the field and (for XML errors) the line."""
    if not path.is_file():
        raise _invalid(f"{path}: no AndroidManifest.xml in the app folder")
    data = path.read_bytes()
    if len(data) > MAX_MANIFEST_BYTES:
        raise _invalid(f"{path}: manifest is larger than {MAX_MANIFEST_BYTES} bytes")
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException:
        raise _invalid(f"{path}: manifest declares a DTD or entities (not allowed)") from None
    except ET.ParseError as exc:
        line, column = exc.position
        raise _invalid(
            f"{path}:{line}:{column}: malformed XML: {exc.msg if hasattr(exc, 'msg') else exc}"
        ) from None
    if root.tag != "manifest":
        raise _invalid(f"{path}: root element is <{root.tag}>, expected <manifest>")
    package = (root.get("package") or "").strip()
    if not package:
        raise _invalid(f"{path}: <manifest> has no package attribute")
    if not is_package_name(package):
        raise _invalid(f"{path}: <manifest> package={package!r} is not a valid package name")
    version_code_raw = root.get(_a("versionCode"))
    version_code: int | None = None
    if version_code_raw is not None:
        try:
            version_code = int(version_code_raw)
        except ValueError:
            raise _invalid(
                f"{path}: <manifest> android:versionCode={version_code_raw!r} is not an integer"
            ) from None
    permissions = tuple(
        dict.fromkeys(
            p.get(_a("name"), "").strip()
            for p in root.findall("uses-permission")
            if p.get(_a("name"), "").strip()
        )
    )
    app = root.find("application")
    if app is None:
        raise _invalid(f"{path}: <manifest> has no <application> element")
    app_name = app.get(_a("name"))
    application = _class_name(package, app_name, "<application>", path) if app_name else None
    default_process = _process_name(package, app.get(_a("process")), "<application>", path)

    activities: list[str] = []
    launcher: str | None = None
    for activity in app.findall("activity") + app.findall("activity-alias"):
        raw = activity.get(_a("name"))
        if not raw:
            raise _invalid(f"{path}: an <activity> has no android:name")
        if activity.tag == "activity-alias":
            raw = activity.get(_a("targetActivity")) or raw
        name = _class_name(package, raw, "<activity>", path)
        if activity.tag == "activity":
            activities.append(name)
        if launcher is None and _is_launcher(activity):
            launcher = name
    if launcher is None:
        raise _invalid(
            f"{path}: no launcher activity (an <activity> with an intent-filter of action "
            "android.intent.action.MAIN and category android.intent.category.LAUNCHER)"
        )
    services: list[ServiceDecl] = []
    for service in app.findall("service"):
        raw = service.get(_a("name"))
        if not raw:
            raise _invalid(f"{path}: a <service> has no android:name")
        name = _class_name(package, raw, "<service>", path)
        raw_process = service.get(_a("process"))
        process = (
            _process_name(package, raw_process, f"<service {raw}>", path)
            if raw_process
            else default_process
        )
        services.append(ServiceDecl(name=name, process=process))
    receivers: list[ReceiverDecl] = []
    for receiver in app.findall("receiver"):
        raw = receiver.get(_a("name"))
        if not raw:
            raise _invalid(f"{path}: a <receiver> has no android:name")
        # Android takes any string; the device delivers dotted names only (a comma would
        # split runtime.properties' list), so an odd action is one no broadcast here names.
        actions = [
            name
            for f in receiver.findall("intent-filter")
            for a in f.findall("action")
            if _ACTION.match(name := a.get(_a("name"), "").strip())
        ]
        name = _class_name(package, raw, "<receiver>", path)
        receivers.append(ReceiverDecl(name=name, actions=tuple(dict.fromkeys(actions))))
    return Manifest(
        package=package,
        version_name=root.get(_a("versionName")),
        version_code=version_code,
        permissions=permissions,
        application=application,
        launcher=launcher,
        activities=tuple(activities),
        services=tuple(services),
        receivers=tuple(receivers),
    )
