"""Hatch build hook: ship the compiled Frida agent inside the wheel (users need no Node).

The agent is compiled from hooks/ with the catalogue embedded (harness.agent.bundle, which needs
frida, pydantic and pyyaml in the build environment, and npm once for hooks/node_modules). Set
HARNESS_AGENT_BUNDLE=/path/agent.js to ship an agent built elsewhere instead. Editable installs
skip all this: from a checkout the agent is built on first use (cached).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUNDLE_IN_WHEEL = "harness/agent/_bundle/agent.js"


class AgentBuildHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable" or self.target_name != "wheel":
            return
        root = Path(self.root)
        # The catalogue and the simulated device's Java sources, read at run time (harness.paths).
        build_data["force_include"][str(root / "hooks" / "catalog.yaml")] = (
            "harness/_data/catalog.yaml"
        )
        build_data["force_include"][str(root / "sim")] = "harness/_data/sim"
        build_data["force_include"][str(self._agent_bundle(root))] = BUNDLE_IN_WHEEL
        # The self-test's probe: its Java twin for the simulated device, and the probe APK,
        # assembled here from harness/selftest/probe/ (smali; no binary is committed).
        twin = root / "examples" / "apps" / "selftest-probe"
        build_data["force_include"][str(twin)] = "harness/_data/selftest-probe"
        probe = self._probe_apk(root)
        if probe is not None:
            build_data["force_include"][str(probe)] = "harness/_data/probe.apk"

    def _probe_apk(self, root: Path) -> Path | None:
        """HARNESS_PROBE_APK, or built with apktool/zipalign/apksigner; without those tools the
        wheel ships without it and `harness selftest` builds it on first use (it says how)."""
        given = os.environ.get("HARNESS_PROBE_APK")
        if given:
            return Path(given)
        sys.path.insert(0, str(root))
        try:
            from harness.apk.build import build_apk, missing_tools

            if missing_tools():
                self.app.display_warning(
                    "the probe APK is not in this wheel: " + ", ".join(missing_tools())
                )
                return None
            self._probe_tmp = tempfile.TemporaryDirectory()
            return build_apk(
                root / "harness" / "selftest" / "probe", cache=Path(self._probe_tmp.name)
            )
        finally:
            sys.path.remove(str(root))

    def _agent_bundle(self, root: Path) -> Path:
        given = os.environ.get("HARNESS_AGENT_BUNDLE")
        if given:
            path = Path(given)
            if not path.is_file():
                raise RuntimeError(f"HARNESS_AGENT_BUNDLE={given}: no such file")
            return path
        sys.path.insert(0, str(root))  # build from this checkout's harness, not an installed one
        try:
            from harness.agent.bundle import build_agent
        except ImportError as exc:
            raise RuntimeError(
                f"building the wheel compiles the Frida agent and needs {exc.name} in the build "
                "environment (see [build-system] requires), or set HARNESS_AGENT_BUNDLE"
            ) from exc
        finally:
            sys.path.remove(str(root))
        self._tmp = tempfile.TemporaryDirectory()  # kept alive until the wheel is written
        return build_agent(root / "hooks", cache=Path(self._tmp.name))
