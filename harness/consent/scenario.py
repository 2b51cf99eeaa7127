"""Per-app scenario files: explicit selectors that override dialog detection for regression runs.

```yaml
package: com.example.news
dialog: {text_contains: "隐私"}            # the dialog is on screen when this matches
accept: [{resource_id: "com.example.news:id/cb_agree"}, {text: "同意"}]
reject: [{text: "不同意"}]
reject_confirm: [{text: "退出应用"}]        # the second prompt after a refusal
```
Fields left out fall back to automatic detection.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from harness.consent.uidump import UiDump, UiNode
from harness.yamlfile import Loc, load_model

MAX_SCENARIO_BYTES = 256 * 1024


class Selector(BaseModel):
    """Matches UI nodes; all given fields must hold. `index` picks the nth match (0-based)."""

    model_config = ConfigDict(extra="forbid")

    resource_id: str | None = Field(None, description="exact resource-id, e.g. com.x:id/agree")
    text: str | None = Field(None, description="exact text (surrounding whitespace ignored)")
    text_contains: str | None = Field(None, description="substring of the text")
    content_desc: str | None = Field(None, description="exact content description")
    class_name: str | None = Field(
        None, description="class, fully qualified (android.widget.Button) or simple (Button)"
    )
    index: int = Field(0, ge=0, description="which match to use when several nodes match")

    @model_validator(mode="after")
    def _needs_a_criterion(self) -> Selector:
        if not any(
            (self.resource_id, self.text, self.text_contains, self.content_desc, self.class_name)
        ):
            raise ValueError(
                "a selector needs at least one of resource_id, text, text_contains, "
                "content_desc, class_name"
            )
        return self

    def matches(self, node: UiNode) -> bool:
        if self.resource_id is not None and node.resource_id != self.resource_id:
            return False
        if self.text is not None and node.text.strip() != self.text.strip():
            return False
        if self.text_contains is not None and self.text_contains not in node.text:
            return False
        if self.content_desc is not None and node.content_desc.strip() != self.content_desc.strip():
            return False
        if self.class_name is not None:
            simple = node.class_name.rsplit(".", 1)[-1]
            if self.class_name not in (node.class_name, simple):
                return False
        return True

    def describe(self) -> str:
        fields = self.model_dump(exclude_none=True, exclude_defaults=True)
        if self.index:
            fields["index"] = self.index
        return json.dumps(fields, ensure_ascii=False)


class Scenario(BaseModel):
    """How to find and answer one app's consent dialog."""

    model_config = ConfigDict(extra="forbid")

    package: str | None = Field(None, description="the app; selectors only match its own nodes")
    dialog: Selector | None = Field(None, description="the dialog is shown when this matches")
    accept: list[Selector] | None = Field(
        None, description="taps that accept, in order (checkboxes first, the button last)"
    )
    reject: list[Selector] | None = Field(None, description="taps that refuse, in order")
    reject_confirm: list[Selector] | None = Field(
        None, description="taps that keep refusing on the prompt shown after a refusal"
    )

    def find(self, selector: Selector, dump: UiDump) -> UiNode | None:
        """The node the selector picks in this dump, or None."""
        seen = 0
        for node in dump.nodes:
            if self.package and node.package and node.package != self.package:
                continue
            if selector.matches(node):
                if seen == selector.index:
                    return node
                seen += 1
        return None


def scenario_schema() -> dict[str, object]:
    """JSON Schema of scenario files (for editors and validation in CI)."""
    return Scenario.model_json_schema()


def load_scenario(path: Path | str) -> Scenario:
    """Read and validate a scenario file; errors name the file, the line and the field."""
    path = Path(path)
    scenario, _ = load_model(
        path, Scenario, "scenario file", limit=MAX_SCENARIO_BYTES, field=_dotted
    )
    return scenario


def _dotted(loc: Loc) -> str:
    # selectors are addressed as accept.0.text, as in the scenario documentation
    return ".".join(str(p) for p in loc) or "(top level)"
