"""Flood limits: at most N events per key in a sliding window, counted in memory.

The counts live in the `newsletter serve` process (one process serves the endpoint); a
restart forgets them, which only ever lets a few more through. Memory stays bounded: keys
whose events are all older than the window are dropped once there are many keys.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

__all__ = ["SlidingWindow"]

_PRUNE_AT = 10_000


class SlidingWindow:
    """`allow(key)` is True for at most `limit` calls per key in any `seconds` long window."""

    def __init__(
        self, limit: int, seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit, self.seconds, self.clock = limit, seconds, clock
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Count one event for `key` if it is within the limit; False (not counted) if not."""
        now = self.clock()
        with self._lock:
            if len(self._events) >= _PRUNE_AT:
                self._prune(now)
            events = self._events.setdefault(key, deque())
            while events and events[0] <= now - self.seconds:
                events.popleft()
            if len(events) >= self.limit:
                return False
            events.append(now)
            return True

    def _prune(self, now: float) -> None:
        stale = [k for k, events in self._events.items() if events[-1] <= now - self.seconds]
        for key in stale:
            del self._events[key]
