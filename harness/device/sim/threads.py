"""The main thread's stack of a simulated app's JVM, taken with the JDK's `jstack`: the evidence
for an app that never reached its first screen (where its main thread is stuck)."""

from __future__ import annotations

import subprocess
from pathlib import Path

MAX_FRAMES = 40  # enough to see the app's frames under the framework's
JSTACK_TIMEOUT_S = 30.0  # a loaded machine attaches slowly; a hung attach must not hang the run


def main_thread_stack(jstack: Path, pid: int) -> list[str]:
    """`Class.method(File.java:N)` frames of the thread named "main", innermost first; [] when
    jstack cannot attach (the process is gone, or the JDK has no jstack)."""
    try:
        done = subprocess.run(
            [str(jstack), str(pid)],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=JSTACK_TIMEOUT_S,
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    return parse_main_thread(done.stdout) if done.returncode == 0 else []


def parse_main_thread(dump: str) -> list[str]:
    frames: list[str] = []
    in_main = False
    for line in dump.splitlines():
        if line.startswith('"'):
            if in_main:
                break
            in_main = line.startswith('"main" ')
        elif in_main and line.strip().startswith("at "):
            frames.append(line.strip()[3:])
            if len(frames) >= MAX_FRAMES:
                break
    return frames
