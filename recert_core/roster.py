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
from .problems import group, say, sentence
from .report import PediatricResult, Report, hours_text, number
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
    name = rules.levels[person_level].name
    if own_level and own_cycle:
        note = say("person-level", column="person", level=name, cycle=cycle.year)
    elif own_level:
        note = say("person-level", "level", column="person", level=name, cycle=cycle.year)
    else:
        note = say("person-level", "expiry", column="person", level=name, cycle=cycle.year)
    transcript.notes.append(note)
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
    counts = headline_counts(results)
    if counts["unchecked"]:
        return sentence("roster.headline-unchecked", **counts)
    return sentence("roster.headline", people=counts["people"], met=counts["met"], verified=counts["verified"])


def headline_counts(results: list[PersonResult]) -> dict[str, int]:
    """What the headline says, as numbers: people, met, met once verified, pediatric hours not checked."""
    return {
        "people": len(results),
        "met": sum(r.met for r in results),
        "verified": sum(r.met_if_verified and not r.met for r in results),
        "unchecked": sum(1 for r in results if r.pediatric is not None and r.pediatric.met is None),
    }


def summary_text(results: list[PersonResult]) -> str:
    head = group("roster.table")
    width = max([len(head["person"]), *(len(r.person) for r in results)])
    lines = [
        headline(results),
        "",
        f"{head['person']:<{width}}  {head['level']:<9}  {head['cycle']:<5}  {head['met']:<3}  "
        f"{head['if-verified']:<11}  "
        + "  ".join(f"{sentence('roster.table.short', component=c.capitalize()):>16}" for c in COMPONENTS)
        + f"  {head['unverified']:>10}  {head['topics']}",
    ]
    for r in results:
        lines.append(
            f"{r.person:<{width}}  {r.level:<9}  {r.cycle:<5}  {_yes(r.met):<3}  {_yes(r.met_if_verified):<11}  "
            + "  ".join(f"{hours_text(r.short[c]):>16}" for c in COMPONENTS)
            + f"  {hours_text(r.unverified):>10}  {_topics(r)}"
        )
    return "\n".join(lines) + "\n"


def summary_csv_header() -> str:
    head = group("roster.csv")
    return csv_line(
        [
            head["person"],
            head["level"],
            head["cycle"],
            head["met"],
            head["met-if-verified"],
            *(sentence("roster.csv.short", component=c.capitalize()) for c in COMPONENTS),
            head["topics"],
            head["unverified"],
            head["counted"],
            head["rows"],
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
    short = [sentence("report.short.part", name=name, hours=hours_text(h)) for name, h in r.topics_short.items()]
    if r.pediatric is not None and r.pediatric.met is None:
        short.append(sentence("roster.not-checked", name=sentence("report.pediatric.name")))
    elif r.pediatric is not None and r.pediatric.short:
        short.append(
            sentence("report.short.part", name=sentence("report.pediatric.name"), hours=hours_text(r.pediatric.short))
        )
    return "; ".join(short)


def _yes(value: bool) -> str:
    return sentence("roster.yes") if value else sentence("roster.no")
