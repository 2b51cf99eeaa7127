"""The probe APK's smali (harness/selftest/probe/) and its Java twin (examples/apps/
selftest-probe/) make the same calls from the same classes and processes: probe.yaml's list."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.apk.inspect import inspect_target
from harness.catalog import load_catalog
from harness.selftest.spec import PROBE_PROJECT, probe_spec

ROOT = Path(__file__).resolve().parents[2]
TWIN = ROOT / "examples" / "apps" / "selftest-probe"


def _method(hook: str) -> tuple[str, str]:
    entry = next(e for e in load_catalog().entries if e.id == hook)
    return entry.class_, entry.method


def _body(text: str, start: str, end: str) -> str:
    at = text.index(start)
    return text[at : text.index(end, at)]


@pytest.mark.parametrize("proc", probe_spec().processes, ids=lambda p: p.process or "main")
def test_both_probes_make_the_listed_calls(proc) -> None:
    rel = proc.class_.replace(".", "/")
    java = (TWIN / "src" / f"{rel}.java").read_text()
    smali = (PROBE_PROJECT / "smali" / f"{rel}.smali").read_text()
    java_body = _body(java, f" {proc.method}(", "\n    }\n")
    smali_body = _body(smali, f" {proc.method}(", ".end method")
    for hook in proc.hooks:
        cls, method = _method(hook)
        assert f".{method}(" in java_body, f"{hook}: the twin's {proc.method} does not call it"
        owner = "L" + cls.replace(".", "/") + ";->" + method + "("
        assert owner in smali_body, f"{hook}: the probe's {proc.method} does not invoke {owner}"
    # and nothing more: every catalogued method the smali invokes is on the list
    catalogued = {(e.class_, e.method) for e in load_catalog().entries}
    listed = {_method(h) for h in proc.hooks}
    invoked = set()
    for line in smali_body.splitlines():
        if "invoke-" in line and ";->" in line:
            owner, rest = line.split("}, L", 1)[1].split(";->", 1)
            invoked.add((owner.replace("/", "."), rest.split("(")[0]))
    invoked &= catalogued
    assert invoked == listed


def test_manifests_declare_the_same_package_processes_and_permissions() -> None:
    twin = inspect_target(TWIN)
    import defusedxml.ElementTree as SafeET

    from harness.apk.manifest import read_manifest

    apk_side = read_manifest(
        SafeET.fromstring((PROBE_PROJECT / "AndroidManifest.xml").read_bytes()), "probe"
    )
    spec = probe_spec()
    assert twin.package == apk_side.package == spec.package
    assert (
        twin.processes == apk_side.processes == [p.full_name(spec.package) for p in spec.processes]
    )
    assert [p.name for p in twin.permissions] == [p.name for p in apk_side.permissions]
    assert [(c.kind, c.name) for c in twin.components] == [
        (c.kind, c.name) for c in apk_side.components
    ]


def test_the_probe_apk_builds_and_profiles_like_its_twin(tmp_path_factory) -> None:
    from harness.apk.build import build_apk, missing_tools

    if missing_tools():
        pytest.skip(f"building the probe needs {', '.join(missing_tools())}")
    from tests.shared_build import lock, shared_dir

    cache = shared_dir(tmp_path_factory, "apk-cache")
    with lock(cache):
        built = build_apk(PROBE_PROJECT, cache=cache)
    apk = inspect_target(built)
    twin = inspect_target(TWIN)
    assert (apk.package, apk.processes) == (twin.package, twin.processes)
    assert apk.signers and apk.min_sdk == 28
    assert {c.name for c in apk.components} == {c.name for c in twin.components}
