"""Hatch build hook: ship the compiled Frida agent inside the wheel (users need no Node).

Editable installs skip it: from a checkout the agent is built on first use (cached).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class AgentBuildHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable" or self.target_name != "wheel":
            return
        root = Path(self.root)
        # The catalogue and the simulated device's Java sources, read at run time (harness.paths).
        build_data["force_include"][str(root / "hooks" / "catalog.yaml")] = "harness/_data/catalog.yaml"
        build_data["force_include"][str(root / "sim")] = "harness/_data/sim"
        bundle = Path(self.root) / "harness" / "agent" / "_bundle" / "agent.js"
        if bundle.is_file():
            build_data["force_include"][str(bundle)] = "harness/agent/_bundle/agent.js"
