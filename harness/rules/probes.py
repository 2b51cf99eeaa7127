"""Probes of other apps: a look-up of one package (PackageManager.getPackageInfo,
getApplicationInfo) asks whether that app is installed, which is what SDKs do to learn which
apps a user has (category installed_apps). Apps look up their own package all the time (their
version name): such a call is no probe, and the rules leave it out. Which argument names the
package is catalogue data (`probe_arg` in hooks/catalog.yaml).
"""

from __future__ import annotations

from collections.abc import Iterable

from harness.catalog import default_catalog
from harness.model import CallEvent


def probe_args() -> dict[str, int]:
    """Catalogue entry id -> the argument naming the probed package."""
    return {e.id: e.probe_arg for e in default_catalog().entries if e.probe_arg is not None}


def without_own_lookups(calls: Iterable[CallEvent], app_package: str) -> list[CallEvent]:
    """The calls, less the look-ups of the app's own package."""
    probes = probe_args()
    out = []
    for call in calls:
        index = probes.get(call.hook_id)
        if index is not None and index < len(call.args) and call.args[index] == app_package:
            continue
        out.append(call)
    return out
