"""Fixtures for the agent tests: a stand-in app on JDK 17 driven over stdin, and a recording sink.

The stand-in app (tests/agent/fixtures) defines classes with the real Android names; it prints
READY once the JVM is up, then runs one command per stdin line and prints its result, so a test
can attach the agent before any app code runs and compare what the app saw.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from harness.agent.session import AgentOptions, Instrumentation, agent_bundle
from harness.device.base import ProcessInfo
from harness.model import CallEvent, HookReport, MarkerEvent, ProcessEvent
from tests.shared_build import build_once, shared_dir

JDK = Path("/usr/lib/jvm/java-17-openjdk-amd64/bin")
FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class RecordingSink:
    """An EventSink that keeps everything, in arrival order."""

    stacks: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    events: list[CallEvent | MarkerEvent | ProcessEvent] = field(default_factory=list)
    reports: list[HookReport] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def stack(self, pid: int, stack_id: int, frames: list[str]) -> None:
        with self.lock:
            assert (pid, stack_id) not in self.stacks, "a stack was sent twice"
            self.stacks[(pid, stack_id)] = frames

    def event(self, event: CallEvent | MarkerEvent | ProcessEvent) -> None:
        with self.lock:
            if isinstance(event, CallEvent) and event.stack_id is not None:
                assert (event.pid, event.stack_id) in self.stacks, "call before its stack"
            self.events.append(event)

    def hook_report(self, report: HookReport) -> None:
        with self.lock:
            self.reports.append(report)

    def calls(self) -> list[CallEvent]:
        with self.lock:
            return [e for e in self.events if isinstance(e, CallEvent)]

    def clear(self) -> None:
        with self.lock:
            self.events.clear()


@pytest.fixture(scope="session")
def java_classes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if not (JDK / "javac").is_file():
        pytest.skip("JDK 17 is not installed")
    out = shared_dir(tmp_path_factory, "fixture-classes")  # one javac for every xdist worker
    cp, sdk = out / "cp", out / "sdk"

    def build(_: Path) -> str:
        sources = sorted(
            str(p) for d in ("framework", "app") for p in (FIXTURES / d).rglob("*.java")
        )
        subprocess.run([str(JDK / "javac"), "-d", str(cp), *sources], check=True)
        sdk_sources = sorted(str(p) for p in (FIXTURES / "sdk").rglob("*.java"))
        subprocess.run([str(JDK / "javac"), "-d", str(sdk), *sdk_sources], check=True)
        return "cp sdk"

    build_once(out, build)
    return {"cp": cp, "sdk": sdk}


@pytest.fixture(scope="session")
def agent_source() -> str:
    if shutil.which("npm") is None and not (Path("hooks/node_modules")).is_dir():
        pytest.skip("no node_modules to build the agent")
    return agent_bundle()


class FixtureApp:
    """One JVM running the stand-in app; `instrument()` loads the agent into it."""

    def __init__(self, classes: dict[str, Path]) -> None:
        self.classes = classes
        self.proc = subprocess.Popen(
            [str(JDK / "java"), "-Xshare:auto", "-cp", str(classes["cp"]), "fixture.Main"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None and self.proc.stdin is not None
        first = self.proc.stdout.readline().strip()
        assert first == "READY", f"fixture app did not start: {first!r}"
        self.info = ProcessInfo(self.proc.pid, "com.example.fixture")
        self.sink = RecordingSink()
        self.inst: Instrumentation | None = None

    def instrument(self, source: str, **options: object) -> HookReport:
        import frida

        self.inst = Instrumentation(
            frida.get_local_device(), self.sink, AgentOptions(**options), source=source
        )  # type: ignore[arg-type]
        return self.inst.instrument(self.info)

    def run(self, command: str) -> str:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline().strip()
        name = command.split(" ")[0]
        assert line.startswith(f"OK {name} "), f"unexpected reply {line!r}"
        return line[len(f"OK {name} ") :]

    def calls_of(self, command: str) -> list[CallEvent]:
        """Run `command`, flush the agent, return the calls it produced."""
        assert self.inst is not None
        self.inst.flush()
        self.sink.clear()
        self.run(command)
        self.inst.flush()
        return self.sink.calls()

    def close(self) -> None:
        if self.inst is not None:
            self.inst.close()
        if self.proc.poll() is None:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.write("exit\n")
                self.proc.stdin.flush()
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def fixture_app(java_classes: dict[str, Path]) -> Iterator[FixtureApp]:
    app = FixtureApp(java_classes)
    try:
        yield app
    finally:
        app.close()


@pytest.fixture(scope="module")
def hooked_app(java_classes: dict[str, Path], agent_source: str) -> Iterator[FixtureApp]:
    """One instrumented stand-in app shared by a module's tests (each test reads its own calls)."""
    app = FixtureApp(java_classes)
    app.instrument(agent_source, app_package="com.example.fixture")
    try:
        yield app
    finally:
        app.close()
