"""The rule engine: place each call in its consent phase and turn rule hits into findings.

from harness.rules import evaluate
findings = evaluate(events, attributor=attributor, resumed_at_ts=report.resumed_at_ts,
                    frequency=config.frequency, consent_outcome=report.consent.outcome)
contacted = contacts(events, attributor=..., resumed_at_ts=..., consent_outcome=...)

A run streams its calls instead (nothing but aggregates held; the same findings):
rules = CallRules(attributor=..., markers=..., sends=..., frequency=..., consent_outcome=...)
for call in calls: rules.add(call)
findings = rules.findings(resumed_at_ts=..., replay=lambda: calls_again())
"""

from harness.rules.engine import CallRules, contacts, evaluate, iso_time
from harness.rules.phases import Phase, PhaseClock
from harness.rules.summary import ActorSummary, CategorySummary, by_actor, by_category

__all__ = [
    "ActorSummary",
    "CallRules",
    "CategorySummary",
    "Phase",
    "PhaseClock",
    "by_actor",
    "by_category",
    "contacts",
    "evaluate",
    "iso_time",
]
