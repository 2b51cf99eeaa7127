"""associated_start and self_start.

associated_start (run time): a component start, bind or broadcast (catalogue category
`app_start`: startService, bindService, sendBroadcast, startActivity) whose intent names another
package: `pkg=` or the package of `cmp=` in the intent's description, as Android's
`Intent.toString` writes it. The attempt counts whether or not the target is installed (a
missing target is still an attempt to wake another app), like a denied read does.

self_start (static): a manifest component the system or another app starts without the user
(a boot receiver, a receiver of system broadcasts: the static profile's `self_start` entries,
from harness.apk).

self_start (run time): a manifest receiver the system ran (`ActivityThread.handleReceiver`,
whose argument names the receiver as `cmp=` and the broadcast as `act=`), unless the app itself
sent that broadcast to its own package earlier in the run (an app talking to itself is no
self-start). The actor is the receiver's class as the innermost frame above the system's
delivery: the stack at handleReceiver holds only framework frames, and the receiver's
onReceive is what runs next.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from harness.attribution import Attributor
from harness.model import CallEvent, Category, Finding, Rule
from harness.untrusted import clip

# "pkg=com.other" / "cmp=com.other/.Svc" inside "Intent { ... }"; package names only.
_PKG = re.compile(r"\bpkg=([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)+)")
_CMP = re.compile(r"\bcmp=([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)+)/([A-Za-z0-9_.$]+)")


def target_of(call: CallEvent) -> str | None:
    """The package (and component) an intent names, None when it names none."""
    text = call.args[0] if call.args else ""
    cmp = _CMP.search(text)
    if cmp:
        cls = cmp.group(2)
        return f"{cmp.group(1)}/{cls}"
    pkg = _PKG.search(text)
    return pkg.group(1) if pkg else None


def associated(calls: Iterable[CallEvent], app_package: str) -> list[tuple[CallEvent, str]]:
    """The starts aimed at another package, with their target ("pkg" or "pkg/Class")."""
    out = []
    for call in calls:
        if call.api == RECEIVER_API:
            continue  # a receiver of this app run by the system: self_start's
        target = target_of(call)
        if target is not None and target.split("/", 1)[0] != app_package:
            out.append((call, target))
    return out


RECEIVER_API = "android.app.ActivityThread.handleReceiver"  # catalogue activityThread.*
_ACT = re.compile(r"\bact=([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)")


@dataclass(frozen=True)
class ReceiverRun:
    """A manifest receiver of the app that the system ran: the call, its class, the action."""

    call: CallEvent
    receiver: str  # fully qualified class name
    action: str

    @property
    def what(self) -> str:
        return f"{self.receiver}: {self.action or '(no action)'}"


def _action(text: str) -> str:
    found = _ACT.search(text)
    return found.group(1) if found else ""


def receivers_run(calls: Iterable[CallEvent], app_package: str) -> list[ReceiverRun]:
    """The app's manifest receivers the system ran, except for broadcasts the app had sent to
    its own package before (same action): see the module docstring."""
    out = []
    own_sent: set[str] = set()
    for call in sorted(calls, key=lambda c: (c.ts, c.pid, c.seq)):
        target = target_of(call)
        if call.api != RECEIVER_API:
            if target is not None and target.split("/", 1)[0] == app_package and call.args:
                own_sent.add(_action(call.args[0]))
            continue
        if target is None or "/" not in target or not call.args:
            continue
        package, cls = target.split("/", 1)
        if package != app_package:
            continue
        action = _action(call.args[0])
        if action and action in own_sent:
            continue
        out.append(ReceiverRun(call, package + cls if cls.startswith(".") else cls, action))
    return out


@dataclass(frozen=True)
class StaticSelfStart:
    """One self-start entry point of the static profile (harness.apk.model.SelfStart's fields
    the rule needs; rules may not import apk)."""

    component: str
    process: str
    trigger: str  # boot | system_event | other_app
    actions: tuple[str, ...]


SELF_START_API = "AndroidManifest.xml receiver"  # what a static self_start finding names


def self_start_findings(
    entries: Iterable[StaticSelfStart], attributor: Attributor, at_iso: str
) -> list[Finding]:
    """One self_start finding per manifest entry point; the actor is the component's class as if
    it were the frame running (its SDK when the class lies in an SDK's package)."""
    out = []
    for e in entries:
        actor = attributor.attribute([f"{e.component}.onReceive(Unknown Source)"])
        out.append(
            Finding(
                rule=Rule.self_start,
                data=Category.app_start,
                api=f"{SELF_START_API} ({e.trigger})",
                actor=actor,
                process=e.process,
                count=1,
                first_at=at_iso,
                first_offset_s=0.0,
                phase="static",
                example=clip(f"{e.component}: {', '.join(e.actions)}", 500),
            )
        )
    return out
