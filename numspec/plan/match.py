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

from numspec.plan.maxflow import FlowNetwork


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
    addresses: Sequence[str],
    eligible: Mapping[str, Iterable[int]],
    blocks: Sequence[Sequence[str]] | None = None,
) -> dict[tuple[int, ...], list[int]]:
    """Group number indices by the set of groups (as positions in `addresses`) they fit.

    Partition refinement with set operations: each group splits the parts it overlaps, so the
    cost is a few C-level set operations per group and part, not a loop over every number.
    `blocks` lists groups that may share numbers (e.g. the groups of one site); groups of
    different blocks never fit the same number, so parts are refined only within a block.
    """
    position = {a: i for i, a in enumerate(addresses)}
    covered = {a for block in blocks or () for a in block}
    chunks = [list(b) for b in blocks or ()] + [[a for a in addresses if a not in covered]]
    classes: dict[tuple[int, ...], list[int]] = {}
    for block in chunks:
        parts: list[tuple[frozenset[int], list[int]]] = []
        for address in sorted(block, key=position.__getitem__):
            fits = eligible.get(address, ())
            parts = _refine(
                parts, fits if isinstance(fits, frozenset) else frozenset(fits), position[address]
            )
        for members, gids in parts:
            classes.setdefault(tuple(gids), []).extend(members)
    return {key: sorted(members) for key, members in classes.items()}


def _refine(
    parts: list[tuple[frozenset[int], list[int]]], fits: frozenset[int], gid: int
) -> list[tuple[frozenset[int], list[int]]]:
    if not fits:
        return parts
    out: list[tuple[frozenset[int], list[int]]] = []
    touched: list[frozenset[int]] = []
    seen = 0
    for members, gids in parts:
        inside = members & fits if seen < len(fits) else frozenset()
        if not inside:
            out.append((members, gids))
            continue
        touched.append(members)
        seen += len(inside)
        if len(inside) == len(members):
            out.append((members, [*gids, gid]))
        else:
            out += [(members - inside, gids), (inside, [*gids, gid])]
    if seen < len(fits):
        out.append((fits.difference(*touched), [gid]))
    return out


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
    blocks: Sequence[Sequence[str]] | None = None,
) -> Matching:
    """Assign numbers 0..count-1 to groups, maximising the numbers assigned.

    `eligible` maps a group address to the indices of the numbers that fit it; `capacity` maps
    it to how many numbers it still wants (groups absent from it want none). Among maximum
    assignments, groups earlier in `preference` (then by address) are served first: list the
    most specific groups first, so a Raleigh number stays with the Raleigh group rather than
    the North Carolina one. `blocks` (optional) lists groups that may share numbers.
    """
    rank = {a: i for i, a in enumerate(preference)}
    addresses = sorted(set(eligible) | set(capacity), key=lambda a: (rank.get(a, len(rank)), a))
    classes = classes_of(addresses, eligible, blocks)
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
