"""What the simulated device knows about an installed app (<home>/packages/<pkg>/)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from harness.device.sim.manifest import Manifest

# Runtime ("dangerous") permissions: not granted by a plain install, as on Android 6+.
# Everything else an app requests (INTERNET, ACCESS_WIFI_STATE, ...) is granted at install.
DANGEROUS_PERMISSIONS = frozenset(
    "android.permission." + name
    for name in (
        "READ_CALENDAR WRITE_CALENDAR CAMERA READ_CONTACTS WRITE_CONTACTS GET_ACCOUNTS "
        "ACCESS_FINE_LOCATION ACCESS_COARSE_LOCATION ACCESS_BACKGROUND_LOCATION RECORD_AUDIO "
        "READ_PHONE_STATE READ_PHONE_NUMBERS CALL_PHONE ANSWER_PHONE_CALLS READ_CALL_LOG "
        "WRITE_CALL_LOG ADD_VOICEMAIL USE_SIP PROCESS_OUTGOING_CALLS BODY_SENSORS SEND_SMS "
        "RECEIVE_SMS READ_SMS RECEIVE_WAP_PUSH RECEIVE_MMS READ_EXTERNAL_STORAGE "
        "WRITE_EXTERNAL_STORAGE ACTIVITY_RECOGNITION ACCESS_MEDIA_LOCATION"
    ).split()
)


class ServiceRecord(BaseModel):
    name: str
    process: str


class ReceiverRecord(BaseModel):
    name: str
    actions: list[str] = Field(default_factory=list)


class PackageRecord(BaseModel):
    """package.json: the manifest facts, where the classes are, and the granted permissions."""

    package: str
    version_name: str | None = None
    version_code: int | None = None
    permissions: list[str] = Field(default_factory=list)
    application: str | None = None
    launcher: str
    activities: list[str] = Field(default_factory=list)
    services: list[ServiceRecord] = Field(default_factory=list)
    receivers: list[ReceiverRecord] = Field(default_factory=list)
    source: str  # the folder it was installed from
    sources_hash: str
    classes: str
    framework_jar: str
    granted: list[str] = Field(default_factory=list)
    libs: list[str] = Field(default_factory=list)  # SDK jars on the app's class path (libs/)

    @classmethod
    def from_manifest(cls, manifest: Manifest, **extra: object) -> PackageRecord:
        return cls(
            package=manifest.package,
            version_name=manifest.version_name,
            version_code=manifest.version_code,
            permissions=list(manifest.permissions),
            application=manifest.application,
            launcher=manifest.launcher,
            activities=list(manifest.activities),
            services=[ServiceRecord(name=s.name, process=s.process) for s in manifest.services],
            receivers=[
                ReceiverRecord(name=r.name, actions=list(r.actions)) for r in manifest.receivers
            ],
            granted=[p for p in manifest.permissions if p not in DANGEROUS_PERMISSIONS],
            **extra,
        )

    @property
    def processes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([self.package] + [s.process for s in self.services]))

    def runtime_properties(self) -> str:
        """What the Java runtime reads at process start (java.util.Properties syntax)."""
        lines = {
            "package": self.package,
            "classes": self.classes,
            "application": self.application or "",
            "launcher": self.launcher,
            "activities": ",".join(self.activities),
            "requested": ",".join(self.permissions),
            "granted": ",".join(p for p in self.granted if p in self.permissions),
            "api": "29",
            "libs": ",".join(self.libs),
        }
        for service in self.services:
            lines[f"service.{service.name}"] = service.process
        for receiver in self.receivers:
            lines[f"receiver.{receiver.name}"] = ",".join(receiver.actions)
        return "".join(f"{_escape(k)}={_escape(v)}\n" for k, v in lines.items())


def _escape(value: str) -> str:
    out = []
    for ch in value:
        if ch in "\\=:#!":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) > 0x7E or ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)
