"""The JVMTI stack key (hooks/src/stackkey.ts) against the Throwable path it replaces, in one
JDK 17 process: hooks/bench/stackkey.ts takes every hooked call's stack both ways. Same call
site, same stack; different call sites, different stacks; the frames exactly the old path's."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from harness.agent.build import compile_script
from harness.paths import cache_dir
from tests.agent.conftest import FixtureApp

HOOKS = Path(__file__).resolve().parents[2] / "hooks"


@pytest.fixture(scope="module")
def stackkey_js(agent_source: str) -> str:
    # agent_source: skips where the agent cannot be built; the bundle is cached by content
    return compile_script(HOOKS / "bench" / "stackkey.ts", HOOKS, cache_dir() / "agent").read_text()


class Probe:
    def __init__(self, app: FixtureApp, source: str) -> None:
        import frida

        self.session = frida.attach(app.info.pid)
        self.script = self.session.create_script(source)
        self.errors: list[Any] = []
        self.lock = threading.Lock()
        self.script.on("message", self._on_message)
        self.script.load()
        assert self.errors == [], self.errors

    def _on_message(self, message: dict[str, Any], _data: Any) -> None:
        if message.get("type") == "error":
            with self.lock:
                self.errors.append(message)

    def take(self) -> list[dict[str, Any]]:
        got: dict[str, Any] = self.script.exports_sync.take()
        assert self.errors == [], self.errors
        return list(got["seen"])

    def close(self) -> None:
        self.script.unload()
        self.session.detach()


@pytest.fixture
def probe(fixture_app: FixtureApp, stackkey_js: str) -> Any:
    p = Probe(fixture_app, stackkey_js)
    try:
        yield p
    finally:
        p.close()


def _seen(app: FixtureApp, probe: Probe, command: str) -> list[dict[str, Any]]:
    app.run(command)
    return probe.take()


def test_jvmti_key_is_exact_per_call_site(fixture_app: FixtureApp, probe: Probe) -> None:
    assert probe.script.exports_sync.fast_path() is True  # HotSpot: the JVMTI key is used
    first = _seen(fixture_app, probe, "deviceId")
    again = _seen(fixture_app, probe, "deviceId")
    clinit = _seen(fixture_app, probe, "clinit")
    thread = _seen(fixture_app, probe, "thread")
    flood = _seen(fixture_app, probe, "flood 50")
    same_line = _seen(fixture_app, probe, "sameLine")
    assert len(first) == len(again) == len(clinit) == len(thread) == 1
    assert len(flood) == 50 and len(same_line) == 2
    # the same site: the same stack, every time
    assert again[0]["fast"] == first[0]["fast"]
    assert {s["fast"] for s in flood} == {flood[0]["fast"]}
    # different sites: different stacks
    keys = [first[0]["fast"], clinit[0]["fast"], thread[0]["fast"], flood[0]["fast"]]
    assert len(set(keys)) == len(keys)
    # two bytecode indexes on one line: one stack, as the Throwable path (line numbers) has it
    assert same_line[0]["old"] == same_line[1]["old"]
    assert same_line[0]["fast"] == same_line[1]["fast"]
    everything = first + again + clinit + thread + flood + same_line
    for s in everything:
        assert s["framesFast"] == s["framesOld"], s["api"]
        assert s["framesFast"], s["api"]
    # keys partition the calls exactly as the old keys do
    for a in everything:
        for b in everything:
            assert (a["fast"] == b["fast"]) == (a["old"] == b["old"])
    assert first[0]["framesFast"][1]["class"] == "fixture.Main"
    assert first[0]["framesFast"][1]["method"] == "run"
    assert thread[0]["framesFast"][1]["method"].startswith("lambda$run$")
