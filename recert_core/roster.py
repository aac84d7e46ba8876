"""Rosters: a file listing several people's courses, checked person by person.

A training officer's file (a person column: Name, Employee, Last Name + First Name, NREMT ID,
License #) is judged one person at a time with `check.judge`, so a duplicate is a duplicate only
within one person's courses, and memory holds one person's report at a time. Each person is judged
at their own level and cycle when the file says them (a level column, a card expiry column), so a
paramedic is never judged on EMT hours; otherwise at the level and cycle asked for. The summary is
one line per person: their level and cycle, met or not, the hours short per component and per
national topic, and the hours waiting for an approval number.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from .allocation import ZERO
from .check import judge
from .problems import Problem
from .report import PEDIATRIC, PediatricResult, Report, hours_text, number
from .rules import COMPONENTS, Cycle
from .spreadsheet import csv_line
from .transcript import Transcript


@dataclass(frozen=True)
class PersonResult:
    """One line of a roster's summary."""

    person: str
    level: str
    cycle: int
    met: bool
    met_if_verified: bool  # met once the courses whose approval the file does not show are confirmed
    short: dict[str, Fraction]
    topics_short: dict[str, Fraction]  # the national topics still short, by name (none when not judged)
    unverified: Fraction  # hours waiting for their approval number
    counted: Fraction
    rows: int
    pediatric: PediatricResult | None = None  # None when the person's cycle asks no pediatric hours

    @classmethod
    def of(cls, person: str, report: Report) -> PersonResult:
        return cls(
            person,
            report.level,
            report.cycle,
            report.met,
            report.met_if_verified,
            {c: r.short for c, r in report.components.items()},
            {t.name: t.short for t in report.topics or () if t.short},
            sum((r.hours or ZERO for r in report.unverified), ZERO),
            report.counted_total,
            len(report.rows),
            report.pediatric,
        )


def person_rules(transcript: Transcript, level: str, rule_set: Cycle) -> tuple[str, Cycle]:
    """The level and cycle one person is judged at: the file's own for them (its level and card expiry
    columns), else those asked for; a note on their report says which, and why."""
    rules = rule_set.rules
    own_level = transcript.level if transcript.level in rules.levels else None
    own_cycle = None
    if transcript.expires is not None and transcript.expires.year in rules.years:
        own_cycle = rules.cycle(transcript.expires.year)
    if own_level is None and own_cycle is None:
        return level, rule_set
    person_level, cycle = own_level or level, own_cycle or rule_set
    said = " and ".join(
        part
        for part in (
            "the file's level column" if own_level else "",
            "its card expiry column" if own_cycle else "",
        )
        if part
    )
    transcript.notes.append(
        Problem(
            "person-level",
            f"Judged as {rules.levels[person_level].name}, cards expiring in {cycle.year}, from {said}.",
            "person",
        )
    )
    return person_level, cycle


def judge_person(transcript: Transcript, level: str, rule_set: Cycle, today: date | None = None) -> Report:
    """One person's report, at their own level and cycle where the file gives them."""
    return judge(transcript, *person_rules(transcript, level, rule_set), today=today)


def check_people(
    transcripts: Iterable[Transcript], level: str, rule_set: Cycle, today: date | None = None
) -> Iterator[tuple[str, Report]]:
    """Each person's report, one at a time, at their own level and cycle where the file gives them."""
    for transcript in transcripts:
        yield transcript.person or "", judge_person(transcript, level, rule_set, today)


def headline(results: list[PersonResult]) -> str:
    """The roster's result in one sentence (the text summary's first line, the page's heading)."""
    unchecked = sum(1 for r in results if r.pediatric is not None and r.pediatric.met is None)
    return (
        f"Roster: {len(results)} people, {sum(r.met for r in results)} met, "
        f"{sum(r.met_if_verified and not r.met for r in results)} more once their courses' approval is verified."
        + (
            f" Pediatric hours not checked for {unchecked}: their files do not say which courses are."
            if unchecked
            else ""
        )
    )


def summary_text(results: list[PersonResult]) -> str:
    width = max([len("Person"), *(len(r.person) for r in results)])
    lines = [
        headline(results),
        "",
        f"{'Person':<{width}}  {'Level':<9}  {'Cycle':<5}  {'Met':<3}  {'If verified':<11}  "
        + "  ".join(f"{c.capitalize() + ' short':>16}" for c in COMPONENTS)
        + f"  {'Unverified':>10}  Topics short",
    ]
    for r in results:
        lines.append(
            f"{r.person:<{width}}  {r.level:<9}  {r.cycle:<5}  {_yes(r.met):<3}  {_yes(r.met_if_verified):<11}  "
            + "  ".join(f"{hours_text(r.short[c]):>16}" for c in COMPONENTS)
            + f"  {hours_text(r.unverified):>10}  {_topics(r)}"
        )
    return "\n".join(lines) + "\n"


def summary_csv_header() -> str:
    return csv_line(
        [
            "Person",
            "Level",
            "Cycle",
            "Met",
            "Met if verified",
            *(f"{c.capitalize()} short (h)" for c in COMPONENTS),
            "Topics short",
            "Unverified (h)",
            "Counted (h)",
            "Rows",
        ]
    )


def summary_csv_line(r: PersonResult) -> str:
    return csv_line(
        [
            r.person,
            r.level,
            r.cycle,
            _yes(r.met),
            _yes(r.met_if_verified),
            *(number(r.short[c]) for c in COMPONENTS),
            _topics(r),
            number(r.unverified),
            number(r.counted),
            r.rows,
        ]
    )


def _topics(r: PersonResult) -> str:
    """ "Airway 1.5 h; Trauma 1 h; Pediatric not checked": the national minimums still short (the topics, and
    the pediatric share of the cycles that ask it)."""
    short = [f"{name} {hours_text(h)}" for name, h in r.topics_short.items()]
    if r.pediatric is not None and r.pediatric.met is None:
        short.append(f"{PEDIATRIC} not checked")
    elif r.pediatric is not None and r.pediatric.short:
        short.append(f"{PEDIATRIC} {hours_text(r.pediatric.short)}")
    return "; ".join(short)


def _yes(value: bool) -> str:
    return "yes" if value else "no"
