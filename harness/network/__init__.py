"""Network evidence: personal values read during a run, found in the requests the app sent.

The first piece of issue #11's network evidence: the matcher. Hooks for outbound traffic, the
simulated device's sink, the `sent_*` rules and the reports are still to come.

from harness.network import ValueMatcher, ReadValue, OutboundRequest
matcher = ValueMatcher([ReadValue(seq=12, pid=4242, data=Category.device_id, value=imei)])
result = matcher.match(OutboundRequest(url=url, headers=headers, body=body))
"""

from harness.network.floor import matchable
from harness.network.match import ValueMatcher
from harness.network.model import Match, MatchResult, OutboundRequest, ReadRef, ReadValue

__all__ = [
    "Match",
    "MatchResult",
    "OutboundRequest",
    "ReadRef",
    "ReadValue",
    "ValueMatcher",
    "matchable",
]
