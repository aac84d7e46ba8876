"""Rosters: a file listing several people's courses, checked person by person.

A training officer's file (a person column: Name, Employee, Last Name + First Name, NREMT ID,
License #) is judged one person at a time with `check.judge`, so a duplicate is a duplicate only
within one person's courses, and memory holds one person's report at a time. The summary is one
line per person: met or not, and the hours short per component.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from .check import judge
from .report import Report, hours_text, number
from .rules import COMPONENTS, Cycle
from .spreadsheet import csv_line
from .transcript import Transcript


@dataclass(frozen=True)
class PersonResult:
    """One line of a roster's summary."""

    person: str
    met: bool
    met_if_verified: bool  # met once the courses whose approval the file does not show are confirmed
    short: dict[str, Decimal]
    counted: Decimal
    rows: int

    @classmethod
    def of(cls, person: str, report: Report) -> PersonResult:
        return cls(
            person,
            report.met,
            report.met_if_verified,
            {c: r.short for c, r in report.components.items()},
            report.counted_total,
            len(report.rows),
        )


def check_people(transcripts: Iterable[Transcript], level: str, rule_set: Cycle) -> Iterator[tuple[str, Report]]:
    """Each person's report, one at a time."""
    for transcript in transcripts:
        yield transcript.person or "", judge(transcript, level, rule_set)


def summary_text(results: list[PersonResult]) -> str:
    width = max([len("Person"), *(len(r.person) for r in results)])
    lines = [
        f"Roster: {len(results)} people, {sum(r.met for r in results)} met, "
        f"{sum(r.met_if_verified and not r.met for r in results)} more once their courses' approval is verified.",
        "",
        f"{'Person':<{width}}  {'Met':<3}  {'If verified':<11}  "
        + "  ".join(f"{c.capitalize() + ' short':>16}" for c in COMPONENTS),
    ]
    for r in results:
        lines.append(
            f"{r.person:<{width}}  {_yes(r.met):<3}  {_yes(r.met_if_verified):<11}  "
            + "  ".join(f"{hours_text(r.short[c]):>16}" for c in COMPONENTS)
        )
    return "\n".join(lines) + "\n"


def summary_csv_header() -> str:
    return csv_line(
        [
            "Person",
            "Met",
            "Met if verified",
            *(f"{c.capitalize()} short (h)" for c in COMPONENTS),
            "Counted (h)",
            "Rows",
        ]
    )


def summary_csv_line(r: PersonResult) -> str:
    return csv_line(
        [
            r.person,
            _yes(r.met),
            _yes(r.met_if_verified),
            *(number(r.short[c]) for c in COMPONENTS),
            number(r.counted),
            r.rows,
        ]
    )


def _yes(value: bool) -> str:
    return "yes" if value else "no"
