"""The static profile of a simulated app (examples/apps/*): its text manifest and the classes of
its sources and library jars, so the sim shows the same static + dynamic view as a real APK."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from pathlib import Path

import defusedxml
import defusedxml.ElementTree as SafeET

from harness.apk.archive import SafeZip, read_input
from harness.apk.manifest import read_manifest
from harness.apk.model import MAX_LISTED, ApkError, StaticProfile
from harness.apk.sdks import embedded_sdks
from harness.attribution.knowledge import SdkDb

MAX_MANIFEST_BYTES = 1 << 20
_CHUNK = 1 << 20


def inspect_sim_folder(folder: Path, db: SdkDb) -> StaticProfile:
    path = folder / "AndroidManifest.xml"
    data = path.read_bytes()[: MAX_MANIFEST_BYTES + 1]
    if len(data) > MAX_MANIFEST_BYTES:
        raise ApkError(f"{path}: manifest is larger than {MAX_MANIFEST_BYTES} bytes")
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except (defusedxml.DefusedXmlException, ET.ParseError) as exc:
        raise ApkError(f"{path}: not a readable manifest ({exc})") from None
    facts = read_manifest(root, str(path))
    classes = _source_classes(folder / "src") + _jar_classes(folder / "libs")
    return StaticProfile(
        source=str(folder),
        kind="sim_folder",
        sha256=tree_sha256(folder),
        size=sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()),
        package=facts.package,
        version_name=facts.version_name,
        version_code=facts.version_code,
        min_sdk=facts.min_sdk,
        target_sdk=facts.target_sdk,
        permissions=facts.permissions,
        components=facts.components,
        processes=facts.processes,
        self_start=facts.self_start,
        class_count=len(classes),
        sdks=embedded_sdks(classes, db),
        notes=["a simulated app: classes from its sources and libs/ jars; no signature"],
    )


def _source_classes(src: Path) -> list[str]:
    if not src.is_dir():
        return []
    return sorted(
        p.relative_to(src).with_suffix("").as_posix().replace("/", ".") for p in src.rglob("*.java")
    )[: MAX_LISTED * 50]


def _jar_classes(libs: Path) -> list[str]:
    names: list[str] = []
    for jar in sorted(libs.glob("*.jar")) if libs.is_dir() else []:
        archive = SafeZip(read_input(jar), str(jar))
        names += [
            n[: -len(".class")].replace("/", ".")
            for n in archive.names()
            if n.endswith(".class") and "$" not in n and not n.startswith("META-INF/")
        ]
    return names


def tree_sha256(root: Path) -> str:
    """The folder digest the evidence manifest records for a simulated app (same construction
    as harness.evidence.digest.tree_sha256, which sits above this layer; a test holds them
    equal): per file in sorted relative-path order, path NUL length NUL bytes."""
    digest = hashlib.sha256()
    files = sorted(
        (p for p in root.rglob("*") if p.is_file()), key=lambda p: p.relative_to(root).as_posix()
    )
    for p in files:
        rel = p.relative_to(root).as_posix().encode("utf-8", "surrogateescape")
        digest.update(rel + b"\0" + str(p.stat().st_size).encode() + b"\0")
        with p.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
    return digest.hexdigest()
