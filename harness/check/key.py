"""The stable identity of a finding across runs: what was read, how, and by whom.

Timestamps, pids, counts and process names change from run to run and are left out, so that a
baseline keeps matching while the app's behaviour stays the same.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from harness.model import Category, Finding, Rule

KEY_VERSION = "v1"  # bump when the fields below change: old fingerprints then stop matching

# Every Finding field is one or the other, and a test holds the model to this table: a field
# added to Finding must be placed here first. What identifies a finding (a host name would, for a
# transmission) goes in the key; context that varies between runs of the same app, or only
# describes, never does: pids, times, counts, process names, stacks (line numbers move with any
# edit), example values, the vendor's display name.
KEY_FIELDS = ("rule", "data", "api", "actor")
ACTOR_KEY_FIELDS = ("kind", "name", "package")
CONTEXT_FIELDS = (
    "process",
    "count",
    "denied_count",
    "first_at",
    "first_offset_s",
    "phase",
    "stack",
    "example",
)
ACTOR_CONTEXT_FIELDS = ("vendor", "frame", "note")


@dataclass(frozen=True, order=True)
class FindingKey:
    rule: Rule
    data: Category
    api: str
    actor_kind: str
    actor_name: str
    actor_package: str

    @classmethod
    def of(cls, finding: Finding) -> FindingKey:
        return cls(
            rule=finding.rule,
            data=finding.data,
            api=finding.api,
            actor_kind=finding.actor.kind,
            actor_name=finding.actor.name,
            actor_package=finding.actor.package,
        )

    @property
    def actor(self) -> str:
        pkg = f" ({self.actor_package})" if self.actor_package else ""
        return f"{self.actor_kind}:{self.actor_name}{pkg}"

    def text(self) -> str:
        """One readable line: `pre_consent iccid <api> by sdk:Name (package)`."""
        return f"{self.rule.value} {self.data.value} {self.api} by {self.actor}"

    def fingerprint(self) -> str:
        parts = (
            KEY_VERSION,
            self.rule.value,
            self.data.value,
            self.api,
            self.actor_kind,
            self.actor_name,
            self.actor_package,
        )
        # \x1f cannot occur in a Java name, so no two keys join to the same string
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
