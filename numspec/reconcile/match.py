"""Assign held numbers to groups: a maximum b-matching computed on classes of numbers.

Numbers eligible for exactly the same set of groups are interchangeable, so the flow network
has one node per such class instead of one per number: source -> class (capacity: its size)
-> each group it is eligible for -> sink (capacity: what the group still wants). A maximum flow
is a maximum b-matching; within a class the lowest numbers are kept, in preference order of
the groups, and the highest become surplus. Everything is deterministic for the same input.

Pure: no I/O. Numbers are referred to by their index in the caller's sorted list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from numspec.reconcile.flow import FlowNetwork


@dataclass(frozen=True)
class Matching:
    """The outcome: per group the numbers it keeps and the surplus that fits only full groups."""

    assigned: Mapping[str, tuple[int, ...]]
    surplus: Mapping[str, tuple[int, ...]]
    unclaimed: tuple[int, ...]  # indices eligible for no group

    @property
    def total_assigned(self) -> int:
        return sum(len(v) for v in self.assigned.values())


def classes_of(
    addresses: list[str], eligible: Mapping[str, Iterable[int]]
) -> dict[tuple[int, ...], list[int]]:
    """Group number indices by the set of groups (as sorted group positions) they fit."""
    membership: dict[int, list[int]] = {}
    for gid, address in enumerate(addresses):
        for index in eligible.get(address, ()):
            slot = membership.get(index)
            if slot is None:
                membership[index] = [gid]
            elif slot[-1] != gid:
                slot.append(gid)
    classes: dict[tuple[int, ...], list[int]] = {}
    for index in sorted(membership):
        key = tuple(membership[index])
        members = classes.get(key)
        if members is None:
            classes[key] = [index]
        else:
            members.append(index)
    return classes


def _solve(
    keys: list[tuple[int, ...]],
    sizes: list[int],
    capacities: list[int],
) -> list[dict[int, int]]:
    """Return, per class, how many of its numbers go to each group position."""
    n_classes, n_groups = len(keys), len(capacities)
    source, sink = 0, n_classes + n_groups + 1
    net = FlowNetwork(n_classes + n_groups + 2)
    for gid, cap in enumerate(capacities):
        net.add_edge(1 + n_classes + gid, sink, cap)
    edges: list[list[tuple[int, int]]] = []
    for cid, key in enumerate(keys):
        net.add_edge(source, 1 + cid, sizes[cid])
        edges.append([(gid, net.add_edge(1 + cid, 1 + n_classes + gid, sizes[cid])) for gid in key])
    net.max_flow(source, sink)
    return [{gid: net.flow(eid) for gid, eid in row if net.flow(eid)} for row in edges]


def match(
    count: int,
    eligible: Mapping[str, Iterable[int]],
    capacity: Mapping[str, int],
    *,
    preference: Sequence[str] = (),
) -> Matching:
    """Assign numbers 0..count-1 to groups, maximising the numbers assigned.

    `eligible` maps a group address to the indices of the numbers that fit it; `capacity` maps
    it to how many numbers it still wants (groups absent from it want none). Among maximum
    assignments, groups earlier in `preference` (then by address) are served first: list the
    most specific groups first, so a Raleigh number stays with the Raleigh group rather than
    the North Carolina one.
    """
    rank = {a: i for i, a in enumerate(preference)}
    addresses = sorted(set(eligible) | set(capacity), key=lambda a: (rank.get(a, len(rank)), a))
    classes = classes_of(addresses, eligible)
    keys = sorted(classes)
    flows = _solve(
        keys, [len(classes[k]) for k in keys], [max(0, capacity.get(a, 0)) for a in addresses]
    )
    assigned: dict[str, list[int]] = {a: [] for a in addresses}
    surplus: dict[str, list[int]] = {a: [] for a in addresses}
    claimed = 0
    for key, flow in zip(keys, flows, strict=True):
        members = classes[key]
        claimed += len(members)
        start = 0
        for gid in key:
            take = flow.get(gid, 0)
            assigned[addresses[gid]].extend(members[start : start + take])
            start += take
        # Every group of this class is full (else the flow would have used these numbers).
        surplus[addresses[key[0]]].extend(members[start:])
    unclaimed = _unclaimed(count, classes) if claimed < count else ()
    return Matching(
        assigned={a: tuple(sorted(v)) for a, v in assigned.items()},
        surplus={a: tuple(sorted(v)) for a, v in surplus.items()},
        unclaimed=unclaimed,
    )


def _unclaimed(count: int, classes: Mapping[tuple[int, ...], list[int]]) -> tuple[int, ...]:
    seen = bytearray(count)
    for members in classes.values():
        for index in members:
            seen[index] = 1
    return tuple(i for i in range(count) if not seen[i])
