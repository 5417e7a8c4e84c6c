"""Numbers one apply run has on order, so that its groups never order the same number.

Groups whose criteria overlap (`state: NC, city: RALEIGH` and `area_code: "919"`) search the
same pool at the same time and get the same numbers back. Without a run-wide record both would
order them, the API would give each number to one order only, and the other group would lose
them and need another round. A group claims the numbers it is about to order; other groups of
the run skip claimed numbers. Claims of numbers that were never ordered are dropped; claims of
ordered numbers stay for the run (completed numbers are the run's, failed ones were taken).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable, Sequence

SEARCH_TRIES = 3  # searches per round while other groups' claims crowd the answers


class Claims:
    """Thread-safe: number -> the group (address) that has it on order in this run."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._owner: dict[str, str] = {}
        self._in_flight: set[str] = set()

    def pin(self, address: str, numbers: Iterable[str]) -> None:
        """Claim a group's pinned numbers up front, so that no search group orders them."""
        with self._lock:
            for number in numbers:
                self._owner.setdefault(number, address)

    def take(self, address: str, candidates: Iterable[str], need: int) -> list[str]:
        """Claim up to `need` of the candidates no other group has claimed; return them."""
        taken: list[str] = []
        with self._lock:
            for number in candidates:
                if len(taken) >= need:
                    break
                if self._owner.get(number, address) != address or number in taken:
                    continue
                self._owner[number] = address
                self._in_flight.add(number)
                taken.append(number)
        return taken

    def release(self, address: str, numbers: Iterable[str]) -> None:
        """Drop the group's claims on numbers it did not order after all."""
        with self._lock:
            for number in numbers:
                if self._owner.get(number) == address:
                    del self._owner[number]
                self._in_flight.discard(number)

    def settled(self, numbers: Iterable[str]) -> None:
        """Record that the orders for these numbers are final (the claims stay)."""
        with self._lock:
            self._in_flight.difference_update(numbers)

    def on_order_elsewhere(self, address: str) -> int:
        """Return how many numbers other groups have on orders not yet final."""
        with self._lock:
            return sum(1 for n in self._in_flight if self._owner.get(n) != address)


def search_unclaimed(
    search: Callable[[int], Sequence[str]],
    claims: Claims,
    address: str,
    *,
    need: int,
    skip: Collection[str],
    quantity: int,
    limit: int,
) -> tuple[list[str], bool]:
    """Search, skip `skip` and other groups' claims, and claim up to `need` numbers found.

    `quantity` is the first search's size (the need plus room for what will be skipped); while
    the claims of other groups leave fewer than needed from a full answer, search again for
    twice as many, up to `limit` and SEARCH_TRIES searches. Return the claimed numbers and
    whether the pool is exhausted (an answer shorter than asked: there is no more to find).
    """
    claimed: list[str] = []
    exhausted = False
    for _ in range(SEARCH_TRIES):
        found = search(quantity)
        fresh = [n for n in found if n not in skip and n not in claimed]
        claimed += claims.take(address, fresh, need - len(claimed))
        exhausted = len(found) < quantity or quantity >= limit
        if len(claimed) >= need or exhausted:
            break
        quantity = min(limit, quantity * 2)
    return claimed, exhausted
