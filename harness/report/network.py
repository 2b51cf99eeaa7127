"""The report's "where the data went" section: per SDK, each data category -> host, encoding,
first time, with the read it came from; and the hosts contacted before consent.

Views only (report.json holds the findings); every string in them is the app's or derived
from it and reaches the page through jinja2 autoescaping, clipped by the template.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from harness.model import SendEvent, SentFinding
from harness.report.model import RunReport

MAX_ROWS = 400  # report.json has them all


@dataclass
class SentView:
    kind: str
    name: str
    vendor: str
    rows: list[SentFinding] = field(default_factory=list)


def sent_views(report: RunReport) -> list[SentView]:
    """One view per sending actor (the SDK), its findings in order of first send."""
    views: dict[tuple[str, str], SentView] = {}
    shown = 0
    for f in report.findings:
        if not isinstance(f, SentFinding) or shown >= MAX_ROWS:
            continue
        key = (f.actor.kind, f.actor.name)
        view = views.get(key)
        if view is None:
            view = views[key] = SentView(f.actor.kind, f.actor.name, f.actor.vendor)
        view.rows.append(f)
        shown += 1
    return list(views.values())


def send_row(send: SendEvent) -> str:
    """The timeline row of a send: its host (sends are drawn per destination)."""
    return "→ " + (send.host or send.ip or "(unknown)")
