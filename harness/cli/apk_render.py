"""The terminal view of a static profile (every app-controlled string printed literally)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from harness.apk.model import StaticProfile
from harness.untrusted import literal


def render_profile(p: StaticProfile, out: Console | None = None) -> None:
    out = out or Console()
    version = f"{p.version_name or '?'} ({p.version_code if p.version_code is not None else '?'})"
    out.print(f"[b]{literal(p.package)}[/b] {literal(version)} · {p.kind} · {literal(p.source)}")
    out.print(f"sha256 {p.sha256} · {p.size} bytes · SDK min {p.min_sdk} target {p.target_sdk}")
    signers = ", ".join(p.signers) or "none"
    out.print(f"signer sha256 {signers} ({', '.join(p.signature_schemes) or 'unsigned'})")
    for note in p.notes:
        out.print(f"note: {literal(note)}")
    perms = Table("permission", "dangerous", "group", title="permissions")
    for perm in p.permissions:
        perms.add_row(literal(perm.name), "yes" if perm.dangerous else "", perm.group)
    out.print(perms)
    comps = Table("kind", "component", "process", "exported", title="components")
    for c in p.components:
        comps.add_row(c.kind, literal(c.name), literal(c.process), "yes" if c.exported else "")
    out.print(comps)
    if p.self_start:
        starts = Table("trigger", "component", "process", "actions", title="self-start")
        for s in p.self_start:
            starts.add_row(
                s.trigger, literal(s.component), literal(s.process), literal(", ".join(s.actions))
            )
        out.print(starts)
    sdks = Table("SDK", "vendor", "classes", "matched (first)", title="embedded SDKs")
    for sdk in p.sdks:
        sdks.add_row(
            literal(sdk.name), literal(sdk.vendor), str(sdk.class_count), literal(sdk.classes[0])
        )
    out.print(sdks)
    out.print(
        f"{len(p.dex_files)} dex file(s), {p.class_count} classes, {len(p.sdks)} SDKs"
        + (
            f"; code outside the dex path: {literal(', '.join(p.other_code[:5]))}"
            if p.other_code
            else ""
        )
    )
