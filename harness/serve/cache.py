"""Answers that cost a scan of the whole store, kept and refreshed behind the requests.

At 100,000 apps the per-SDK inventory groups 300,000+ rows (seconds on a loaded machine) and the
overview counts every app's latest state; neither changes much within seconds. A `Refreshed`
value is computed once, then served as it is while a single background thread recomputes it
once it is older than its period (stale-while-revalidate): a request never waits for a scan
after the first, and an idle dashboard runs no queries. Every answer says when it was computed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Refreshed(Generic[T]):
    def __init__(self, compute: Callable[[], T], every_s: float) -> None:
        self._compute = compute
        self.every_s = every_s
        self._value: T | None = None
        self._at = 0.0
        self._lock = threading.Lock()  # one computation at a time
        self._refreshing = False

    def get(self) -> T:
        value = self._value
        if value is None:
            with self._lock:
                if self._value is None:
                    self._store(self._compute())
            assert self._value is not None
            return self._value
        if time.monotonic() - self._at > self.every_s and not self._refreshing:
            self._refreshing = True
            threading.Thread(target=self._refresh, name="serve-refresh", daemon=True).start()
        return value

    def warm(self) -> None:
        """Compute the first value in the background (the server starts at once)."""
        threading.Thread(target=self.get, name="serve-warm", daemon=True).start()

    def _refresh(self) -> None:
        try:
            with self._lock:
                self._store(self._compute())
        except Exception:  # noqa: BLE001 - keep the last value; the next request tries again
            pass
        finally:
            self._refreshing = False

    def _store(self, value: T) -> None:
        self._value = value
        self._at = time.monotonic()
