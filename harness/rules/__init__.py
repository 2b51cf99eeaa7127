"""The rule engine: place each call in its consent phase and turn rule hits into findings.

from harness.rules import evaluate
findings = evaluate(events, attributor=attributor, resumed_at_ts=report.resumed_at_ts,
                    frequency=config.frequency, consent_outcome=report.consent.outcome)
contacted = contacts(events, attributor=..., resumed_at_ts=..., consent_outcome=...)
"""

from harness.rules.engine import contacts, evaluate, iso_time
from harness.rules.phases import Phase, PhaseClock
from harness.rules.summary import ActorSummary, CategorySummary, by_actor, by_category

__all__ = [
    "ActorSummary",
    "CategorySummary",
    "Phase",
    "PhaseClock",
    "by_actor",
    "by_category",
    "contacts",
    "evaluate",
    "iso_time",
]
