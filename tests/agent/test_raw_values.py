"""hooks/src/readvalues.ts in a live JVM with the simulated framework: a read's raw values (what
the network matcher links sends to) are the same whether a member path ending in a number is
read with the agent's JNI ids or through frida-java-bridge wrappers, and the JNI read is the one
taken (hooks/bench/values_check.ts); String members read in one native call (hooks/src/jnitext.ts)
give the whole text, NULs and lone surrogates included; and an object's toString() runs once
for a call's summary and values."""

from __future__ import annotations

import queue
import subprocess
from pathlib import Path
from typing import Any

import pytest

from harness.agent.build import compile_script
from harness.device.sim.build import build_framework
from harness.device.sim.jdk import find_jdk
from harness.device.sim.runtime import app_java

HOOKS = Path(__file__).resolve().parents[2] / "hooks"
FIXTURE = Path(__file__).parent / "fixtures" / "hold" / "Hold.java"
FAKE = FIXTURE.parent / "fake"


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The check script's one message (one JVM for the module's tests)."""
    import frida

    tmp_path = tmp_path_factory.mktemp("values")
    source = compile_script(HOOKS / "bench" / "values_check.ts", HOOKS, tmp_path / "cache")
    subprocess.run(
        [str(find_jdk().javac), "-cp", str(build_framework()), "-d", str(tmp_path), str(FIXTURE)],
        check=True,
        timeout=120,
    )
    fake = tmp_path / "fake"  # the app's own android.accounts.Account, loaded on its own
    subprocess.run(
        [str(find_jdk().javac), "-d", str(fake), *map(str, FAKE.rglob("*.java"))],
        check=True,
        timeout=120,
    )
    classpath = f"{build_framework()}:{tmp_path}"
    jvm = subprocess.Popen(
        [str(app_java()), f"-Dhold.fake={fake}", "-cp", classpath, "Hold"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    replies: queue.Queue[dict[str, Any]] = queue.Queue()
    try:
        assert jvm.stdout is not None
        assert jvm.stdout.readline().strip() == "READY"
        session = frida.get_local_device().attach(jvm.pid)
        script = session.create_script(source.read_text())
        script.on("message", lambda m, _d: replies.put(m))
        script.load()
        message = replies.get(timeout=60)
        session.detach()
    finally:
        # Killed, as the other check JVMs are (test_jvm_batch, test_bridge_symbols): a clean exit
        # right after the detach races frida-agent unloading itself (~20 ms later), and once in
        # tens of loaded runs the JVM then hung in frida-agent at exit() (CI at 503ce07).
        jvm.kill()
        jvm.wait(timeout=30)
    assert message["type"] == "send", message  # an error in the script instead
    payload: dict[str, Any] = message["payload"]["values_check"]
    return payload


def test_numeric_member_paths_are_read_by_jni_with_the_bridges_values(
    checked: dict[str, Any],
) -> None:
    location, cell = checked["location"], checked["cell"]
    assert location["className"] == "android.location.Location"
    assert cell["className"] == "android.telephony.gsm.GsmCellLocation"
    # the JNI read is taken for every catalogued path of both (not the bridge's fallback)
    assert location["paths"] == [{"number": 48.858093}, {"number": 2.294694}]
    assert cell["paths"] == [{"number": 4242}, {"number": 987654}]
    # and the values are exactly the bridge's: the forms an app prints a coordinate in
    assert location["jni"] == location["bridge"]
    assert {"48.858093", "48.85809", "48.8581", "2.294694", "2.29469", "2.2947"} <= set(
        location["jni"]
    )
    assert cell["jni"] == cell["bridge"] == ["4242", "987654"]


def test_plain_results_give_the_forms_an_app_sends(checked: dict[str, Any]) -> None:
    plain = checked["plain"]
    assert plain["string"] == ["356938035643809"]
    assert plain["empty"] == [] and plain["flag"] == [] and plain["none"] == []
    assert plain["long"] == ["x" * 4096]  # bounded (MAX_VALUE_CHARS)
    assert plain["int"] == ["310260"] and plain["negative"] == ["-42"]
    assert plain["fraction"] == ["48.858093", "48.85809", "48.8581"]  # 6 decimals: the same text
    assert plain["round"] == ["2.5", "2.500000", "2.50000", "2.5000"]
    assert plain["nan"] == []


def test_string_members_in_one_native_call_give_their_whole_text(checked: dict[str, Any]) -> None:
    assert checked["native_text"] is True  # jnitext.ts's CModule, not the JNI calls one by one
    odd = "al\u0000ice\ud800x"
    account, device = checked["account"], checked["device"]
    assert account["paths"] == [{"text": odd}]  # a field
    # getters (the simulated framework gives the address in upper case)
    assert device["paths"] == [{"text": "02:00:00:AA:BB:CC"}, {"text": odd}]
    # whole, as the agent's JNI reads were before; the bridge's own read stops at the NUL
    assert account["jni"] == [odd] and account["bridge"] == ["al"]
    assert device["jni"] == ["02:00:00:AA:BB:CC", odd]


def test_a_calls_summary_and_values_run_the_apps_to_string_once(checked: dict[str, Any]) -> None:
    counted = checked["counted"]
    assert counted["summary"] == "counted-1"
    assert counted["reused"] == ["counted-1"]  # not a second run of toString()
    assert counted["fresh"] == ["counted-2"]  # after the call: read again


def test_a_class_named_like_a_framework_class_is_not_read_with_its_ids(
    checked: dict[str, Any],
) -> None:
    # The framework's Account was read first (its ids are cached by name); the app's own class
    # of that name, from another loader, gets no JNI read with them: undefined behaviour in the
    # VM (its `name` is a long where the framework's is a String).
    fake = checked["fake"]
    assert fake["path"] == "absent"
    # the bridge's path then casts to the framework class, which fails: no values, no crash
    assert str(fake["values"]).startswith("threw: ")
