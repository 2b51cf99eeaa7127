"""Emulators and phones over adb (adbutils) with a frida-server on the device."""

from harness.device.adb.device import AdbDevice

__all__ = ["AdbDevice"]
