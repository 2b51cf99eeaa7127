"""The permission rules, over the run's runtime-permission requests (catalogue category
`runtime_permission`, e.g. `Activity.requestPermissions`, whose first argument the agent lists):

  permission_before_consent  a request of a dangerous permission (permissions.yaml; every
      permission with `all_permissions`) while the user has not accepted the privacy policy
      (before the dialog, while it shows, or after a refusal);
  permission_reprompt  a request of a permission that an earlier request asked for, when a
      `permission_prompt_denied` marker lies between the two and at most `reprompt_hours`
      before the second: the user said no and was asked again (on a relaunch too: the run's
      events span both launches).

The denial is tied to a permission by order, not by name: the prompt's wording names a group,
not a permission, so a denial answered after the earlier request counts for each permission that
request asked for. With `--permission-prompts allow` nothing is denied and no re-prompt fires.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from harness.model import CallEvent, Category, Marker, Rule
from harness.rules.phases import CallState, Decision, Occurrence, PhaseClock
from harness.settings import PermissionRules
from harness.yamlfile import parse_model

_PERMISSION = re.compile(r"^[A-Za-z0-9_.]{1,200}$")
MAX_LISTED = 32  # the agent lists at most this many permissions of one request


class PermissionTable(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_: int = 1
    dangerous: dict[str, Category]


@lru_cache(maxsize=1)
def permission_table() -> PermissionTable:
    raw = resources.files("harness.rules").joinpath("permissions.yaml").read_bytes()
    data = raw.replace(b"schema:", b"schema_:", 1)  # `schema` shadows a BaseModel attribute
    table, _ = parse_model(data, Path("permissions.yaml"), PermissionTable, "permission table")
    return table


def requested(call: CallEvent) -> list[str]:
    """The permissions one request asked for, from its first argument "[a, b]" ([] when the
    agent could not list them: masked, or not an array of strings)."""
    if not call.args:
        return []
    text = call.args[0].strip()
    if not (text.startswith("[") and text.endswith("]")):
        return []
    names = [p.strip() for p in text[1:-1].split(",")]
    return [p for p in names[:MAX_LISTED] if _PERMISSION.fullmatch(p)]


@dataclass(frozen=True)
class PermissionHit:
    """One permission of one request that hits a rule; the engine groups hits into findings."""

    rule: Rule
    call: CallEvent
    state: CallState
    data: Category  # the category the permission opens (runtime_permission when unlisted)
    permission: str


def permission_hits(
    calls: Iterable[CallEvent], clock: PhaseClock, settings: PermissionRules
) -> list[PermissionHit]:
    """Hits of both permission rules, in call order; `calls` are the runtime_permission calls."""
    table = permission_table().dangerous
    denials = [o for o in clock.occurrences if o.name is Marker.permission_prompt_denied]
    window_ms = settings.reprompt_hours * 3600 * 1000
    earlier: list[tuple[CallEvent, list[str]]] = []
    hits: list[PermissionHit] = []
    for call in sorted(calls, key=lambda c: (c.ts, c.pid, c.seq)):
        perms = requested(call)
        state = clock.state(call)
        for perm in perms:
            data = table.get(perm, Category.runtime_permission)
            counted = settings.all_permissions or perm in table
            if counted and state.decision is not Decision.accepted:
                hits.append(PermissionHit(Rule.permission_before_consent, call, state, data, perm))
            if _denied_since(perm, call, earlier, denials, window_ms):
                hits.append(PermissionHit(Rule.permission_reprompt, call, state, data, perm))
        earlier.append((call, perms))
    return hits


def _denied_since(
    perm: str,
    call: CallEvent,
    earlier: list[tuple[CallEvent, list[str]]],
    denials: list[Occurrence],
    window_ms: float,
) -> bool:
    """An earlier request asked for `perm`, and a denial came after it, before `call`, and at
    most `window_ms` before `call`."""
    for before, perms in earlier:
        if perm not in perms:
            continue
        for denial in denials:
            if (
                not denial.precedes(before)
                and denial.precedes(call)
                and call.ts - denial.ts <= window_ms
            ):
                return True
    return False
