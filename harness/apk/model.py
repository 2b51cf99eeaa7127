"""The static profile of an app: what its APK (or simulated-app folder) says about itself.

One model per concept; every string in it comes from the app and is bounded here (`Clipped`),
so a hostile manifest cannot blow up report.json or the page that shows it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from harness.errors import ConfigError
from harness.untrusted import clip

MAX_NAME = 300  # a class, permission or process name
MAX_LISTED = 2000  # permissions, components, files: more is hostile, the rest is counted


def _bounded(text: str) -> str:
    return clip(text, MAX_NAME)


Name = Annotated[str, AfterValidator(_bounded)]


class ApkError(ConfigError):
    """The APK (or bundle, or split folder) is bad input: unreadable, truncated, encrypted,
    hostile or not an APK. One line naming the file and what is wrong; exit status 2."""


ComponentKind = Literal["activity", "activity-alias", "service", "receiver", "provider"]


class Component(BaseModel):
    kind: ComponentKind
    name: Name  # fully qualified class name
    process: Name  # full process name: the package, or "package:remote", or another name
    exported: bool  # explicitly, or implicitly by an intent filter (pre-Android-12 rule)
    actions: list[Name] = Field(default_factory=list)  # intent-filter actions


class SelfStart(BaseModel):
    """A component the system or another app can start without the user (issue #16's rule):
    a boot receiver, or an exported component answering another app's broadcast."""

    component: Name
    kind: ComponentKind
    process: Name
    trigger: Literal["boot", "system_event", "other_app"]
    actions: list[Name]


class PermissionInfo(BaseModel):
    name: Name
    dangerous: bool  # a runtime ("dangerous") permission: harness/apk/dangerous_permissions.yaml
    group: str = ""  # its data group when dangerous (location, phone, ...)


class EmbeddedSdk(BaseModel):
    """An SDK of the knowledge base found in the app's code, with the classes that matched."""

    name: str
    vendor: str = ""
    category: str = "other"
    prefixes: list[str]  # the SDK's prefixes that matched at least one class
    class_count: int
    classes: list[Name]  # the first few matching classes, sorted (evidence)


class ApkFile(BaseModel):
    name: Name  # file name inside the folder or bundle (or the APK's own name)
    size: int
    sha256: str
    split: Name = ""  # the split's name ("config.arm64_v8a"); "" for the base APK


ProfileKind = Literal["apk", "split_folder", "bundle", "sim_folder"]


class StaticProfile(BaseModel):
    source: Name  # what was inspected, as given
    kind: ProfileKind
    sha256: str  # of the file given (a folder: of the base APK; a sim folder: of its contents)
    size: int
    files: list[ApkFile] = Field(default_factory=list)
    package: Name
    version_name: Name | None = None
    version_code: int | None = None
    min_sdk: int | None = None
    target_sdk: int | None = None
    signers: list[str] = Field(default_factory=list)  # SHA-256 of each signer certificate (DER)
    signature_schemes: list[str] = Field(default_factory=list)  # "v1", "v2", "v3"
    permissions: list[PermissionInfo] = Field(default_factory=list)
    components: list[Component] = Field(default_factory=list)
    processes: list[Name] = Field(default_factory=list)  # main process first
    self_start: list[SelfStart] = Field(default_factory=list)
    dex_files: list[Name] = Field(default_factory=list)
    class_count: int = 0
    sdks: list[EmbeddedSdk] = Field(default_factory=list)
    # Code outside the dex path the runtime loads (assets/*.dex, *.jar, inner *.apk): a hint of
    # dynamically loaded code, which the class scan cannot see into.
    other_code: list[Name] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    @property
    def exported(self) -> list[Component]:
        return [c for c in self.components if c.exported]

    @property
    def dangerous_permissions(self) -> list[PermissionInfo]:
        return [p for p in self.permissions if p.dangerous]

    def process_components(self) -> dict[str, list[Component]]:
        """Components per declared process other than the main one."""
        out: dict[str, list[Component]] = {}
        for c in self.components:
            if c.process != self.package:
                out.setdefault(c.process, []).append(c)
        return out
