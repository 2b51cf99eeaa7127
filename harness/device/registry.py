"""Open a device by name: `sim`, an inventory entry (name or serial), or any connected adb serial.

Everything device-specific is imported lazily, so opening `sim` never touches adb and listing
adb devices never builds the simulated framework.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from harness.device.base import Device
from harness.device.inventory import load_inventory, resolve_inventory_path
from harness.device.status import Check, DeviceStatus
from harness.errors import DeviceError

SIM_NAME = "sim"


def open_device(name: str, inventory_path: Path | None = None) -> Device:
    """The device called `name`, connected and ready for `harness run`.

    For adb devices this checks the device is online, obtains root, and makes sure a
    frida-server of the host's Frida version runs (pushing it from the inventory's binaries).
    Raises ConfigError (bad inventory / unknown name) or DeviceError.
    """
    if name == SIM_NAME:
        # Each run its own device: two runs on `sim` at once must not share processes or data.
        from harness.device.sim.instances import open_instance

        return open_instance()
    inventory = load_inventory(resolve_inventory_path(inventory_path))
    from harness.device.adb import AdbDevice

    return AdbDevice.open(name, inventory)


def list_devices(inventory_path: Path | None = None) -> list[DeviceStatus]:
    """sim, every inventory entry, and every connected device not in the inventory."""
    import frida

    from harness.device.adb.status import adb_statuses

    inventory = load_inventory(resolve_inventory_path(inventory_path))
    statuses = [_sim_status(frida.__version__)]
    statuses.extend(adb_statuses(inventory))
    return statuses


def _sim_status(host_version: str) -> DeviceStatus:
    problems: list[str] = []
    try:
        from harness.device.sim.jdk import find_jdk

        find_jdk()
        state = "ready"
    except ImportError:
        state, problems = "unavailable", ["the simulated device is not part of this build"]
    except DeviceError as exc:  # find_jdk explains what is missing; keep listing the rest
        state, problems = "unavailable", [str(exc)]
    return DeviceStatus(
        name=SIM_NAME,
        kind="sim",
        configured=True,
        state=state,
        frida_server="n/a",
        host_frida_version=host_version,
        problems=problems,
    )


def diagnose(
    name: str, inventory_path: Path | None = None, *, start_server: bool = False
) -> list[Check]:
    """Everything a run on `name` needs, checked; `start_server` also starts frida-server."""
    if name == SIM_NAME:
        return sim_checks()
    from harness.device.adb.status import adb_checks

    inventory = load_inventory(resolve_inventory_path(inventory_path))
    return adb_checks(name, inventory, start_server=start_server)


def sim_checks() -> list[Check]:
    import frida

    checks = []
    major = frida.__version__.split(".")[0]
    checks.append(
        Check("frida (python)", "ok", frida.__version__)
        if major == "17"
        else Check(
            "frida (python)",
            "fail",
            f"{frida.__version__}: the agent needs Frida 17",
            "pip install 'frida>=17.2,<18'",
        )
    )
    try:
        from harness.device.sim.jdk import find_jdk

        jdk = find_jdk()
        home = Path(str(getattr(jdk, "home", jdk)))
        checks.append(Check("jdk", "ok", str(home)))
        javac = getattr(jdk, "javac", None) or home / "bin" / "javac"
        checks.append(
            Check("javac", "ok", str(javac))
            if Path(str(javac)).is_file()
            else Check(
                "javac",
                "fail",
                f"{javac} is missing (a JRE, not a JDK?)",
                "install a full JDK 17 (apt-get install openjdk-17-jdk-headless)",
            )
        )
    except ImportError:
        checks.append(Check("jdk", "fail", "the simulated device is not part of this build"))
    except DeviceError as exc:  # find_jdk's message says which JDKs it saw and why none fits
        checks.append(
            Check(
                "jdk",
                "fail",
                str(exc),
                "install JDK 17 (frida-java-bridge on HotSpot needs JDK <= 19) "
                "and/or set JAVA_HOME to it",
            )
        )
    checks.append(_sim_runtime_check())
    checks.append(_agent_build_check())
    return checks


def _sim_runtime_check() -> Check:
    """Which Java runtime app processes start on: the jlink image, or the JDK (slower to
    attach to, runtime.py says why) with the reason."""
    try:
        from harness.device.sim.runtime import RUNTIME_ENV, built_runtime, jdk_chosen

        runtime = built_runtime()
    except ImportError:
        return Check("sim runtime", "fail", "the simulated device is not part of this build")
    except DeviceError as exc:
        return Check("sim runtime", "fail", str(exc))
    if runtime.image is not None:
        return Check("sim runtime", "ok", str(runtime.image))
    fix = "harness setup (builds the image, or tries again)"
    if jdk_chosen():
        fix = f"unset {RUNTIME_ENV}"
    return Check(
        "sim runtime",
        "warn",
        f"app processes run on the JDK: {runtime.note}",
        fix + "; every attach costs about 0.3 s more on the JDK",
    )


def _agent_build_check() -> Check:
    from harness.paths import PACKAGE_DIR

    prebuilt = PACKAGE_DIR / "agent" / "_bundle"
    if prebuilt.is_dir() and any(prebuilt.glob("*.js")):
        return Check("agent", "ok", f"prebuilt agent in {prebuilt}")
    node, npm = shutil.which("node"), shutil.which("npm")
    if node and npm:
        return Check("agent", "ok", f"buildable with {node} and {npm}")
    return Check(
        "agent",
        "fail",
        "no prebuilt agent and no Node.js/npm to build it",
        "install Node.js 18+ with npm, or a wheel that ships the built agent",
    )
