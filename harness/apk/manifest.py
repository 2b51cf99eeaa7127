"""What a manifest declares: package, versions, SDK levels, permissions, components, processes
and self-start entry points. One reader for both forms: the binary manifest of an APK (decoded
by androguard into an lxml tree) and a simulated app's text manifest (defusedxml), which share
the ElementTree interface."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from harness.apk.model import (
    MAX_LISTED,
    ApkError,
    Component,
    ComponentKind,
    PermissionInfo,
    SelfStart,
)
from harness.apk.tables import dangerous_permissions, self_start_actions
from harness.model import is_package_name

ANDROID_NS = "http://schemas.android.com/apk/res/android"
COMPONENT_TAGS: tuple[ComponentKind, ...] = (
    "activity",
    "activity-alias",
    "service",
    "receiver",
    "provider",
)
_INT = re.compile(r"^-?\d{1,10}$")


class Element(Protocol):
    """The part of the ElementTree interface lxml and xml.etree share that we use."""

    tag: Any

    def get(self, key: str, default: Any = None) -> Any: ...
    def findall(self, path: str) -> Any: ...
    def find(self, path: str) -> Any: ...


@dataclass
class ManifestFacts:
    package: str
    version_name: str | None
    version_code: int | None
    min_sdk: int | None
    target_sdk: int | None
    permissions: list[PermissionInfo] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)
    processes: list[str] = field(default_factory=list)
    self_start: list[SelfStart] = field(default_factory=list)
    split: str = ""  # a split APK's name ("config.x86_64"); "" for a base APK


def _a(element: Element, name: str) -> str | None:
    value = element.get(f"{{{ANDROID_NS}}}{name}")
    return None if value is None else str(value).strip()


def _int(text: str | None) -> int | None:
    return int(text) if text is not None and _INT.match(text) else None


def _class(package: str, raw: str) -> str:
    if raw.startswith("."):
        return package + raw
    return raw if "." in raw else f"{package}.{raw}"


def _process(package: str, raw: str | None, default: str) -> str:
    if not raw:
        return default
    return package + raw if raw.startswith(":") else raw


def read_manifest(root: Element, where: str) -> ManifestFacts:
    """The facts of one manifest element tree; ApkError when it is not a usable manifest."""
    if root.tag != "manifest":
        raise ApkError(f"{where}: the manifest's root element is not <manifest>")
    package = str(root.get("package") or "").strip()
    if not is_package_name(package):
        raise ApkError(f"{where}: <manifest> package={package[:120]!r} is not a package name")
    uses_sdk = root.find("uses-sdk")
    min_sdk = _int(_a(uses_sdk, "minSdkVersion")) if uses_sdk is not None else None
    target_sdk = _int(_a(uses_sdk, "targetSdkVersion")) if uses_sdk is not None else None
    facts = ManifestFacts(
        package=package,
        version_name=_a(root, "versionName"),
        version_code=_int(_a(root, "versionCode")),
        min_sdk=min_sdk,
        target_sdk=target_sdk if target_sdk is not None else min_sdk,
        split=str(root.get("split") or "").strip(),
    )
    dangerous = dangerous_permissions()
    names: list[str] = []
    for tag in ("uses-permission", "uses-permission-sdk-23"):
        names += [n for p in root.findall(tag) if (n := _a(p, "name"))]
    for name in list(dict.fromkeys(names))[:MAX_LISTED]:
        facts.permissions.append(
            PermissionInfo(name=name, dangerous=name in dangerous, group=dangerous.get(name, ""))
        )
    app = root.find("application")
    facts.processes = [package]
    if app is None:
        return facts
    default_process = _process(package, _a(app, "process"), package)
    for kind in COMPONENT_TAGS:
        for element in app.findall(kind):
            if len(facts.components) >= MAX_LISTED:
                break
            facts.components.append(_component(kind, element, package, default_process, facts))
    for c in facts.components:
        if c.process not in facts.processes:
            facts.processes.append(c.process)
    facts.self_start = [s for c in facts.components if (s := _self_start(c, package))]
    return facts


def _component(
    kind: ComponentKind, element: Element, package: str, default_process: str, facts: ManifestFacts
) -> Component:
    raw = _a(element, "targetActivity") if kind == "activity-alias" else None
    name = _class(package, _a(element, "name") or raw or "?")
    actions = [
        a
        for f in element.findall("intent-filter")
        for action in f.findall("action")
        if (a := _a(action, "name"))
    ][:50]
    exported_raw = _a(element, "exported")
    if exported_raw is not None:
        exported = exported_raw.lower() == "true"
    elif kind == "provider":
        exported = (facts.target_sdk or 0) < 17  # providers were exported by default until 17
    else:
        exported = bool(element.findall("intent-filter"))  # the rule before Android 12
    return Component(
        kind=kind,
        name=name,
        process=_process(package, _a(element, "process"), default_process),
        exported=exported,
        actions=list(dict.fromkeys(actions)),
    )


def _self_start(c: Component, package: str) -> SelfStart | None:
    if c.kind not in ("receiver", "service") or not c.actions:
        return None
    table = self_start_actions()
    boot = [a for a in c.actions if a in table.boot]
    system = [a for a in c.actions if a in table.system_event]
    foreign = [
        a
        for a in c.actions
        if c.exported
        and a not in table.ignore
        and not a.startswith(("android.", package + "."))
        and a not in table.boot
        and a not in table.system_event
    ]
    if boot:
        return SelfStart(
            component=c.name, kind=c.kind, process=c.process, trigger="boot", actions=boot
        )
    if system:
        return SelfStart(
            component=c.name, kind=c.kind, process=c.process, trigger="system_event", actions=system
        )
    if foreign:
        return SelfStart(
            component=c.name, kind=c.kind, process=c.process, trigger="other_app", actions=foreign
        )
    return None
