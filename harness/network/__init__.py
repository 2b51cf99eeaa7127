"""Network evidence: personal values read during a run, found in the requests the app sent.

The controller's side of issue #11: the matcher (match, encodings, decode, tokens, floor,
excerpt), the ingest that feeds it during a run (ingest: reads' raw values, bodies, sends, late
reads) and a lab proxy's HAR capture as input (capture). The hooks are in hooks/src/nethooks.ts and
netnative.ts, the simulated device's sink in harness/device/sim/netsink.py.

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
