"""Rosters: a file listing several people's courses, checked person by person.

A training officer's file (a person column: Name, Employee, Last Name + First Name, NREMT ID,
License #) is judged one person at a time with `check.judge`, so a duplicate is a duplicate only
within one person's courses, and memory holds one person's report at a time. The summary is one
line per person: met or not, and the hours short per component.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from .allocation import ZERO
from .check import judge
from .report import PediatricResult, Report, hours_text, number
from .rules import COMPONENTS, Cycle
from .transcript import Transcript


@dataclass(frozen=True)
class PersonResult:
    """One line of a roster's summary."""

    person: str
    met: bool
    met_if_verified: bool  # met once the courses whose approval the file does not show are confirmed
    short: dict[str, Fraction]
    counted: Fraction
    rows: int
    pediatric: PediatricResult | None = None  # None when the cycle asks no pediatric hours

    @classmethod
    def of(cls, person: str, report: Report) -> PersonResult:
        return cls(
            person,
            report.met,
            report.met_if_verified,
            {c: r.short for c, r in report.components.items()},
            report.counted_total,
            len(report.rows),
            report.pediatric,
        )

    @property
    def pediatric_short(self) -> Fraction | str:
        """The pediatric hours short, or "not checked" when the file does not say which courses are pediatric."""
        if self.pediatric is None:
            return ZERO
        return "not checked" if self.pediatric.met is None else self.pediatric.short


def check_people(
    transcripts: Iterable[Transcript], level: str, rule_set: Cycle, today: date | None = None
) -> Iterator[tuple[str, Report]]:
    """Each person's report, one at a time."""
    for transcript in transcripts:
        yield transcript.person or "", judge(transcript, level, rule_set, today=today)


def summary_text(results: list[PersonResult]) -> str:
    width = max([len("Person"), *(len(r.person) for r in results)])
    pediatric = any(r.pediatric is not None for r in results)  # the cycle asks pediatric hours
    unchecked = sum(1 for r in results if r.pediatric is not None and r.pediatric.met is None)
    lines = [
        f"Roster: {len(results)} people, {sum(r.met for r in results)} met, "
        f"{sum(r.met_if_verified and not r.met for r in results)} more once their courses' approval is verified."
        + (
            f" Pediatric hours not checked for {unchecked}: their files do not say which courses are."
            if unchecked
            else ""
        ),
        "",
        f"{'Person':<{width}}  {'Met':<3}  {'If verified':<11}  "
        + "  ".join(f"{c.capitalize() + ' short':>16}" for c in COMPONENTS)
        + (f"  {'Pediatric short':>16}" if pediatric else ""),
    ]
    for r in results:
        lines.append(
            f"{r.person:<{width}}  {_yes(r.met):<3}  {_yes(r.met_if_verified):<11}  "
            + "  ".join(f"{hours_text(r.short[c]):>16}" for c in COMPONENTS)
            + (f"  {_hours_or_word(r.pediatric_short):>16}" if pediatric else "")
        )
    return "\n".join(lines) + "\n"


def summary_csv_header(pediatric: bool = False) -> str:
    """The summary CSV's header; `pediatric`: the cycle asks pediatric hours, so a column says them."""
    return _csv_line(
        [
            "Person",
            "Met",
            "Met if verified",
            *(f"{c.capitalize()} short (h)" for c in COMPONENTS),
            "Counted (h)",
            "Rows",
            *(["Pediatric short (h)"] if pediatric else []),
        ]
    )


def summary_csv_line(r: PersonResult, pediatric: bool = False) -> str:
    short = r.pediatric_short
    return _csv_line(
        [
            r.person,
            _yes(r.met),
            _yes(r.met_if_verified),
            *(number(r.short[c]) for c in COMPONENTS),
            number(r.counted),
            r.rows,
            *([short if isinstance(short, str) else number(short)] if pediatric else []),
        ]
    )


def _hours_or_word(value: Fraction | str) -> str:
    return value if isinstance(value, str) else hours_text(value)


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _csv_line(cells: list) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(
        ["'" + c if isinstance(c, str) and c[:1] in ("=", "+", "-", "@", "\t", "\r") else c for c in cells]
    )
    return out.getvalue()
