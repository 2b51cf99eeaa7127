"""What each device tells the campaign, in Redis: one key per device, refreshed by a heartbeat.

`harness:device:<host>/<slot>` holds a `DeviceStatus` (JSON) and expires after `ttl` seconds:
a device whose worker died (kill -9, a host crash) disappears on its own. The coordinator reads
it to know the live devices' tags (routing), who runs what (the live display, `harness workers`)
and which running jobs have lost their worker. Its own `run_id` check notices a restarted Redis.
"""

from __future__ import annotations

import time
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from harness.errors import ConfigError

KEY_PREFIX = "harness:device:"
MAX_DEVICES = 10_000


class DeviceStatus(BaseModel):
    model_config = ConfigDict(extra="ignore")

    device: str  # host/slot, unique in the lab
    host: str
    node: str  # the Celery node name (slot@host), as Flower and `celery inspect` show it
    tags: list[str]
    state: str  # idle | opening | running | unhealthy | quarantined | stopping
    job_id: int | None = None
    app: str = ""
    store: str = ""
    since: float = 0.0
    detail: str = ""
    pid: int = 0
    apps_done: int = 0


class Registry:
    def __init__(self, broker: str) -> None:
        import redis

        try:
            self.client: Any = redis.Redis.from_url(
                broker, socket_timeout=5, socket_connect_timeout=5, health_check_interval=10
            )
        except ValueError as exc:
            raise ConfigError(f"--broker: {broker[:200]!r} is not a Redis URL: {exc}") from None
        self.broker = broker

    def check(self) -> None:
        """Fail with one line when the broker cannot be reached (at start, not mid-campaign)."""
        import redis

        try:
            self.client.ping()
        except redis.RedisError as exc:
            raise ConfigError(f"--broker {self._shown()}: cannot reach Redis: {exc}") from None

    def _shown(self) -> str:
        from kombu.utils.url import maybe_sanitize_url

        return str(maybe_sanitize_url(self.broker))

    def put(self, status: DeviceStatus, ttl: float) -> None:
        self.client.set(KEY_PREFIX + status.device, status.model_dump_json(), px=int(ttl * 1000))

    def get(self, device: str) -> DeviceStatus | None:
        raw = self.client.get(KEY_PREFIX + device)
        return _parse(raw)

    def remove(self, device: str) -> None:
        self.client.delete(KEY_PREFIX + device)

    def devices(self) -> list[DeviceStatus]:
        keys = []
        for key in self.client.scan_iter(match=KEY_PREFIX + "*", count=500):
            keys.append(key)
            if len(keys) >= MAX_DEVICES:
                break
        if not keys:
            return []
        found = [_parse(raw) for raw in self.client.mget(keys)]
        return sorted((s for s in found if s is not None), key=lambda s: s.device)

    def run_id(self) -> str:
        """Changes when Redis restarts (then queued messages may have been lost)."""
        return str(self.client.info("server").get("run_id", ""))

    def close(self) -> None:
        self.client.close()


def _parse(raw: bytes | None) -> DeviceStatus | None:
    if raw is None:
        return None
    try:
        return DeviceStatus.model_validate_json(raw)
    except ValidationError:
        return None  # not ours, or from another version: not a device of this campaign


def now() -> float:
    return time.time()
