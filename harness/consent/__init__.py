"""Consent dialog detection (pure, on uiautomator dumps), scenario files, and the device driver."""

from harness.consent.detector import Action, Detection, detect
from harness.consent.driver import ConsentDriver, ConsentResult, DialogState
from harness.consent.keywords import Keywords
from harness.consent.scenario import Scenario, Selector, load_scenario, scenario_schema
from harness.consent.uidump import DumpError, parse_dump

__all__ = [
    "Action",
    "ConsentDriver",
    "ConsentResult",
    "Detection",
    "DialogState",
    "DumpError",
    "Keywords",
    "Scenario",
    "Selector",
    "detect",
    "load_scenario",
    "parse_dump",
    "scenario_schema",
]
