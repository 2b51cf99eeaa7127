"""Catalogue `kind: probe` entries (harness/catalog.py): looks for instrumentation, no data."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from harness.catalog import CatalogEntry, default_catalog
from harness.model import ProbeTarget


def _entry(**fields: Any) -> CatalogEntry:
    base: dict[str, Any] = {
        "id": "probe.x",
        "kind": "probe",
        "class": "java.io.FileInputStream",
        "method": "$init",
        "description_en": "e",
        "description_zh": "z",
        "probe": {"arg": 0, "match": "path", "table": {"/proc/self/maps": "memory_maps"}},
    }
    base.update(fields)
    return CatalogEntry.model_validate(base)


def test_the_catalogue_probes_for_what_frida_detectors_look_at() -> None:
    probes = [e for e in default_catalog().entries if e.kind == "probe"]
    covered = {t for e in probes if e.probe for t in e.probe.table.values()}
    assert covered == set(ProbeTarget)
    assert all(e.categories() == [] for e in probes)  # never a personal-data finding
    exists = next(e for e in probes if e.method == "exists")
    assert exists.probe is not None and exists.probe.arg == -1  # the File it is called on


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"category": "device_id"}, "record no data"),
        ({"probe": None}, "`probe` is for, and required by"),
        ({"side": "app"}, "framework classes"),
        ({"probe": {"arg": 0, "match": "path", "table": {}}}, "at least 1 item"),
        ({"probe": {"arg": 0, "match": "path", "table": {"/x": "personal"}}}, "memory_maps"),
        ({"probe": {"arg": -2, "match": "port", "table": {"1": "frida_port"}}}, "-1"),
        ({"overloads": [["File"]]}, "fully qualified"),
    ],
)
def test_bad_probe_entries_are_refused(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _entry(**fields)


def test_a_probe_table_is_only_for_probe_entries() -> None:
    with pytest.raises(ValidationError, match="`probe` is for"):
        _entry(kind="java", category="device_id")
    assert _entry().probe is not None
