"""How many groups of a run search and order at once, and which waiting group goes next."""

from __future__ import annotations

import contextlib
import heapq
import itertools
import threading
from collections.abc import Iterator


class Admission:
    """Admit at most `limit` groups at once; the waiting group of highest rank goes next.

    apply ranks a group by the numbers it still has to get (docs/rate-limits.md says why
    those go first); groups of equal rank go in the order they asked.
    """

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self._free = limit
        self._cond = threading.Condition()
        self._queue: list[tuple[float, int]] = []
        self._seq = itertools.count()

    @contextlib.contextmanager
    def slot(self, rank: float) -> Iterator[None]:
        """Wait for a place (ahead of waiting groups of lower rank), hold it for the block."""
        ticket = (-rank, next(self._seq))
        with self._cond:
            heapq.heappush(self._queue, ticket)
            while not (self._free > 0 and self._queue[0] == ticket):
                self._cond.wait()
            heapq.heappop(self._queue)
            self._free -= 1
            self._cond.notify_all()  # the next in line may have a place too
        try:
            yield
        finally:
            with self._cond:
                self._free += 1
                self._cond.notify_all()
