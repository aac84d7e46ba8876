"""Placing course hours in the National, Local and Individual components.

The placement must leave the least total shortfall. Greedy orders fail: a
course filling Individual early may be the only one able to fill a
component with a distributive-education (DE) limit later. So the hours are
placed by a minimum-cost maximum flow over a small network:

    source ──> [total DE limit] ──> DE classes ──> [DE limit of C] ──┐
       └─────────────────────────> live classes ──────────────────> C ──[hours C]──> sink

Courses with the same marked component and the same delivery are
interchangeable, so the network has one node per such class (at most eight),
whatever the length of the transcript. The maximum flow is the most hours
that can count; among those placements the cost prefers the component the
user marked, so a choice is honoured wherever it costs nothing. Costs and
node order are fixed, so the result is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from .rules import COMPONENTS, DistributiveLimits

ZERO = Decimal(0)
MOVED = 10  # cost of placing hours outside the component the user marked

# Components each marked component may go to, in order of preference, with costs.
PLACES: dict[str | None, tuple[tuple[str, int], ...]] = {
    "national": (("national", 0), ("local", MOVED), ("individual", MOVED + 1)),
    "local": (("local", 0), ("individual", MOVED)),
    "individual": (("individual", 0), ("local", MOVED)),
    None: (("local", 1), ("individual", 2)),  # an elective with no component marked
}


@dataclass(frozen=True)
class CourseClass:
    marked: str | None
    distributive: bool


@dataclass
class Allocation:
    """Where the hours of each course went."""

    placed: dict[int, dict[str, Decimal]]  # course key -> component -> hours
    counted: dict[str, Decimal]
    distributive: dict[str, Decimal]

    @property
    def distributive_total(self) -> Decimal:
        return sum(self.distributive.values(), ZERO)


@dataclass
class _Edge:
    to: int
    capacity: Decimal | None  # None: unbounded
    cost: int
    flow: Decimal = ZERO
    reverse: _Edge | None = field(default=None, repr=False)

    def residual(self) -> Decimal | None:
        return None if self.capacity is None else self.capacity - self.flow


class _Network:
    def __init__(self) -> None:
        self.edges: list[list[_Edge]] = []

    def node(self) -> int:
        self.edges.append([])
        return len(self.edges) - 1

    def edge(self, a: int, b: int, capacity: Decimal | None, cost: int = 0) -> _Edge:
        forward, backward = _Edge(b, capacity, cost), _Edge(a, ZERO, -cost)
        forward.reverse, backward.reverse = backward, forward
        self.edges[a].append(forward)
        self.edges[b].append(backward)
        return forward

    def min_cost_max_flow(self, source: int, sink: int) -> None:
        """Successive shortest paths (Bellman-Ford, for the negative residual costs)."""
        while True:
            distance: list[int | None] = [None] * len(self.edges)
            via: list[_Edge | None] = [None] * len(self.edges)
            distance[source] = 0
            for _ in range(len(self.edges)):
                changed = False
                for node, out in enumerate(self.edges):
                    if distance[node] is None:
                        continue
                    for e in out:
                        room = e.residual()
                        if room is not None and room <= 0:
                            continue
                        candidate = distance[node] + e.cost
                        if distance[e.to] is None or candidate < distance[e.to]:
                            distance[e.to], via[e.to] = candidate, e
                            changed = True
                if not changed:
                    break
            if distance[sink] is None:
                return
            path, node = [], sink
            while node != source:
                e = via[node]
                path.append(e)
                node = e.reverse.to
            rooms = [r for r in (e.residual() for e in path) if r is not None]
            push = min(rooms)  # the sink edges are bounded, so every path is
            for e in path:
                e.flow += push
                e.reverse.flow -= push


def allocate(
    courses: Iterable[tuple[int, str | None, bool, Decimal]],
    required: Mapping[str, Decimal],
    limits: DistributiveLimits,
) -> Allocation:
    """Place valid courses, given as (key, marked component, distributive, hours), in file order."""
    courses = list(courses)
    classes: dict[CourseClass, list[tuple[int, Decimal]]] = {}
    for key, marked, distributive, hours in courses:
        classes.setdefault(CourseClass(marked, distributive), []).append((key, hours))

    net = _Network()
    source, sink, de_pool = net.node(), net.node(), net.node()
    component = {c: net.node() for c in COMPONENTS}
    de_gate = {c: net.node() for c in COMPONENTS}
    net.edge(source, de_pool, limits.total)
    for c in COMPONENTS:
        net.edge(component[c], sink, required[c])
        net.edge(de_gate[c], component[c], limits.per_component[c])
    placements: dict[CourseClass, list[tuple[str, _Edge]]] = {}
    for cls in sorted(classes, key=lambda k: (k.marked or "~", k.distributive)):
        node = net.node()
        total = sum((hours for _, hours in classes[cls]), ZERO)
        net.edge(de_pool if cls.distributive else source, node, total)
        placements[cls] = [
            (c, net.edge(node, (de_gate if cls.distributive else component)[c], None, cost))
            for c, cost in PLACES[cls.marked]
        ]
    net.min_cost_max_flow(source, sink)

    placed: dict[int, dict[str, Decimal]] = {}
    counted = dict.fromkeys(COMPONENTS, ZERO)
    distributive = dict.fromkeys(COMPONENTS, ZERO)
    for cls, members in classes.items():
        left = {c: e.flow for c, e in placements[cls]}
        for key, hours in members:  # file order: earlier rows count first
            shares = placed.setdefault(key, {})
            for c, _ in PLACES[cls.marked]:
                take = min(hours, left[c])
                if take > 0:
                    shares[c] = take
                    left[c] -= take
                    hours -= take
                    counted[c] += take
                    if cls.distributive:
                        distributive[c] += take
    return Allocation(placed, counted, distributive)
