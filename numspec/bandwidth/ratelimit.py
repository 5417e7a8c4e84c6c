"""A client-side token bucket, shared by every thread of one client.

Keeps numspec under the service's request rate instead of bouncing off it; a 429 also pauses
the whole bucket until the server's reset time, so other threads stop hammering too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class TokenBucket:
    """Allow `rate` requests per second on average, bursts of up to `burst`."""

    def __init__(
        self,
        rate: float,
        *,
        burst: float | None = None,
        clock: Callable[[], float],
        sleep: Callable[[float], None],
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.capacity = max(1.0, burst if burst is not None else rate)
        self._tokens = self.capacity
        self._clock = clock
        self._sleep = sleep
        self._updated = clock()
        self._paused_until = 0.0
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Take one token, sleeping as needed; return the seconds waited."""
        waited = 0.0
        while True:
            with self._lock:
                delay = self._take()
            if delay <= 0:
                return waited
            self._sleep(delay)
            waited += delay

    def pause_until(self, deadline: float) -> None:
        """Hold every caller until `deadline` (on the bucket's clock)."""
        with self._lock:
            self._paused_until = max(self._paused_until, deadline)

    def _take(self) -> float:
        now = self._clock()
        if now < self._paused_until:
            return self._paused_until - now
        self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
        self._updated = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return 0.0
        return (1.0 - self._tokens) / self.rate
