"""The stable identity of a finding across runs: what was read, how, and by whom.

Timestamps, pids, counts and process names change from run to run and are left out, so that a
baseline keeps matching while the app's behaviour stays the same.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from harness.model import Category, Finding, Rule, SentFinding

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
# A sent_* finding (SentFinding) is also identified by the host it went to; how it was encoded,
# and the read it came from, are context (an SDK switching MD5 for SHA-1 sends the same data).
SENT_KEY_FIELDS = ("host",)
SENT_CONTEXT_FIELDS = (
    "encoding",
    "channel",
    "where",
    "send_seq",
    "send_pid",
    "bytes",
    "excerpt",
    "read_api",
    "read_seq",
    "read_pid",
    "read_at",
    "read_offset_s",
    "read_gap_s",
    "read_stack",
    "read_actor",
)


@dataclass(frozen=True, order=True)
class FindingKey:
    rule: Rule
    data: Category
    api: str
    actor_kind: str
    actor_name: str
    actor_package: str
    host: str = ""  # sent_* findings only: where the data went

    @classmethod
    def of(cls, finding: Finding) -> FindingKey:
        return cls(
            rule=finding.rule,
            data=finding.data,
            api=finding.api,
            actor_kind=finding.actor.kind,
            actor_name=finding.actor.name,
            actor_package=finding.actor.package,
            host=finding.host if isinstance(finding, SentFinding) else "",
        )

    @property
    def actor(self) -> str:
        pkg = f" ({self.actor_package})" if self.actor_package else ""
        return f"{self.actor_kind}:{self.actor_name}{pkg}"

    def text(self) -> str:
        """One readable line: `pre_consent iccid <api> by sdk:Name (package)`."""
        to = f" to {self.host}" if self.host else ""
        return f"{self.rule.value} {self.data.value} {self.api}{to} by {self.actor}"

    def fingerprint(self) -> str:
        parts = (
            KEY_VERSION,
            self.rule.value,
            self.data.value,
            self.api,
            self.actor_kind,
            self.actor_name,
            self.actor_package,
        ) + ((self.host,) if self.host else ())  # reads' fingerprints stay as they were
        # \x1f cannot occur in a Java name, so no two keys join to the same string
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
