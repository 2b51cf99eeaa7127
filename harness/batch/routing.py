"""Device-aware routing: which device may run which job, as sets of tags.

A device has tags (`sim`, `android=14`, `abi=arm64-v8a`, `vendor=google`, its kind and the
labels of devices.yaml); a job may require some (`harness batch --require abi=arm64-v8a`). A
device can run a job when the job's tags are a subset of the device's.

On the broker, a job goes to the queue named after its exact requirement set and each device
consumes the queue of every subset of its own tags: a device is therefore only ever handed jobs
it can run, by the broker itself, with no requeue loop. The number of queues per device is
2^tags, so a device may have at most MAX_TAGS tags.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from harness.device.inventory import DeviceEntry
from harness.errors import ConfigError

QUEUE_PREFIX = "harness"
MAX_TAGS = 8  # 256 queues per device at most
TAG = re.compile(r"^[A-Za-z0-9_.-]{1,40}(=[A-Za-z0-9_.-]{1,40})?$")
SIM_TAGS = frozenset({"sim", "android=10", "abi=x86_64"})  # what the simulated device is


def check_tag(tag: str, where: str) -> str:
    if not TAG.match(tag):
        raise ConfigError(
            f"{where}: {tag[:60]!r} is not a device tag (expected e.g. sim, abi=arm64-v8a, "
            "android=14, vendor=samsung: letters, digits, . _ -)"
        )
    return tag


def entry_tags(entry: DeviceEntry) -> frozenset[str]:
    """The tags of an inventory device."""
    tags: set[str] = {entry.kind}
    if entry.tags.android:
        tags.add(f"android={entry.tags.android}")
    if entry.tags.abi:
        tags.add(f"abi={entry.tags.abi}")
    if entry.tags.vendor:
        tags.add(f"vendor={entry.tags.vendor}")
    tags.update(entry.tags.labels)
    for tag in tags:
        check_tag(tag, f"devices.yaml: device {entry.key!r}")
    return frozenset(tags)


def can_run(requires: Iterable[str], tags: Iterable[str]) -> bool:
    return set(requires) <= set(tags)


def queue_for(requires: Iterable[str]) -> str:
    """The queue a job with these requirements is sent to."""
    wanted = sorted(set(requires))
    # '+' cannot occur in a tag, and Celery's --queues splits on ','
    return f"{QUEUE_PREFIX}[{'+'.join(wanted)}]" if wanted else QUEUE_PREFIX


def queues_of(tags: Iterable[str], device: str = "device") -> list[str]:
    """Every queue a device with these tags consumes: one per subset of its tags."""
    own = sorted(set(tags))
    if len(own) > MAX_TAGS:
        raise ConfigError(
            f"device {device!r} has {len(own)} tags; at most {MAX_TAGS} can be routed on "
            "(drop labels it does not need)"
        )
    return [
        queue_for(subset)
        for size in range(len(own) + 1)
        for subset in itertools.combinations(own, size)
    ]
