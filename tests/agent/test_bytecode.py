"""harness.agent.bytecode: the agent compiled once per device and bundle, outside the apps."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.agent import bytecode
from harness.agent.bytecode import agent_bytecode


def test_compiled_once_kept_and_reused(
    agent_source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import frida

    monkeypatch.setenv("HARNESS_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(bytecode, "_compiled", {})
    device = frida.get_local_device()
    code = agent_bytecode(device, agent_source, "harness-agent")
    assert code is not None and len(code) > 10_000
    assert agent_bytecode(device, agent_source, "harness-agent") is code  # memoised
    (cached,) = (tmp_path / "agent").glob("harness-agent-*.qjs")
    assert cached.read_bytes() == code

    written = cached.stat().st_mtime_ns
    monkeypatch.setattr(bytecode, "_compiled", {})  # a later controller: read from the cache
    assert agent_bytecode(device, agent_source, "harness-agent") == code
    assert cached.stat().st_mtime_ns == written  # read, not compiled and written again


def test_a_bundle_that_does_not_compile_is_left_to_the_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import frida

    monkeypatch.setenv("HARNESS_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(bytecode, "_compiled", {})
    assert agent_bytecode(frida.get_local_device(), "this is not ( javascript", "x") is None
    assert not list((tmp_path / "agent").glob("*.qjs"))
