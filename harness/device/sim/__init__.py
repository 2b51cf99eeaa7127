"""The simulated Android device: app Java sources on a JVM against stand-in framework classes."""

from harness.device.sim.build import build_framework
from harness.device.sim.device import SimDevice

__all__ = ["SimDevice", "build_framework"]
