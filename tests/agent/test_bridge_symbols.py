"""hooks/src/bridgesymbols.ts: frida-java-bridge starts on natively found HotSpot symbols.

The agent answers the bridge's enumerations of libjvm with the names the bridge looks up. The
lists must be the pinned bridge's own (a new bridge version may look up other names), and in a
live JVM every name must resolve to the address the full enumeration gives, with the bridge
started on the narrowed answer. The rest of tests/agent runs the whole agent on it.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
from pathlib import Path

import pytest

from harness.agent.build import compile_script

from .conftest import JDK

HOOKS = Path(__file__).resolve().parents[2] / "hooks"
BRIDGE_JVM = HOOKS / "node_modules" / "frida-java-bridge" / "lib" / "jvm.js"
OURS = HOOKS / "src" / "bridgesymbols.ts"


def _ts_list(text: str, const: str) -> list[str]:
    body = re.search(rf"export const {const}: readonly string\[\] = \[(.*?)\];", text, re.S)
    assert body is not None, f"{const} not found in {OURS}"
    return re.findall(r'"(\w+)"', body.group(1))


def _bridge_names() -> tuple[list[str], set[str]]:
    """The non-Windows HotSpot block of the bridge's getApi(): looked-up names, optionals."""
    text = BRIDGE_JVM.read_text(encoding="utf-8")
    start = text.index("// If platform is not Windows")
    block = text[start : text.index("const missing = [];", start)]
    optionals_at = block.index("optionals:")
    names = re.findall(r"^\s+(_Z\w+|JNI_\w+|JVM_\w+):", block[:optionals_at], re.M)
    optionals = set(re.findall(r"'(\w+)'", block[optionals_at:]))
    return names, optionals


@pytest.fixture(scope="module")
def bridge_installed() -> None:
    if not BRIDGE_JVM.is_file():
        pytest.skip("hooks/node_modules is not installed (npm ci)")


def test_the_lists_are_the_pinned_bridges(bridge_installed: None) -> None:
    text = OURS.read_text(encoding="utf-8")
    required, optional = _ts_list(text, "REQUIRED_SYMBOLS"), _ts_list(text, "OPTIONAL_SYMBOLS")
    names, optionals = _bridge_names()
    assert len(names) > 30 and optionals < set(names)
    assert required == [n for n in names if n not in optionals]
    assert set(optional) == optionals and len(optional) == len(optionals)

    version = re.search(r'BRIDGE_VERSION = "([^"]+)"', text)
    assert version is not None
    lock = json.loads((HOOKS / "package-lock.json").read_text(encoding="utf-8"))
    pinned = lock["packages"]["node_modules/frida-java-bridge"]["version"]
    installed = json.loads((BRIDGE_JVM.parents[1] / "package.json").read_text())["version"]
    assert version.group(1) == pinned == installed


def test_the_bridge_starts_on_the_natively_found_addresses(
    bridge_installed: None, tmp_path: Path
) -> None:
    import frida

    if not (JDK / "java").is_file():
        pytest.skip("JDK 17 is not installed")
    script_source = compile_script(
        HOOKS / "bench" / "symbols_check.ts", HOOKS, tmp_path / "cache"
    ).read_text()
    (tmp_path / "Idle.java").write_text(
        "public class Idle { public static void main(String[] a) throws Exception {"
        ' System.out.println("READY"); System.out.flush(); System.in.read(); } }'
    )
    subprocess.run(
        [str(JDK / "javac"), "-d", str(tmp_path), str(tmp_path / "Idle.java")], check=True
    )
    jvm = subprocess.Popen(
        [str(JDK / "java"), "-cp", str(tmp_path), "Idle"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert jvm.stdout is not None and jvm.stdout.readline().strip() == "READY"
        session = frida.get_local_device().attach(jvm.pid)
        got: list[dict[str, object]] = []
        arrived = threading.Event()
        script = session.create_script(script_source)
        script.on("message", lambda m, _d: (got.append(m), arrived.set()))
        script.load()
        arrived.wait(timeout=120)  # delivered on Frida's thread, maybe after load() returns
        session.detach()
    finally:
        jvm.kill()
        jvm.wait(timeout=30)
    assert got and got[0]["type"] == "send", got
    check = got[0]["payload"]["symbols_check"]  # type: ignore[index]
    assert check["available"] is True
    assert check["module"].endswith("libjvm.so")
    assert check["narrowed"] is True, "a required name was not found natively"
    assert check["scanned"] is True, "the names were looked up one by one, not scanned"
    assert check["mismatched"] == []
    assert (
        check["found"] == check["resolvable"] >= len(_bridge_names()[0]) - len(_bridge_names()[1])
    )
