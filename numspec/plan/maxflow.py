"""A small maximum-flow solver (Dinic) for the matcher's class-level network.

The network the matcher builds has one node per class of interchangeable numbers and one per
group, so it stays small (hundreds to a few thousand nodes) even for a million numbers; a
hand-written Dinic is a few dozen lines, deterministic for a given edge order, and avoids a
dependency.
"""

from __future__ import annotations

from collections import deque


class FlowNetwork:
    """A directed graph with integer capacities; edges keep their insertion order."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._adj: list[list[int]] = [[] for _ in range(size)]
        self._to: list[int] = []
        self._cap: list[int] = []
        self._orig: list[int] = []

    def add_edge(self, u: int, v: int, capacity: int) -> int:
        """Add an edge u -> v and return its id, for reading its flow later."""
        eid = len(self._to)
        self._to += [v, u]
        self._cap += [capacity, 0]
        self._orig += [capacity, 0]
        self._adj[u].append(eid)
        self._adj[v].append(eid + 1)
        return eid

    def flow(self, eid: int) -> int:
        """Return the flow on the edge with this id."""
        return self._orig[eid] - self._cap[eid]

    def max_flow(self, source: int, sink: int) -> int:
        """Push as much flow as possible from source to sink; return the amount."""
        total = 0
        while True:
            level = self._levels(source, sink)
            if level[sink] < 0:
                return total
            cursor = [0] * self.size
            while True:
                pushed = self._augment(source, sink, level, cursor)
                if pushed == 0:
                    break
                total += pushed

    def _levels(self, source: int, sink: int) -> list[int]:
        level = [-1] * self.size
        level[source] = 0
        queue = deque([source])
        while queue:
            u = queue.popleft()
            for eid in self._adj[u]:
                v = self._to[eid]
                if self._cap[eid] > 0 and level[v] < 0:
                    level[v] = level[u] + 1
                    queue.append(v)
        return level

    def _augment(self, source: int, sink: int, level: list[int], cursor: list[int]) -> int:
        """Find one blocking path by iterative DFS and push its bottleneck."""
        path: list[int] = []  # edge ids from source
        u = source
        while True:
            if u == sink:
                pushed = min(self._cap[e] for e in path)
                for e in path:
                    self._cap[e] -= pushed
                    self._cap[e ^ 1] += pushed
                return pushed
            edges = self._adj[u]
            advanced = False
            while cursor[u] < len(edges):
                eid = edges[cursor[u]]
                v = self._to[eid]
                if self._cap[eid] > 0 and level[v] == level[u] + 1:
                    path.append(eid)
                    u = v
                    advanced = True
                    break
                cursor[u] += 1
            if advanced:
                continue
            if u == source:
                return 0
            level[u] = -1  # dead end: prune it for this phase
            eid = path.pop()
            u = self._to[eid ^ 1]
            cursor[u] += 1
