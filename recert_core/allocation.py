"""Placing course hours in the National, Local and Individual components, and in the national topics.

What the placement must achieve, in this order (each later aim only among the answers that are
best for the earlier ones; the order is the recertification issue's, deterministic):

1. the least total shortfall, within the cycle's distributive-education (DE) limits, where National's
   shortfall is never less than what its minimums still lack: National holds the hours of its
   topics up to each topic's minimum, and beyond them only as many hours as the topic minimums
   leave free (none, when they add up to the National hours, as in every cycle so far); likewise
   for the pediatric share, once the file says of every national course whether it is pediatric.
   So 10 h of cardiology against 8.5 h needed and 2 h of airway against 3.5 h is National short
   1.5 h (of airway), and the 1.5 h surplus of cardiology counts toward Individual where it is
   short: adding one 1.5 h airway course is exactly what is missing;
2. the national minimums first (each topic's hours, and the pediatric hours): a course is never left
   unused while its topic is short;
3. the remaining shortfall left where the easiest courses fill it: a component that takes no DE
   is filled before one that takes some, which is filled before one that takes any (so "Individual
   short 1 h", fillable online, beats "Local short 1 h", which needs a classroom);
4. the component the user marked, wherever it costs nothing;
5. distributive hours kept out of components that limit them, where live hours can take their
   place (the headroom is then left for a course still to be taken).

Greedy orders fail (a course filling Individual early may be the only one able to fill a
component with a DE limit later), and a network flow cannot keep a course's topic through the
National DE limit that all topics share. So the placement is a small linear programme, solved
exactly (fractions, no rounding) by a lexicographic simplex: one objective per aim above, each
later one optimised only over columns that leave the earlier ones unchanged.

Courses with the same marked component, delivery, topic and pediatric mark are interchangeable, so
the programme has one variable per such class and component (a few dozen at most), whatever the
length of the transcript; each class's hours are then shared out to its rows in file order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from math import lcm
from typing import Any

from .rules import COMPONENTS, DistributiveLimits

ZERO = Fraction(0)
MOVED = 10  # aim 4: the cost of placing hours outside the component the user marked

# Components each marked component may go to, in order of preference, with the cost of aim 4.
PLACES: dict[str | None, tuple[tuple[str, int], ...]] = {
    "national": (("national", 0), ("local", MOVED), ("individual", MOVED + 1)),
    "local": (("local", 0), ("individual", MOVED)),
    "individual": (("individual", 0), ("local", MOVED)),
    None: (("local", 1), ("individual", 2)),  # an elective, or no component marked
}


@dataclass(frozen=True, slots=True)
class CourseClass:
    marked: str | None
    distributive: bool
    topic: str | None  # a national topic, kept only for courses that may count toward National
    pediatric: bool = False  # a pediatric course that may count toward National, when pediatric hours are judged


@dataclass(frozen=True)
class PediatricHours:
    """The pediatric hours National must hold. `checked`: the file says of every national course whether it
    is pediatric, so National holds other hours only up to the rest of its hours; otherwise the pediatric
    courses the file names go to National first, and what they leave short cannot be judged."""

    hours: Fraction
    checked: bool


@dataclass
class Allocation:
    """Where the hours of each course went."""

    placed: dict[int, dict[str, Fraction]]  # course key -> component -> hours
    counted: dict[str, Fraction]
    distributive: dict[str, Fraction]
    topics: dict[str, Fraction]  # national topic -> hours counted toward National
    pediatric: Fraction = ZERO  # hours of pediatric courses counted toward National

    @property
    def distributive_total(self) -> Fraction:
        return sum(self.distributive.values(), ZERO)


def difficulty(component: str, limits: DistributiveLimits) -> int:
    """Aim 3: how hard the component is to fill (0 easiest). National takes only national courses, so
    it is the hardest; then a component that takes no online (distributive) hours, then one that
    takes some."""
    if component == "national":
        return 3
    cap = limits.per_component[component]
    if cap is not None and cap == 0:
        return 2
    return 1 if cap is not None else 0


Column = tuple[CourseClass, str, int]  # a class, a component it may go to, the cost of aim 4
Course = tuple[Any, ...]  # (key, marked component, distributive, topic, hours[, pediatric])


def allocate(
    courses: Iterable[Course],
    required: Mapping[str, Fraction],
    limits: DistributiveLimits,
    topics: Mapping[str, Fraction] | None = None,
    pediatric: PediatricHours | None = None,
) -> Allocation:
    """Place usable courses, given as (key, marked component, distributive, topic, hours[, pediatric]), in
    file order.

    `topics` is the national topic hours to meet first (aim 2), or None when they are not judged;
    `pediatric` the pediatric hours National must hold, or None when they are not judged.
    """
    topic_hours = dict(topics or {})
    grouped: dict[tuple[str | None, bool, str | None, bool], list[tuple[int, Fraction]]] = {}
    for key, marked, distributive, topic, hours, *mark in courses:
        kept_topic = topic if marked == "national" and topic in topic_hours else None
        kept_pediatric = bool(mark and mark[0]) and marked == "national" and pediatric is not None
        members = grouped.get((marked, distributive, kept_topic, kept_pediatric))
        if members is None:  # a class is made once, not once a course
            members = grouped[(marked, distributive, kept_topic, kept_pediatric)] = []
        members.append((key, hours))
    classes = {CourseClass(*fields): members for fields, members in grouped.items()}
    order = _order(classes)
    columns = [(cls, c, cost) for cls in order for c, cost in PLACES[cls.marked]]
    flows = _solved(
        tuple((cls, _total(members)) for cls, members in classes.items()),
        tuple(required[c] for c in COMPONENTS),
        (tuple(limits.per_component[c] for c in COMPONENTS), limits.total),
        tuple(topic_hours.items()),
        pediatric,
    )
    allocation = Allocation(
        {}, dict.fromkeys(COMPONENTS, ZERO), dict.fromkeys(COMPONENTS, ZERO), dict.fromkeys(topic_hours, ZERO)
    )
    for cls in order:
        left = {to: flows[j] for j, (k, to, _) in enumerate(columns) if k is cls}  # the same objects
        _share_out(allocation, cls, classes[cls], left)
    return allocation


@lru_cache(maxsize=2048)
def _solved(
    totals: tuple[tuple[CourseClass, Fraction], ...],  # each class's hours, in order of first appearance
    required_hours: tuple[Fraction, ...],
    caps: tuple[tuple[Fraction | None, ...], Fraction | None],
    topic_hours: tuple[tuple[str, Fraction], ...],
    pediatric: PediatricHours | None,
) -> tuple[Fraction, ...]:
    """The programme's answer, one value per column, for classes with these total hours under these
    requirements and limits. The answer depends on nothing else, so it is kept for the next person
    whose classes add up the same (a roster: many people share them); equal hours give equal
    fractions, so a kept answer is the very answer the programme would give again."""
    classes = {cls: [(0, total)] for cls, total in totals}  # in the order the rows gave them, as allocate's
    order = _order(classes)
    required = dict(zip(COMPONENTS, required_hours, strict=True))
    limits = DistributiveLimits(dict(zip(COMPONENTS, caps[0], strict=True)), caps[1])
    topic_map = dict(topic_hours)
    columns = [(cls, c, cost) for cls in order for c, cost in PLACES[cls.marked]]
    program = _program(columns, classes, required, limits, topic_map, pediatric)
    hardness = {c: difficulty(c, limits) for c in COMPONENTS}
    minimums = range(len(columns), program.width)  # the topics' hours met, then the pediatric hours met
    return tuple(
        program.maximise(
            [
                {j: 1 for j in range(len(columns))},  # 1: hours counted
                dict.fromkeys(minimums, 1),  # 2: national minimums met
                {j: hardness[to] for j, (_, to, _) in enumerate(columns) if hardness[to]},  # 3: hardest filled first
                {j: -cost for j, (_, _, cost) in enumerate(columns) if cost},  # 4: the user's marks
                {
                    j: -1
                    for j, (k, to, _) in enumerate(columns)  # 5: distributive headroom kept
                    if k.distributive and limits.per_component[to] is not None
                },
            ]
        )[: len(columns)]
    )


def _order(classes: Iterable[CourseClass]) -> list[CourseClass]:
    return sorted(classes, key=lambda k: (k.marked or "~", k.distributive, k.topic or "~", k.pediatric))


def _program(
    columns: list[Column],
    classes: Mapping[CourseClass, list[tuple[int, Fraction]]],
    required: Mapping[str, Fraction],
    limits: DistributiveLimits,
    topics: Mapping[str, Fraction],
    pediatric: PediatricHours | None = None,
) -> _Program:
    """The constraints: each class's hours, each component's hours, the distributive limits, the national
    minimums (topics, pediatric). A minimum's variable is the hours of it met: at most its hours, and at
    most the National hours of its courses; National holds beyond the minimums met only the hours they
    leave free."""
    national = [j for j, (_, to, _) in enumerate(columns) if to == "national"]
    # Each minimum: its hours, and the National columns of the courses that count toward it.
    minimums = [(hours, [j for j in national if columns[j][0].topic == topic]) for topic, hours in topics.items()]
    if pediatric is not None:
        minimums.append((pediatric.hours, [j for j in national if columns[j][0].pediatric]))
    program = _Program(len(columns) + len(minimums))
    for cls, members in classes.items():
        total = sum((h for _, h in members), ZERO)
        program.at_most({j: 1 for j, (k, _, _) in enumerate(columns) if k is cls}, total)
    for c in COMPONENTS:
        into = [j for j, (_, to, _) in enumerate(columns) if to == c]
        program.at_most(dict.fromkeys(into, 1), required[c])
        cap = limits.per_component[c]
        if cap is not None:
            program.at_most({j: 1 for j in into if columns[j][0].distributive}, cap)
    if limits.total is not None:
        program.at_most({j: 1 for j, (k, _, _) in enumerate(columns) if k.distributive}, limits.total)
    for i, (hours, into) in enumerate(minimums):
        met = len(columns) + i
        program.at_most({met: 1}, hours)
        program.at_most({met: 1} | dict.fromkeys(into, -1), ZERO)
    if topics:  # National beyond the topic hours met: only what the topic minimums leave free
        met_topics = range(len(columns), len(columns) + len(topics))
        free = required["national"] - sum(topics.values(), ZERO)
        program.at_most(dict.fromkeys(national, 1) | dict.fromkeys(met_topics, -1), max(free, ZERO))
    if pediatric is not None and pediatric.checked:  # and beyond the pediatric hours met, the rest of National
        free = required["national"] - pediatric.hours
        program.at_most(dict.fromkeys(national, 1) | {program.width - 1: -1}, max(free, ZERO))
    return program


def _total(members: list[tuple[int, Fraction]]) -> Fraction:
    """A class's hours, exactly: summed in integers of their common denominator (see `_share_out`)."""
    scale = lcm(*{hours.denominator for _, hours in members})
    return Fraction(sum(hours.numerator * (scale // hours.denominator) for _, hours in members), scale)


def _share_out(
    allocation: Allocation, cls: CourseClass, members: list[tuple[int, Fraction]], left: Mapping[str, Fraction]
) -> None:
    """Give each course of a class, in file order (earlier rows count first), what is left of the class's
    hours, component by component in its order of preference.

    Counted in whole units of one common denominator (integers add and compare many times faster than
    Fractions, which a long transcript felt): exact, so every share is the Fraction it would be. A share
    that is all of a course's hours is that course's own value; the sums are made Fractions once a class."""
    places = [c for c, _ in PLACES[cls.marked]]
    scale = lcm(*{hours.denominator for _, hours in members}, *(left[c].denominator for c in places))
    room = [left[c].numerator * (scale // left[c].denominator) for c in places]
    given = [0] * len(places)
    placed = allocation.placed
    for key, hours in members:
        shares = placed.setdefault(key, {})
        need = whole = hours.numerator * (scale // hours.denominator)
        for i, c in enumerate(places):
            take = need if need <= room[i] else room[i]
            if take <= 0:
                continue
            shares[c] = hours if take == whole else Fraction(take, scale)
            room[i] -= take
            need -= take
            given[i] += take
    for c, units in zip(places, given, strict=True):
        if not units:
            continue
        hours_given = Fraction(units, scale)
        allocation.counted[c] += hours_given
        if cls.distributive:
            allocation.distributive[c] += hours_given
        if c == "national" and cls.topic:
            allocation.topics[cls.topic] += hours_given
        if c == "national" and cls.pediatric:
            allocation.pediatric += hours_given


class _Program:
    """Maximise objectives in turn subject to rows `sum(a_j x_j) <= b` (b >= 0) and x >= 0.

    A dense simplex tableau in exact fractions, started from the slack basis (feasible, as every
    b is at least 0), with Bland's rule so that it never cycles. The bounds are scaled by their
    common denominator first, so the tableau holds integers (a tenth of the time of Fractions) as long
    as every pivot is 1, as it is for this programme's network-like rows; a pivot that is not 1 turns
    its row into Fractions. Scaling every b alike changes no choice of pivot, so the answer, scaled
    back, is exactly the one fractions throughout would give.
    """

    def __init__(self, width: int) -> None:
        self.width = width
        self.rows: list[list[int]] = []
        self.rhs: list[Fraction] = []

    def at_most(self, coefficients: Mapping[int, int], bound: Fraction) -> None:
        row = [0] * self.width
        for j, a in coefficients.items():
            row[j] = a
        self.rows.append(row)
        self.rhs.append(Fraction(bound))

    def maximise(self, objectives: list[Mapping[int, int]]) -> list[Fraction]:
        m, n = len(self.rows), self.width
        size = n + m  # structural columns, then one slack per row
        table: list[list[Any]] = [row + [int(i == r) for i in range(m)] for r, row in enumerate(self.rows)]
        scale = lcm(*(b.denominator for b in self.rhs))
        rhs: list[Any] = [b.numerator * (scale // b.denominator) for b in self.rhs]
        basis = list(range(n, size))
        # Reduced profits: improving a stage's objective means entering a column with profit > 0.
        profits: list[list[Any]] = [[objective.get(j, 0) for j in range(size)] for objective in objectives]
        for stage, profit in enumerate(profits):
            while True:
                entering = next(
                    (j for j in range(size) if profit[j] > 0 and all(p[j] == 0 for p in profits[:stage])), None
                )
                if entering is None:
                    break
                leaving, best = None, None
                for r in range(m):
                    a = table[r][entering]
                    if a > 0:
                        ratio = rhs[r] if a == 1 else Fraction(rhs[r]) / a
                        if (
                            leaving is None
                            or best is None
                            or ratio < best
                            or (ratio == best and basis[r] < basis[leaving])
                        ):
                            leaving, best = r, ratio
                if leaving is None:  # unbounded: impossible, every column is bounded by a row
                    raise ArithmeticError("allocation: unbounded programme")
                self._pivot(table, rhs, profits, leaving, entering)
                basis[leaving] = entering
        values = [Fraction(0)] * size
        for r, j in enumerate(basis):
            values[j] = Fraction(rhs[r]) / scale
        return values[:n]

    @staticmethod
    def _pivot(table: list[list[Any]], rhs: list[Any], profits: list[list[Any]], r: int, j: int) -> None:
        pivot_row = table[r]
        a = pivot_row[j]
        if a != 1:
            pivot_row[:] = [Fraction(x) / a for x in pivot_row]
            rhs[r] = Fraction(rhs[r]) / a
        nonzero = [k for k, x in enumerate(pivot_row) if x]
        for other, row in enumerate(table):
            factor = row[j]
            if other != r and factor:
                for k in nonzero:
                    row[k] -= factor * pivot_row[k]
                rhs[other] -= factor * rhs[r]
        for profit in profits:
            factor = profit[j]
            if factor:
                for k in nonzero:
                    profit[k] -= factor * pivot_row[k]
