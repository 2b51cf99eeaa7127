"""Static analysis of an app: its APK (or split folder, bundle, simulated-app folder) profiled
without running it, and that profile set beside what a run observed."""

from harness.apk.inspect import inspect_target
from harness.apk.model import ApkError, EmbeddedSdk, StaticProfile

__all__ = ["ApkError", "EmbeddedSdk", "StaticProfile", "inspect_target"]
