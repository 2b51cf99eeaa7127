"""Probes of other apps: a look-up of one package (PackageManager.getPackageInfo,
getApplicationInfo) asks whether that app is installed, which is what SDKs do to learn which
apps a user has (category installed_apps). Apps look up their own package all the time (their
version name): such a call is no probe, and the rules leave it out. Which argument names the
package is catalogue data (`probe_arg` in hooks/catalog.yaml).
"""

from __future__ import annotations

from harness.catalog import default_catalog
from harness.model import CallEvent


def probe_args() -> dict[str, int]:
    """Catalogue entry id -> the argument naming the probed package."""
    return {e.id: e.probe_arg for e in default_catalog().entries if e.probe_arg is not None}


def is_own_lookup(call: CallEvent, app_package: str, probes: dict[str, int]) -> bool:
    """Whether the call looks up the app's own package (`probes`: `probe_args()`)."""
    index = probes.get(call.hook_id)
    return index is not None and index < len(call.args) and call.args[index] == app_package
