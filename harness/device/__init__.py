"""Devices the harness drives: the simulated device (default) and adb-backed emulators/phones."""

from harness.device.base import Device, DeviceInfo, InstalledApp, Key, ProcessInfo, SpawnHandler

__all__ = ["Device", "DeviceInfo", "InstalledApp", "Key", "ProcessInfo", "SpawnHandler"]
