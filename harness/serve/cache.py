"""Answers that cost a scan of the whole store, kept and refreshed behind the requests.

At 100,000 apps the per-SDK inventory groups 300,000+ rows (seconds on a loaded machine) and the
overview counts every app's latest state; neither changes much within seconds. A `Refreshed`
value is computed once, then served as it is while a single background thread recomputes it
once it is older than its period (stale-while-revalidate): a request never waits for a scan
after the first, and an idle dashboard runs no queries. Every answer says when it was computed.
Before the first value exists (the server just started), `peek` waits a bounded time for it and
then gives up, so that a page can say "still counting" instead of holding the request.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Refreshed(Generic[T]):
    def __init__(
        self,
        compute: Callable[[], T],
        every_s: float,
        version: Callable[[], Hashable] | None = None,
    ) -> None:
        """`version`: a cheap read that changes whenever the store changes in a way that can
        change the value; a refresh that finds it as it was keeps the value (no recount of a
        store that finished its campaign, and no Python-heavy rebuild holding the GIL)."""
        self._compute = compute
        self._version = version
        self._seen: Hashable = None
        self.every_s = every_s
        self._value: T | None = None
        self._at = 0.0
        self._lock = threading.Lock()  # one computation at a time
        self._refreshing = False
        self._ready = threading.Event()  # the first value is there
        self._warming = False

    def get(self) -> T:
        value = self._value
        if value is None:
            with self._lock:
                if self._value is None:
                    self._recompute()
            assert self._value is not None
            return self._value
        if time.monotonic() - self._at > self.every_s and not self._refreshing:
            self._refreshing = True
            threading.Thread(target=self._refresh, name="serve-refresh", daemon=True).start()
        return value

    def peek(self, wait_s: float) -> T | None:
        """The value as `get` gives it, or None when the first computation (started now if it
        was not) has not ended within `wait_s`."""
        if self._value is None:
            if not self._warming:
                self.warm()
            self._ready.wait(wait_s)
            if self._value is None:
                return None
        return self.get()

    def warm(self) -> None:
        """Compute the first value in the background (the server starts at once)."""
        warm_in_order(self)

    def _first(self) -> None:
        try:
            self.get()
        except Exception:  # noqa: BLE001 - a later get() computes again and raises to its caller
            self._warming = False

    def _refresh(self) -> None:
        try:
            with self._lock:
                self._recompute(unless_unchanged=True)
        except Exception:  # noqa: BLE001 - keep the last value; the next request tries again
            pass
        finally:
            self._refreshing = False

    def _recompute(self, unless_unchanged: bool = False) -> None:
        # the version is read before the value: a change while it is computed is seen again
        seen = self._version() if self._version is not None else None
        if unless_unchanged and seen is not None and seen == self._seen:
            self._at = time.monotonic()
            return
        self._store(self._compute())
        self._seen = seen

    def _store(self, value: T) -> None:
        self._value = value
        self._at = time.monotonic()
        self._ready.set()


def warm_in_order(*kept: Refreshed[Any]) -> None:
    """The first values, computed one after the other on one background thread: the cheap
    ones first, and none of them slowed by the others on a machine with few cores."""
    for k in kept:
        k._warming = True  # noqa: SLF001 - this module's own state

    def run() -> None:
        for k in kept:
            k._first()  # noqa: SLF001

    threading.Thread(target=run, name="serve-warm", daemon=True).start()
