"""Find or build the agent bundle: hooks/src/index.ts compiled with the catalogue embedded.

A wheel ships the compiled agent as `harness/agent/_bundle/agent.js` (built by hatch_build.py),
so users need no Node. From a source checkout the catalogue is validated, written as
hooks/src/generated/catalog.json (which index.ts imports), and the bundle is compiled once per
content hash into the cache directory.
"""

from __future__ import annotations

import threading
from pathlib import Path

from harness.agent.build import BuildError, compile_script
from harness.atomic import write_atomic
from harness.errors import AgentError
from harness.paths import cache_dir, hooks_dir

PACKAGED = Path(__file__).resolve().parent / "_bundle" / "agent.js"
GENERATED_CATALOG = Path("src") / "generated" / "catalog.json"

_lock = threading.Lock()
_memo: dict[str, str] = {}


# Catalogue files validated and written by this process, by (path, mtime, size): every run
# from a checkout asks for the bundle, and parsing the YAML catalogue was most of a short run's
# controller CPU (issue #19). An edited file has another stat and is validated again.
_written: set[tuple[str, int, int]] = set()


def write_generated_catalog(hooks: Path, catalog_file: Path | None = None) -> Path:
    """Validate the catalogue and write the JSON module index.ts imports (only if it changed)."""
    from harness.catalog import load_catalog

    source = catalog_file or hooks / "catalog.yaml"
    out = hooks / GENERATED_CATALOG
    try:
        stat = source.stat()
        seen: tuple[str, int, int] | None = (str(source.resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError:
        seen = None  # load_catalog says what is wrong with it
    if seen in _written and out.is_file():
        return out
    text = load_catalog(source).agent_json()
    if not out.is_file() or out.read_text(encoding="utf-8") != text:
        write_atomic(out, text)
    if seen is not None:
        _written.add(seen)
    return out


def build_agent(hooks: Path, cache: Path | None = None) -> Path:
    """Compile the agent from `hooks` (cached by the hash of its sources and the catalogue)."""
    generated = write_generated_catalog(hooks)
    try:
        return compile_script(
            hooks / "src" / "index.ts",
            project=hooks,
            cache=cache or cache_dir() / "agent",
            extra_inputs=[generated],
        )
    except BuildError as exc:
        raise AgentError(f"building the Frida agent failed: {exc}") from exc


def agent_bundle() -> str:
    """The compiled agent's source.

    From a checkout the agent is built from hooks/ (so edits take effect); otherwise the copy
    packaged in the wheel is used.
    """
    with _lock:
        hooks = hooks_dir()
        if hooks is not None:
            path = build_agent(hooks)
            key = str(path)
        elif PACKAGED.is_file():
            path = PACKAGED
            key = "packaged"
        else:
            raise AgentError(
                "the compiled Frida agent is missing: this installation has neither "
                "harness/agent/_bundle/agent.js nor the hooks/ sources",
                hint="reinstall the harness wheel, or run from a source checkout with Node.js/npm",
            )
        if key not in _memo:
            _memo[key] = path.read_text(encoding="utf-8")
        return _memo[key]
