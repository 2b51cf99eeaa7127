"""Embedded SDKs: the app's class names against the SDK knowledge base (the same prefixes that
attribute a stack frame at run time, so static and dynamic name an SDK the same way)."""

from __future__ import annotations

from collections.abc import Iterable

from harness.apk.model import EmbeddedSdk
from harness.attribution.knowledge import SdkDb, SdkMatch

SAMPLE_CLASSES = 8  # matching classes kept per SDK as evidence; the count covers all


def embedded_sdks(classes: Iterable[str], db: SdkDb) -> list[EmbeddedSdk]:
    """One entry per SDK with at least one class under its prefixes, largest first."""
    by_package: dict[str, SdkMatch | None] = {}  # classes of one package share one lookup
    found: dict[str, tuple[SdkMatch, set[str], list[str]]] = {}
    for name in classes:
        package = name.rpartition(".")[0] or name  # prefixes name packages, not single classes
        if package in by_package:
            match = by_package[package]
        else:
            match = by_package[package] = db.match(package)
        if match is None:
            continue
        entry = found.get(match.entry.name)
        if entry is None:
            found[match.entry.name] = entry = (match, set(), [])
        entry[1].add(match.prefix)
        entry[2].append(name)
    out = []
    for match, prefixes, names in found.values():
        e = match.entry
        out.append(
            EmbeddedSdk(
                name=e.name,
                vendor=e.vendor,
                category=e.category,
                prefixes=sorted(prefixes),
                class_count=len(names),
                classes=sorted(names)[:SAMPLE_CLASSES],
            )
        )
    return sorted(out, key=lambda s: (-s.class_count, s.name))
