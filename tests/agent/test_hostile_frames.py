"""Issue #14, evidence an app can forge or dodge: names the app chose reach the stack, the thread
name and the values. A stand-in app (tests/agent/fixtures/hostile) whose class files carry names
javac refuses (patched in by tests/agent/classfile.py) must be attributed by what its frames
are, never by how their text splits, and a 1 MB thread name must cost no event.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.agent.session import AgentOptions, Instrumentation
from harness.attribution import Attributor
from harness.attribution.knowledge import load_sdk_db
from harness.device.base import ProcessInfo
from harness.model import CallEvent
from tests.agent.classfile import patch_utf8
from tests.agent.conftest import FIXTURES, JDK, RecordingSink

APP = "com.example.hostile"
FORGED_SOURCE = "X.java:1), com.qq.e.comm.managers.GDTAdSdk.init(GDTAdSdk.java"
DASHED = "Ad\u2013Reader"


@pytest.fixture(scope="module")
def hostile_classes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (JDK / "javac").is_file():
        pytest.skip("JDK 17 is not installed")
    out = tmp_path_factory.mktemp("hostile-classes")
    sources = sorted(
        str(p) for d in ("framework", "hostile") for p in (FIXTURES / d).rglob("*.java")
    )
    subprocess.run([str(JDK / "javac"), "-d", str(out), *sources], check=True)
    patch_utf8(out / "a/b/Forged.class", {"Forged.java": FORGED_SOURCE})
    patch_utf8(out / "com/example/hostile/Deep.class", {"Deep.java": "De\x00ep.java"})
    sdk = out / "com/bytedance/sdk/openadsdk"
    patch_utf8(sdk / "Spaced.class", {"readit": "read it"})
    patch_utf8(
        sdk / "AdXReader.class",
        {"com/bytedance/sdk/openadsdk/AdXReader": f"com/bytedance/sdk/openadsdk/{DASHED}"},
        out=sdk / f"{DASHED}.class",
    )
    (sdk / "AdXReader.class").unlink()
    return out


class HostileApp:
    def __init__(self, classes: Path, source: str) -> None:
        self.proc = subprocess.Popen(
            [str(JDK / "java"), "-Xshare:auto", "-cp", str(classes), f"{APP}.Main"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "READY"
        import frida

        self.sink = RecordingSink()
        self.inst = Instrumentation(
            frida.get_local_device(),
            self.sink,
            AgentOptions(app_package=APP),  # type: ignore[arg-type]
            source=source,
        )
        self.inst.instrument(ProcessInfo(self.proc.pid, APP))

    def calls_of(self, command: str) -> tuple[str, list[CallEvent]]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.inst.flush()
        self.sink.clear()
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        reply = self.proc.stdout.readline().strip()
        assert reply.startswith(f"OK {command} "), reply
        self.inst.flush()
        return reply[len(f"OK {command} ") :], self.sink.calls()

    def close(self) -> None:
        self.inst.close()
        self.proc.kill()
        self.proc.wait()


@pytest.fixture(scope="module")
def hostile(hostile_classes: Path, agent_source: str) -> Iterator[HostileApp]:
    app = HostileApp(hostile_classes, agent_source)
    try:
        yield app
    finally:
        app.close()


@pytest.fixture(scope="module")
def attributor() -> Attributor:
    return Attributor(load_sdk_db(), APP)


def _one_read(app: HostileApp, command: str) -> CallEvent:
    value, calls = app.calls_of(command)
    assert value == "861234567890123"  # the app saw the original's value
    assert [c.api for c in calls] == ["android.telephony.TelephonyManager.getDeviceId"]
    return calls[0]


def test_a_forged_source_file_does_not_make_the_apps_read_an_sdks(
    hostile: HostileApp, attributor: Attributor
) -> None:
    call = _one_read(hostile, "forged")
    actor = attributor.attribute(call.stack)
    assert (actor.kind, actor.name) == ("app", APP), actor
    # the forged text is one frame's file name, shown escaped, never a frame of its own
    assert not any(f.startswith("com.qq.e.") for f in call.stack), call.stack
    assert call.stack[0].startswith("a.b.Forged.read(X.java\\x3a1\\x29")


def test_an_sdk_method_name_with_a_space_is_the_sdks(
    hostile: HostileApp, attributor: Attributor
) -> None:
    call = _one_read(hostile, "spaced")
    actor = attributor.attribute(call.stack)
    assert actor.kind == "sdk" and actor.vendor == "ByteDance", actor
    assert call.stack[0] == "com.bytedance.sdk.openadsdk.Spaced.read\\x20it(Spaced.java:6)"


def test_an_sdk_class_name_with_an_en_dash_is_the_sdks(
    hostile: HostileApp, attributor: Attributor
) -> None:
    call = _one_read(hostile, "dashed")
    actor = attributor.attribute(call.stack)
    assert actor.kind == "sdk" and actor.vendor == "ByteDance", actor
    assert call.stack[0].startswith("com.bytedance.sdk.openadsdk.Ad\\u2013Reader.read(")


def test_a_nul_in_a_source_file_keeps_every_frame(
    hostile: HostileApp, attributor: Attributor
) -> None:
    call = _one_read(hostile, "nul")
    deep = [f for f in call.stack if f.startswith(f"{APP}.Deep.down(")]
    assert len(deep) == 9, call.stack
    assert deep[0] == f"{APP}.Deep.down(De\\x00ep.java:6)"
    assert any(f.startswith(f"{APP}.Main.run(Main.java:") for f in call.stack), call.stack
    assert attributor.attribute(call.stack).kind == "app"


def test_a_nul_in_a_thread_name_is_kept(hostile: HostileApp) -> None:
    call = _one_read(hostile, "nulThread")
    assert call.thread == "worker\x00tail"


def test_a_megabyte_thread_name_is_clipped_and_no_call_is_lost(hostile: HostileApp) -> None:
    value, calls = hostile.calls_of("longThread")
    assert value == "861234567890123"
    assert len(calls) == 300
    assert hostile.inst.stats.errors == 0 and hostile.inst.problems == []
    for call in calls:
        assert call.thread == "T" * 256 + "…[1000000 chars]"
