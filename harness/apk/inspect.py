"""`inspect_target(path) -> StaticProfile`: an APK, a split-APK folder, an .apks/.xapk bundle or
a simulated-app folder. Reads only; nothing is written anywhere."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from harness.apk import axml, dex
from harness.apk.archive import DEFAULT_LIMITS, Limits, SafeZip, read_input
from harness.apk.manifest import ManifestFacts, read_manifest
from harness.apk.model import MAX_LISTED, ApkError, ApkFile, ProfileKind, StaticProfile
from harness.apk.sdks import embedded_sdks
from harness.attribution.knowledge import SdkDb, load_sdk_db

_DEX = re.compile(r"^classes\d*\.dex$")
_OTHER_CODE = (".dex", ".jar", ".apk", ".odex", ".vdex")
BUNDLE_SUFFIXES = (".apks", ".xapk", ".apkm")
MAX_SPLITS = 100


@dataclass
class _Part:
    """What one APK file contributes."""

    file: ApkFile
    facts: ManifestFacts
    signers: list[str]
    schemes: list[str]
    dex_files: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    other_code: list[str] = field(default_factory=list)


def inspect_target(
    path: Path, db: SdkDb | None = None, limits: Limits = DEFAULT_LIMITS
) -> StaticProfile:
    """The static profile of `path`; ApkError (one line naming the file) when it is bad input."""
    db = db or load_sdk_db()
    if path.is_dir():
        if (path / "AndroidManifest.xml").is_file():
            from harness.apk.simapp import inspect_sim_folder

            return inspect_sim_folder(path, db)
        return _split_folder(path, db, limits)
    if not path.exists():
        raise ApkError(f"{path}: no such file or folder")
    data = read_input(path, limits)
    archive = SafeZip(data, str(path), limits)
    if path.suffix.lower() in BUNDLE_SUFFIXES or (
        not archive.has("AndroidManifest.xml") and any(n.endswith(".apk") for n in archive.names())
    ):
        return _bundle(path, archive, db, limits)
    part = _part(path.name, data, str(path), limits, archive)
    return _profile(str(path), "apk", [part], db)


def _split_folder(path: Path, db: SdkDb, limits: Limits) -> StaticProfile:
    apks = sorted(path.glob("*.apk"))
    if not apks:
        raise ApkError(f"{path}: the folder holds no .apk files")
    if len(apks) > MAX_SPLITS:
        raise ApkError(f"{path}: {len(apks)} APK files (more than {MAX_SPLITS})")
    parts = [_part(a.name, read_input(a, limits), str(a), limits) for a in apks]
    return _profile(str(path), "split_folder", parts, db)


def _bundle(path: Path, archive: SafeZip, db: SdkDb, limits: Limits) -> StaticProfile:
    names = sorted(n for n in archive.names() if n.lower().endswith(".apk"))
    if not names:
        raise ApkError(f"{path}: the bundle holds no .apk files")
    if len(names) > MAX_SPLITS:
        raise ApkError(f"{path}: {len(names)} APK files (more than {MAX_SPLITS})")
    parts = [_part(n, archive.read(n), f"{path}!{n}", limits) for n in names]
    profile = _profile(str(path), "bundle", parts, db)
    whole = archive.data
    return profile.model_copy(
        update={"sha256": hashlib.sha256(whole).hexdigest(), "size": len(whole)}
    )


def _part(
    name: str, data: bytes, where: str, limits: Limits, archive: SafeZip | None = None
) -> _Part:
    archive = archive or SafeZip(data, where, limits)
    if not archive.has("AndroidManifest.xml"):
        raise ApkError(f"{where}: no AndroidManifest.xml (not an APK)")
    root = axml.manifest_tree(archive.read("AndroidManifest.xml", limits.max_manifest_bytes), where)
    facts = read_manifest(root, where)
    signers, schemes = axml.signers(archive)
    part = _Part(
        file=ApkFile(
            name=name, size=len(data), sha256=hashlib.sha256(data).hexdigest(), split=facts.split
        ),
        facts=facts,
        signers=signers,
        schemes=schemes,
    )
    for entry in sorted(archive.names(), key=_dex_order):
        if _DEX.match(entry):
            try:
                part.classes += dex.class_names(archive.read(entry))
            except dex.DexError as exc:
                raise ApkError(f"{where}: {entry} is not a well-formed dex file ({exc})") from None
            part.dex_files.append(entry if not facts.split else f"{name}!{entry}")
        elif entry.lower().endswith(_OTHER_CODE) and len(part.other_code) < MAX_LISTED:
            part.other_code.append(entry if not facts.split else f"{name}!{entry}")
    return part


def _dex_order(name: str) -> tuple[int, str]:
    """classes.dex, classes2.dex, ..., classes10.dex (the order the runtime loads them)."""
    match = _DEX.match(name)
    if match is None:
        return (1 << 30, name)
    digits = name[len("classes") : -len(".dex")]
    return (int(digits) if digits else 1, name)


def _profile(source: str, kind: ProfileKind, parts: list[_Part], db: SdkDb) -> StaticProfile:
    bases = [p for p in parts if not p.facts.split]
    if len(bases) != 1:
        names = ", ".join(p.file.name for p in bases) or "none"
        raise ApkError(f"{source}: expected one base APK (without a split name), found: {names}")
    base = bases[0]
    for p in parts:
        if p.facts.package != base.facts.package:
            raise ApkError(
                f"{source}: {p.file.name} is of package {p.facts.package!r}, "
                f"the base APK of {base.facts.package!r}"
            )
    f = base.facts
    classes = [c for p in parts for c in p.classes]
    notes = []
    if not base.signers:
        notes.append("no signer certificate found: the APK is unsigned or its signature damaged")
    return StaticProfile(
        source=source,
        kind=kind,
        sha256=base.file.sha256,
        size=base.file.size,
        files=[p.file for p in parts],
        package=f.package,
        version_name=f.version_name,
        version_code=f.version_code,
        min_sdk=f.min_sdk,
        target_sdk=f.target_sdk,
        signers=base.signers,
        signature_schemes=base.schemes,
        permissions=f.permissions,
        components=f.components,
        processes=f.processes,
        self_start=f.self_start,
        dex_files=[d for p in parts for d in p.dex_files],
        class_count=len(classes),
        sdks=embedded_sdks(classes, db),
        other_code=[o for p in parts for o in p.other_code][:MAX_LISTED],
        notes=notes,
    )
