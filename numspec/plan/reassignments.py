"""Held numbers that now count for another group than the one numspec ordered them for.

Matching decides each plan afresh which group a held number counts for. When the inventory
changes (a new, more specific group; a quantity lowered), numbers ordered for one group may
count for another: the plan says so ("2 numbers now count for raleigh instead of triangle").
Which group ordered a number comes from the CustomerOrderId tags of the account's completed
orders (numspec.plan.tags). Only groups that share an eligible held number with another
group of their site can gain or lose one this way, so only their orders are read.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from numspec.bandwidth.api import NumbersApi
from numspec.bandwidth.states import BROUGHT_NUMBERS, names
from numspec.plan import tags

COMPLETED = names(BROUGHT_NUMBERS)
_WORKERS = 8


@dataclass(frozen=True)
class Reassigned:
    """Numbers that count for a group although numspec ordered them for `source`."""

    source: str  # the address of the group their orders were placed for
    numbers: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"from": self.source, "numbers": list(self.numbers)}


def read_ordered_for(
    api: NumbersApi, addresses: Collection[str], known: Mapping[str, frozenset[str]]
) -> dict[str, frozenset[str]]:
    """Return, per address, the numbers its completed orders brought (`known`: already read)."""
    wanted = [a for a in addresses if a not in known]
    out = {a: known[a] for a in addresses if a in known}
    if not wanted:
        return out
    by_tag = {tags.group_tag(a): a for a in wanted}
    orders = []
    for summary in api.list_orders(statuses=COMPLETED):
        parsed = tags.parse(summary.customer_order_id)
        if parsed and parsed.group in by_tag:
            orders.append((by_tag[parsed.group], summary.order_id))
    found: dict[str, set[str]] = {a: set() for a in wanted}
    with ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="numspec-read") as pool:
        for address, order in pool.map(lambda o: (o[0], api.get_order(o[1])), sorted(orders)):
            found[address].update(order.completed_numbers)
    out.update({a: frozenset(v) for a, v in found.items()})
    return out


def reassigned(
    counted: Mapping[str, Iterable[str]], ordered_for: Mapping[str, frozenset[str]]
) -> dict[str, tuple[Reassigned, ...]]:
    """Return, per group, the numbers it counts that other groups' orders brought."""
    out: dict[str, tuple[Reassigned, ...]] = {}
    for address, numbers in counted.items():
        mine = set(numbers) - ordered_for.get(address, frozenset())
        moved = [
            Reassigned(source, tuple(sorted(mine & brought)))
            for source, brought in sorted(ordered_for.items())
            if source != address and mine & brought
        ]
        if moved:
            out[address] = tuple(moved)
    return out


def swap_back(
    counted: Mapping[str, Iterable[str]],
    ordered_for: Mapping[str, frozenset[str]],
    fits: Callable[[str, str], bool],
) -> dict[str, tuple[str, ...]]:
    """Return the groups' numbers with crossed pairs given back to the group that ordered them.

    Matching picks which of two interchangeable numbers a group counts without knowing which
    group ordered them, so right after apply it can count A's new number for B and B's for A:
    the same holdings, described as two groups trading numbers. When a number A ordered counts
    for B while one B ordered counts for A, and each fits the group that ordered it
    (`fits(address, number)`), the two are swapped back; every count stays the same.
    """
    out = {a: set(numbers) for a, numbers in counted.items()}
    addresses = sorted(out)
    for i, a in enumerate(addresses):
        for b in addresses[i + 1 :]:
            a_in_b = sorted(n for n in out[b] & ordered_for.get(a, frozenset()) if fits(a, n))
            b_in_a = sorted(n for n in out[a] & ordered_for.get(b, frozenset()) if fits(b, n))
            for x, y in zip(a_in_b, b_in_a, strict=False):
                out[b].remove(x)
                out[a].add(x)
                out[a].remove(y)
                out[b].add(y)
    return {a: tuple(sorted(numbers)) for a, numbers in out.items()}
