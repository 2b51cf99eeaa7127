"""Frida on the simulated device: attach while paused, hook framework methods, resume, and see
the app's earliest calls (static initialiser, attachBaseContext)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import frida
import pytest

from harness.agent.build import compile_script
from harness.device.sim import SimDevice

from .conftest import LIFECYCLE, ROOT, wait_for

PKG = "com.test.lifecycle"


@pytest.fixture(scope="module")
def probe_js(tmp_path_factory: pytest.TempPathFactory) -> str:
    # The compiler wants the entry inside the project: a throwaway project beside the real one,
    # sharing its installed node_modules.
    hooks = ROOT / "hooks"
    project = tmp_path_factory.mktemp("probe-project")
    for name in ("package.json", "package-lock.json", "tsconfig.json"):
        shutil.copyfile(hooks / name, project / name)
    (project / "node_modules").symlink_to(hooks / "node_modules")
    entry = project / "probe.ts"
    shutil.copyfile(Path(__file__).parent / "probe.ts", entry)
    bundle = compile_script(entry, project=project, cache=tmp_path_factory.mktemp("probe-cache"))
    return bundle.read_text()


def test_hooks_see_the_apps_first_calls(device: SimDevice, probe_js: str) -> None:
    device.install(LIFECYCLE)
    messages: list[dict[str, Any]] = []
    lock = threading.Lock()

    def on_message(message: dict[str, Any], _data: Any) -> None:
        with lock:
            messages.append(message.get("payload") or {"error": message})

    proc = device.start_paused(PKG)
    session = device.frida_device().attach(proc.pid)
    try:
        script = session.create_script(probe_js)
        script.on("message", on_message)
        script.load()
        wait_for(lambda: {"kind": "ready"} in messages, what="the probe to be ready")
        assert not [m for m in messages if m.get("kind") == "log"]  # nothing ran while paused
        device.resume(proc.pid)
        wait_for(
            lambda: any("activity.onResume" in str(m.get("msg")) for m in messages),
            what="the activity to resume under the hooks",
        )
        with lock:
            seen = list(messages)
    finally:
        try:
            session.detach()
        except frida.InvalidOperationError:
            pass
    assert not [m for m in seen if "error" in m], seen
    logs = [m["msg"] for m in seen if m.get("kind") == "log"]
    assert logs[0].startswith("static-init")  # the class initialiser ran under the hooks
    assert logs[1].startswith("attachBaseContext")
    reads = [m for m in seen if m.get("kind") == "getString"]
    assert reads and reads[0]["name"] == "android_id" and reads[0]["value"]
    # the ANDROID_ID read happened inside attachBaseContext, before its log line
    order = [m.get("kind") + ":" + str(m.get("msg", m.get("name"))) for m in seen]
    first_read = order.index("getString:android_id")
    assert order.index("log:" + logs[0]) < first_read < order.index("log:" + logs[1])
