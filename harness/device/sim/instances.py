"""Per-run simulated devices: `--device sim` in two terminals gives two devices that share nothing.

Each run gets its own home under `<sim home>/instances/<pid>-<random>` (installed apps, data,
process registry, logs), leased for the run's lifetime and deleted by `close()`. A bare package
name is looked up among the apps of the default device (`harness sim install`), which the run
copies. An instance whose controller died (kill -9) is no longer leased: the next run stops what
it left running and deletes it.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

import psutil

from harness.device.sim.device import SimDevice
from harness.device.sim.lease import DeviceLease
from harness.device.sim.procs import app_pids, kill_and_wait
from harness.paths import sim_home

INSTANCES = "instances"


def open_instance(base: Path | None = None) -> SimDevice:
    """A fresh simulated device for one run, beside the device whose home is `base`."""
    root = (base if base is not None else sim_home()).resolve()
    folder = root / INSTANCES
    folder.mkdir(parents=True, exist_ok=True)
    remove_abandoned(folder)
    home = folder / f"{os.getpid()}-{secrets.token_hex(4)}"
    return SimDevice(home, apps_from=root, ephemeral=True)


def remove_abandoned(folder: Path) -> list[Path]:
    """Delete the instances nobody leases any more (their processes first); returns them."""
    removed = []
    for home in sorted(p for p in folder.iterdir() if p.is_dir()):
        creator = home.name.split("-", 1)[0]
        if creator.isdigit() and psutil.pid_exists(int(creator)):
            continue  # its run is alive, maybe still creating it (not leased yet)
        lease = DeviceLease(home)
        if not lease.try_acquire():
            continue  # a live run owns it
        try:
            left = kill_and_wait(app_pids(home))
        finally:
            lease.release()
        if not left:
            shutil.rmtree(home, ignore_errors=True)
            removed.append(home)
    return removed
