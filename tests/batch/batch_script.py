"""A batch process for the kill -9 test: the real store/scheduler/resume, scripted job double.

usage: python batch_script.py RUNDIR [--resume]
"""

from __future__ import annotations

import sys
from pathlib import Path

from batch_doubles import FakeDevice, finding, scripted_job

from harness.batch.api import PoolSpec, create_batch, execute, open_batch
from harness.batch.settings import BatchSettings
from harness.batch.slots import DeviceSlot
from harness.model import Category, Rule

APPS = 8
FINDINGS = {
    f"com.app{i}": [finding(data=Category.device_id), finding(rule=Rule.background, count=i)]
    for i in range(0, APPS, 2)
}


def main() -> None:
    rundir = Path(sys.argv[1])
    if "--resume" in sys.argv:
        store, settings, _pool, _recovered = open_batch(rundir)
    else:
        lists = rundir.parent / "apps.txt"
        lists.write_text("\n".join(f"com.app{i}" for i in range(APPS)), encoding="utf-8")
        settings = BatchSettings(window=0, background_window=0, time_limit=10, stop_grace=1)
        store = create_batch(rundir, [str(lists)], settings, PoolSpec())
    devices = [FakeDevice("d1"), FakeDevice("d2")]
    slots = [DeviceSlot(d.name, lambda d=d: d, "test") for d in devices]
    outcome = execute(store, rundir, settings, slots, job_fn=scripted_job(FINDINGS, delay=0.4))
    store.close()
    sys.exit(0 if outcome.complete else 1)


if __name__ == "__main__":
    main()
